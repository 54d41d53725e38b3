"""The comparer scored: its findings on a set of reports against an expectation file.

An expectation file (corpus/expected_findings.json, tests/gold/<report>.findings.json) lists
`findings` (slips a correct run must find) and `must_not_flag` (correct arithmetic that must not
be flagged as error or warning). Each entry names a rule, a report file, a substring unique in
that report and the figure inside it (`stated_raw`); a cross-report entry also names
`other_file` and `other_substring`.

A finding matches an entry when its rule is of the entry's family (share is percentage,
target_exceeded is target_missed) and one of its metric_ids is the entry's figure: the metric of
the entry's report whose span lies inside the substring (found whitespace-insensitively) with
raw == stated_raw, failing that the one inside the substring with the same number. An entry
without a figure (stated_raw null: "năm 2021 so với năm 2021") is matched by a finding of its
report whose span, or one of whose figures, lies in the substring's sentence. A cross-report
entry also needs the finding's other_doc_id to be the other report's document.

Slips must be found as error or warning, except a missed or exceeded target, reported as info.
A must-not-flag entry is flagged by an error or warning whose evidence holds its figure, from a
rule of its family and against any report, where percentage, share and plan attainment count as
one family (a correct attainment flagged as a wrong percentage is still a false alarm).
"""

from __future__ import annotations

import json
import re
import traceback
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from evaluation.text import SENTENCE_END, whitespace_tolerant
from pipeline.ingest import ingest
from pipeline.model import Document, IngestError
from pipeline.process import extract_rows
from pipeline.result import doc_id_for, file_sha256

LOUD = ("error", "warning")
# Rules whose findings count as one (the comparer may name a slip either way).
FAMILIES = {"share": "percentage", "target_exceeded": "target_missed"}
# Families whose slips count at any severity: a missed target is reported as info.
ANY_SEVERITY = frozenset({"target_missed"})
# For false alarms on correct arithmetic, every ratio rule is one family.
RATIO_RULES = frozenset({"percentage", "share", "plan_attainment"})
FAMILY_LABELS = {"percentage": "percentage/share", "target_missed": "target_missed/exceeded"}
NUMBER = re.compile(r"\d(?:[\d.,]*\d)?")

Entry = dict[str, Any]


def family(rule: str) -> str:
    return FAMILIES.get(rule, rule)


def alarm_family(rule: str) -> str:
    return "ratio" if rule in RATIO_RULES else family(rule)


def family_label(rule: str) -> str:
    return FAMILY_LABELS.get(family(rule), family(rule))


def collapse(text: str) -> str:
    return " ".join(text.split())


def first_number(raw: str) -> str | None:
    found = NUMBER.search(raw)
    return found.group() if found else None


# --- the reports, read once per eval run ---------------------------------------------------

@dataclass
class Reports:
    """A set of reports read once: each report's Document and table rows, by file name."""

    documents: dict[str, Document] = field(default_factory=dict)
    rows: dict[str, dict[str, list[dict]]] = field(default_factory=dict)
    doc_ids: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, name: str, document: Document, doc_id: str, sha256: str | None = None) -> None:
        """Reads the document (extract_rows) and keeps it under the report file `name`."""
        self.documents[name] = document
        self.rows[name] = extract_rows(document, doc_id, sha256).rows
        self.doc_ids[name] = doc_id

    def tables(self, names: Iterable[str] | None = None) -> dict[str, pa.Table]:
        """The store's tables holding the reports `names` (all by default)."""
        from pipeline.store import empty_tables, replace_documents

        chosen = list(self.rows) if names is None else list(names)
        return replace_documents(empty_tables(), [], [self.rows[name] for name in chosen])


