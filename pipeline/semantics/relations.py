"""Which figure is computed from which, within a sentence: what the comparer checks.

- parts and their total: the figures after a part_scope cue ("gồm", "trong đó") break down
  the figure before it; so do two or more figures of the same class listed in a bracket
  right after a count ("44 đơn (09 đơn khiếu nại, 35 đơn kiến nghị)");
- a change: the figure it is about (the nearest earlier measured figure of its class) and
  its base (the figure in the bracket after "so với ... (08 vụ)"); a "(86/74)" bracket is the
  pair (this period / the previous one); its sign ("giảm 02 vụ" is -2);
- a percentage: of the ratio right before it ("2.045/2.500 người (đạt 85,2%)"), or of the
  figure before it against a plan stated in the sentence (attainment), or of an earlier,
  larger figure (a share: "233 ..., có 13 ... chiếm 5,86%").
Cue words come from data/kind_cues.tsv (part_scope, change, comparison) and
data/relation_cues.tsv (which scopes are complete, which changes decrease).
"""

from __future__ import annotations

import bisect

import regex

from pipeline.model import Document, Figure, Metric, Relation, Sentence, TableCell
from pipeline.semantics.context import last_visible
from pipeline.semantics.cues import Cue
from pipeline.semantics.lexicon import relation_phrases

MEASURED_KINDS = frozenset({"actual", "plan", "target"})
_WORDS = regex.compile(r"[\W\d_]+")


def relate_sentence(text: str, sentence: Sentence, metrics: list[Metric],
                    cues: list[Cue]) -> None:
    """Set `relation` on the metrics of one sentence (given in text order)."""
    for index, metric in enumerate(metrics):
        if metric.kind == "change":
            _relate_change(text, metrics, index, cues, metric.relation)
    # a change's base is last period's figure ("tăng 453 người so với năm 2016 (13.700
    # người), đạt 103,3% kế hoạch"): no percentage after it is about that figure
    bases = {id(m.relation.base) for m in metrics if m.kind == "change"} - {id(None)}
    current = [m for m in metrics if id(m.figure) not in bases]
    for index, metric in enumerate(current):
        if metric.figure.unit_class == "percent" and metric.kind != "other":
            _relate_percentage(text, current, index, cues, metric.relation)
    _relate_parts(text, sentence, metrics, cues)


def _in_bracket(text: str, figure: Figure, start: int) -> bool:
    """Whether a bracket opened between `start` and the figure is still open there."""
    before = text[start:figure.char_start]
    return before.rfind("(") > before.rfind(")")


# --- changes -------------------------------------------------------------------------

def _relate_change(text: str, metrics: list[Metric], index: int, cues: list[Cue],
                   relation: Relation) -> None:
    change = metrics[index].figure
    relation.delta = -change.value if _decreases(text, change, cues) else change.value
    after = [m for m in metrics[index + 1:]
             if ";" not in text[change.char_end:m.figure.char_start]]
    bracket = next((m for m in after if _bracket_after_change(text, change, m)), None)
    pair = _bracket_pair(text, metrics, change)
    if pair is not None:
        relation.compared, relation.base = pair  # "tăng 12 vụ (86/74)": this, previous period
        relation.relation = "pair"
        return
    if bracket is not None and bracket.figure.denominator is not None and (
            bracket.figure.unit_class == change.unit_class or change.unit_class == "count"):
        relation.compared = relation.base = bracket.figure
        relation.relation = "pair"  # the pair read as one ratio "86/74" (older extractions)
        return
    earlier = [m for m in metrics[:index] if m.kind in MEASURED_KINDS
               and not _in_bracket(text, m.figure, m.figure.char_start - 80)
               and ";" not in text[m.figure.char_end:change.char_start]]
    relative = change.unit_class == "percent"
    same_class = [m for m in earlier if m.figure.unit_class == change.unit_class]
    same_unit = [m for m in same_class if m.figure.unit == change.unit]
    if same_class:
        relation.compared = (same_unit or same_class)[-1].figure
        relative = False
    elif relative and earlier:
        relation.compared = earlier[-1].figure  # "tăng 7,45%" of a count: a relative change
    if bracket is not None and relation.compared is not None and (
            bracket.figure.unit_class == relation.compared.unit_class):
        relation.base = bracket.figure
    elif relation.compared is not None:
        relation.base = _moved_from(text, metrics, relation.compared)
    if relation.compared is not None:
        relation.relation = "relative" if relative else "difference"


def _moved_from(text: str, metrics: list[Metric], current: Figure) -> Figure | None:
    """"từ 15 phòng xuống còn 11 phòng (giảm 04 phòng)": the figure a from-to phrase moved
    from, right before the current one."""
    earlier = [m.figure for m in metrics if m.figure.char_end <= current.char_start]
    if not earlier or earlier[-1].unit != current.unit:
        return None
    between = _WORDS.sub(" ", text[earlier[-1].char_end:current.char_start]).strip().lower()
    return earlier[-1] if between in relation_phrases("moved_to") else None


