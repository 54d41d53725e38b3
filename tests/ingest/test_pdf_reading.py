"""How each PDF page is read (text layer, tables, OCR) and the fast paths of the PDF reader."""

from __future__ import annotations

from ctypes import byref, c_double, sizeof
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest import encode_legacy, pdfium_calls
from pipeline.ingest.layout import Line
from pipeline.ingest.normalize import needs_normalizing, normalize_text
from pipeline.ingest.pdf_file import page_reading
from pipeline.ingest.pdf_objects import PageDrawing, page_drawing
from pipeline.ingest.pdf_text import page_lines
from tests.ingest.conftest import REPO_ROOT, SAMPLE_TEXT

SAMPLE_PDF = REPO_ROOT / "corpus" / "reports" / "bao-cao-2022.pdf"  # its page 1 has a table

NOTHING_DRAWN = PageDrawing(has_images=False, may_have_ruled_table=False)
IMAGE = PageDrawing(has_images=True, may_have_ruled_table=False)
RULES = PageDrawing(has_images=False, may_have_ruled_table=True)


def text_lines(text: str) -> list[Line]:
    return [Line(row, 1, 50.0, 500.0, 10.0, 30.0) for row in text.splitlines()]


def broken_font_text() -> str:
    """What a PDF whose font has no Unicode map gives: TCVN3 bytes read as Windows-1252."""
    return encode_legacy(SAMPLE_TEXT, "tcvn3").decode("cp1252", errors="replace")


def sample_pdf() -> Path:
    if not SAMPLE_PDF.is_file():
        pytest.skip(f"the sample report is missing: {SAMPLE_PDF}")
    return SAMPLE_PDF


def test_garbage_text_layer_over_an_image_is_read_by_ocr():
    assert page_reading(text_lines(broken_font_text()), IMAGE) == "ocr"
    assert page_reading(text_lines(SAMPLE_TEXT), IMAGE) == "text"


def test_a_page_without_text_is_ocr_only_when_it_has_an_image():
    assert page_reading([], IMAGE) == "ocr"
    assert page_reading([], NOTHING_DRAWN) == "text"


def test_tables_are_read_only_under_a_readable_text_layer():
    assert page_reading(text_lines(SAMPLE_TEXT), RULES) == "text+tables"
    assert page_reading(text_lines(broken_font_text()), RULES) == "text"
    assert page_reading(text_lines(SAMPLE_TEXT), NOTHING_DRAWN) == "text"


def test_page_drawing_finds_the_ruled_table_of_the_sample():
    pdf = pdfium.PdfDocument(str(sample_pdf()))
    try:
        drawings = [page_drawing(pdf[index]) for index in range(len(pdf))]
    finally:
        pdf.close()
    assert [d.may_have_ruled_table for d in drawings] == [True] + [False] * (len(drawings) - 1)
    assert not any(d.has_images for d in drawings)


def test_unconverted_pdfium_calls_agree_with_the_typed_bindings():
    pdf = pdfium.PdfDocument(str(sample_pdf()))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        edges = (c_double * 4)()
        pointers = [byref(edges, index * sizeof(c_double)) for index in range(4)]
        for index in range(0, textpage.count_chars(), 37):
            assert pdfium_calls.get_char_box(textpage.raw, index, *pointers)
            left, right, bottom, top = edges
            assert (left, bottom, right, top) == textpage.get_charbox(index)
            assert pdfium_calls.get_font_size(textpage.raw, index) == \
                pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
        assert not pdfium_calls.get_char_box(textpage.raw, textpage.count_chars() + 5, *pointers)
        textpage.close()
        kinds = [pdfium_calls.get_object_type(pdfium_calls.get_page_object(page.raw, index))
                 for index in range(pdfium_c.FPDFPage_CountObjects(page.raw))]
        assert kinds == [obj.type for obj in page.get_objects(max_depth=1)]
        assert not pdfium_calls.get_page_object(page.raw, len(kinds))
    finally:
        pdf.close()


def test_line_geometry_is_that_of_its_first_and_last_characters():
    pdf = pdfium.PdfDocument(str(sample_pdf()))
    try:
        page = pdf[1]
        lines = page_lines(page, 2)
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        start = 0
        expected = []
        for raw in text.split("\r\n"):
            if raw.strip():
                first = start + len(raw) - len(raw.lstrip())
                last = start + len(raw.rstrip()) - 1
                word_end = first + len(raw.split()[0]) - 1
                left, bottom, _, top = textpage.get_charbox(first)
                expected.append((left, textpage.get_charbox(last)[2],
                                 textpage.get_charbox(word_end)[2] - left,
                                 page.get_height() - (top + bottom) / 2))
            start += len(raw) + 2
        textpage.close()
    finally:
        pdf.close()
    assert len(expected) > 10
    assert [(x.left, x.right, x.first_word_width, x.y) for x in lines] == expected


def test_page_lines_keep_only_normalized_text():
    pdf = pdfium.PdfDocument(str(sample_pdf()))
    try:
        lines = [line for index in range(len(pdf)) for line in page_lines(pdf[index], index + 1)]
    finally:
        pdf.close()
    assert lines and all(normalize_text(line.text) == line.text for line in lines)
    assert all(line.right > line.left and line.first_word_width > 0 for line in lines)


@given(st.text(alphabet="aeđ á\u0301\u0323\u00a0\u00ad\u200b\ufeff\r\n\t\x02\ufffe\x85-ỆỄ"))
def test_needs_normalizing_says_whether_normalize_text_changes_the_text(text: str):
    assert needs_normalizing(text) == (normalize_text(text) != text)


def test_a_scan_asks_for_time_for_each_of_its_pages_before_ocr(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its batch's time limit per file then grows with the pages (pipeline.time_limit).
    Tesseract is not needed: what OCR would read is given."""
    from PIL import Image

    from pipeline import time_limit
    from pipeline.ingest import pdf_file

    path = tmp_path / "scan.pdf"
    pages = [Image.new("L", (600, 800), 255) for _ in range(3)]
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=72)
    asked: list[float] = []
    read_when_asked: list[bool] = []

    def ocr_pages(images):
        read_when_asked.append(bool(asked))
        return {number: [] for number, _ in images}

    monkeypatch.setattr(pdf_file, "require_tesseract", lambda: None)
    monkeypatch.setattr(pdf_file, "ocr_pages", ocr_pages)
    with time_limit.listening(asked.append):
        document = pdf_file.ingest_pdf(path)
    assert asked == [3 * pdf_file.BATCH_SECONDS_PER_PAGE]
    assert read_when_asked == [True]
    assert document.warnings == ["Đã nhận dạng chữ (OCR) 3/3 trang quét"]