def report_paths(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(p for p in source.rglob("*") if p.is_file())
    return [source] if source.exists() else []


def load_reports(paths: Iterable[Path]) -> Reports:
    reports = Reports()
    for path in paths:
        try:
            sha256 = file_sha256(path)
            reports.add(path.name, ingest(path), doc_id_for(sha256), sha256)
        except IngestError as error:
            reports.errors.append(f"{path.name}: {error}")
        except Exception as error:  # an extractor bug must not stop the evaluation
            reports.errors.append(f"{path.name}: pipeline lỗi: {error!r}")
    return reports


def run_compare(tables: dict[str, pa.Table]) -> tuple[list[dict], str | None]:
    """The comparer's findings as rows, and the error when it failed (it is being written)."""
    try:
        from pipeline.comparer import compare

        return compare(tables).to_pylist(), None
    except Exception as error:  # report it, never stop the evaluation
        last = traceback.format_exc().strip().splitlines()[-1]
        return [], f"comparer lỗi: {error!r} ({last})"


# --- placing an entry in the store ---------------------------------------------------------

@dataclass
class StoreIndex:
    """What matching needs of the store: texts, report files, metrics by document and by id."""

    texts: dict[str, str]  # doc_id -> documents.text
    doc_ids: dict[str, str]  # report file name -> doc_id
    metrics: dict[str, list[dict]]  # doc_id -> metric rows in text order
    by_id: dict[str, dict]

    @classmethod
    def of(cls, tables: dict[str, pa.Table]) -> StoreIndex:
        documents = tables["documents"].select(["doc_id", "path", "text"]).to_pylist()
        metrics: dict[str, list[dict]] = {}
        by_id = {}
        for row in tables["metrics"].to_pylist():
            metrics.setdefault(row["doc_id"], []).append(row)
            by_id[row["metric_id"]] = row
        for rows in metrics.values():
            rows.sort(key=lambda r: r["char_start"])
        return cls({d["doc_id"]: d["text"] or "" for d in documents},
                   {Path(d["path"] or "").name: d["doc_id"] for d in documents},
                   metrics, by_id)


@dataclass(frozen=True)
class Placement:
    """Where an entry lies in the store; `problem` says why it could not be placed."""

    doc_id: str | None = None
    span: tuple[int, int] | None = None  # the substring in documents.text
    sentence: tuple[int, int] | None = None  # the sentence (or line) around it
    metric: dict | None = None  # the entry's figure
    other_doc_id: str | None = None
    problem: str | None = None


def find_substring(text: str, substring: str) -> tuple[int, int] | None:
    found = whitespace_tolerant(substring).search(text)
    return (found.start(), found.end()) if found else None


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for found in SENTENCE_END.finditer(text, 0, start):
        left = found.end()
    after = SENTENCE_END.search(text, end)
    return left, after.end() if after else len(text)


def figure_in(metrics: list[dict], span: tuple[int, int], stated_raw: str,
              stated: float | None = None) -> dict | None:
    """The metric of `stated_raw` in `span`: raw equal and inside; raw equal and overlapping;
    the same number inside; the same value inside."""
    start, end = span
    inside = [m for m in metrics if m["char_start"] >= start and m["char_end"] <= end]
    touching = [m for m in metrics if m["char_start"] < end and m["char_end"] > start]
    wanted, number = collapse(stated_raw), first_number(stated_raw)
    tiers = [
        [m for m in inside if collapse(m["raw"] or "") == wanted],
        [m for m in touching if collapse(m["raw"] or "") == wanted],
        [m for m in inside if number and first_number(m["raw"] or "") == number],
        [m for m in inside if stated is not None and m["value"] is not None
         and abs(m["value"] - stated) <= 1e-9 * max(1.0, abs(stated))],
    ]
    return next((tier[0] for tier in tiers if tier), None)


def place_entry(entry: Entry, index: StoreIndex) -> Placement:
    doc_id = index.doc_ids.get(entry["file"])
    if doc_id is None:
        return Placement(problem=f"không có báo cáo {entry['file']} trong kho")
    other_doc_id = None
    if entry.get("other_file"):
        other_doc_id = index.doc_ids.get(entry["other_file"])
        if other_doc_id is None:
            return Placement(doc_id, problem=f"không có báo cáo {entry['other_file']} trong kho")
    text = index.texts.get(doc_id, "")
    span = find_substring(text, entry["substring"])
    if span is None:
        return Placement(doc_id, other_doc_id=other_doc_id,
                         problem=f"không tìm thấy '{entry['substring']}' trong {entry['file']}")
    sentence = sentence_span(text, *span)
    metric = None
    if entry.get("stated_raw"):
        metric = figure_in(index.metrics.get(doc_id, []), span, entry["stated_raw"],
                           entry.get("stated"))
        if metric is None:
            return Placement(doc_id, span, sentence, other_doc_id=other_doc_id,
                             problem=f"không có số liệu '{entry['stated_raw']}' trong "
                                     f"'{entry['substring']}'")
    return Placement(doc_id, span, sentence, metric, other_doc_id)


def _inside(start: int | None, end: int | None, region: tuple[int, int]) -> bool:
    return start is not None and end is not None and start < region[1] and end > region[0]


def holds(finding: dict, placement: Placement, index: StoreIndex,
          other_report: bool = True) -> bool:
    """Whether the finding's evidence is the placed entry (its figure, or its sentence) and,
    with `other_report`, the finding names the entry's other report."""
    if placement.problem:
        return False
    if (other_report and placement.other_doc_id is not None
            and finding.get("other_doc_id") != placement.other_doc_id):
        return False
    metric_ids = finding.get("metric_ids") or []
    if placement.metric is not None:
        return placement.metric["metric_id"] in metric_ids
    if finding.get("doc_id") != placement.doc_id or placement.sentence is None:
        return False
    if _inside(finding.get("char_start"), finding.get("char_end"), placement.sentence):
        return True
    metrics = [index.by_id.get(metric_id) for metric_id in metric_ids]
    return any(m is not None and m["doc_id"] == placement.doc_id
               and _inside(m["char_start"], m["char_end"], placement.sentence) for m in metrics)


def finds(finding: dict, entry: Entry, placement: Placement, index: StoreIndex) -> bool:
    """Whether the finding is the entry's slip (any severity)."""
    return family(finding["rule"]) == family(entry["rule"]) and holds(finding, placement, index)


def flags(finding: dict, entry: Entry, placement: Placement, index: StoreIndex) -> bool:
    """Whether the finding raises a false alarm on a must-not-flag entry (against any report)."""
    return (finding["severity"] in LOUD
            and alarm_family(finding["rule"]) == alarm_family(entry["rule"])
            and holds(finding, placement, index, other_report=False))


# --- scoring -------------------------------------------------------------------------------

@dataclass
class RuleTally:
    found: int = 0
    expected: int = 0
    flagged: int = 0
    must_not: int = 0
    unexpected: int = 0


@dataclass
class FindingsResult:
    """A set of reports' findings against its expectation file."""

    name: str
    expected_path: Path
    reports: int = 0
    tallies: dict[str, RuleTally] = field(default_factory=dict)  # by family label
    missed: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    unexpected: list[dict] = field(default_factory=list)  # error/warning matching no slip
    severities: Counter = field(default_factory=Counter)
    files: dict[str, str] = field(default_factory=dict)  # doc_id -> report file name
    notices: list[str] = field(default_factory=list)
    error: str | None = None

    def tally(self, rule: str) -> RuleTally:
        return self.tallies.setdefault(family_label(rule), RuleTally())


def _entry_name(entry: Entry) -> str:
    figure = f" '{entry['stated_raw']}'" if entry.get("stated_raw") else ""
    other = f" (với {entry['other_file']})" if entry.get("other_file") else ""
    return f"{entry.get('id', '?')} {entry['rule']} {entry['file']}{other}{figure}"


def describe_finding(finding: dict, files: dict[str, str] | None = None) -> str:
    """One finding for people; `files`: doc_id -> report file name."""
    files = files or {}
    where = files.get(finding.get("doc_id"), finding.get("doc_id"))
    if finding.get("other_doc_id"):
        where += f" / {files.get(finding['other_doc_id'], finding['other_doc_id'])}"
    sentence = collapse(finding.get("sentence") or "")
    if len(sentence) > 160:
        sentence = sentence[:157] + "…"
    return (f"[{finding['severity']}] {finding['rule']} {where}: "
            f"{collapse(finding.get('message') or '')}" + (f"\n      câu: {sentence}"
                                                         if sentence else ""))


def score_findings(name: str, expected_path: Path, expected: dict, findings: list[dict],
                   index: StoreIndex) -> FindingsResult:
    result = FindingsResult(name, expected_path, reports=len(index.texts))
    result.files = {doc_id: file for file, doc_id in index.doc_ids.items()}
    result.severities = Counter(f["severity"] for f in findings)
    matched: set[int] = set()  # findings that are an expected slip
    for entry in expected.get("findings", []):
        placement = place_entry(entry, index)
        tally = result.tally(entry["rule"])
        tally.expected += 1
        if placement.problem:
            result.missed.append(f"{_entry_name(entry)}: {placement.problem}")
            continue
        hits = [i for i, f in enumerate(findings) if finds(f, entry, placement, index)]
        matched.update(hits)
        loud = [i for i in hits if findings[i]["severity"] in LOUD
                or family(entry["rule"]) in ANY_SEVERITY]
        if loud:
            tally.found += 1
        elif hits:
            result.missed.append(f"{_entry_name(entry)}: chỉ có phát hiện mức info")
        else:
            result.missed.append(f"{_entry_name(entry)}: không có phát hiện nào khớp")
    others = [f for i, f in enumerate(findings) if i not in matched]
    for entry in expected.get("must_not_flag", []):
        placement = place_entry(entry, index)
        tally = result.tally(entry["rule"])
        tally.must_not += 1
        if placement.problem:
            result.notices.append(f"Không định vị được {_entry_name(entry)}: {placement.problem}")
            continue
        alarms = [f for f in others if flags(f, entry, placement, index)]
        if alarms:
            tally.flagged += 1
            described = "\n    ".join(describe_finding(f, result.files) for f in alarms)
            result.flagged.append(f"{_entry_name(entry)}:\n    {described}")
    for finding in others:
        if finding["severity"] in LOUD:
            result.unexpected.append(finding)
            result.tally(finding["rule"]).unexpected += 1
    return result


def score_set(name: str, reports: Reports, expected_path: Path,
              expected: dict) -> tuple[FindingsResult, dict[str, pa.Table]]:
    """Scores the findings of every report of the set together; also returns the tables."""
    tables = reports.tables()
    findings, error = run_compare(tables)
    result = score_findings(name, expected_path, expected, findings, StoreIndex.of(tables))
    result.error = error
    result.notices = [f"Không đọc được {e}" for e in reports.errors] + result.notices
    return result, tables


# --- printing ------------------------------------------------------------------------------

def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator}" if denominator else "–"


