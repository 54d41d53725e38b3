"""A comparison that re-checks only what changed since the previous one finds exactly what
a comparison from scratch finds, and re-checks less."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import pipeline.comparer
from pipeline.comparer import Comparison, compare_store
from pipeline.comparer.examples import example_tables
from pipeline.store import commit
from tests.store.test_bounded_comparer import series_texts

# a share that does not add up: 3 of 10 is 30%, not 50%
WRONG_SHARE = "Tổng số 10 hồ sơ, trong đó 3 hồ sơ chiếm 50%."


class CheckedCounter:
    """Wraps `run_rules` to count the reports checked by rules of one report and of a
    series."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.documents = self.series = 0
        original = pipeline.comparer.run_rules

        def counted(store, documents=None):  # type: ignore[no-untyped-def]
            self.documents = len(store.documents if documents is None else documents)
            self.series = len(store.checked)
            return original(store, documents)

        monkeypatch.setattr(pipeline.comparer, "run_rules", counted)


def _rows(table: pa.Table) -> list[dict]:
    return table.to_pylist()


def _less_removed(findings: pa.Table, doc_ids: set[str]) -> pa.Table:
    """What a commit keeps of the findings: those citing no removed document (the writer)."""
    keep = pc.and_(pc.is_in(findings.column("doc_id"), pa.array(sorted(doc_ids))),
                   pc.or_kleene(pc.is_null(findings.column("other_doc_id")),
                                pc.is_in(findings.column("other_doc_id"),
                                         pa.array(sorted(doc_ids)))))
    return findings.filter(keep)


def _step(out: Path, texts: list[str], previous: tuple[pa.Table, Comparison],
          counter: CheckedCounter) -> tuple[pa.Table, Comparison, tuple[int, int]]:
    tables = example_tables(texts)
    commit(out, tables)
    doc_ids = set(tables["documents"].column("doc_id").to_pylist())
    findings, comparison = compare_store(out, previous[1], _less_removed(previous[0], doc_ids))
    checked = (counter.documents, counter.series)
    scratch, _ = compare_store(out)
    assert _rows(findings) == _rows(scratch)
    assert checked[0] < len(doc_ids) and checked[1] < len(doc_ids)
    return findings, comparison, checked


@pytest.mark.slow
def test_re_checking_what_changed_equals_comparing_from_scratch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    texts = series_texts()
    commit(out, example_tables(texts))
    counter = CheckedCounter(monkeypatch)
    first = compare_store(out)
    assert counter.documents == counter.series == len(texts)
    assert first[0].num_rows > 0

    # one report changed (a wrong share added), the last replaced by another's text
    changed = list(texts)
    changed[5] = f"{texts[5]}\n{WRONG_SHARE}"
    changed[-1] = texts[0].replace("2022", "2019")
    *second, checked = _step(out, changed, first, counter)
    assert any(row["rule"] == "share" and row["sentence"] == WRONG_SHARE
               for row in _rows(second[0]))
    assert checked[0] == 2  # the changed and the replaced report

    # two reports removed
    _step(out, changed[:-2], (second[0], second[1]), counter)


def test_another_comparer_version_compares_from_scratch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    texts = series_texts()[:6]
    commit(out, example_tables(texts))
    findings, comparison = compare_store(out)
    counter = CheckedCounter(monkeypatch)
    compare_store(out, Comparison("an older comparer", comparison.checked), findings)
    assert counter.documents == counter.series == len(texts)
    assert Comparison.from_json("not json") is None
    assert Comparison.from_json(comparison.to_json()) == comparison
