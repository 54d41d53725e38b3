"""The checks across reports over the sample corpus: the deliberate inconsistencies across
documents (corpus/expected_findings.json) are found, and the correct figures of those rules
(must_not_flag) are not flagged."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from pipeline.comparer import finding_rows
from pipeline.comparer.rules import all_rules
from pipeline.comparer.view import StoreView, store_view
from pipeline.process import process_file
from pipeline.store import empty_tables, replace_documents

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
MODULES = {"cross_year_restatement", "cross_stated_change", "cumulative", "targets",
           "draft_final"}
EXPECTED = json.loads((CORPUS / "expected_findings.json").read_text(encoding="utf-8"))
OWN_RULES = {name for rule in all_rules() if rule.module in MODULES for name in rule.names}

pytestmark = pytest.mark.slow


@cache
def _run() -> tuple[StoreView, tuple[dict, ...]]:
    results = [process_file(path).rows for path in sorted((CORPUS / "reports").iterdir())]
    store = store_view(replace_documents(empty_tables(), [], results))
    findings = [f for rule in all_rules() if rule.module in MODULES for f in rule.run(store)]
    return store, tuple(finding_rows(findings, store))


def _file(store: StoreView, doc_id: str | None) -> str | None:
    view = store.document(doc_id) if doc_id else None
    return Path(view.document.path).name if view else None


def _matching(entry: dict) -> list[dict]:
    store, findings = _run()
    return [f for f in findings if f["rule"] == entry["rule"]
            and _file(store, f["doc_id"]) == entry["file"]
            and entry["substring"] in (f["sentence"] or "")
            and f["observed"] == entry["stated"]]


@pytest.mark.parametrize("entry", [e for e in EXPECTED["findings"] if e["rule"] in OWN_RULES],
                         ids=lambda e: e["id"])
def test_deliberate_inconsistency_found(entry: dict) -> None:
    store, _ = _run()
    found = _matching(entry)
    assert found, entry["explanation"]
    assert _file(store, found[0]["other_doc_id"]) == entry["other_file"]
    assert entry["other_substring"] in (found[0]["other_sentence"] or "")
    assert found[0]["expected"] == entry["computed"]


@pytest.mark.parametrize("entry", [e for e in EXPECTED["must_not_flag"]
                                   if e["rule"] in OWN_RULES], ids=lambda e: e["id"])
def test_correct_figure_not_flagged(entry: dict) -> None:
    assert not _matching(entry), entry["explanation"]


def test_no_other_error_or_warning() -> None:
    store, findings = _run()
    loud = [(f["rule"], _file(store, f["doc_id"]), f["message"]) for f in findings
            if f["severity"] in ("error", "warning")]
    assert loud == [("cross_year_restatement", "bao-cao-2023.txt",
                     "Số liệu kỳ 2022 được nhắc lại là 16.880, nhưng báo cáo kỳ đó ghi "
                     "16.830 lao động.")]
