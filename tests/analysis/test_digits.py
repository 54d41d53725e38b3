"""Digit screening (pipeline.analysis.digits): Benford data conforms, uniform digits do not,
small samples get no verdict, and only actual counts and money are screened."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipeline.analysis.digits import (
    LEVELS,
    NOT_ENOUGH,
    TESTS,
    digit_test,
    leading_digits,
    screen,
)
from pipeline.cli import main
from pipeline.store import database_path

FIRST, FIRST_TWO = TESTS
GEOMETRIC = 100 * 1.013 ** np.arange(3000)  # log10(1.013) is irrational: Benford
UNIFORM = np.random.default_rng(5).integers(10, 100_000, 3000).astype(float)


def _store(connection: duckdb.DuckDBPyConnection,
           figures: list[tuple[str, str, int | None, float, str, str]]) -> None:
    """documents and metrics tables holding `figures`: (doc_id, agency, report_year, value,
    kind, unit_class)."""
    connection.execute("CREATE TABLE documents (doc_id VARCHAR, status VARCHAR, "
                       "agency VARCHAR, report_year BIGINT)")
    connection.execute("CREATE TABLE metrics (doc_id VARCHAR, value DOUBLE, kind VARCHAR, "
                       "unit_class VARCHAR)")
    documents = {(doc, agency, year) for doc, agency, year, *_ in figures}
    connection.executemany("INSERT INTO documents VALUES (?, 'ok', ?, ?)", sorted(
        documents, key=str))
    connection.executemany("INSERT INTO metrics VALUES (?, ?, ?, ?)",
                           [(doc, value, kind, unit) for doc, _, _, value, kind, unit in figures])


def _rows(frame, **where) -> list[dict]:
    return [row for row in frame.to_dict("records")
            if all(row[key] == value for key, value in where.items())]


def test_leading_digits_of_round_and_scaled_values() -> None:
    values = np.array([1000, 999.99, 12_360_000_000, 5, 10, 99.5])
    assert leading_digits(values, 1).tolist() == [1, 9, 1, 5, 1, 9]
    assert leading_digits(values[values >= 10], 2).tolist() == [10, 99, 12, 10, 99]


def test_minimum_samples_follow_from_the_acceptable_bound() -> None:
    # E[MAD] of Benford data itself reaches the 'acceptable' bound at these sizes
    assert (FIRST.minimum_n, FIRST_TWO.minimum_n) == (384, 1944)


def test_a_geometric_series_conforms_and_uniform_digits_do_not() -> None:
    for test in TESTS:
        conforming = digit_test(GEOMETRIC, test)
        assert conforming["n"] >= test.minimum_n
        assert conforming["conformity"] == LEVELS[0], (test.name, conforming["mad"])
        uniform = digit_test(UNIFORM, test)
        assert uniform["conformity"] == LEVELS[-1], (test.name, uniform["mad"])
        assert uniform["mad"] > test.bounds[2]


def test_a_small_sample_says_it_cannot_judge_but_gives_its_mad() -> None:
    result = digit_test(UNIFORM[:200], FIRST)
    assert result["n"] == 200 and result["conformity"] == NOT_ENOUGH
    assert result["mad"] > FIRST.bounds[2]


def test_screen_counts_only_actual_counts_and_money_per_agency_and_year() -> None:
    connection = duckdb.connect()
    agency = "Sở Lao động – Thương binh và Xã hội"
    figures = [("d1", agency, 2022, float(v), "actual", "count") for v in GEOMETRIC[:2000]]
    figures += [("d1", agency, 2022, float(v) * 1e6, "actual", "money")
                for v in GEOMETRIC[2000:]]
    excluded = [("target", "count"), ("plan", "money"), ("actual", "percent"),
                ("actual", "score"), ("actual", "rank"), ("change", "count")]
    figures += [("d1", agency, 2022, 55.0, kind, unit)
                for kind, unit in excluded for _ in range(50)]
    figures += [("d2", agency, 2023, 7.0, "actual", "count")] * 10  # < 10: first digit only
    _store(connection, figures)
    frame = screen(connection)
    assert {"scope", "agency", "report_year", "test", "n", "mad", "conformity"} <= set(frame)
    [first_2022] = _rows(frame, scope="agency", report_year=2022, test="first")
    assert first_2022["n"] == 3000 and first_2022["conformity"] == LEVELS[0]
    [two_2023] = _rows(frame, scope="agency", report_year=2023, test="first_two")
    assert two_2023["n"] == 0 and two_2023["conformity"] == NOT_ENOUGH
    [first_2023] = _rows(frame, scope="agency", report_year=2023, test="first")
    assert first_2023["n"] == 10 and first_2023["observed"][6] == 1.0
    [archive] = _rows(frame, scope="archive", test="first")
    assert archive["n"] == 3010 and pd.isna(archive["agency"])


def test_baocao_digits_prints_the_screen_with_vietnamese_titles(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    connection = duckdb.connect(str(database_path(tmp_path)))
    _store(connection, [("d1", "UBND tỉnh", 2025, float(v), "actual", "count")
                        for v in UNIFORM[:500]])
    connection.close()
    assert main(["digits", "-o", str(tmp_path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["cơ quan"], r["phép thử"], r["số giá trị"]) for r in rows] == [
        ("UBND tỉnh", "chữ số đầu", 500), ("UBND tỉnh", "hai chữ số đầu", 500),
        ("(toàn kho)", "chữ số đầu", 500), ("(toàn kho)", "hai chữ số đầu", 500)]
    assert rows[0]["mức phù hợp"] == LEVELS[-1]
    assert rows[1]["mức phù hợp"] == NOT_ENOUGH
