"""Joining wrapped lines into paragraphs and dropping running headers and page numbers."""

from __future__ import annotations

from pipeline.ingest.builder import DocumentBuilder
from pipeline.ingest.layout import Line, add_paragraphs, drop_running_lines
from pipeline.ingest.normalize import normalize_text, repair_ocr

MARGIN = 500.0


def line(text: str, page: int = 1, right: float = MARGIN, left: float = 50.0,
         hyphen: bool = False) -> Line:
    return Line(text, page, left, right, 10.0, 6.0 * len(text.split()[0]), hyphen)


def paragraphs(lines: list[Line]):
    builder = DocumentBuilder("x.pdf", "pdf")
    add_paragraphs(builder, lines)
    document = builder.build(pages=max(x.page for x in lines))
    return document, [document.text[b.char_start:b.char_end] for b in document.blocks]


def test_full_lines_join_and_short_lines_end_paragraphs():
    _, texts = paragraphs([
        line("Sở đã giải quyết việc làm cho"), line("12.345 lao động.", right=200),
        line("Tổng kinh phí là", right=150), line("- Hỗ trợ 2.000 hộ", right=200),
    ])
    assert texts == ["Sở đã giải quyết việc làm cho 12.345 lao động.", "Tổng kinh phí là",
                     "- Hỗ trợ 2.000 hộ"]


def test_hyphen_at_the_wrap_joins_without_space():
    _, texts = paragraphs([line("theo Nghị định 04/2015/NĐ-", right=300, hyphen=True),
                           line("CP về dân chủ", right=200)])
    assert texts == ["theo Nghị định 04/2015/NĐ-CP về dân chủ"]


def test_paragraph_over_a_page_break_keeps_page_starts():
    document, texts = paragraphs([line("Tổng số lao động được"),
                                  line("giải quyết việc làm.", page=2, right=200)])
    assert texts == ["Tổng số lao động được giải quyết việc làm."]
    assert document.page_starts == [0, len("Tổng số lao động được ")]
    assert document.page_of(len(document.text) - 1) == 2


def test_running_header_and_page_numbers_are_dropped():
    words = ["một", "hai", "ba", "bốn"]
    pages = [[line("SỞ LAO ĐỘNG TỈNH HÀ YÊN", page=n), line(f"Mở đầu trang {words[n - 1]}", page=n),
              line("Giữa trang", page=n), line(f"Cuối trang {words[n - 1]}", page=n),
              line(f"- {n} -", page=n)] for n in range(1, 5)]
    kept = drop_running_lines(pages)
    texts = [x.text for page in kept for x in page]
    assert "SỞ LAO ĐỘNG TỈNH HÀ YÊN" not in texts and "- 2 -" not in texts
    assert texts[:3] == ["Mở đầu trang một", "Giữa trang", "Cuối trang một"]
    assert len(texts) == 12


def test_normalize_invisible_and_pdfium_characters():
    text = "Lao\u00a0động\u00adtỉnh COVID\u000219 QĐ\ufffeUBND\r\nA\u0301"
    assert normalize_text(text) == "Lao độngtỉnh COVID-19 QĐ-UBND\nÁ"


def test_ocr_confusions_are_repaired():
    assert repair_ocr("Quyết định số 62/QĐÐ-LĐTBXH, ÐẢNG") == "Quyết định số 62/QĐ-LĐTBXH, ĐẢNG"
