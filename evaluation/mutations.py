"""Mutation testing of the comparer: break one piece of consistent arithmetic at a time.

The relations a report states (a total and its parts; a percentage and the figures it is
computed from; a stated change and the two figures it compares) come from the metrics table
(whole_metric_id, part_scope, base_metric_id, compared_metric_id, kind, delta) and from the
must-not-flag entries of the expectation files (substring, stated figure, inputs). For each
relation whose arithmetic holds and that no finding flags, one figure of it (a part, the
percentage, the stated change) is changed by one digit in the report's text: the middle digit
plus one (nine minus one), or the next digit when that change stays within rounding. The
report is then read again alone (extract_rows) and compared alone, and the mutant is caught
when an error or warning of the relation's rule holds the changed figure among its metric_ids.
Ratio rules (percentage, share, plan_attainment) count as one: which of them names a broken
percentage is the comparer's choice.

Only relations inside one report are mutated (a plan taken from last year's report is not);
"in one report" for an entry means its inputs are figures of the same paragraph or table.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext

from evaluation.comparer import (
    LOUD,
    NUMBER,
    Entry,
    Reports,
    StoreIndex,
    alarm_family,
    collapse,
    family_label,
    figure_in,
    find_substring,
    finds,
    place_entry,
    run_compare,
)
from pipeline.model import Document, TableCell
from pipeline.process import extract_rows

WITHIN_REPORT_RULES = frozenset({"parts_total", "percentage", "share", "plan_attainment",
                                 "stated_change"})
SCALES = (1, 1_000, 1_000_000, 1_000_000_000)  # fixture inputs in tỷ/triệu, metrics in đồng


# --- arithmetic over written figures (a figure stands for the interval it rounds from) ------

def to_decimal(value: float | int | Decimal) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


@dataclass(frozen=True)
class Number:
    value: Decimal
    precision: Decimal = Decimal(0)  # what the last written digit is worth; 0: exact

    @classmethod
    def of(cls, value: float | int | Decimal, precision: float | int | Decimal = 0) -> Number:
        return cls(to_decimal(value), to_decimal(precision))

    @property
    def low(self) -> Decimal:
        return self.value - self.precision / 2

    @property
    def high(self) -> Decimal:
        return self.value + self.precision / 2


Interval = tuple[Decimal, Decimal]


def _meets(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _ratio(numerator: Interval, denominator: Interval) -> Interval | None:
    if denominator[0] <= 0 <= denominator[1]:
        return None
    with localcontext() as context:
        context.prec = 28
        ends = [a / b * 100 for a in numerator for b in denominator]
    return min(ends), max(ends)


@dataclass(frozen=True)
class Arithmetic:
    """What a relation states. kind 'sum': stated = sum(inputs); 'ratio': stated % =
    inputs[0] / inputs[1]; 'change': stated = inputs[0] - inputs[1] (of either sign when not
    `signed`); 'growth': stated % = (inputs[0] - inputs[1]) / inputs[1]."""

    kind: str
    stated: Number
    inputs: tuple[Number, ...]
    signed: bool = True

    def computed(self) -> Interval | None:
        spans = [(n.low, n.high) for n in self.inputs]
        if self.kind == "sum":
            return sum(s[0] for s in spans), sum(s[1] for s in spans)
        if self.kind == "ratio":
            return _ratio(spans[0], spans[1])
        difference = (spans[0][0] - spans[1][1], spans[0][1] - spans[1][0])
        if self.kind == "change":
            return difference
        if self.kind == "growth":
            return _ratio(difference, spans[1])
        raise ValueError(f"unknown arithmetic {self.kind}")

    def consistent(self) -> bool:
        computed = self.computed()
        if computed is None:
            return False
        stated = (self.stated.low, self.stated.high)
        if _meets(computed, stated):
            return True
        if self.kind in ("change", "growth") and not self.signed:
            return _meets((-computed[1], -computed[0]), stated)
        return False

    def describe(self) -> str:
        """"47 = 11 + 36", "81,8 = 2045 / 2500 %", "-2 = 6 - 8", with the computed interval."""
        values = [format(n.value.normalize(), "f") for n in self.inputs]
        shown = {"sum": " + ".join(values), "ratio": " / ".join(values) + " × 100",
                 "change": " - ".join(values),
                 "growth": f"({values[0]} - {values[1]}) / {values[1]} × 100"}[self.kind]
        computed = self.computed()
        interval = (f" [{computed[0]:.4g}; {computed[1]:.4g}]" if computed else "")
        return f"{format(self.stated.value.normalize(), 'f')} ≠ {shown}{interval}"

    def number(self, target: int) -> Number:
        return self.stated if target < 0 else self.inputs[target]

    def replaced(self, target: int, value: Decimal) -> Arithmetic:
        if target < 0:
            return replace(self, stated=replace(self.stated, value=value))
        inputs = list(self.inputs)
        inputs[target] = replace(inputs[target], value=value)
        return replace(self, inputs=tuple(inputs))


# --- relations and mutants -----------------------------------------------------------------

@dataclass(frozen=True)
class Relation:
    rule: str  # the rule that must fire when the arithmetic breaks
    source: str  # 'metrics' or the must-not-flag entry's id
    file: str
    arithmetic: Arithmetic
    target: int  # the figure changed: -1 the stated one, i: inputs[i]
    char_start: int  # the changed figure in the text
    char_end: int
    raw: str
    anchor: int | None = None  # where the stated figure (total, percentage, change) starts

    @property
    def key(self) -> tuple[str, int]:
        """One relation, whether the metrics table or an entry gave it."""
        return alarm_family(self.rule), self.char_start if self.anchor is None else self.anchor


@dataclass(frozen=True)
class Mutant:
    relation: Relation
    position: int  # the digit changed
    old: str
    new: str
    value: Decimal  # the changed figure's new value

    def describe(self) -> str:
        relation = self.relation
        offset = self.position - relation.char_start
        changed = relation.raw[:offset] + self.new + relation.raw[offset + 1:]
        return (f"{relation.rule} {relation.file} [{relation.source}] "
                f"'{relation.raw}' -> '{changed}'")


def digit_positions(text: str, start: int, end: int) -> list[int]:
    """The digits of the figure's first number, the middle one first, then from the most
    significant (the denominator of "2037/2500" is another number)."""
    found = NUMBER.search(text, start, end)
    if not found:
        return []
    digits = [found.start() + i for i, c in enumerate(found.group()) if c.isdigit()]
    if not digits:
        return []
    middle = digits[len(digits) // 2]
    return [middle] + [p for p in digits if p != middle]


def bumped(digit: str) -> str:
    return str(int(digit) + 1) if digit != "9" else "8"


def choose_mutant(text: str, relation: Relation) -> Mutant | None:
    """The first one-digit change of the relation's figure that breaks its arithmetic."""
    found = NUMBER.search(text, relation.char_start, relation.char_end)
    if not found:
        return None
    token = found.group()
    old_digits = "".join(c for c in token if c.isdigit())
    if int(old_digits) == 0:
        return None
    number = relation.arithmetic.number(relation.target)
    for position in digit_positions(text, relation.char_start, relation.char_end):
        new = bumped(text[position])
        offset = position - found.start()
        changed = token[:offset] + new + token[offset + 1:]
        new_digits = "".join(c for c in changed if c.isdigit())
        with localcontext() as context:
            context.prec = 28
            value = number.value * Decimal(int(new_digits)) / Decimal(int(old_digits))
        if not relation.arithmetic.replaced(relation.target, value).consistent():
            return Mutant(relation, position, text[position], new, value)
    return None


