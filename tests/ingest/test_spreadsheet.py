"""Spreadsheets (.xlsx, .xls): each sheet a heading and a table, numbers as displayed."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from pipeline.ingest import ingest
from pipeline.ingest.spreadsheet import format_cell, format_number
from pipeline.process import process_file

HEADER = ["TT", "Đơn vị", "Số hộ nghèo (hộ)", "Tỷ lệ hộ nghèo", "Kinh phí (triệu đồng)"]
DISTRICTS = [(1, "Huyện Kim Sơn", 1234, 0.025, 1500.5),
             (2, "Huyện Yên Mô", 987, 0.031, 820.0),
             (3, "Thành phố Tam Điệp", 15939, 0.0125, 12000.0)]


def workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục 1"
    sheet.append(HEADER)
    for row in DISTRICTS:
        sheet.append(list(row))
        cells = sheet[sheet.max_row]
        cells[2].number_format = "#,##0"
        cells[3].number_format = "0.0%"
        cells[4].number_format = "#,##0.0"
    book.create_sheet("Trống")
    notes = book.create_sheet("Ghi chú")
    notes.append(["Ngày lập", date(2024, 12, 15)])
    notes.append(["Ghi chú", "Số liệu 15.939 lao động là số ước"])
    book.save(path)
    return path


@pytest.mark.parametrize("value, number_format, shown", [
    (12345.0, None, "12345"), (12345, "#,##0", "12.345"), (0.025, "0.0%", "2,5%"),
    (1234.5, "#,##0.0", "1.234,5"), (2024.0, "General", "2024"), (69.991, "General", "69,991"),
    (-1234567.891, "#,##0.00", "-1.234.567,89"), (5, "0.00", "5,00"), (0.5, "0%", "50%"),
    (1234, '#,##0" hộ"', "1.234"),
])
def test_numbers_as_displayed_in_vietnamese_style(value, number_format, shown):
    assert format_number(value, number_format) == shown


def test_cells_other_than_numbers():
    assert format_cell(date(2024, 1, 5)) == "05/01/2024"
    assert format_cell("15.939 lao động") == "15.939 lao động"  # text is kept as written
    assert format_cell(None) == ""


def test_xlsx_sheets_become_headed_tables(tmp_path: Path):
    document = ingest(workbook(tmp_path / "phu-luc.xlsx"))
    assert document.format == "xlsx" and document.pages is None
    assert [block.kind for block in document.blocks] == ["heading", "table", "heading", "table"]
    table = document.blocks[1]
    rows = [[cell.text for cell in row] for row in table.rows]
    assert rows[0] == HEADER
    assert rows[1] == ["1", "Huyện Kim Sơn", "1.234", "2,5%", "1.500,5"]
    assert rows[3] == ["3", "Thành phố Tam Điệp", "15.939", "1,3%", "12.000,0"]
    for row in table.rows:
        for cell in row:
            assert document.text[cell.char_start:cell.char_end] == cell.text
    assert "Phụ lục 1\nTT | Đơn vị | Số hộ nghèo (hộ)" in document.text
    assert "Trống" not in document.text  # an empty sheet is left out
    assert "Ngày lập | 15/12/2024" in document.text


def test_xlsx_figures_come_out_with_values(tmp_path: Path):
    result = process_file(workbook(tmp_path / "phu-luc.xlsx"))
    assert result.status == "ok", result.rows["documents"][0]["error"]
    assert result.rows["documents"][0]["format"] == "xlsx"
    found = {(m["raw"], m["value"], m["unit"], m["unit_class"]) for m in result.rows["metrics"]}
    # the unit of a column comes from its header, as in a docx table
    assert {("1.234", 1234, "hộ", "count"), ("2,5%", 2.5, "%", "percent"),
            ("1.500,5", 1500.5e6, "VND", "money"), ("15.939", 15939, "hộ", "count"),
            ("1,3%", 1.3, "%", "percent")} <= found


def test_xlsx_named_xls_and_sniffed(tmp_path: Path):
    path = workbook(tmp_path / "phu-luc.xlsx")
    renamed = tmp_path / "phu-luc.xls"
    shutil.copy(path, renamed)
    assert ingest(renamed).format == "xlsx"


def test_xls_through_xlrd(tmp_path: Path):
    xlwt = pytest.importorskip("xlwt", reason="cần cài xlwt (pip, trong requirements.lock) "
                               "để tạo tệp .xls mẫu")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Phụ lục 1")
    formats = [None, None, xlwt.easyxf(num_format_str="#,##0"),
               xlwt.easyxf(num_format_str="0.0%"), xlwt.easyxf(num_format_str="#,##0.0")]
    for column, title in enumerate(HEADER):
        sheet.write(0, column, title)
    for row_index, row in enumerate(DISTRICTS, 1):
        for column, value in enumerate(row):
            if formats[column] is None:
                sheet.write(row_index, column, value)
            else:
                sheet.write(row_index, column, value, formats[column])
    book.add_sheet("Trống")
    notes = book.add_sheet("Ghi chú")
    notes.write(0, 0, "Ngày lập")
    notes.write(0, 1, date(2024, 12, 15), xlwt.easyxf(num_format_str="dd/mm/yyyy"))
    notes.write(1, 0, "Ghi chú")
    notes.write(1, 1, "Số liệu 15.939 lao động là số ước")
    path = tmp_path / "phu-luc.xls"
    book.save(str(path))
    document = ingest(path)
    assert document.format == "xls"
    assert document.text == ingest(workbook(tmp_path / "phu-luc.xlsx")).text


@pytest.mark.parametrize("name, data", [
    ("hong.xlsx", b"PK\x03\x04" + bytes(200)),
    ("hong.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
    ("rac.xlsx", b"not a workbook at all"),
])
def test_a_corrupt_spreadsheet_is_a_failed_row(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    result = process_file(path)
    assert result.status == "failed"
    error = result.rows["documents"][0]["error"]
    assert error.startswith("Tệp bảng tính bị hỏng hoặc không đọc được"), error


def test_discovery_picks_up_spreadsheets(tmp_path: Path):
    from pipeline.batch.discover import discover

    (tmp_path / "a.xlsx").write_bytes(b"x")
    (tmp_path / "b.XLS").write_bytes(b"x")
    (tmp_path / "c.csv").write_bytes(b"x")
    assert [p.name for p in discover([tmp_path], tmp_path / "out")] == ["a.xlsx", "b.XLS"]
