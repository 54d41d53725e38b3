"""Table headers over two rows with merged cells, and columns of identifiers (codes, row
numbers, phone numbers) that give no figures: in .docx (python-docx merges) and in rows as
pdfplumber gives them (a merged cell's further columns empty)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from pipeline.ingest import ingest
from pipeline.model import Document
from pipeline.process import extract_rows
from pipeline.semantics.tables import cell_headers, header_depth, identifier_cells

from .table_document import table_document

SCORES = [["Chỉ số thành phần", "Hòa Sơn", "", "Phú An", ""],
          ["", "Điểm", "Xếp hạng", "Điểm", "Xếp hạng"],
          ["Công khai, minh bạch", "82,5", "3", "79,1", "7"],
          ["Tiếp cận đất đai", "71,2", "12", "75,4", "5"]]


def scores_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Bảng điểm các chỉ số thành phần của huyện Hòa Sơn và huyện Phú An.")
    table = document.add_table(rows=4, cols=5)
    table.style = "Table Grid"  # ruled: a PDF of it has a table pdfplumber finds
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Chỉ số thành phần"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Hòa Sơn"
    table.cell(0, 3).merge(table.cell(0, 4)).text = "Phú An"
    for row_index, row in enumerate(SCORES[1:], 1):
        for column, text in enumerate(row):
            if text:
                table.cell(row_index, column).text = text
    document.add_paragraph("Các chỉ số còn lại giữ nguyên so với năm trước.")
    document.save(str(path))
    return path


def offset_of(document: Document, text: str, row: int) -> int:
    table = next(block for block in document.blocks if block.kind == "table")
    assert table.rows is not None
    return next(cell.char_start for cell in table.rows[row] if cell.text == text)


def test_docx_merged_header_cells_keep_the_grid_and_are_written_once(tmp_path: Path):
    document = ingest(scores_docx(tmp_path / "diem.docx"))
    table = next(block for block in document.blocks if block.kind == "table")
    # A horizontal merge is written once (then empty cells); a vertical one, as python-docx
    # reads it, in each row it covers.
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["Chỉ số thành phần", "Hòa Sơn", "", "Phú An", ""],
        ["Chỉ số thành phần", *SCORES[1][1:]], *SCORES[2:]]
    assert document.text.count("Hòa Sơn |") == 1
    for row in table.rows:
        for cell in row:
            assert document.text[cell.char_start:cell.char_end] == cell.text


@pytest.mark.parametrize("source", ["docx", "pdf rows"])
def test_two_row_header_gives_each_column_its_full_header(source: str, tmp_path: Path):
    document = (ingest(scores_docx(tmp_path / "diem.docx")) if source == "docx"
                else table_document(SCORES, before="Bảng điểm.\n"))
    rank = offset_of(document, "12", 3)
    assert cell_headers(document, rank) == ("Tiếp cận đất đai", "Hòa Sơn > Xếp hạng")
    score = offset_of(document, "79,1", 2)
    assert cell_headers(document, score) == ("Công khai, minh bạch", "Phú An > Điểm")
    # A cell of the second header row is a header, not a body cell.
    assert cell_headers(document, offset_of(document, "Điểm", 1)) == (None, None)


def test_a_row_with_numbers_is_a_body_row_not_a_second_header_row():
    rows = [["Chỉ tiêu", "Kế hoạch", ""], ["Lao động", "12.000", "12.345"],
            ["Hộ nghèo", "450", "430"]]
    document = table_document(rows)
    table = document.blocks[0]
    assert table.rows is not None
    assert header_depth(table.rows) == 1
    assert cell_headers(document, offset_of(document, "12.345", 1)) == ("Lao động", "")


def test_row_number_is_not_the_row_header():
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"],
            ["1.1", "Số hồ sơ tiếp nhận trực tuyến", "Hồ sơ", "2.047"]]
    document = table_document(rows)
    assert cell_headers(document, offset_of(document, "2.047", 1)) == (
        "Số hồ sơ tiếp nhận trực tuyến", "Số liệu")


def in_identifier(document: Document, offset: int) -> bool:
    return any(start <= offset < end for start, end in identifier_cells(document))


CODES = [["STT", "Mã TTHC", "Tên thủ tục", "Mã hồ sơ", "Điện thoại", "Số hồ sơ"],
         ["1", "2.001234", "Cấp giấy phép trồng rừng", "1.004567", "0263 3822 123", "415"],
         ["2", "1.005678", "Cấp giấy phép chăn nuôi", "2.000987", "0263 3822 456", "120"]]


@pytest.mark.parametrize(("text", "identifier"), [
    ("2.001234", True),  # under "Mã TTHC"
    ("1.004567", True),  # under "Mã hồ sơ"
    ("0263 3822 123", True),  # under "Điện thoại"
    ("1", True),  # under "STT"
    ("415", False),
])
def test_identifier_columns_by_header(text: str, identifier: bool):
    document = table_document(CODES)
    assert in_identifier(document, offset_of(document, text, 1)) is identifier


def test_identifier_column_by_its_cells():
    rows = [["Thủ tục", "Mã", "Số hồ sơ"], ["Trồng rừng", "2.001234", "415"],
            ["Chăn nuôi", "1.00xyz", "120"], ["Thủy sản", "2.002345", "98"]]
    document = table_document([[rows[0][0], "Ký tự", rows[0][2]], *rows[1:]])
    assert in_identifier(document, offset_of(document, "1.00xyz", 2))
    assert not in_identifier(document, offset_of(document, "98", 3))


def test_codes_and_phone_numbers_give_no_figures(tmp_path: Path):
    word = docx.Document()
    word.add_paragraph("Danh sách thủ tục hành chính của huyện Hòa Sơn đã tiếp nhận hồ sơ.")
    table = word.add_table(rows=len(CODES), cols=len(CODES[0]))
    for row_index, row in enumerate(CODES):
        for column, text in enumerate(row):
            table.cell(row_index, column).text = text
    path = tmp_path / "thu-tuc.docx"
    word.save(str(path))
    document = ingest(path)
    metrics = extract_rows(document, "d1", None).rows["metrics"]
    raws = {row["raw"] for row in metrics}
    assert {"415", "120"} <= raws
    assert not raws & {"2.001234", "1.005678", "1.004567", "2.000987", "0263 3822 123"}


SUPPORT = [["Đơn vị", "Hồ sơ đã hỗ trợ/trực tuyến/tổng số", "Hồ sơ đúng hạn"],
           ["Xã Hòa Sơn", "120/340/365", "415/530 (78,3%)"],
           ["Xã Phú An", "98/210/230", "12/20 (60%)"]]


def metrics_of(document: Document) -> list[dict]:
    return extract_rows(document, "d1", None).rows["metrics"]


def test_slashed_cells_give_a_ratio_or_one_figure_per_part_of_the_header():
    document = table_document(SUPPORT, before="Kết quả hỗ trợ hồ sơ trực tuyến của các xã.\n")
    by_raw = {row["raw"]: row for row in metrics_of(document)}
    assert {raw: (row["value"], row["denominator"]) for raw, row in by_raw.items()} == {
        "120": (120, None), "340": (340, None), "365": (365, None),
        "415/530": (415, 530), "78,3%": (78.3, None),
        "98": (98, None), "210": (210, None), "230": (230, None),
        "12/20": (12, 20), "60%": (60, None)}
    assert cell_headers(document, document.text.index("340")) == ("Xã Hòa Sơn", "trực tuyến")
    assert cell_headers(document, document.text.index("365")) == ("Xã Hòa Sơn", "tổng số")
    assert by_raw["415/530"]["unit_class"] == "count"


def test_slashed_cell_under_a_header_naming_one_thing_gives_no_guess():
    rows = [["Đơn vị", "Hồ sơ"], ["Xã Hòa Sơn", "120/340/365"]]
    assert [row["raw"] for row in metrics_of(table_document(rows))] == []


@pytest.mark.slow
def test_two_row_header_of_a_pdf_table(tmp_path: Path):
    if shutil.which("soffice") is None:
        pytest.skip("cần cài LibreOffice (Debian: libreoffice-writer) để tạo PDF thử")
    source = scores_docx(tmp_path / "diem.docx")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=120)
    document = ingest(tmp_path / "diem.pdf")
    assert cell_headers(document, offset_of(document, "12", 3)) == (
        "Tiếp cận đất đai", "Hòa Sơn > Xếp hạng")
    assert cell_headers(document, offset_of(document, "79,1", 2)) == (
        "Công khai, minh bạch", "Phú An > Điểm")


def test_scores_and_ranks_under_a_two_row_header_get_their_class():
    metrics = metrics_of(table_document(SCORES, before="Bảng điểm các chỉ số.\n"))
    assert [(row["raw"], row["unit_class"]) for row in metrics] == [
        ("82,5", "score"), ("3", "rank"), ("79,1", "score"), ("7", "rank"),
        ("71,2", "score"), ("12", "rank"), ("75,4", "score"), ("5", "rank")]
    assert metrics[5]["subject"] == "Tiếp cận đất đai – Hòa Sơn > Xếp hạng"
