"""`baocao export`: the sample corpus's store as a workbook that openpyxl and LibreOffice read
with the tables' row counts, Vietnamese titles and frozen headers; a table over the row limit
goes on in numbered sheets; cells Excel cannot hold are made safe."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from baocao_command import SAMPLE_REPORTS, baocao
from openpyxl import Workbook, load_workbook

from pipeline.export import export_xlsx
from pipeline.export.xlsx import EXCEL_MAX_CELL, SHEETS, column_titles
from pipeline.store import database_path, empty_tables, table_from_rows, write_tables

CALC_PACKAGE = "LibreOffice Calc (Debian: libreoffice-calc)"
# LibreOffice's CSV filter: comma, double quote, UTF-8, first line, ..., every sheet (-1)
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "out"
    result = baocao("run", str(SAMPLE_REPORTS), "-o", str(out), "--quiet", "--workers", "1")
    assert result.returncode == 0, result.stderr
    return out


def table_counts(out: Path) -> dict[str, int]:
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    try:
        return {sheet.table: connection.execute(f"SELECT count(*) FROM {sheet.table}"
                                                ).fetchone()[0] for sheet in SHEETS}
    finally:
        connection.close()


def soffice_csv(workbook: Path, folder: Path) -> dict[str, list[list[str]]]:
    """Every sheet of the workbook as LibreOffice reads it (sheet name -> CSV rows)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(f"cần cài {CALC_PACKAGE} để kiểm tra tệp .xlsx")
    folder.mkdir()
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", ALL_SHEETS_CSV,
                    "--outdir", str(folder), str(workbook)],
                   capture_output=True, timeout=180, check=False)
    prefix = f"{workbook.stem}-"
    return {path.stem.removeprefix(prefix): list(csv.reader(
                path.read_text(encoding="utf-8").splitlines(keepends=True)))
            for path in folder.glob(f"{prefix}*.csv")}


@pytest.fixture(scope="module")
def calc_available(tmp_path_factory: pytest.TempPathFactory) -> None:
    """LibreOffice may be there without Calc (libreoffice-writer alone cannot open .xlsx):
    a workbook written by openpyxl itself tells."""
    folder = tmp_path_factory.mktemp("probe")
    workbook = Workbook()
    workbook.active.append(["a"])
    workbook.save(folder / "probe.xlsx")
    if not soffice_csv(folder / "probe.xlsx", folder / "csv"):
        pytest.skip(f"cần cài {CALC_PACKAGE}: LibreOffice không mở được tệp .xlsx")


@pytest.mark.slow
def test_export_opens_in_libreoffice_with_the_tables_row_counts(
        out: Path, tmp_path: Path, calc_available: None) -> None:
    workbook = tmp_path / "bang.xlsx"
    result = baocao("export", "-o", str(out), str(workbook))
    assert result.returncode == 0, result.stderr
    counts = table_counts(out)
    assert all(counts[name] > 0 for name in counts), counts
    sheets = soffice_csv(workbook, tmp_path / "csv")
    assert set(sheets) == {s.title for s in SHEETS}
    for sheet in SHEETS:
        rows = sheets[sheet.title]
        assert len(rows) - 1 == counts[sheet.table], sheet.title
        assert f"{sheet.title}: {counts[sheet.table]} dòng" in result.stdout
    header = sheets["Số liệu"][0]
    assert header[:4] == ["Tệp", "Trang", "Câu", "Số liệu như viết"]
    jobs = [row for row in sheets["Số liệu"][1:] if row[3] == "16.830 lao động"]
    assert jobs and jobs[0][header.index("Giá trị")] == "16830"
    assert jobs[0][0].endswith("bao-cao-2022.pdf") and "16.830 lao động" in jobs[0][2]


