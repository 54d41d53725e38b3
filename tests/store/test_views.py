"""The store's views (pipeline/store/views.py) on the sample corpus: they return the corpus's
known figures (corpus/README.md, expected_findings.json, the citation gold in corpus/gold),
through DuckDB and through `baocao query`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from baocao_command import REPO_ROOT, SAMPLE_REPORTS, baocao
from test_views_docs import documented_examples

from pipeline.store import database_path
from pipeline.store.views import VIEWS

CORPUS = REPO_ROOT / "corpus"
EXPECTED = json.loads((CORPUS / "expected_findings.json").read_text(encoding="utf-8"))
# corpus/README.md, "The indicators over the years": jobs created and the targets set for them.
JOBS_CREATED = {2020: 15120, 2021: 16240, 2022: 16830, 2023: 17050}
JOB_TARGETS = {2021: 16000, 2022: 16500, 2023: 17200, 2024: 17500}
TARGET_RULES = {"target_missed", "target_exceeded"}
# A target the comparer does not link either: "đưa 1.800 người" is counted in người, the
# actual "1.845 lao động" in lao động (figures of different units are never linked).
NOT_LINKED = {"N61"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("views") / "out"
    result = baocao("run", str(SAMPLE_REPORTS), "-o", str(out), "--quiet", "--workers", "1")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def connection(out: Path):
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    yield connection
    connection.close()


def rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def name(path: str | None) -> str | None:
    return Path(path).name if path else None


def test_every_view_is_in_the_store(connection: duckdb.DuckDBPyConnection) -> None:
    stored = {row["view_name"] for row in rows(
        connection, "SELECT view_name FROM duckdb_views() WHERE NOT internal")}
    assert set(VIEWS) <= stored


def test_indicator_series_follows_jobs_created_over_the_years(
        connection: duckdb.DuckDBPyConnection) -> None:
    found = rows(connection, """
        SELECT period_year, value, path FROM indicator_series
        WHERE indicator = 'job_creation' AND kind = 'actual' AND unit = 'lao động'
          AND NOT restated AND period_granularity IN ('year', 'cumulative')
        ORDER BY period_year""")
    assert {row["period_year"]: row["value"] for row in found} == JOBS_CREATED
    assert [name(row["path"]) for row in found] == [
        "bao-cao-2020.txt", "bao-cao-2021.docx", "bao-cao-2022.pdf", "bao-cao-2023.txt"]


def test_indicator_series_marks_restated_figures_and_leaves_parts_out(
        connection: duckdb.DuckDBPyConnection) -> None:
    restated = rows(connection, """
        SELECT period_year, value, path FROM indicator_series
        WHERE indicator = 'job_creation' AND kind = 'actual' AND unit = 'lao động' AND restated
        ORDER BY path""")
    # each report restates the previous year's figure in brackets; 2023 restates it wrongly (F6)
    assert [(name(r["path"]), r["period_year"], r["value"]) for r in restated] == [
        ("bao-cao-2020.txt", 2019, 15580), ("bao-cao-2021.docx", 2020, 15120),
        ("bao-cao-2022.pdf", 2021, 16240), ("bao-cao-2023.txt", 2022, 16880)]
    parts = rows(connection, """
        SELECT count(*) AS n FROM indicator_series s JOIN metrics m USING (metric_id)
        WHERE m.whole_metric_id IS NOT NULL""")
    assert parts[0]["n"] == 0
    assert rows(connection, "SELECT count(*) AS n FROM indicator_series WHERE indicator IS NULL"
                )[0]["n"] == 0


def test_indicator_series_keeps_provenance(connection: duckdb.DuckDBPyConnection) -> None:
    found = rows(connection, """
        SELECT s.raw, s.sentence, s.page, d.text, s.char_start, s.char_end
        FROM indicator_series s JOIN documents d USING (doc_id)
        WHERE s.indicator = 'job_creation' AND s.period = '2022' AND s.kind = 'actual'
          AND s.path LIKE '%2022.pdf'""")
    assert len(found) == 1
    row = found[0]
    assert row["text"][row["char_start"]:row["char_end"]] == row["raw"] == "16.830 lao động"
    assert row["raw"] in row["sentence"] and row["page"] is not None


def test_targets_vs_actuals_has_the_job_targets_2021_to_2024(
        connection: duckdb.DuckDBPyConnection) -> None:
    found = rows(connection, """
        SELECT period, target, actual, attainment, target_path, actual_path
        FROM targets_vs_actuals WHERE indicator = 'job_creation' ORDER BY period""")
    assert {int(r["period"]): r["target"] for r in found} == JOB_TARGETS
    for row in found:
        year = int(row["period"])
        assert name(row["target_path"]) == f"bao-cao-{year - 1}" + {
            2020: ".txt", 2021: ".docx", 2022: ".pdf", 2023: ".txt"}[year - 1]
        if year in JOBS_CREATED:
            assert row["actual"] == JOBS_CREATED[year]
            assert row["attainment"] == round(100 * JOBS_CREATED[year] / JOB_TARGETS[year], 1)
        else:  # no 2024 report yet
            assert row["actual"] is None and row["actual_path"] is None


@pytest.mark.parametrize("entry", [
    e for e in EXPECTED["findings"] + EXPECTED["must_not_flag"]
    if e["rule"] in TARGET_RULES and e["id"] not in NOT_LINKED], ids=lambda e: e["id"])
def test_targets_vs_actuals_pairs_every_known_target_with_its_actual(
        connection: duckdb.DuckDBPyConnection, entry: dict) -> None:
    found = [r for r in rows(connection, "SELECT * FROM targets_vs_actuals")
             if name(r["actual_path"]) == entry["file"]
             and name(r["target_path"]) == entry["other_file"]
             and r["actual"] == pytest.approx(entry["stated"])]
    assert len(found) == 1, entry["explanation"]
    assert found[0]["target"] == pytest.approx(entry["computed"])
    assert entry["other_substring"] in found[0]["target_sentence"]
    assert entry["substring"] in found[0]["actual_sentence"]


def test_targets_vs_actuals_reads_a_fall_against_the_stated_fall(
        connection: duckdb.DuckDBPyConnection) -> None:
    found = rows(connection, """
        SELECT period, target, target_max, is_fall, actual FROM targets_vs_actuals
        WHERE indicator = 'poverty_rate' ORDER BY period""")
    # corpus/README.md: the poor household rate fell 0,67 / 0,59 / 0,56 points
    assert [(r["period"], r["target"], r["target_max"], r["is_fall"], r["actual"])
            for r in found] == [
        ("2021", 0.5, 0.7, True, 0.67), ("2022", 0.5, 0.7, True, 0.59),
        ("2023", 0.5, 0.7, True, 0.56), ("2024", 0.4, 0.6, True, None)]


def _gold_citations() -> list[tuple[str, str]]:
    found = []
    for path in sorted((CORPUS / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["kind"] == "citation":
                found.append((path.name.removesuffix(".jsonl"), record["ref_key"]))
    return found


def test_reference_graph_has_every_cited_document_with_its_mentions(
        connection: duckdb.DuckDBPyConnection) -> None:
    expected = Counter(_gold_citations())
    found = {(name(r["path"]), r["ref_key"]): r["mentions"] for r in rows(
        connection, "SELECT path, ref_key, mentions FROM reference_graph")}
    assert found == dict(expected)
    decree = rows(connection, """SELECT doc_type, issuer_code, issued_date FROM reference_graph
                                 WHERE ref_key = '09/2019/NĐ-CP' AND path LIKE '%2020.txt'""")
    assert [(r["doc_type"], r["issuer_code"], str(r["issued_date"])) for r in decree] == [
        ("Nghị định", "CP", "2019-01-24")]


def test_cited_documents_counts_reports_and_first_and_last_citation(
        connection: duckdb.DuckDBPyConnection) -> None:
    gold = _gold_citations()
    found = {r["ref_key"]: r for r in rows(connection, "SELECT * FROM cited_documents")}
    assert set(found) == {key for _, key in gold}
    for key, row in found.items():
        files = sorted({file for file, ref in gold if ref == key})
        assert row["citing_reports"] == len(files), key
        assert row["mentions"] == sum(1 for _, ref in gold if ref == key), key
    resolution = found["14/2020/NQ-HĐND"]  # cited in 2021, 2022 and 2023
    assert (resolution["first_cited_year"], name(resolution["first_cited_in"]),
            resolution["last_cited_year"], name(resolution["last_cited_in"])) == (
        2021, "bao-cao-2021.docx", 2023, "bao-cao-2023.txt")


def test_baocao_query_sees_the_views(out: Path) -> None:
    result = baocao("query", "-o", str(out), "--format", "csv",
                    "SELECT period, target, actual FROM targets_vs_actuals "
                    "WHERE indicator = 'job_creation' ORDER BY period")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "period,target,actual", "2021,16000.0,16240.0", "2022,16500.0,16830.0",
        "2023,17200.0,17050.0", "2024,17500.0,"]


def test_the_documented_examples_print_what_docs_schema_shows(out: Path) -> None:
    for sql, printed in documented_examples():
        result = baocao("query", "-o", str(out), sql)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == printed, sql
