"""The headers of a table cell, for figures read from a table row."""

from __future__ import annotations

from pipeline.model import Document, TableCell


def cell_headers(document: Document, offset: int) -> tuple[str | None, str | None]:
    """(row header, column header) of the table body cell holding the offset. The row
    header is the row's first non-empty cell (None when that is the cell itself), the column
    header the first row's cell above. (None, None) outside tables and in the first row."""
    for block in document.blocks:
        inside = block.char_start <= offset < block.char_end
        if block.kind != "table" or not block.rows or not inside:
            continue
        header, *body = block.rows
        for row in body:
            for column, cell in enumerate(row):
                if cell.char_start <= offset < cell.char_end:
                    return _row_header(row, cell), (header[column].text
                                                    if column < len(header) else None)
    return None, None


def _row_header(row: list[TableCell], cell: TableCell) -> str | None:
    first = next((c for c in row if c.text.strip()), None)
    return None if first is None or first is cell else first.text
