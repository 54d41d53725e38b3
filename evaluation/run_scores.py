"""Scores over the whole run's store (e.g. the comparer's findings), via scorers.RUN_SCORERS."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as parquet

from evaluation.matching import Score
from evaluation.scorers import RUN_SCORERS, RunScorer, load_expected


def store_rows(store: Path, table: str) -> list[dict] | None:
    """The rows of the table's folder of part files in OUT/tables (or, in a store of the
    former layout, its one file), None when the run has not written it."""
    for path in (store / "tables" / table, store / "tables" / f"{table}.parquet"):
        if path.exists():
            return parquet.read_table(path).to_pylist()
    return None


def score_run(store: Path,
              scorers: tuple[RunScorer, ...] = RUN_SCORERS) -> tuple[dict[str, Score], list[str]]:
    """'<scorer>: <key>' -> score, and notices for scorers that could not run."""
    scores: dict[str, Score] = {}
    notices: list[str] = []
    for scorer in scorers:
        rows = store_rows(store, scorer.table)
        expected = load_expected(scorer)
        if rows is None or expected is None:
            notices.append(f"Bỏ qua {scorer.name}: chưa có bảng {scorer.table} trong {store} "
                           f"hoặc chưa có {scorer.expected_path}")
            continue
        for key, score in scorer.score(rows, expected).items():
            scores[f"{scorer.name}: {key}"] = score
    return scores, notices