def mutate_document(document: Document, position: int, character: str) -> Document:
    """The document with one character replaced (offsets unchanged), table cells included."""
    text = document.text[:position] + character + document.text[position + 1:]

    def cell(c: TableCell) -> TableCell:
        if not c.char_start <= position < c.char_end:
            return c
        offset = position - c.char_start
        if c.text == document.text[c.char_start:c.char_end]:
            return TableCell(text[c.char_start:c.char_end], c.char_start, c.char_end)
        if offset < len(c.text) and c.text[offset] == document.text[position]:
            return TableCell(c.text[:offset] + character + c.text[offset + 1:],
                             c.char_start, c.char_end)
        return c

    blocks = [replace(b, rows=[[cell(c) for c in row] for row in b.rows]) if b.rows else b
              for b in document.blocks]
    return replace(document, text=text, blocks=blocks, page_starts=list(document.page_starts),
                   warnings=list(document.warnings))


# --- where figures are and what they are worth ---------------------------------------------

def written_precision(raw: str, value: float | None, unit_class: str | None) -> Decimal:
    """What the last written digit of a figure is worth: counts are exact; "85,63%" 0,01;
    "69,991 tỷ đồng" 10⁶ đồng; "401,952.03 triệu đồng" 10⁴ đồng."""
    if unit_class in ("count", "rank") or value is None:
        return Decimal(0)
    found = NUMBER.search(raw or "")
    if not found:
        return Decimal(0)
    token = found.group()
    decimal_mark = "."  if ("," in token and token.rfind(".") > token.rfind(",")) else ","
    decimals = len(token) - token.rfind(decimal_mark) - 1 if decimal_mark in token else 0
    digits = int("".join(c for c in token if c.isdigit()) or 0)
    if not digits:
        return Decimal(0)
    written = Decimal(digits).scaleb(-decimals)
    scale = to_decimal(value) / written
    nearest = min(SCALES, key=lambda s: abs(scale - s))
    if abs(scale - nearest) > Decimal("1e-6") * nearest:
        return Decimal(0)  # the value is not the written number scaled: do not guess
    return Decimal(nearest).scaleb(-decimals)