def format_findings_result(result: FindingsResult, show: int = 12) -> str:
    severities = ", ".join(f"{s} {result.severities[s]}" for s in ("error", "warning", "info")
                           if result.severities[s])
    total = sum(result.severities.values())
    lines = [f"{result.name} ({result.expected_path.name}): {result.reports} báo cáo, "
             f"{total} phát hiện" + (f" ({severities})" if severities else "")]
    if result.error:
        lines.append(f"  {result.error}")
    lines += [f"  {notice}" for notice in result.notices]
    width = max([len(k) for k in result.tallies] + [len("quy tắc")])
    header = f"  {'quy tắc':<{width}}  {'tìm thấy':>9}  {'N bị gắn cờ':>11}  {'ngoài dự kiến':>13}"
    lines += [header, "  " + "-" * (len(header) - 2)]
    for rule, tally in sorted(result.tallies.items()):
        lines.append(f"  {rule:<{width}}  {_ratio(tally.found, tally.expected):>9}  "
                     f"{_ratio(tally.flagged, tally.must_not):>11}  {tally.unexpected:>13}")
    found = sum(t.found for t in result.tallies.values())
    expected = sum(t.expected for t in result.tallies.values())
    flagged = sum(t.flagged for t in result.tallies.values())
    must_not = sum(t.must_not for t in result.tallies.values())
    lines.append(f"  {'tổng':<{width}}  {_ratio(found, expected):>9}  "
                 f"{_ratio(flagged, must_not):>11}  {len(result.unexpected):>13}")
    for line in result.missed:
        lines.append(f"  Bỏ sót {line}")
    for line in result.flagged[:show]:
        lines.append(f"  Gắn cờ sai {line}")
    if result.unexpected:
        lines.append("  Ngoài dự kiến (error/warning không khớp điểm bất nhất nào), để người đọc:")
        for finding in result.unexpected[:show]:
            lines.append(f"    {describe_finding(finding, result.files)}")
        if len(result.unexpected) > show:
            lines.append(f"    … và {len(result.unexpected) - show} phát hiện nữa "
                         f"(đủ trong tệp bỏ sót)")
    return "\n".join(lines)


