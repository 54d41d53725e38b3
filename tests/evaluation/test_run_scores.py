"""The hook for scores over the whole run: a scorer entry reads its table from the store."""

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as parquet

from evaluation.cli import main
from evaluation.matching import Score
from evaluation.run_scores import score_run


@dataclass
class RuleCountScorer:
    """Per rule: expected findings found (TP), extra (FP), absent (FN); counts only."""

    name: str
    table: str
    expected_path: Path

    def score(self, rows: list[dict], expected: object) -> dict[str, Score]:
        scores = {}
        for rule, wanted in expected.items():
            found = sum(1 for row in rows if row["rule"] == rule)
            hit = min(found, wanted)
            scores[rule] = Score(hit, found - hit, wanted - hit)
        return scores


def test_a_run_scorer_reads_its_table_and_expectation(tmp_path):
    (tmp_path / "tables").mkdir()
    parquet.write_table(pa.table({"rule": ["sum", "sum", "ratio"]}),
                        tmp_path / "tables" / "findings.parquet")
    expected = tmp_path / "expected.json"
    expected.write_text('{"sum": 1, "ratio": 2}', encoding="utf-8")
    scores, notices = score_run(tmp_path, (RuleCountScorer("checks", "findings", expected),))
    assert notices == []
    assert scores == {"checks: sum": Score(1, 1, 0), "checks: ratio": Score(1, 0, 1)}


def test_a_run_scorer_without_its_table_is_skipped_with_a_notice(tmp_path):
    scorer = RuleCountScorer("checks", "findings", tmp_path / "expected.json")
    scores, notices = score_run(tmp_path, (scorer,))
    assert scores == {} and "findings" in notices[0]


def test_cli_reports_and_exits_zero(tmp_path, capsys):
    misses = tmp_path / "misses.txt"
    assert main(["--misses", str(misses), "--store", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "figures" in out and "dates" in out and "citations" in out
    assert misses.exists()
