"""Ruled tables of a PDF page, read with pdfplumber (slow: only for pages that have rules)."""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.ingest.normalize import normalize_text

MIN_RULES_FOR_TABLE = 4  # fewer path objects than this are underlines, not a ruled table


@dataclass
class PageTable:
    top: float  # from the top of the page
    bottom: float
    left: float
    right: float
    rows: list[list[str]]

    def covers(self, x: float, y: float) -> bool:
        return self.top <= y <= self.bottom and self.left <= x <= self.right


def may_have_ruled_table(page: pdfium.PdfPage) -> bool:
    paths = 0
    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        paths += 1
        if paths >= MIN_RULES_FOR_TABLE:
            return True
    return False


def read_tables(plumber_pdf: pdfplumber.PDF, page_index: int) -> list[PageTable]:
    page = plumber_pdf.pages[page_index]
    tables = []
    for table in page.find_tables():
        rows = [[normalize_text(cell or "") for cell in row] for row in table.extract()]
        if len(rows) >= 1 and any(len(row) >= 2 for row in rows):
            x0, top, x1, bottom = table.bbox
            tables.append(PageTable(top, bottom, x0, x1, rows))
    return sorted(tables, key=lambda table: table.top)
