"""What the auditor's page shows, as plain data built from the store's tables.

The template only lays this out; every piece of document text reaches it as a string
(or a list of Segments) that the template escapes.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Container
from dataclasses import asdict, dataclass, replace
from pathlib import PurePath

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.comparer.numbers import shown
from pipeline.report.highlight import CONTEXT, Segment, Span, locate, segments

SEVERITIES = ("error", "warning", "info")
# How pipeline.semantics.sentences joins a table row to its header row (not imported from
# there: that package loads the NLP models, which a page does not need).
TABLE_HEADER_SEPARATOR = " → "
SHOWN_DECIMALS = 4  # of an expected or observed value: "76,6667"
# Findings laid out in full, most severe first: an archive's page stays a page (the counts
# cover every finding; `baocao findings` lists them all).
PAGE_LIMIT = 2000


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    name: str  # the file name, or the doc_id when the document is not in the store
    title: str | None
    path: str | None
    status: str | None
    error: str | None
    report_year: int | None
    finding_count: int = 0


@dataclass(frozen=True)
class EvidenceSentence:
    page: int | None
    segments: list[Segment]  # for a table row, the row without its header
    metric_ids: list[str]
    figures: list[str]  # each figure's raw text, in the order of metric_ids
    unplaced: list[str]  # raw figures that could not be found in the sentence
    table_row: bool = False
    header: str | None = None  # a table row's header row, when the previous row's differs
    cited: bool = False  # the evidence is citations (a reference check), not figures


@dataclass(frozen=True)
class EvidenceColumn:
    document: DocumentInfo
    sentences: list[EvidenceSentence]


@dataclass(frozen=True)
class FindingView:
    finding_id: str
    anchor: str
    rule: str
    severity: str
    message: str | None
    doc_id: str
    other_doc_id: str | None
    metric_ids: list[str]
    columns: list[EvidenceColumn]
    pages: list[int]
    arithmetic: str | None
    cause: str | None
    tolerance: str | None
    expected: str | None
    observed: str | None
    link_reason: str | None

    @property
    def cross(self) -> bool:
        return self.other_doc_id is not None

    @property
    def cited(self) -> bool:
        """Its evidence is citations (a reference check), not figures."""
        return any(s.cited for c in self.columns for s in c.sentences)

    @property
    def docs(self) -> str:
        """The documents it concerns, space-separated, for the page's document filter."""
        return " ".join(d for d in (self.doc_id, self.other_doc_id) if d)


@dataclass(frozen=True)
class DocumentGroup:
    document: DocumentInfo
    findings: list[FindingView]  # none when the page reuses the section already rendered
    key: str = ""  # what the section shows, digested: sections of one key are the same


@dataclass(frozen=True)
class AuditView:
    documents: list[DocumentInfo]
    processed: int
    failed: int
    groups: list[DocumentGroup]
    total: int
    by_severity: list[tuple[str, int]]
    by_rule: list[tuple[str, int]]
    comparer_version: str | None
    shown: int = 0  # findings laid out in full (`total` when under PAGE_LIMIT)

    @property
    def failed_documents(self) -> list[DocumentInfo]:
        return [d for d in self.documents if d.status == "failed"]

    @property
    def finding_documents(self) -> list[DocumentInfo]:
        """Every document some finding concerns (either side of a comparison)."""
        return [d for d in self.documents if d.finding_count]


def shown_findings(findings: pa.Table, limit: int | None = None) -> list[dict]:
    """The findings the page lays out in full, in its order."""
    return _sorted_findings(findings.to_pylist())[:PAGE_LIMIT if limit is None else limit]