@pytest.mark.slow
def test_export_has_vietnamese_titles_and_frozen_headers(out: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "bang.xlsx"
    written = export_xlsx(out, workbook)
    book = load_workbook(workbook, read_only=False)
    counts = table_counts(out)
    assert [w.title for w in written] == book.sheetnames == [s.title for s in SHEETS]
    for sheet in SHEETS:
        worksheet = book[sheet.title]
        assert worksheet.freeze_panes == "A2"
        titles = [cell.value for cell in worksheet[1]]
        assert all(cell.font.bold for cell in worksheet[1])
        assert set(titles) <= set(column_titles().values())
        assert worksheet.max_row - 1 == counts[sheet.table]
    targets = book["Chỉ tiêu và thực hiện"]
    header = [cell.value for cell in targets[1]]
    jobs = {row[header.index("Kỳ")]: (row[header.index("Chỉ tiêu đặt ra")],
                                      row[header.index("Thực hiện")])
            for row in targets.iter_rows(min_row=2, values_only=True)
            if row[header.index("Chỉ tiêu")] == "job_creation"}
    assert jobs == {"2021": (16000, 16240), "2022": (16500, 16830), "2023": (17200, 17050),
                    "2024": (17500, None)}


@pytest.mark.slow
def test_a_table_over_the_row_limit_goes_on_in_numbered_sheets(
        out: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "nho.xlsx"
    limit = 40  # rows a sheet holds, its header included
    written = export_xlsx(out, workbook, max_rows=limit)
    counts = table_counts(out)
    book = load_workbook(workbook, read_only=True)
    metrics = [w for w in written if w.table == "metrics"]
    assert len(metrics) == -(-counts["metrics"] // (limit - 1)) > 1
    assert [w.title for w in metrics][:3] == ["Số liệu", "Số liệu (2)", "Số liệu (3)"]
    assert sum(w.rows for w in metrics) == counts["metrics"]
    first_ids = []
    for part in metrics:
        rows = list(book[part.title].iter_rows(values_only=True))
        assert len(rows) - 1 == part.rows and len(rows) <= limit
        assert rows[0][0] == "Tệp"  # every part has the header
        first_ids.append(rows[1][-2])
    assert len(set(first_ids)) == len(first_ids)  # no row written twice
    assert [w.table for w in written].count("documents") == 1


def test_an_exact_fit_makes_no_empty_sheet_and_an_empty_table_its_header(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    tables = empty_tables()
    tables["documents"] = table_from_rows("documents", [
        {"doc_id": f"d{i}", "path": f"/r/{i}.txt", "status": "ok"} for i in range(3)])
    write_tables(out, tables)
    written = export_xlsx(out, tmp_path / "a.xlsx", max_rows=4)
    assert [(w.title, w.rows) for w in written if w.table in ("documents", "findings")] == [
        ("Văn bản", 3), ("Phát hiện", 0)]
    book = load_workbook(tmp_path / "a.xlsx", read_only=True)
    assert [row[0] for row in book["Phát hiện"].iter_rows(values_only=True)] == ["Mức độ"]


def test_cells_excel_cannot_hold_are_made_safe(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    tables = empty_tables()
    tables["documents"] = table_from_rows("documents", [
        {"doc_id": "d", "path": "/r/a.pdf", "status": "ok"}])
    long_text = "x" * (EXCEL_MAX_CELL + 100)
    tables["metrics"] = table_from_rows("metrics", [
        {"doc_id": "d", "metric_id": "m1", "char_start": 0, "sentence": "=SUM(A1:A9)",
         "raw": "tự\x02do"},
        {"doc_id": "d", "metric_id": "m2", "char_start": 1, "sentence": long_text}])
    write_tables(out, tables)
    export_xlsx(out, tmp_path / "a.xlsx")
    sheet = load_workbook(tmp_path / "a.xlsx")["Số liệu"]
    header = [cell.value for cell in sheet[1]]
    sentence, raw = header.index("Câu") + 1, header.index("Số liệu như viết") + 1
    assert sheet.cell(2, sentence).value == "=SUM(A1:A9)"
    assert sheet.cell(2, sentence).data_type == "s"  # text, not a formula
    assert sheet.cell(2, raw).value == "tựdo"
    cut = sheet.cell(3, sentence).value
    assert len(cut) == EXCEL_MAX_CELL and cut.endswith("…")


def test_every_exported_column_has_a_vietnamese_title(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    write_tables(out, empty_tables())
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    try:
        for sheet in SHEETS:
            columns = [c[0] for c in connection.execute(sheet.sql).description]
            assert all((sheet.table, c) in column_titles() for c in columns), sheet.table
    finally:
        connection.close()


def test_export_refuses_with_a_vietnamese_message(tmp_path: Path) -> None:
    missing = baocao("export", "-o", str(tmp_path / "none"), str(tmp_path / "a.xlsx"))
    assert missing.returncode == 2 and "Chưa có kho dữ liệu" in missing.stderr
    out = tmp_path / "out"
    out.mkdir()
    write_tables(out, empty_tables())
    wrong = baocao("export", "-o", str(out), str(tmp_path / "a.csv"))
    assert wrong.returncode == 2 and "đuôi .xlsx" in wrong.stderr
    assert not (tmp_path / "a.csv").exists() and not (tmp_path / "a.xlsx").exists()
