"""The sample corpus in corpus/reports (part of the repository): info and sections per file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.model import Document, Section
from pipeline.structure import document_info, parse_sections

REPORTS = Path(__file__).resolve().parents[2] / "corpus" / "reports"
AGENCY = "Sở Lao động – Thương binh và Xã hội"


@cache
def read(name: str) -> tuple[Document, tuple[Section, ...]]:
    document = ingest(REPORTS / name)
    return document, tuple(parse_sections(document))


EXPECTED = [
    ("bao-cao-2020.txt", "Báo cáo kết quả thực hiện nhiệm vụ năm 2020 và phương hướng, nhiệm vụ "
     "năm 2021", 2020, {"Phần thứ nhất > I > 3": "Công tác lao động, việc làm",
                    "Phần thứ hai > II": "Nhiệm vụ, giải pháp"}),
    ("bao-cao-2021.docx", "Báo cáo kết quả thực hiện nhiệm vụ năm 2021 và phương hướng, nhiệm vụ "
     "năm 2022", 2021, {"Phần thứ nhất > I > 2 > a": "Giải quyết việc làm",
                        "Phần thứ hai": "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2022"}),
    ("bao-cao-2022.pdf", "Báo cáo kết quả thực hiện nhiệm vụ năm 2022 và phương hướng, nhiệm vụ "
     "năm 2023", 2022, {"Phần thứ nhất > I > 2 > b": "Đưa người lao động đi làm việc ở nước ngoài",
                        "Phần thứ nhất > I > 10": "Cải cách hành chính, chuyển đổi số"}),
    ("bao-cao-2023.txt", "Báo cáo kết quả thực hiện nhiệm vụ năm 2023 và phương hướng, nhiệm vụ "
     "năm 2024", 2023, {"Phần thứ nhất > I > 1": "Công tác chỉ đạo, điều hành",
                        "Phần thứ hai > I": "CÁC CHỈ TIÊU CHỦ YẾU"}),
    ("bao-cao-6-thang-dau-nam-2023.md", "Báo cáo kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2023 "
     "và phương hướng, nhiệm vụ 6 tháng cuối năm 2023", 2023,
     {"Phần thứ nhất > I": "KẾT QUẢ ĐẠT ĐƯỢC", "Phần thứ hai": "NHIỆM VỤ 6 THÁNG CUỐI NĂM 2023"}),
]


@pytest.mark.parametrize(("name", "title", "year", "titles_by_path"), EXPECTED,
                         ids=[row[0] for row in EXPECTED])
def test_report_info_and_sections(name: str, title: str, year: int,
                                  titles_by_path: dict[str, str]):
    document, sections = read(name)
    info = document_info(document, list(sections))
    assert (info.title, info.agency, info.report_year) == (title, AGENCY, year)
    by_path = {s.path: s for s in sections}
    assert {path: by_path[path].title for path in titles_by_path if path in by_path} == (
        titles_by_path)
    # The body opens with "Phần thứ nhất": the header and title lines are not sections.
    assert sections[0].path == "Phần thứ nhất"
    assert document.text[sections[0].char_start:].startswith("Phần thứ nhất")
    assert {s.path.split(" > ")[0] for s in sections} == {"Phần thứ nhất", "Phần thứ hai"}


@pytest.mark.parametrize("name", [row[0] for row in EXPECTED])
def test_closing_lines_are_not_sections(name: str):
    document, sections = read(name)
    body_end = max(s.char_end for s in sections)
    closing = document.text[body_end:]
    assert "GIÁM ĐỐC" in closing.upper()
    assert not [s for s in sections if s.char_start >= body_end]
    assert all(not s.title.startswith(("Bộ Lao động", "UBND", "Lưu")) for s in sections)


@pytest.mark.parametrize("name", ["bao-cao-2021.docx", "bao-cao-2022.pdf"])
def test_table_rows_are_not_sections(name: str):
    document, sections = read(name)
    tables = [block for block in document.blocks if block.kind == "table"]
    assert tables, "the sample report has a table"
    assert " | " in document.text[tables[0].char_start:tables[0].char_end]
    assert not [s.path for s in sections for table in tables
                if table.char_start <= s.char_start < table.char_end]
    # The table sits under "a) Giải quyết việc làm", which goes on past it to "b)".
    section = {s.path: s for s in sections}["Phần thứ nhất > I > 2 > a"]
    assert section.char_start < tables[0].char_start < tables[0].char_end <= section.char_end