def metric_number(row: dict) -> Number:
    if row.get("precision") is not None:
        return Number.of(row["value"], row["precision"])
    return Number(to_decimal(row["value"]),
                  written_precision(row.get("raw") or "", row.get("value"), row.get("unit_class")))


def input_number(value: float | int) -> Number:
    """A fixture input: an int is exact, a float as precise as its last written decimal."""
    number = to_decimal(value)
    if isinstance(value, int) or number == number.to_integral_value():
        return Number(number)
    return Number(number, Decimal(1).scaleb(number.as_tuple().exponent))


def same_value(row_value: float | None, wanted: float | int) -> bool:
    if row_value is None:
        return False
    return any(abs(row_value - wanted * scale) <= 1e-9 * max(1.0, abs(wanted * scale))
               for scale in SCALES)


def block_span(document: Document, offset: int) -> tuple[int, int]:
    """The paragraph or table holding the offset (the line when no block does)."""
    for block in document.blocks:
        if block.char_start <= offset < block.char_end:
            return block.char_start, block.char_end
    text = document.text
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


# --- relations from the metrics table ------------------------------------------------------

def _middle_first(count: int) -> list[int]:
    middle = count // 2
    return sorted(range(count), key=lambda i: (abs(i - middle), i))


def relations_from_metrics(metrics: list[dict], file: str) -> Iterator[Relation]:
    """The relations the semantics stage recorded (empty while it records none)."""
    by_id = {m["metric_id"]: m for m in metrics}
    parts: dict[str, list[dict]] = {}
    for row in metrics:
        if row.get("whole_metric_id") and row.get("part_scope") != "subset":
            parts.setdefault(row["whole_metric_id"], []).append(row)
    for whole_id, members in parts.items():
        whole = by_id.get(whole_id)
        if whole is None or len(members) < 2:
            continue
        members.sort(key=lambda r: r["char_start"])
        arithmetic = Arithmetic("sum", metric_number(whole),
                                tuple(metric_number(p) for p in members))
        target = _middle_first(len(members))[0]
        part = members[target]
        yield Relation("parts_total", "metrics", file, arithmetic, target,
                       part["char_start"], part["char_end"], part["raw"], whole["char_start"])
    for row in metrics:
        relation = _ratio_or_change(row, by_id.get(row.get("base_metric_id") or ""),
                                    by_id.get(row.get("compared_metric_id") or ""), file)
        if relation is not None:
            yield relation


def _ratio_or_change(row: dict, base: dict | None, compared: dict | None,
                     file: str) -> Relation | None:
    if base is None and compared is None:
        return None
    stated = metric_number(row)
    if row.get("kind") == "change":
        if base is None or compared is None:
            return None
        signed = row.get("delta") is not None
        if signed and row["delta"] < 0:
            stated = replace(stated, value=-stated.value)
        kind = ("growth" if row.get("unit_class") == "percent"
                and compared.get("unit_class") != "percent" else "change")
        arithmetic = Arithmetic(kind, stated, (metric_number(compared), metric_number(base)),
                                signed)
        rule = "stated_change"
    elif row.get("unit_class") == "percent":
        if compared is not None and compared.get("denominator") is not None:
            inputs = (metric_number(compared), Number.of(compared["denominator"]))
        elif compared is not None and base is not None:
            whole = (Number.of(base["denominator"]) if base.get("denominator") is not None
                     else metric_number(base))
            inputs = (metric_number(compared), whole)
        else:
            return None
        arithmetic = Arithmetic("ratio", stated, inputs)
        if base is not None and base.get("kind") in ("plan", "target"):
            rule = "plan_attainment"
        else:
            rule = "share" if row.get("kind") == "share" else "percentage"
    else:
        return None
    return Relation(rule, "metrics", file, arithmetic, -1, row["char_start"], row["char_end"],
                    row["raw"])