def _bracket_pair(text: str, metrics: list[Metric], change: Figure) -> tuple[Figure, Figure] | None:
    """The two figures of "(86/74)" right after the change, as the extractor gives them:
    this period's, then the previous period's."""
    following = [m.figure for m in metrics if m.figure.char_start >= change.char_end][:2]
    if len(following) < 2:
        return None
    first, second = following
    if (first.denominator is not None or second.denominator is not None
            or not regex.fullmatch(r"\s*\(\s*", text[change.char_end:first.char_start])
            or not regex.fullmatch(r"\s*/\s*", text[first.char_end:second.char_start])
            or not regex.match(r"\s*\)", text[second.char_end:second.char_end + 3])):
        return None
    return first, second


def _bracket_after_change(text: str, change: Figure, metric: Metric) -> bool:
    """The figure opening the first bracket after the change: "(08 vụ)" or "(86/74)"."""
    between = text[change.char_end:metric.figure.char_start]
    if not between.rstrip().endswith("(") or between.count("(") != 1 or ")" in between:
        return False
    return metric.kind in MEASURED_KINDS or metric.figure.denominator is not None


def _decreases(text: str, change: Figure, cues: list[Cue]) -> bool:
    decreasing = relation_phrases("decrease")
    near = [c for c in cues if c.role in ("change_before", "change_after", "change_lead")
            and (c.char_end <= change.char_start and not regex.search(
                r"\d", text[c.char_end:change.char_start])
                 or c.char_start >= change.char_end and not regex.search(
                r"\d", text[change.char_end:c.char_start]))]
    if not near:
        return False
    before = [c for c in near if c.char_end <= change.char_start]
    cue = before[-1] if before else near[0]
    return text[cue.char_start:cue.char_end].lower() in decreasing


# --- percentages -----------------------------------------------------------------------

def _relate_percentage(text: str, metrics: list[Metric], index: int, cues: list[Cue],
                       relation: Relation) -> None:
    percent = metrics[index]
    # a percent whose clause is only "đạt" attains the clause before it ("230.473 triệu
    # đồng/13.203.300 triệu đồng; đạt 1,75% kế hoạch năm"); else no ";" lies in between
    clause_start = percent.figure.char_start
    if percent.kind == "attainment" and _cue_right_before(text, cues, "attain_verb",
                                                          percent.figure):
        verb = max((c for c in cues if c.role == "attain_verb"
                    and c.char_end <= percent.figure.char_start), key=lambda c: c.char_start)
        semicolon = text.rfind(";", max(0, verb.char_start - 20), verb.char_start)
        if semicolon >= 0 and not text[semicolon + 1:verb.char_start].strip():
            clause_start = semicolon
    earlier = [m for m in metrics[:index] if m.figure.unit_class not in ("percent", "rank")
               and m.kind in MEASURED_KINDS
               and ";" not in text[m.figure.char_end:clause_start]]
    if not earlier:
        return
    previous = earlier[-1]
    if previous.figure.denominator is not None and previous is metrics[index - 1]:
        relation.compared = relation.base = previous.figure
        relation.relation = "ratio"  # "2.045/2.500 người (đạt 85,2%)", "103/131 xã, chiếm"
        return
    if percent.kind == "attainment":
        actuals = [m for m in earlier if m.kind == "actual"]
        if actuals:
            _relate_attainment(text, metrics, index, actuals[-1], relation)
        return
    # only "chiếm 5,86%" says which earlier figure it is a share of: "5.887 trạm BTS 4G và
    # 1.099 trạm 5G, 100% khu dân cư ..." is a share of something else
    if not _cue_right_before(text, cues, "share_before", percent.figure):
        return
    wholes = [m for m in earlier[:-1] if m.figure.unit_class == previous.figure.unit_class
              and _value_of(m.figure) > previous.figure.value and m.kind == previous.kind]
    if wholes:
        relation.compared, relation.base = previous.figure, wholes[-1].figure
        relation.relation = "share"  # "233 ..., có 13 ... chiếm 5,86%"


def _cue_right_before(text: str, cues: list[Cue], role: str, figure: Figure) -> bool:
    return any(c.role == role and c.char_end <= figure.char_start
               and not text[c.char_end:figure.char_start].strip() for c in cues)