def audit_view(tables: dict[str, pa.Table], limit: int | None = None,
               rendered: Container[str] = ()) -> AuditView:
    """`tables["documents"]` needs the text only of the documents of the findings shown.
    The findings of a document whose section's key is in `rendered` are not laid out."""
    every = tables["findings"]
    concerned = Counter(d for f in every.select(["doc_id", "other_doc_id"]).to_pylist()
                        for d in {f["doc_id"], f["other_doc_id"]} if d)
    findings = shown_findings(every, limit)
    documents, texts = _documents(tables["documents"], {
        d for f in findings for d in (f["doc_id"], f["other_doc_id"]) if d}, concerned)
    known = {d.doc_id for d in documents}
    documents += [_unknown_document(doc_id, concerned[doc_id])
                  for doc_id in sorted(concerned) if doc_id not in known]
    by_id = {d.doc_id: d for d in documents}
    evidence = {m for f in findings for m in f["metric_ids"] or []}
    metrics = _metrics(tables["metrics"], evidence)
    if "citations" in tables:  # a reference check's evidence is its citations
        metrics |= _metrics(tables["citations"], evidence, "ref_id")
    by_document: dict[str, list[tuple[int, dict]]] = {}
    for index, finding in enumerate(findings):
        by_document.setdefault(finding["doc_id"], []).append((index, finding))
    groups = []
    for document in documents:
        rows = by_document.get(document.doc_id)
        if not rows:
            continue
        key = _section_key(document, rows, by_id, metrics)
        groups.append(DocumentGroup(document, [] if key in rendered else [
            _finding_view(f, i, by_id, metrics, texts) for i, f in rows], key))
    statuses = Counter(d.status for d in documents)
    severities = Counter(every.column("severity").to_pylist())
    rules = Counter(every.column("rule").to_pylist())
    versions = [v for v in every.column("comparer_version").to_pylist() if v]
    return AuditView(
        documents=documents, processed=statuses["ok"], failed=statuses["failed"],
        groups=groups, total=every.num_rows, shown=len(findings),
        by_severity=[(s, severities[s]) for s in SEVERITIES if severities[s]]
        + sorted((s, n) for s, n in severities.items() if s not in SEVERITIES),
        by_rule=sorted(rules.items(), key=lambda item: (-item[1], item[0])),
        comparer_version=versions[0] if versions else None,
    )