# --- relations from must-not-flag entries --------------------------------------------------

def relation_from_entry(entry: Entry, document: Document,
                        metrics: list[dict]) -> tuple[Relation | None, str | None]:
    """The entry's relation, or why there is none to mutate inside this report."""
    rule = entry["rule"]
    if rule not in WITHIN_REPORT_RULES:
        return None, "so sánh giữa các báo cáo"
    span = find_substring(document.text, entry["substring"])
    stated_row = figure_in(metrics, span, entry["stated_raw"], entry.get("stated")) \
        if span and entry.get("stated_raw") else None
    if stated_row is None:
        return None, "không định vị được số liệu"
    block = block_span(document, stated_row["char_start"])
    near = [m for m in metrics if block[0] <= m["char_start"] < block[1]]
    inputs = entry.get("inputs", {})

    def present(value: float | int) -> list[dict]:
        return [m for m in near if same_value(m.get("value"), value)
                or same_value(m.get("denominator"), value)]

    if rule == "parts_total":
        values = inputs.get("parts")
        if not values:
            return None, "không có phép cộng"
        found = [[m for m in near if same_value(m.get("value"), v) and m is not stated_row]
                 for v in values]
        if not all(found):
            return None, "có thành phần không nằm trong cùng đoạn/bảng"
        target = next((i for i in _middle_first(len(values)) if len(found[i]) == 1), None)
        if target is None:
            return None, "thành phần không xác định duy nhất"
        arithmetic = Arithmetic("sum", Number.of(entry["stated"]),
                                tuple(input_number(v) for v in values))
        part = found[target][0]
        return Relation(rule, entry.get("id", "?"), entry["file"], arithmetic, target,
                        part["char_start"], part["char_end"], part["raw"],
                        stated_row["char_start"]), None
    if rule == "stated_change":
        current, previous = inputs["current"], inputs["previous"]
        if not present(current) or not present(previous):
            return None, "số so sánh không nằm trong cùng đoạn"
        stated = Number(to_decimal(entry["stated"]),
                        written_precision(stated_row["raw"], stated_row["value"],
                                          stated_row.get("unit_class")))
        if inputs.get("direction") == "giảm":
            stated = replace(stated, value=-stated.value)
        arithmetic = Arithmetic("change", stated, (input_number(current),
                                                   input_number(previous)))
    else:
        numerator, denominator = inputs["numerator"], inputs["denominator"]
        if not present(numerator) or not present(denominator):
            return None, "tử số hoặc mẫu số không nằm trong cùng đoạn"
        arithmetic = Arithmetic("ratio", Number.of(entry["stated"], inputs.get("precision", 0)),
                                (input_number(numerator), input_number(denominator)))
    return Relation(rule, entry.get("id", "?"), entry["file"], arithmetic, -1,
                    stated_row["char_start"], stated_row["char_end"], stated_row["raw"]), None


# --- running -------------------------------------------------------------------------------

@contextmanager
def memoized_nlp() -> Iterator[None]:
    """underthesea's word segmentation and POS tagging remembered while mutants are read: a
    mutant changes one sentence and every other sentence is segmented and tagged as in the
    original (both are functions of their input alone). Without underthesea, nothing changes."""
    try:
        import underthesea
    except ImportError:
        yield
        return
    from pipeline.semantics.pos_tagger import pos_tagger

    tagger = pos_tagger()  # one instance: the one the pipeline uses
    tokenize, tags_of = underthesea.word_tokenize, tagger.tags
    words: dict[tuple, list] = {}
    tags: dict[tuple, list[str]] = {}

    def word_tokenize(sentence, *args, **kwargs):  # type: ignore[no-untyped-def]
        key = (sentence, repr(args), repr(sorted(kwargs.items())))
        if key not in words:
            words[key] = tokenize(sentence, *args, **kwargs)
        found = words[key]
        return list(found) if isinstance(found, list) else found

    def tag(sentence: list[str]) -> list[str]:
        key = tuple(sentence)
        if key not in tags:
            tags[key] = tags_of(sentence)
        return list(tags[key])

    underthesea.word_tokenize = word_tokenize
    tagger.tags = tag  # type: ignore[method-assign]
    try:
        yield
    finally:
        underthesea.word_tokenize = tokenize
        del tagger.tags  # the class's method again