def _relate_attainment(text: str, metrics: list[Metric], index: int, previous: Metric,
                       relation: Relation) -> None:
    percent = metrics[index].figure
    relation.compared = previous.figure
    relation.relation = "attainment"
    plans = [m for m in metrics if m.kind in ("plan", "target") and m is not previous
             and m.figure.unit_class == previous.figure.unit_class]
    if plans:
        # the nearest plan: in the percent's own part of the sentence if there is one
        # ("đạt 79,3% kế hoạch năm (1.500 lao động)"), else before it ("dự toán ... 172,80
        # tỷ đồng; đã giải ngân 168,15 tỷ đồng, đạt 97,3%")
        after = [m for m in plans if m.figure.char_start > percent.char_start
                 and ";" not in text[percent.char_end:m.figure.char_start]]
        relation.base = (after[0] if after else plans[-1]).figure
        return
    # no plan written: the same subject counted earlier in the sentence is what was planned
    # ("quyết định điều dưỡng ... 1.656 đối tượng điều dưỡng tập trung; ... đã điều dưỡng
    # tập trung 436 đối tượng, đạt 26,33% so với chỉ tiêu")
    planned = [m for m in metrics[:index] if m is not previous and previous.subject
               and m.figure.unit == previous.figure.unit
               and m.figure.value > previous.figure.value
               and (m.subject == previous.subject
                    or previous.subject.lower() in _clause_after(text, m.figure).lower())]
    if planned:
        relation.base = planned[-1].figure


def _clause_after(text: str, figure: Figure) -> str:
    """The words after a figure up to the next clause break: "1.656 đối tượng điều dưỡng tập
    trung; ..." -> " đối tượng điều dưỡng tập trung"."""
    return regex.match(r"[^,;()]*", text[figure.char_end:figure.char_end + 200]).group()


def _value_of(figure: Figure) -> float:
    return figure.denominator if figure.denominator is not None else figure.value


# --- parts and totals ------------------------------------------------------------------

def _relate_parts(text: str, sentence: Sentence, metrics: list[Metric],
                  cues: list[Cue]) -> None:
    complete, subset = relation_phrases("part_scope_complete"), relation_phrases(
        "part_scope_subset")
    scopes = [c for c in cues if c.role == "part_scope"]
    for scope in scopes:
        words = text[scope.char_start:scope.char_end].lower()
        kind = "complete" if words in complete else "subset" if words in subset else None
        if kind is None:
            continue
        end = _scope_end(text, scope, sentence, scopes)
        listed = [m for m in metrics if scope.char_end <= m.figure.char_start < end]
        if not listed:
            continue
        # the whole is of the class the list counts: "442 nhà với tổng kinh phí 10.500
        # triệu đồng, trong đó 83 nhà ..." breaks down the houses, not the money
        wholes = [m for m in metrics if m.figure.char_end <= scope.char_start
                  and m.kind in MEASURED_KINDS
                  and not _in_bracket(text, m.figure, sentence.char_start)
                  and ((m.figure.unit_class in ("count", "money")
                        and counts_like(listed[0].figure, m.figure))
                       or _named_before(text, sentence, listed[0].figure, m.figure))]
        if not wholes:
            continue
        whole = wholes[-1]
        parts = [m for m in metrics if scope.char_end <= m.figure.char_start < end
                 and not _in_bracket(text, m.figure, scope.char_end)
                 and m.kind == whole.kind
                 and (counts_like(m.figure, whole.figure)
                      or _named_before(text, sentence, m.figure, whole.figure))
                 and not m.figure.approx and m.relation.whole is None
                 and m.figure.value <= whole.figure.value]
        if kind == "complete" and len(parts) < 2:
            continue
        for part in parts:
            part.relation.whole, part.relation.part_scope = whole.figure, kind
        _name_unit(text, sentence, whole.figure, [part.figure for part in parts])
    _relate_bracket_breakdowns(text, metrics)


def _name_unit(text: str, sentence: Sentence, whole: Figure, parts: list[Figure]) -> None:
    """A bare whole whose words name the noun all its parts count counts that noun:
    "Biên chế công chức là 9.818 (gồm 3.585 biên chế cấp tỉnh, 6.233 biên chế cấp xã)" is
    9.818 biên chế."""
    if parts and len({part.unit for part in parts}) == 1 and all(
            _named_before(text, sentence, part, whole) for part in parts):
        whole.unit, whole.unit_class = parts[0].unit, "count"


def counts_like(part: Figure, whole: Figure) -> bool:
    """Whether a listed figure counts what the whole does: the same class, or a bare number
    after a count ("241.331 hồ sơ; trong đó: ... là 237.412")."""
    return part.unit_class == whole.unit_class or (
        whole.unit_class == "count" and part.unit is None and part.unit_class == "other")


_WORD = regex.compile(r"[\p{L}\p{N}]+")


