"""The column header of a table cell, for figures read from a table row."""

from __future__ import annotations

from pipeline.model import Document


def column_header(document: Document, offset: int) -> str | None:
    """The first row's cell above the cell holding the offset; None outside tables and in
    the first row itself."""
    for block in document.blocks:
        inside = block.char_start <= offset < block.char_end
        if block.kind != "table" or not block.rows or not inside:
            continue
        header, *body = block.rows
        for row in body:
            for column, cell in enumerate(row):
                if cell.char_start <= offset < cell.char_end and column < len(header):
                    return header[column].text
    return None