def catches(relation_rule: str, finding_rule: str) -> bool:
    return alarm_family(finding_rule) == alarm_family(relation_rule)


def figure_at(metrics: list[dict], position: int) -> dict | None:
    return next((m for m in metrics if m["char_start"] <= position < m["char_end"]), None)


def tables_of(rows: dict[str, list[dict]]) -> dict:
    from pipeline.store import empty_tables, replace_documents

    return replace_documents(empty_tables(), [], [rows])


@dataclass
class MutantOutcome:
    mutant: Mutant
    caught: bool
    why: str = ""  # for a mutant not caught


def run_mutant(mutant: Mutant, document: Document, doc_id: str) -> MutantOutcome:
    mutated = mutate_document(document, mutant.position, mutant.new)
    rows = extract_rows(mutated, doc_id, None).rows
    figure = figure_at(rows.get("metrics", []), mutant.position)
    if figure is None:
        return MutantOutcome(mutant, False, "số liệu đổi không còn là một số liệu")
    findings, error = run_compare(tables_of(rows))
    if error:
        return MutantOutcome(mutant, False, error)
    hits = [f for f in findings if figure["metric_id"] in (f.get("metric_ids") or [])]
    if any(f["severity"] in LOUD and catches(mutant.relation.rule, f["rule"]) for f in hits):
        return MutantOutcome(mutant, True)
    seen = ", ".join(sorted({f"{f['rule']}/{f['severity']}" for f in hits}))
    return MutantOutcome(mutant, False, f"phát hiện trên số liệu đổi: {seen}" if seen
                         else "không có phát hiện nào trên số liệu đổi")


@dataclass
class MutationResult:
    mutants: dict[str, list[int]] = field(default_factory=dict)  # rule -> [caught, run]
    sources: Counter = field(default_factory=Counter)  # 'metrics' | 'must_not_flag' -> run
    uncaught: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)  # why a relation was not mutated
    skipped_lines: list[str] = field(default_factory=list)  # the relations of the metrics
    # table and entries whose arithmetic did not hold on the original, for people
    false_errors: dict[str, int] = field(default_factory=dict)  # report -> errors not expected
    false_error_lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, outcome: MutantOutcome) -> None:
        tally = self.mutants.setdefault(family_label(outcome.mutant.relation.rule), [0, 0])
        tally[1] += 1
        relation = outcome.mutant.relation
        self.sources["metrics" if relation.source == "metrics" else "must_not_flag"] += 1
        if outcome.caught:
            tally[0] += 1
        else:
            self.uncaught.append(f"{outcome.mutant.describe()}: {outcome.why}")


def candidate_relations(file: str, document: Document, rows: dict[str, list[dict]],
                        entries: list[Entry], result: MutationResult) -> list[Relation]:
    metrics = sorted(rows.get("metrics", []), key=lambda m: m["char_start"])
    relations = list(relations_from_metrics(metrics, file))
    for entry in entries:
        if entry["file"] != file:
            continue
        relation, why = relation_from_entry(entry, document, metrics)
        if relation is None:
            result.skipped[why] += 1
        else:
            relations.append(relation)
    return relations


def false_errors(file: str, findings: list[dict], index: StoreIndex,
                 slips: list[Entry]) -> list[dict]:
    """Errors on a report read alone that are none of its expected slips."""
    placed = [(entry, place_entry(entry, index)) for entry in slips if entry["file"] == file]
    return [f for f in findings if f["severity"] == "error"
            and not any(finds(f, entry, placement, index) for entry, placement in placed)]


def mutation_test(reports: Reports, entries: list[Entry], slips: list[Entry],
                  per_rule: int = 40, result: MutationResult | None = None) -> MutationResult:
    """Every report of `reports` alone: its false errors, then one mutant per consistent
    relation (at most `per_rule` a rule), each read and compared alone."""
    result = result or MutationResult()
    started = time.perf_counter()
    with memoized_nlp():
        for file, document in reports.documents.items():
            _mutate_report(file, document, reports, entries, slips, per_rule, result)
    result.seconds += time.perf_counter() - started
    return result


