"""Sections and agencies of the real reports in ../shared/real (skipped where absent)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.model import Document, Section
from pipeline.structure import document_info, parse_sections

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
STEERING_COMMITTEE = ("Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo, "
                      "chuyển đổi số và Đề án 06")
REPORTS = {
    "de-an-06-thang-8/BAO CAO DE AN 06 THANG 8.docx": STEERING_COMMITTEE,
    "de-an-06-thang-9/BÁO CÁO ĐỀ ÁN 06 thang 9.docx": STEERING_COMMITTEE,
    "de-an-06-thang-9/BÁO CÁO ĐỀ ÁN 06 tính đến 20-9-2025 .docx": STEERING_COMMITTEE,
    "cchc-quy-1-2026/Báo cáo CCHC Qúy I 2026 tỉnh Lâm Đồng.docx": "Ủy ban nhân dân tỉnh Lâm Đồng",
}
MAX_HEADING_CHARS = 250  # long real headings: "7. Về xác thực, chuẩn hóa dữ liệu ..." (187)


@cache
def read(name: str) -> tuple[Document, tuple[Section, ...]]:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real report not available at {path} (../shared/real)")
    document = ingest(path)
    return document, tuple(parse_sections(document))


@pytest.mark.parametrize(("name", "agency"), REPORTS.items(), ids=list(REPORTS))
def test_sections_are_headings_and_agency_is_the_issuer(name: str, agency: str):
    document, sections = read(name)
    assert document_info(document, list(sections)).agency == agency
    assert max(len(s.title) for s in sections) <= MAX_HEADING_CHARS
    # A heading's title is what follows its marker, never the paragraph under it.
    assert not [s.title for s in sections if s.title.endswith(".") or ". " in s.title]


def test_august_report_marked_paragraphs_are_items_of_their_sections():
    document, sections = read("de-an-06-thang-8/BAO CAO DE AN 06 THANG 8.docx")
    # 3 parts, 25 numbered headings, a handful of lettered and dashed sub-headings: not the
    # 103 sections that lettered paragraphs gave.
    assert 28 <= len(sections) <= 50
    by_path = {s.path: s.title for s in sections}
    assert by_path["I > 1"] == "Công tác chỉ đạo của Ban chỉ đạo tỉnh"
    assert "I > 1 > a" not in by_path  # "a) Trong tháng 8/2025, Ban chỉ đạo ..." is a paragraph
    assert by_path["II > 1 > b"] == "Về dịch vụ công thiết yếu"
    assert [p for p in by_path if p.startswith("III >") and p.count(">") == 1] == [
        f"III > {n}" for n in range(1, 13)]
