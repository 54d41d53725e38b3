"""Fixtures of the ingest tests: the real report (when present) and generated files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO_ROOT.parent / "shared" / "corpus"

# Synthetic text (a fictional province), with every Vietnamese vowel, tone and "đ".
SAMPLE_TEXT = unicodedata.normalize("NFC", "\n".join([
    "BÁO CÁO",
    "Kết quả thực hiện nhiệm vụ năm 2023 của Sở Lao động – Thương binh và Xã hội tỉnh Hà Yên",
    "Thực hiện Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2023, Sở đã giải quyết việc làm "
    "cho 12.345 lao động, đạt 101,5% kế hoạch; tổng kinh phí hỗ trợ 69,991 tỷ đồng.",
    "- Những khó khăn: thời tiết, dịch bệnh; nguồn lực còn hạn chế, phụ thuộc ngân sách.",
    "Các em nhỏ ở vùng sâu được chăm sóc chu đáo; người già neo đơn được trợ giúp kịp thời.",
    "Ủy ban nhân dân tỉnh ghi nhận: ăn ắn ằn ẳn ẵn ặn ấn ần ẩn ẫn ận ê ế ề ể ễ ệ ơ ớ ờ ở ỡ ợ "
    "ư ứ ừ ử ữ ự ý ỳ ỷ ỹ ỵ ì í ỉ ĩ ị ò ó ỏ õ ọ ù ú ủ ũ ụ è é ẻ ẽ ẹ đường Đông.",
]))


def corpus_file(name: str) -> Path:
    path = CORPUS_DIR / name
    if not path.is_file():
        pytest.skip(f"the real report is not here: {path} (it lives in ../shared/corpus)")
    return path


@pytest.fixture
def sample_docx(tmp_path: Path) -> Path:
    """A Word file with a heading, paragraphs, a list item and a table, in that order."""
    document = docx.Document()
    document.add_heading("I. KẾT QUẢ THỰC HIỆN", level=1)
    document.add_paragraph("Giải quyết việc làm cho 12.345 lao động, đạt 101,5%.")
    document.add_paragraph("Hỗ trợ 2.000 hộ nghèo", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"  # ruled, so that its PDF has lines to find
    for row, values in zip(table.rows, [["Chỉ tiêu", "Kế hoạch", "Thực hiện"],
                                        ["Lao động", "12.000", "12.345"],
                                        ["Tỷ lệ hộ nghèo", "2,5%", "2,1%"]], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Đoạn sau bảng\u00a0có khoảng trắng không ngắt.")
    path = tmp_path / "mau.docx"
    document.save(str(path))
    return path
