"""Small text PDFs written with pdfium itself, for tests that need fonts of several sizes
(footnote markers, footnotes at the page foot): runs of text placed one after another."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0


@dataclass(frozen=True)
class Run:
    text: str
    size: float = 12.0
    rise: float = 0.0  # raised above the line's baseline (a superscript)


def write_pdf(path: Path, lines: list[list[Run]], top: float = 780.0, left: float = 60.0,
              leading: float = 18.0) -> Path:
    """A one-page PDF: each line's runs side by side, lines `leading` points apart; a line
    may give a different leading by its first run's size."""
    if not FONT.is_file():
        pytest.skip(f"cần phông chữ DejaVu để tạo PDF thử (Debian: fonts-dejavu-core): {FONT}")
    document = pdfium.PdfDocument.new()
    page = document.new_page(PAGE_WIDTH, PAGE_HEIGHT)
    font_data = FONT.read_bytes()
    font_buffer = (ctypes.c_uint8 * len(font_data)).from_buffer_copy(font_data)
    font = pdfium_c.FPDFText_LoadFont(document.raw, font_buffer, len(font_data),
                                      pdfium_c.FPDF_FONT_TRUETYPE, True)
    y = top
    for line in lines:
        x = left
        for run in line:
            text_object = pdfium_c.FPDFPageObj_CreateTextObj(document.raw, font, run.size)
            encoded = (run.text + "\x00").encode("utf-16-le")
            buffer = ctypes.create_string_buffer(encoded)
            pdfium_c.FPDFText_SetText(text_object, ctypes.cast(buffer, pdfium_c.FPDF_WIDESTRING))
            pdfium_c.FPDFPageObj_Transform(text_object, 1, 0, 0, 1, x, y + run.rise)
            pdfium_c.FPDFPage_InsertObject(page.raw, text_object)
            edges = [ctypes.c_float() for _ in range(4)]
            pdfium_c.FPDFPageObj_GetBounds(text_object, *(ctypes.byref(e) for e in edges))
            x = edges[2].value + (run.size * 0.28 if run.text.endswith(" ") else 0.3)
        y -= leading if line[0].size >= 10 else leading * 0.6
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    document.save(str(path))
    pdfium_c.FPDFFont_Close(font)
    return path
