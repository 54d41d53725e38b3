"""The archive-scale generator: every format, read by the pipeline, the same for a seed, and
its planted inconsistencies found by the comparer."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from corpus import generate
from pipeline.process import process_file
from tests.baocao_command import baocao

REPORTS = 24
SEED = 7


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("generated")
    summary = generate.generate(REPORTS, out, seed=SEED)
    return out, summary


@pytest.fixture(scope="module")
def expected(generated: tuple[Path, dict]) -> list[dict]:
    out, _ = generated
    return json.loads((out / "expected_findings.json").read_text(encoding="utf-8"))["findings"]


def files(out: Path) -> list[Path]:
    return list(generate.iter_files(out))


def test_every_format_is_written(generated: tuple[Path, dict]) -> None:
    out, summary = generated
    wanted = {name for name, _ in generate.FORMATS}
    if shutil.which("soffice") is None:
        wanted.discard("pdf")  # written as .docx without LibreOffice
    assert set(summary["formats"]) == wanted
    assert summary["reports"] == REPORTS == len(files(out))
    assert summary["agencies"] >= 3
    suffixes = {path.suffix for path in files(out)}
    assert {".txt", ".md", ".docx"} <= suffixes
    assert (".pdf" in suffixes) == ("pdf" in wanted)


def test_plain_text_is_in_the_encodings_the_ingest_reads(generated: tuple[Path, dict]) -> None:
    from pipeline.ingest.encoding import decode_text

    out, _ = generated
    found = {decode_text(path.read_bytes()).encoding for path in files(out)
             if path.suffix == ".txt"}
    assert {"utf-8", "utf-16", "cp1258", "tcvn3", "vni"} <= found


def test_same_seed_same_reports(tmp_path: Path) -> None:
    def texts(folder: Path) -> dict[Path, bytes]:
        return {path.relative_to(folder): path.read_bytes()
                for path in generate.iter_files(folder) if path.suffix in (".txt", ".md")}

    runs = {name: tmp_path / name for name in ("a", "b", "c")}
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate.generate(12, runs[name], seed=seed, make_pdf=False)
    assert texts(runs["a"]) and texts(runs["a"]) == texts(runs["b"])
    assert (runs["a"] / "expected_findings.json").read_bytes() == \
        (runs["b"] / "expected_findings.json").read_bytes()
    assert texts(runs["c"]) != texts(runs["a"])


def test_one_file_of_each_format_is_read_with_its_figures(generated: tuple[Path, dict]
                                                          ) -> None:
    out, _ = generated
    by_suffix: dict[str, Path] = {}
    for path in files(out):
        by_suffix.setdefault(path.suffix, path)
    for path in by_suffix.values():
        result = process_file(path)
        document = result.rows["documents"][0]
        assert result.status == "ok", (path, document["error"])
        assert document["agency"] and document["report_year"], path
        assert len(result.rows["metrics"]) >= 2, path


@pytest.mark.slow
def test_a_run_reads_every_file_and_finds_what_was_planted(
        generated: tuple[Path, dict], expected: list[dict], tmp_path: Path) -> None:
    out, _ = generated
    assert {entry["rule"] for entry in expected} == {
        "parts_total", "percentage", "cross_year_restatement"}
    store = tmp_path / "store"
    run = baocao("run", str(out / "reports"), "-o", str(store), "--quiet")
    assert run.returncode == 0, run.stderr
    statuses = json.loads(baocao("query", "-o", str(store), "--format", "json",
                                 "SELECT path, status FROM documents").stdout)
    assert len(statuses) == REPORTS
    assert all(row["status"] == "ok" for row in statuses), statuses
    findings = json.loads(baocao(
        "query", "-o", str(store), "--format", "json",
        "SELECT f.rule, f.sentence, f.observed, d.path FROM findings f "
        "JOIN documents d USING (doc_id) WHERE f.severity IN ('error', 'warning')").stdout)
    for entry in expected:
        assert any(f["rule"] == entry["rule"] and f["path"].endswith(entry["file"])
                   and entry["substring"] in (f["sentence"] or "")
                   and f["observed"] == pytest.approx(entry["stated"])
                   for f in findings), entry["explanation"]


def test_an_archive_larger_than_the_provinces_hold_gets_provinces_added() -> None:
    """Eight provinces hold about 21,000 reports; 100,000 are as many distinct reports (no
    agency and period twice) of agencies with distinct names, the comparer's series key."""
    assert generate.load_agencies(10_000) == generate.load_agencies()  # small: unchanged
    agencies = generate.load_agencies(100_000)
    assert len({agency.full_name for agency in agencies}) == len(agencies)
    reports = generate.choose_reports(agencies, 100_000, random.Random(SEED))
    assert len({(report.agency.ident, report.period) for report in reports}) == 100_000
    added = {agency.province for agency in agencies} - {
        agency.province for agency in generate.load_agencies()}
    assert len(added) > 20


def test_more_reports_than_the_place_names_allow_is_refused_with_a_message(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        generate.main(["--reports", "10000000", "--out", str(tmp_path / "x")])
    assert "tối đa" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