def format_findings_misses(result: FindingsResult) -> str:
    lines = [f"=== Comparer: {result.name}"]
    lines += [f"BỎ SÓT {line}" for line in result.missed]
    lines += [f"GẮN CỜ SAI {line}" for line in result.flagged]
    lines += [f"NGOÀI DỰ KIẾN {describe_finding(f, result.files)}" for f in result.unexpected]
    return "\n".join(lines) + "\n"


# --- the Comparer section of `make eval` ---------------------------------------------------

@dataclass
class ComparerEvaluation:
    results: list[FindingsResult] = field(default_factory=list)
    mutation: Any = None  # evaluation.mutations.MutationResult, None when not run
    per_rule: int = 0
    notices: list[str] = field(default_factory=list)


def evaluate_comparer(scorers: Iterable[Any], per_rule: int = 40) -> ComparerEvaluation:
    """Each FindingsScorer (evaluation.scorers.FINDINGS_SCORERS): its reports read once and
    compared together, scored; then mutated (at most `per_rule` mutants a rule; 0: none)."""
    from evaluation.mutations import MutationResult, mutation_test

    evaluation = ComparerEvaluation(per_rule=per_rule)
    if per_rule > 0:
        evaluation.mutation = MutationResult()
    for scorer in scorers:
        paths = report_paths(scorer.reports)
        if not paths:
            evaluation.notices.append(f"Bỏ qua {scorer.name}: không có {scorer.reports}")
            continue
        if not scorer.expected_path.exists():
            evaluation.notices.append(f"Bỏ qua {scorer.name}: chưa có {scorer.expected_path}")
            continue
        expected = json.loads(scorer.expected_path.read_text(encoding="utf-8"))
        reports = load_reports(paths)
        result, _ = score_set(scorer.name, reports, scorer.expected_path, expected)
        evaluation.results.append(result)
        if evaluation.mutation is not None and scorer.mutate:
            mutation_test(reports, expected.get("must_not_flag", []),
                          expected.get("findings", []), per_rule, evaluation.mutation)
    return evaluation


def format_comparer_section(evaluation: ComparerEvaluation) -> str:
    from evaluation.mutations import format_mutation_result

    parts = ["Comparer"]
    parts += evaluation.notices
    parts += [format_findings_result(result) for result in evaluation.results]
    if evaluation.mutation is not None:
        parts.append(format_mutation_result(evaluation.mutation, evaluation.per_rule))
    return "\n".join(parts)


def format_comparer_misses(evaluation: ComparerEvaluation) -> str:
    from evaluation.mutations import format_mutation_misses

    text = "".join(format_findings_misses(result) for result in evaluation.results)
    if evaluation.mutation is not None:
        text += format_mutation_misses(evaluation.mutation)
    return text