def _mutate_report(file: str, document: Document, reports: Reports, entries: list[Entry],
                   slips: list[Entry], per_rule: int, result: MutationResult) -> None:
    rows = reports.rows[file]
    tables = tables_of(rows)
    findings, error = run_compare(tables)
    if error:
        result.errors.append(f"{file}: {error}")
        return
    index = StoreIndex.of(tables)
    wrong = false_errors(file, findings, index, slips)
    result.false_errors[file] = len(wrong)
    result.false_error_lines += [f"{file}: [{f['rule']}] {collapse(f.get('message') or '')}"
                                 for f in wrong]
    metrics = sorted(rows.get("metrics", []), key=lambda m: m["char_start"])
    seen: set[tuple[str, int]] = set()
    changed: set[int] = set()
    for relation in candidate_relations(file, document, rows, entries, result):
        if not relation.arithmetic.consistent():
            result.skipped["số học không khớp trên bản gốc"] += 1
            result.skipped_lines.append(f"{relation.rule} {file} [{relation.source}] "
                                        f"'{relation.raw}': {relation.arithmetic.describe()}")
            continue
        target = figure_at(metrics, relation.char_start)
        if target is not None and any(
                f["severity"] in LOUD and catches(relation.rule, f["rule"])
                and target["metric_id"] in (f.get("metric_ids") or []) for f in findings):
            result.skipped["đã bị gắn cờ trên bản gốc"] += 1
            continue
        mutant = choose_mutant(document.text, relation)
        if mutant is None:
            result.skipped["không có chữ số nào làm sai phép tính"] += 1
            continue
        if relation.key in seen or mutant.position in changed:
            continue  # the same relation (or figure) from the metrics table and from an entry
        tally = result.mutants.get(family_label(relation.rule), [0, 0])
        if tally[1] >= per_rule:
            result.skipped["vượt giới hạn đột biến mỗi quy tắc"] += 1
            continue
        seen.add(relation.key)
        changed.add(mutant.position)
        result.add(run_mutant(mutant, document, reports.doc_ids[file]))


def format_mutation_result(result: MutationResult, per_rule: int, show: int = 10) -> str:
    lines = [f"Đột biến (đổi một chữ số của một phép tính đúng, đọc lại và so sánh riêng báo "
             f"cáo đó; tối đa {per_rule} mỗi quy tắc; {result.seconds:.0f} s):"]
    lines += [f"  {error}" for error in result.errors]
    if result.mutants:
        width = max(len(k) for k in [*result.mutants, "quy tắc"])
        header = f"  {'quy tắc':<{width}}  {'bắt được':>9}  {'tỷ lệ':>6}"
        lines += [header, "  " + "-" * (len(header) - 2)]
        caught = run = 0
        for rule, (hit, total) in sorted(result.mutants.items()):
            caught, run = caught + hit, run + total
            lines.append(f"  {rule:<{width}}  {hit:>4}/{total:<4}  {hit / total:6.3f}")
        lines.append(f"  {'tổng':<{width}}  {caught:>4}/{run:<4}  {caught / run:6.3f}")
        lines.append(f"  Nguồn: quan hệ trong bảng metrics {result.sources['metrics']}, "
                     f"mục must_not_flag {result.sources['must_not_flag']}")
    else:
        lines.append("  chưa có đột biến nào")
    if result.skipped:
        lines.append("  Không đột biến: " + "; ".join(f"{why} {count}" for why, count
                                                    in result.skipped.most_common()))
    for line in result.uncaught[:show]:
        lines.append(f"  Không bắt được {line}")
    if len(result.uncaught) > show:
        lines.append(f"  … và {len(result.uncaught) - show} đột biến nữa (đủ trong tệp bỏ sót)")
    if result.false_errors:
        count = sum(result.false_errors.values())
        mean = count / len(result.false_errors)
        lines.append(f"Lỗi sai (error ngoài các điểm bất nhất đã biết) trên báo cáo gốc, đọc "
                     f"riêng: {mean:.2f}/báo cáo")
        for file, number in result.false_errors.items():
            lines.append(f"  {file}: {number}")
    return "\n".join(lines)


def format_mutation_misses(result: MutationResult) -> str:
    lines = ["=== Comparer: đột biến"]
    lines += [f"KHÔNG BẮT ĐƯỢC {line}" for line in result.uncaught]
    lines += [f"LỖI SAI {line}" for line in result.false_error_lines]
    lines += [f"KHÔNG KHỚP TRÊN BẢN GỐC {line}" for line in result.skipped_lines]
    return "\n".join(lines) + "\n"
