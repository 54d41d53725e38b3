"""The headers of a table cell, for figures read from a table row: a table block of the
document, or in plain text a run of lines whose cells are joined by " | "."""

from __future__ import annotations

import regex

from pipeline.model import Document, TableCell

CELL_SEPARATOR = " | "  # how pipeline.ingest, and plain-text reports, join a row's cells


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
    return _text_cell_headers(document.text, offset)


def cell_text(document: Document, offset: int) -> str | None:
    """The text of the table body or header cell holding the offset; None outside tables."""
    for block in document.blocks:
        if block.kind != "table" or not block.rows:
            continue
        if not block.char_start <= offset < block.char_end:
            continue
        for row in block.rows:
            for cell in row:
                if cell.char_start <= offset < cell.char_end:
                    return cell.text
    text = document.text
    line_start = text.rfind("\n", 0, offset) + 1
    line = text[line_start:_line_end(text, offset)]
    if CELL_SEPARATOR not in line:
        return None
    return line.split(CELL_SEPARATOR)[text.count(CELL_SEPARATOR, line_start, offset)]


def is_label_cell(document: Document, raw: str, offset: int) -> bool:
    """Whether the figure at the offset sits in a table cell that holds words besides it
    ("Học sinh học 2 buổi/ngày"): a label that the figure qualifies."""
    cell = cell_text(document, offset)
    if cell is None:
        return False
    return regex.search(r"\p{L}{2,}", cell.replace(raw, " ", 1)) is not None


def _text_cell_headers(text: str, offset: int) -> tuple[str | None, str | None]:
    """The headers of a cell of a plain-text table: its row's first cell and the cell of the
    first line of the run of " | " lines holding it."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = _line_end(text, offset)
    if CELL_SEPARATOR not in text[line_start:line_end]:
        return None, None
    header_start = line_start
    while header_start > 0:
        previous_start = text.rfind("\n", 0, header_start - 1) + 1
        if CELL_SEPARATOR not in text[previous_start:header_start - 1]:
            break
        header_start = previous_start
    if header_start == line_start:
        return None, None
    column = text.count(CELL_SEPARATOR, line_start, offset)
    row = text[line_start:line_end].split(CELL_SEPARATOR)
    header = text[header_start:_line_end(text, header_start)].split(CELL_SEPARATOR)
    first = next((i for i, cell in enumerate(row) if cell.strip()), None)
    row_header = None if first is None or first == column else row[first].strip()
    return row_header, (header[column].strip() if column < len(header) else None)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _row_header(row: list[TableCell], cell: TableCell) -> str | None:
    first = next((c for c in row if c.text.strip()), None)
    return None if first is None or first is cell else first.text
