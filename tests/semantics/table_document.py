"""A small document holding one table, built the way ingest builds docx tables."""

from __future__ import annotations

from pipeline.model import Block, Document, TableCell


def table_document(rows: list[list[str]], before: str = "", after: str = "") -> Document:
    """`before`, the rows (cells joined by ' | ', rows by line breaks), then `after`; with the
    table block whose cells point into that text."""
    text = before + "\n".join(" | ".join(row) for row in rows) + after
    offset = len(before)
    cells = []
    for row in rows:
        line = []
        for cell in row:
            start = text.index(cell, offset)
            line.append(TableCell(cell, start, start + len(cell)))
            offset = start + len(cell)
        cells.append(line)
    table = Block("table", cells[0][0].char_start, cells[-1][-1].char_end, rows=cells)
    return Document("t.docx", "docx", text, blocks=[table])
