"""The comparer reading the store from DuckDB a block of documents at a time, with only a
few documents' metrics held at once, finds exactly what it finds over the tables in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.comparer import compare, compare_store
from pipeline.comparer.examples import example_tables, examples
from pipeline.comparer.rules import all_rules
from pipeline.store import commit

CROSS_MODULES = ("cross_year_restatement", "cross_stated_change", "cumulative", "targets",
                 "draft_final")


def series_texts() -> list[str]:
    """Reports of the examples that fire across reports, each example one series (and of
    the references' checks, for citations and dates)."""
    texts = []
    for module in (*CROSS_MODULES, "reference_date_conflict"):
        for example in examples(module):
            if example.expect != "silent":
                texts += example.documents
    return texts[:48]


@pytest.mark.slow
def test_findings_read_from_duckdb_in_small_blocks_equal_those_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tables = example_tables(series_texts())
    out = tmp_path / "out"
    commit(out, tables)
    expected = compare(tables)
    cross_rules = {name for rule in all_rules() if rule.module in CROSS_MODULES
                   for name in rule.names}
    assert set(expected.column("rule").to_pylist()) & cross_rules  # reports were linked
    monkeypatch.setattr("pipeline.comparer.view.CAPACITY", 50)  # a few documents at a time
    monkeypatch.setattr("pipeline.comparer.view.BLOCK", 3)
    found, _ = compare_store(out)
    assert sorted(found.to_pylist(), key=repr) == sorted(expected.to_pylist(), key=repr)