def _section_key(document: DocumentInfo, rows: list[tuple[int, dict]],
                 documents: dict[str, DocumentInfo], metrics: dict[str, dict]) -> str:
    """Everything a document's section shows is made of: its findings (an index only names
    a finding without an id), their evidence and the documents they concern (a document's
    text is known by its id, the digest of its file)."""
    shown = [asdict(replace(document, finding_count=0))]
    for index, row in rows:
        other = documents.get(row["other_doc_id"] or "")
        shown.append([None if row["finding_id"] else index, row,
                      [metrics.get(m) for m in row["metric_ids"] or []],
                      asdict(replace(other, finding_count=0)) if other else None])
    text = json.dumps(shown, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def _sorted_findings(rows: list[dict]) -> list[dict]:
    def key(row: dict) -> tuple:
        severity = row["severity"]
        rank = SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
        page = row["page"] if row["page"] is not None else -1
        return (rank, page, row["char_start"] or 0, row["rule"] or "", row["finding_id"] or "")
    return sorted(rows, key=key)


def _documents(table: pa.Table, shown: set[str], concerned: Counter
               ) -> tuple[list[DocumentInfo], dict[str, str]]:
    """The documents in store order, and the text of those of the findings shown."""
    columns = ["doc_id", "path", "title", "status", "error", "report_year"]
    documents = [
        DocumentInfo(doc_id=row["doc_id"], name=_file_name(row["path"]) or row["doc_id"],
                     title=row["title"], path=row["path"], status=row["status"],
                     error=row["error"], report_year=row["report_year"],
                     finding_count=concerned.get(row["doc_id"], 0))
        for row in table.select(columns).to_pylist()
    ]
    wanted = table.filter(pc.is_in(table.column("doc_id"),
                                   value_set=pa.array(sorted(shown), pa.string())))
    texts = {row["doc_id"]: row["text"] or ""
             for row in wanted.select(["doc_id", "text"]).to_pylist()}
    return documents, texts


def _unknown_document(doc_id: str, count: int) -> DocumentInfo:
    return DocumentInfo(doc_id=doc_id, name=doc_id, title=None, path=None, status=None,
                        error=None, report_year=None, finding_count=count)


def _file_name(path: str | None) -> str | None:
    return PurePath(path).name if path else None


def _metrics(table: pa.Table, wanted: set[str], id_column: str = "metric_id"
             ) -> dict[str, dict]:
    """The wanted rows of `metrics` (or of `citations`, by ref_id), keyed by id."""
    if not wanted:
        return {}
    chosen = table.filter(pc.is_in(table.column(id_column),
                                   value_set=pa.array(sorted(wanted), pa.string())))
    columns = ["doc_id", id_column, "page", "sentence", "char_start", "char_end", "raw"]
    rows = chosen.select(columns).rename_columns([*columns[:1], "metric_id", *columns[2:]])
    return {row["metric_id"]: {**row, "cited": id_column == "ref_id"} for row in rows.to_pylist()}


def _finding_view(row: dict, index: int, documents: dict[str, DocumentInfo],
                  metrics: dict[str, dict], texts: dict[str, str]) -> FindingView:
    metric_ids = list(row["metric_ids"] or [])
    finding_id = row["finding_id"] or f"phat-hien-{index + 1}"
    sides = [d for d in (row["doc_id"], row["other_doc_id"]) if d]
    columns = [_column(row, side, documents[side], metric_ids, metrics, texts)
               for side in sides]
    pages = sorted({s.page for c in columns for s in c.sentences if s.page is not None}
                   | {p for p in (row["page"], row["other_page"]) if p is not None})
    return FindingView(
        finding_id=finding_id, anchor=finding_id, rule=row["rule"] or "",
        severity=row["severity"] or "", message=row["message"], doc_id=row["doc_id"],
        other_doc_id=row["other_doc_id"], metric_ids=metric_ids, columns=columns,
        pages=pages, arithmetic=row["arithmetic"], cause=row["cause"],
        tolerance=shown(row["tolerance"]),
        expected=shown(row["expected"], SHOWN_DECIMALS),
        observed=shown(row["observed"], SHOWN_DECIMALS),
        link_reason=row["link_reason"])


def _column(row: dict, doc_id: str, document: DocumentInfo, metric_ids: list[str],
            metrics: dict[str, dict], texts: dict[str, str]) -> EvidenceColumn:
    """One document's evidence: its figures of the finding, grouped by sentence."""
    text = texts.get(doc_id, "")
    own = [m for m in metric_ids if m in metrics and metrics[m]["doc_id"] == doc_id]
    # The other document's first figure is the one the main figure was compared with.
    main_id = own[0] if own else None
    grouped: dict[tuple, list[dict]] = {}
    for metric in (metrics[m] for m in own):
        if metric["sentence"]:
            grouped.setdefault((metric["sentence"], metric["page"]), []).append(metric)
    sentences = [_evidence(sentence, page, group, main_id, text)
                 for (sentence, page), group in grouped.items()]
    if not sentences:
        sentences = _fallback(row, doc_id, text)
    return EvidenceColumn(document, _headers_once(sentences))


def _headers_once(sentences: list[EvidenceSentence]) -> list[EvidenceSentence]:
    """Rows of one table show its header once, not before every row."""
    result, previous = [], None
    for sentence in sentences:
        header = sentence.header
        result.append(replace(sentence, header=header if header != previous else None))
        previous = header
    return result


def _evidence(sentence: str, page: int | None, group: list[dict], main_id: str | None,
              text: str) -> EvidenceSentence:
    spans, unplaced = [], []
    for metric in group:
        placed = _place(sentence, metric["raw"] or "", metric["char_start"],
                        metric["char_end"], text)
        if placed is None:
            unplaced.append(metric["raw"] or metric["metric_id"])
            continue
        mark = "main" if metric["metric_id"] == main_id else "part"
        spans.append(Span(placed[0], placed[1], mark, metric["metric_id"]))
    header, body = _table_header(sentence, spans)
    shifted = [Span(s.start - body, s.end - body, s.mark, s.metric_id) for s in spans]
    return EvidenceSentence(page=page, segments=segments(sentence[body:], shifted),
                            metric_ids=[m["metric_id"] for m in group],
                            figures=[m["raw"] or "" for m in group], unplaced=unplaced,
                            table_row=header is not None, header=header,
                            cited=all(m["cited"] for m in group))


def _table_header(sentence: str, spans: list[Span]) -> tuple[str | None, int]:
    """A table row's header and where the row itself starts; (None, 0) for prose, or when a
    figure of the finding is in the header."""
    cut = sentence.find(TABLE_HEADER_SEPARATOR)
    body = cut + len(TABLE_HEADER_SEPARATOR)
    if cut < 0 or any(span.start < body for span in spans):
        return None, 0
    return sentence[:cut], body


def _fallback(row: dict, doc_id: str, text: str) -> list[EvidenceSentence]:
    """The finding's own sentence when its metrics are not in the store."""
    if doc_id == row["doc_id"] and row["sentence"]:
        start, end = row["char_start"], row["char_end"]
        raw = text[start:end] if start is not None and end is not None else ""
        placed = _place(row["sentence"], raw, start, end, text)
        spans = [Span(placed[0], placed[1], "main")] if placed else []
        return [EvidenceSentence(row["page"], segments(row["sentence"], spans), [],
                                 [raw] if raw else [], [])]
    if doc_id == row["other_doc_id"] and row["other_sentence"]:
        return [EvidenceSentence(row["other_page"], segments(row["other_sentence"], []),
                                 [], [], [])]
    return []


def _place(sentence: str, raw: str, start: int | None, end: int | None,
           text: str) -> tuple[int, int] | None:
    if start is None or end is None:
        return locate(sentence, raw)
    return locate(sentence, raw, text[max(0, start - CONTEXT):start], text[end:end + CONTEXT])
