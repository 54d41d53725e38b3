"""PDF -> Document: the text layer where there is one, OCR for scanned pages."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline import time_limit
from pipeline.ingest.blocks import letters_of
from pipeline.ingest.builder import DocumentBuilder
from pipeline.ingest.layout import Line, add_paragraphs, drop_running_lines
from pipeline.ingest.ocr import BATCH_SECONDS_PER_PAGE, OCR_DPI, ocr_pages, require_tesseract
from pipeline.ingest.pdf_objects import PageDrawing, page_drawing
from pipeline.ingest.pdf_tables import PageTable, read_tables
from pipeline.ingest.pdf_text import page_lines
from pipeline.ingest.plausibility import vietnamese_score
from pipeline.model import OCR_FORMAT, Document, IngestError

MIN_LETTERS_FOR_TEXT_LAYER = 20
MIN_WORDS_TO_JUDGE = 30
MIN_PLAUSIBILITY = 0.5  # below this the text layer is garbage (a broken font encoding)
PLAUSIBILITY_SAMPLE_CHARS = 2000  # enough to judge a page, cheap enough for 100 pages/s


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise IngestError("PDF được mã hoá bằng mật khẩu, không đọc được") from error
        raise IngestError(f"Tệp PDF bị hỏng hoặc không đầy đủ: {error}") from error


def _has_usable_text(lines: list[Line]) -> bool:
    text = " ".join(line.text for line in lines)
    if len(letters_of(text)) < MIN_LETTERS_FOR_TEXT_LAYER:
        return False
    return len(text.split()) < MIN_WORDS_TO_JUDGE or vietnamese_score(
        text, sample_chars=PLAUSIBILITY_SAMPLE_CHARS) >= MIN_PLAUSIBILITY


def page_reading(lines: list[Line], drawing: PageDrawing) -> str:
    """How to read a page: 'text' (its text layer), 'text+tables' (also its ruled tables
    with pdfplumber) or 'ocr' (a scan, or an image under an unreadable text layer)."""
    if not (drawing.has_images or drawing.may_have_ruled_table):
        # Nothing to choose (no scan to OCR, no table to read): judging the text layer
        # would change nothing, and is the costly part of a text page.
        return "text"
    if _has_usable_text(lines):
        return "text+tables" if drawing.may_have_ruled_table else "text"
    # A blank page, a few words, or rules without readable text stay as they are.
    return "ocr" if drawing.has_images else "text"


def _render(page: pdfium.PdfPage):
    return page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()


def _add_page_flow(builder: DocumentBuilder, lines: list[Line],
                   tables: dict[int, list[PageTable]]) -> None:
    """Paragraphs, with each table put where its first line was."""
    if not tables:
        add_paragraphs(builder, lines)
        return
    pending: list[Line] = []
    placed: set[int] = set()
    for line in lines:
        table = next((t for t in tables.get(line.page, [])
                      if t.covers((line.left + line.right) / 2, line.y)), None)
        if table is None:
            pending.append(line)
            continue
        if id(table) not in placed:
            add_paragraphs(builder, pending)
            pending = []
            builder.add_table(table.rows, page=line.page)
            placed.add(id(table))
    add_paragraphs(builder, pending)


def ingest_pdf(path: Path) -> Document:
    pdf = _open(path)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise IngestError("Tệp PDF không có trang nào")
        text_pages: dict[int, list[Line]] = {}
        scanned: list[int] = []
        table_pages: list[int] = []
        for index in range(page_count):
            page = pdf[index]
            lines = page_lines(page, index + 1)
            reading = page_reading(lines, page_drawing(page))
            if reading == "ocr":
                scanned.append(index)
                continue
            text_pages[index + 1] = lines
            if reading == "text+tables":
                table_pages.append(index)
        if scanned:
            require_tesseract()
            time_limit.ask_for_more(len(scanned) * BATCH_SECONDS_PER_PAGE)
            text_pages.update(ocr_pages((i + 1, _render(pdf[i])) for i in scanned))
    except pdfium.PdfiumError as error:
        raise IngestError(f"Tệp PDF bị hỏng hoặc không đầy đủ: {error}") from error
    finally:
        pdf.close()

    tables: dict[int, list[PageTable]] = {}
    if table_pages:
        with pdfplumber.open(str(path)) as plumber_pdf:
            for index in table_pages:
                tables[index + 1] = read_tables(plumber_pdf, index)

    builder = DocumentBuilder(str(path), OCR_FORMAT if scanned else "pdf")
    pages = drop_running_lines([text_pages[number] for number in range(1, page_count + 1)])
    _add_page_flow(builder, [line for page in pages for line in page], tables)
    if scanned:
        builder.warn(f"Đã nhận dạng chữ (OCR) {len(scanned)}/{page_count} trang quét")
    return builder.build(pages=page_count)
