"""Figures of .docx tables read from ingest's cells: a two-row header gives each column its
path (the unit column under "Kết quả thống kê"), header cells give no figures, and a
vertically merged cell's text (and its figures) belongs to its first row only."""

from __future__ import annotations

from pathlib import Path

import docx

from extractors.quantities import extract
from pipeline.ingest import ingest
from pipeline.model import Document, Figure
from pipeline.semantics.tables import table_grids, without_identifiers

HEADER_NOTE = "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)"


def _statistics_table(path: Path) -> Path:
    """A report table as provinces write them: "STT" and the indicator merged over the two
    header rows, "Kết quả thống kê" over "Đơn vị tính | Số liệu"."""
    document = docx.Document()
    rows = [["STT", HEADER_NOTE, "Kết quả thống kê", "", "Ghi chú"],
            ["", "", "Đơn vị tính", "Số liệu", ""],
            ["1", "Kinh phí hỗ trợ", "Triệu đồng", "13.203.300", ""],
            ["2", "Số công chức được tuyển dụng", "Người", "0", ""],
            ["3", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "100", ""],
            ["4", "Số nhiệm vụ đã hoàn thành", "Nhiệm vụ", "11", "Gồm 7 nhiệm vụ trọng tâm"],
            ["5", "Số nhiệm vụ chưa hoàn thành", "Nhiệm vụ", "17", ""]]
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 2).merge(table.cell(0, 3))
    table.cell(0, 4).merge(table.cell(1, 4))
    table.cell(5, 4).merge(table.cell(6, 4))  # the note covers rows 4 and 5
    document.save(str(path))
    return path


def _figures(document: Document) -> list[Figure]:
    return extract(document.text, tables=table_grids(document))


def test_the_unit_column_under_a_two_row_header_gives_the_unit(tmp_path: Path) -> None:
    document = ingest(_statistics_table(tmp_path / "bang.docx"))
    found = {f.raw: (f.value, f.unit, f.unit_class) for f in _figures(document)}
    assert found["13.203.300"] == (13_203_300_000_000, "VND", "money")
    assert found["0"][2] == "count"
    assert found["100"] == (100, "%", "percent")
    assert found["11"] == (11, "nhiệm vụ", "count")
    # "6 tháng" of the header names the indicator's period, no figure; nor are row numbers
    assert not any(f.raw.startswith("6") for f in _figures(document))
    assert not any(f.raw in ("1", "2", "3", "4", "5") for f in _figures(document))


def test_a_vertically_merged_cell_is_written_once(tmp_path: Path) -> None:
    document = ingest(_statistics_table(tmp_path / "bang.docx"))
    assert document.text.count("Gồm 7 nhiệm vụ trọng tâm") == 1
    assert document.text.count("STT") == 1 and document.text.count(HEADER_NOTE) == 1
    notes = [f for f in _figures(document) if f.raw == "7 nhiệm vụ"]
    assert len(notes) == 1
    table = next(block for block in document.blocks if block.kind == "table")
    assert table.rows is not None
    assert [row[4].text for row in table.rows[-2:]] == ["Gồm 7 nhiệm vụ trọng tâm", ""]
    assert table.rows[1][0].text == "" and table.rows[1][0].char_start == table.rows[1][
        0].char_end


def test_a_coded_answer_and_its_legend_are_not_figures(tmp_path: Path) -> None:
    document = docx.Document()
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"],
            ["1", "Khảo sát sự hài lòng của người dân", "Có = 1; Không = 0", "1"],
            ["2", "Hình thức khảo sát", "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2", "2"],
            ["3", "Số cuộc khảo sát", "Cuộc", "4"]]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(tmp_path / "ma.docx"))
    read = ingest(tmp_path / "ma.docx")
    figures = without_identifiers(read, _figures(read))
    assert [(f.raw, f.value, f.unit_class) for f in figures] == [("4", 4, "count")]
