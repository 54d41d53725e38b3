"""Ruled tables of a PDF page, read with pdfplumber (slow: only for pages that have rules)."""

from __future__ import annotations

from dataclasses import dataclass

import pdfplumber

from pipeline.ingest.normalize import normalize_text


@dataclass
class PageTable:
    top: float  # from the top of the page
    bottom: float
    left: float
    right: float
    rows: list[list[str]]

    def covers(self, x: float, y: float) -> bool:
        return self.top <= y <= self.bottom and self.left <= x <= self.right


def read_tables(plumber_pdf: pdfplumber.PDF, page_index: int) -> list[PageTable]:
    page = plumber_pdf.pages[page_index]
    tables = []
    for table in page.find_tables():
        rows = [[normalize_text(cell or "") for cell in row] for row in table.extract()]
        if len(rows) >= 1 and any(len(row) >= 2 for row in rows):
            x0, top, x1, bottom = table.bbox
            tables.append(PageTable(top, bottom, x0, x1, rows))
    return sorted(tables, key=lambda table: table.top)
