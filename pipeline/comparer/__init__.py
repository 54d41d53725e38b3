"""The comparer: every figure that does not add up, within a report and across reports.

Runs after every batch over the whole store (the rules in rules/, one module each) and
gives the rows of the `findings` table, most severe first. `compare_store` reads the store
from its DuckDB file a block of documents at a time (see view.py); the checks of one report
alone run in one pass over the documents, each document's metrics read once for all of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from pipeline.comparer.model import Finding
from pipeline.comparer.rules import all_rules
from pipeline.comparer.view import StoreView, database_view, store_view
from pipeline.store.database import connect
from pipeline.store.schema import table_from_rows
from pipeline.version import comparer_version

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def compare(tables: dict[str, pa.Table]) -> pa.Table:
    """The findings table for the store's `tables`."""
    store = store_view(tables)
    return table_from_rows("findings", finding_rows(list(run_rules(store)), store))


def compare_store(out: Path) -> pa.Table:
    """The findings table for the store in OUT, read from its DuckDB file."""
    with connect(out, read_only=True) as connection:
        store = database_view(connection)
        return table_from_rows("findings", finding_rows(list(run_rules(store)), store))


def run_rules(store: StoreView) -> Iterator[Finding]:
    """Every rule's findings: those of one report alone in one pass over the documents."""
    rules = all_rules()
    for document in store.documents:
        for rule in rules:
            if rule.scope == "document":
                yield from rule.check(document)
    for rule in rules:
        if rule.scope == "store":
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


__all__ = ["compare", "compare_store", "finding_rows", "run_rules"]
