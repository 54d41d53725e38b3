"""The comparer: every figure that does not add up, within a report and across reports.

Runs after every batch over the whole store (the rules in rules/, one module each) and
gives the rows of the `findings` table, most severe first. `compare_store` reads the store
from its DuckDB file a block of documents at a time (see view.py); the checks of one report
alone run in one pass over the documents, each document's metrics read once for all of them.

A run re-checks only what changed since the comparison before it (`Comparison`, kept in
the store beside the findings): a rule of one report, the reports whose content, path or
pipeline changed; a rule of a series, every report of a set of series
(`linking.series_components`) that gained, lost or changed a report; a rule over the
archive, every report. The other findings are kept as they were. The result is the same
as a comparison from scratch (tests/comparer/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from pipeline.comparer.linking import series_components
from pipeline.comparer.model import DocumentRow, Finding
from pipeline.comparer.rules import all_rules
from pipeline.comparer.view import DocumentView, StoreView, database_view, store_view
from pipeline.store.database import connect
from pipeline.store.schema import table_from_rows
from pipeline.version import comparer_version

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Comparison:
    """What one comparison checked: the signatures of the reports (for rules of one report)
    and of the sets of series (for rules of a series) whose findings it made."""

    comparer_version: str
    checked: set[str] = field(default_factory=set)

    def to_json(self) -> str:
        return json.dumps({"comparer_version": self.comparer_version,
                           "checked": sorted(self.checked)})

    @classmethod
    def from_json(cls, text: str) -> Comparison | None:
        try:
            data = json.loads(text)
            return cls(str(data["comparer_version"]), set(data["checked"]))
        except (ValueError, KeyError, TypeError):
            return None  # unreadable: compare from scratch


def compare(tables: dict[str, pa.Table]) -> pa.Table:
    """The findings table for the store's `tables`."""
    store = store_view(tables)
    return table_from_rows("findings", _ordered(finding_rows(list(run_rules(store)), store)))


def compare_store(out: Path, previous: Comparison | None = None,
                  previous_findings: pa.Table | None = None) -> tuple[pa.Table, Comparison]:
    """The findings table for the store in OUT, read from its DuckDB file, and what this
    comparison checked. With the previous comparison and its findings (less those citing
    removed reports), only what changed since is checked again."""
    if previous_findings is None or (previous is not None
                                     and previous.comparer_version != comparer_version()):
        previous = None  # without its findings, what it checked cannot be kept
    before = previous.checked if previous is not None else set()
    with connect(out, read_only=True) as connection:
        store = database_view(connection)
        signatures = {d.document.doc_id: document_signature(d.document)
                      for d in store.documents}
        series_of: dict[str, str] = {}
        for component in series_components(store):
            signature = _combined(signatures[d.document.doc_id] for d in component)
            series_of |= {d.document.doc_id: signature for d in component}
        fresh = [d for d in store.documents if signatures[d.document.doc_id] not in before]
        store.checked = [d for d in store.documents
                         if series_of[d.document.doc_id] not in before]
        if store.cache is not None and before:  # the figures of these reports only (the
            # archive's checks read every report's citations and dates)
            store.cache.only(("metrics",), {d.rank for d in [*fresh, *store.checked]})
        rows = finding_rows(list(run_rules(store, fresh)), store)
    if previous is not None and previous_findings is not None:
        rows += _kept(previous_findings, {d for d, s in signatures.items() if s in before},
                      {d for d, s in series_of.items() if s in before})
    comparison = Comparison(comparer_version(), set(signatures.values()) | set(series_of.values()))
    return table_from_rows("findings", _ordered(rows)), comparison


def document_signature(document: DocumentRow) -> str:
    """Changes when anything a check of the report reads may have changed."""
    return _combined([document.doc_id, document.path or "", document.pipeline_version or ""])


def _combined(parts: Iterable[str]) -> str:
    return hashlib.sha256("\t".join(sorted(parts)).encode()).hexdigest()[:20]


def _kept(findings: pa.Table, same_document: set[str], same_series: set[str]) -> list[dict]:
    """The previous findings of rules whose reports are unchanged."""
    scope = {name: rule.scope for rule in all_rules() for name in rule.names}
    kept_for = {"document": same_document, "series": same_series}
    return [row for row in findings.to_pylist()
            if row["doc_id"] in kept_for.get(scope.get(row["rule"], "archive"), ())]


def _ordered(rows: list[dict]) -> list[dict]:
    """Most severe first, then by rule, report and evidence: the same order however the
    findings were made."""
    unique: dict[str, dict] = {}
    for row in rows:
        unique.setdefault(row["finding_id"], row)
    return sorted(unique.values(), key=lambda r: (
        SEVERITY_ORDER[r["severity"]], r["rule"], r["doc_id"], tuple(r["metric_ids"] or ()),
        r["finding_id"]))


def run_rules(store: StoreView, documents: list[DocumentView] | None = None
              ) -> Iterator[Finding]:
    """Every rule's findings: those of one report alone for `documents` (all, by default),
    in one pass over them; those of a series for `store.checked`; those of the archive."""
    rules = all_rules()
    for document in store.documents if documents is None else documents:
        for rule in rules:
            if rule.scope == "document":
                yield from rule.check(document)
    for rule in rules:
        if rule.scope != "document":
            yield from rule.run(store)


def finding_rows(findings: list[Finding], store: StoreView) -> list[dict]:
    rows, seen = [], set()
    version = comparer_version()
    for finding in sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.rule,
                                                   f.doc_id, f.metric_ids)):
        finding_id = _finding_id(finding)
        if finding_id in seen:
            continue
        seen.add(finding_id)
        main = store.evidence(finding.metric_ids[0]) if finding.metric_ids else None
        other = next((m for m in map(store.evidence, finding.metric_ids)
                      if m is not None and finding.other_doc_id
                      and m.doc_id == finding.other_doc_id), None)
        rows.append({
            "finding_id": finding_id, "rule": finding.rule, "severity": finding.severity,
            "doc_id": finding.doc_id, "other_doc_id": finding.other_doc_id,
            "message": finding.message, "expected": finding.expected,
            "observed": finding.observed, "metric_ids": list(finding.metric_ids),
            "sentence": main.sentence if main else None, "cause": finding.cause,
            "tolerance": finding.tolerance, "arithmetic": finding.arithmetic,
            "page": main.page if main else None,
            "char_start": main.char_start if main else None,
            "char_end": main.char_end if main else None,
            "other_sentence": other.sentence if other else None,
            "other_page": other.page if other else None,
            "link_reason": finding.link_reason, "comparer_version": version,
        })
    return rows


def _finding_id(finding: Finding) -> str:
    key = "\t".join([finding.rule, finding.doc_id, finding.other_doc_id or "",
                     *finding.metric_ids])
    return "f-" + hashlib.sha256(key.encode()).hexdigest()[:12]


__all__ = ["Comparison", "compare", "compare_store", "finding_rows", "run_rules"]