def _named_before(text: str, sentence: Sentence, part: Figure, whole: Figure) -> bool:
    """Whether a bare number counts what a listed figure does because the words before it
    name that unit: "Biên chế công chức là 9.818 (gồm 3.585 biên chế cấp tỉnh, ...)"."""
    if not (whole.unit is None and whole.unit_class == "other" and part.unit is not None
            and part.unit_class == "count"):
        return False
    unit = _WORD.findall(part.unit.lower())
    before = _WORD.findall(text[sentence.char_start:whole.char_start].lower())
    # whole words: the unit "con" is not in "công", nor "ha" in "thanh tra"
    return any(before[i:i + len(unit)] == unit for i in range(len(before) - len(unit) + 1))


def _scope_end(text: str, scope: Cue, sentence: Sentence, scopes: list[Cue]) -> int:
    """The parts of a scope run to the next ";" or the next scope cue; a scope opening a
    bracket ("(gồm: A; B)") runs to its closing bracket."""
    end = sentence.char_end
    closing = text.find(")", scope.char_end, end) if opens_bracket(text, scope) else -1
    if closing < 0:
        closing = text.find(";", scope.char_end, end)
    if closing >= 0:
        end = closing
    following = [c.char_start for c in scopes if c.char_start >= scope.char_end]
    return min([end, *following])


def opens_bracket(text: str, scope: Cue) -> bool:
    """Whether a scope cue opens a bracket: "(gồm: …)"."""
    bracket = last_visible(text, scope.char_start)
    return bracket >= 0 and text[bracket] == "("


def _relate_bracket_breakdowns(text: str, metrics: list[Metric]) -> None:
    """"44 đơn (09 đơn khiếu nại, 35 đơn kiến nghị)": a bracket after a count holding only
    figures of its class, two or more, each smaller, lists its parts. The parts of a plan or
    a target ("biên chế được giao …: 9.818 (cấp tỉnh: 3.585; cấp xã: 6.233)") are of its
    kind, as parts listed under it are."""
    for index, whole in enumerate(metrics):
        if whole.figure.unit_class != "count" or whole.kind not in MEASURED_KINDS:
            continue
        inside = []
        for metric in metrics[index + 1:]:
            between = text[whole.figure.char_end:metric.figure.char_start]
            if not between.lstrip().startswith("(") or ")" in between:
                break
            inside.append(metric)
        kinds = {whole.kind, "actual"}
        # the parts count what the whole counts: "44 đơn (09 đơn ..., 35 đơn ...)", not
        # "1.593 đơn vị (thành lập mới 91 Trung tâm ..., 124 trạm y tế ...)"
        if len(inside) < 2 or any(m.figure.unit != whole.figure.unit or m.kind not in kinds
                                  or m.figure.value >= whole.figure.value
                                  or m.relation.whole is not None for m in inside):
            continue
        for part in inside:
            part.relation.whole, part.relation.part_scope = whole.figure, "complete"
            part.kind = whole.kind


# --- tables ----------------------------------------------------------------------------

def relate_tables(document: Document, metrics: list[Metric]) -> None:
    """A total row ("Tổng cộng", "Toàn tỉnh") is the whole of every other body row, column by
    column; a total column, of the other columns of its row."""
    labels = relation_phrases("total_label")
    starts = sorted((m.figure.char_start, i) for i, m in enumerate(metrics))
    for block in document.blocks:
        if block.kind != "table" or not block.rows or len(block.rows) < 3:
            continue
        header, *body = block.rows
        grid = [[_metric_in(cell, metrics, starts) for cell in row] for row in body]
        totals = [i for i, row in enumerate(body) if row and _label(row[0].text) in labels]
        for total in totals:
            for column, whole in enumerate(grid[total]):
                parts = [row[column] for i, row in enumerate(grid)
                         if i not in totals and column < len(row)]
                _set_parts(whole, [p for p in parts if p is not None])
        total_columns = [c for c, cell in enumerate(header) if _label(cell.text) in labels]
        for column in total_columns:
            for i, row in enumerate(grid):
                if i in totals or column >= len(row):
                    continue
                parts = [m for c, m in enumerate(row) if c != column and m is not None]
                _set_parts(row[column], parts)


def _label(text: str) -> str:
    return _WORDS.sub(" ", text).strip().lower()


def _metric_in(cell: TableCell, metrics: list[Metric],
               starts: list[tuple[int, int]]) -> Metric | None:
    position = bisect.bisect_left(starts, (cell.char_start, -1))
    if position < len(starts) and starts[position][0] < cell.char_end:
        return metrics[starts[position][1]]
    return None


def _set_parts(whole: Metric | None, parts: list[Metric]) -> None:
    if whole is None or whole.figure.unit_class not in ("count", "money", "other"):
        return
    parts = [p for p in parts if p.figure.unit_class == whole.figure.unit_class
             and p.kind == whole.kind and p.relation.whole is None]
    if len(parts) < 2:
        return
    for part in parts:
        part.relation.whole, part.relation.part_scope = whole.figure, "complete"
