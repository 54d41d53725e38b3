"""The comparer: every figure that does not add up, within a report and across reports.

Runs after every batch over the whole store (the rules in rules/, one module each) and
gives the rows of the `findings` table, most severe first.
"""

from __future__ import annotations

import hashlib

import pyarrow as pa

from pipeline.comparer.model import Finding
from pipeline.comparer.rules import all_rules
from pipeline.comparer.view import StoreView, store_view
from pipeline.store.schema import table_from_rows
from pipeline.version import comparer_version

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def compare(tables: dict[str, pa.Table]) -> pa.Table:
    """The findings table for the store's `tables`."""
    store = store_view(tables)
    findings = [finding for rule in all_rules() for finding in rule.run(store)]
    return table_from_rows("findings", finding_rows(findings, store))


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


__all__ = ["compare", "finding_rows"]
