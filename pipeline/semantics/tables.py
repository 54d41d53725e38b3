"""The headers of a table cell, for figures read from a table row: a table block of the
document, or in plain text a run of lines whose cells are joined by " | ".

A table's header may take two or three rows, a merged cell spanning the columns of the row
below ("Lâm Đồng" over "Điểm | Xếp hạng"): each column's header is then the path of its
header cells, "Lâm Đồng > Điểm". Columns of identifiers (procedure codes, row numbers,
phone numbers), told by their header or by their cells, hold no figures."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache

import regex

from extractors import quantities
from extractors.numbers import NumberFormatError, parse_number
from extractors.quantities import TableGrid, unit_from_headers
from pipeline.data_files import read_tsv
from pipeline.model import Block, Document, Figure, TableCell
from pipeline.semantics.lexicon import DATA_DIR

CELL_SEPARATOR = " | "  # how pipeline.ingest, and plain-text reports, join a row's cells
HEADER_PATH_SEPARATOR = " > "
MAX_HEADER_ROWS = 3
CODE_SHARE = 0.5  # a column is of identifiers when at least this share of its cells are codes
_NUMBER_CELL = regex.compile(r"[\d.,%/()+\s-]*\d[\d.,%/()+\s-]*")
_CODE_CELL = regex.compile(
    r"\d{1,2}\.\d{5,}"  # a procedure code: "2.001234", "1.004567.000.00.00.H36"
    r"(?:\.[\dA-Z]+)*"
    r"|\d{1,2}\.\d{2,}[a-z]{3,}"  # digits run into a code's letters: "1.00xyz", not "3.815kg"
    r"|\(?0\d{2,3}\)?[ .]?\d{3,4}[ .]?\d{3,4}")  # a phone number: "0263 3822 123"
# "415/530 (78,3%)", "120/340/365": numbers joined by slashes opening a cell
# a coded legend: "Có = 1; Không = 0", "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2"
_LEGEND_CELL = regex.compile(r"(?:[\p{L}][\p{L}\s]*?\s*=\s*\d+[\s;,.]*){2,}")
_SLASHED = regex.compile(r"\s*(?P<numbers>\d[\d.,]*(?:\s*/\s*\d[\d.,]*)+)\s*(?=\(|$)")
_SLASHED_NUMBER = regex.compile(r"\d[\d.,]*")
_WORDS = regex.compile(r"\p{L}{2,}")  # a cell of words, not a number or a row number
HEADER_PART_SEPARATOR = "/"


def table_grids(document: Document) -> list[TableGrid]:
    """Every table of the document for the quantity extractor: its header cells, each
    column's header path and its body rows, read from the cells ingest produced (table
    blocks) or, in plain text, from a run of lines whose cells are joined by " | "."""
    grids: list[TableGrid] = []
    previous_end = -1
    for rows in document_tables(document):
        width = max(len(row) for row in rows)
        between = document.text[previous_end:rows[0][0].char_start] if grids else "x"
        if (not between.strip() and len(grids[-1].headers) == width
                and any(is_number_cell(cell.text) for cell in rows[0])):
            # a table going on from the page before: its rows under the same header
            grids.append(TableGrid([], grids[-1].headers, rows))
        else:
            depth = header_depth(rows)
            grids.append(TableGrid(
                # a number alone in a header row is data, read as prose
                header_cells=[cell for row in rows[:depth] for cell in row
                              if not is_number_cell(cell.text)],
                headers=[column_header(rows[:depth], column) or "" for column in range(width)],
                body=rows[depth:]))
        previous_end = rows[-1][-1].char_end
    return grids


def document_tables(document: Document) -> list[list[list[TableCell]]]:
    """The rows of cells of every table: the table blocks, and the runs of " | " lines of
    the text outside them (a plain-text report)."""
    tables = [block.rows for block in document.blocks if block.kind == "table" and block.rows]
    covered = sorted((block.char_start, block.char_end) for block in document.blocks
                     if block.kind == "table" and block.rows)
    starts = [start for start, _ in covered]
    text = document.text
    run: list[list[TableCell]] = []
    position = 0
    while position <= len(text):
        end = _line_end(text, position)
        index = bisect.bisect_right(starts, position) - 1
        inside = index >= 0 and position < covered[index][1]
        if CELL_SEPARATOR in text[position:end] and not inside:
            run.append(_line_cells(text, position, end))
        elif run:
            tables.append(run)
            run = []
        position = end + 1
    if run:
        tables.append(run)
    return tables


def _line_cells(text: str, start: int, end: int) -> list[TableCell]:
    cells, position = [], start
    for piece in text[start:end].split(CELL_SEPARATOR):
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        cells.append(TableCell(stripped, position + lead, position + lead + len(stripped)))
        position += len(piece) + len(CELL_SEPARATOR)
    return cells


def cell_headers(document: Document, offset: int) -> tuple[str | None, str | None]:
    """(row header, column header) of the table body cell holding the offset. The row
    header is the row's first cell of words (None when that is the cell itself), the column
    header the path of the header cells above. (None, None) outside tables and in the
    header rows."""
    block = _table_at(document, offset)
    if block is None:
        return _text_cell_headers(document.text, offset)
    assert block.rows is not None
    depth = header_depth(block.rows)
    for row in block.rows[depth:]:
        for column, cell in enumerate(row):
            if cell.char_start <= offset < cell.char_end:
                header = column_header(block.rows[:depth], column)
                part = _header_part(header, cell, offset)
                return _row_header(row, cell), part if part is not None else header
    return None, None


def _table_headers(document: Document) -> Iterator[tuple[Block, int, list[str]]]:
    """Each table block of the document with its number of header rows and each column's
    full header path ("" where a column has none)."""
    for block in document.blocks:
        if block.kind != "table" or not block.rows:
            continue
        depth = header_depth(block.rows)
        yield block, depth, [column_header(block.rows[:depth], c) or "" for c in range(
            max(len(row) for row in block.rows))]


def slashed_cell_figures(document: Document, taken: Sequence[tuple[int, int]]) -> list[Figure]:
    """Figures of table cells holding numbers joined by slashes, which prose reading leaves
    out: "415/530" (then "(78,3%)") is 415 of 530; "120/340/365" under a header naming
    three things ("Hồ sơ đã hỗ trợ/trực tuyến/tổng số") is three figures, each named by its
    part of the header (cell_headers). Cells overlapping a `taken` span are left alone."""
    figures: list[Figure] = []
    for block, depth, headers in _table_headers(document):
        for row in block.rows[depth:]:
            texts = [cell.text for cell in row]
            for column, cell in enumerate(row):
                match = _SLASHED.match(cell.text)
                start = cell.char_start + (match.start("numbers") if match else 0)
                end = cell.char_start + (match.end("numbers") if match else 0)
                if match is None or any(a < end and start < b for a, b in taken):
                    continue
                if _is_identifier_column(block.rows, depth, column):
                    continue
                figures.extend(_slashed_figures(cell, match, headers, texts, column))
    return figures


HEADER_NAMED_CLASSES = frozenset({"score", "rank"})  # a header word alone names these


def with_header_units(document: Document, figures: Sequence[Figure]) -> list[Figure]:
    """Figures alone in a table body cell without a unit, given the score or rank class that
    the last header cell of their column names ("Hòa Sơn > Điểm", "Hòa Sơn > Xếp hạng"):
    the cell is read with its header as a phrase ("82,5 điểm", "xếp hạng 3") by the
    quantity extractor itself."""
    cells: dict[int, tuple[TableCell, str]] = {}
    for block, depth, headers in _table_headers(document):
        for row in block.rows[depth:]:
            for column, cell in enumerate(row):
                if column < len(headers) and headers[column] and is_number_cell(cell.text):
                    cells[cell.char_start] = cell, headers[column].split(
                        HEADER_PATH_SEPARATOR)[-1]
    return [_with_header_unit(figure, *cells[figure.char_start])
            if figure.unit is None and figure.unit_class == "other"
            and figure.char_start in cells else figure for figure in figures]


def _with_header_unit(figure: Figure, cell: TableCell, header: str) -> Figure:
    if cell.text.strip() != figure.raw.strip():
        return figure
    header = " ".join(header.lower().split())
    for phrase in (f"{figure.raw} {header}", f"{header} {figure.raw}"):
        read = [f for f in quantities.extract(phrase) if f.value == figure.value]
        if read and read[0].unit_class in HEADER_NAMED_CLASSES:
            return replace(figure, unit=read[0].unit, unit_class=read[0].unit_class)
    return figure


def _slashed_figures(cell: TableCell, match: regex.Match[str], headers: list[str],
                     texts: list[str], column: int) -> list[Figure]:
    numbers = list(_SLASHED_NUMBER.finditer(match["numbers"]))
    offset = cell.char_start + match.start("numbers")
    try:
        values = [float(parse_number(number[0], integral=True)) for number in numbers]
    except (NumberFormatError, ArithmeticError, ValueError):
        return []
    parts = _parts(headers[column] if column < len(headers) else "")
    if len(numbers) == 2 and len(parts) != 2:
        unit = unit_from_headers(headers, texts, column)
        return [Figure(offset, offset + len(match["numbers"]), match["numbers"], values[0],
                       unit.unit if unit else None, unit.unit_class if unit else "other",
                       denominator=values[1])]
    if len(parts) != len(numbers):
        return []  # "12/20/31" under a header naming one thing: no telling what each is
    figures = []
    for number, value, part in zip(numbers, values, parts, strict=True):
        named = [*headers[:column], part, *headers[column + 1:]]
        unit = unit_from_headers(named, texts, column)
        figures.append(Figure(offset + number.start(), offset + number.end(), number[0], value,
                              unit.unit if unit else None, unit.unit_class if unit else "other"))
    return figures


def _parts(header: str) -> list[str]:
    """The things a header's last cell names, split at slashes: "Hồ sơ đã hỗ trợ/trực
    tuyến/tổng số" -> three."""
    last = header.split(HEADER_PATH_SEPARATOR)[-1]
    return [part.strip() for part in last.split(HEADER_PART_SEPARATOR) if part.strip()]


def _header_part(header: str | None, cell: TableCell, offset: int) -> str | None:
    """The part of a slashed header that names the number at the offset of a slashed cell
    holding as many numbers; None otherwise."""
    match = _SLASHED.match(cell.text)
    if header is None or match is None:
        return None
    numbers = list(_SLASHED_NUMBER.finditer(match["numbers"]))
    parts = _parts(header)
    if len(numbers) < 3 or len(parts) != len(numbers):
        return None
    inside = offset - cell.char_start - match.start("numbers")
    index = next((i for i, n in enumerate(numbers) if n.start() <= inside < n.end()), None)
    if index is None:
        return None
    path = header.split(HEADER_PATH_SEPARATOR)
    return HEADER_PATH_SEPARATOR.join([*path[:-1], parts[index]])


def without_identifiers(document: Document, figures: Sequence[Figure]) -> list[Figure]:
    """The figures outside the body cells of table columns of identifiers (columns whose
    header names one, "STT", "Mã TTHC", "Số điện thoại", or most of whose cells are codes)
    and outside coded rows (coded_cells)."""
    spans = sorted([*identifier_cells(document), *coded_cells(document)])
    starts = [start for start, _ in spans]

    def in_identifier(figure: Figure) -> bool:
        index = bisect.bisect_right(starts, figure.char_start) - 1
        return index >= 0 and figure.char_start < spans[index][1]

    return [figure for figure in figures if not in_identifier(figure)]


def coded_cells(document: Document) -> list[tuple[int, int]]:
    """(start, end) of the cells of coded answers: a legend cell ("Có = 1; Không = 0") and
    the number cells of its row, which hold a code of the legend, not a figure."""
    spans = []
    for rows in document_tables(document):
        for row in rows:
            if any(_LEGEND_CELL.fullmatch(cell.text.strip()) for cell in row):
                spans.extend((cell.char_start, cell.char_end) for cell in row
                             if _LEGEND_CELL.fullmatch(cell.text.strip())
                             or is_number_cell(cell.text))
    return spans


def identifier_cells(document: Document) -> list[tuple[int, int]]:
    """(start, end) of every body cell in a table column of identifiers."""
    spans = []
    for block in document.blocks:
        if block.kind != "table" or not block.rows:
            continue
        depth = header_depth(block.rows)
        for column in range(max(len(row) for row in block.rows)):
            if _is_identifier_column(block.rows, depth, column):
                spans.extend((row[column].char_start, row[column].char_end)
                             for row in block.rows[depth:] if column < len(row))
    return spans


def header_depth(rows: Sequence[Sequence[TableCell]]) -> int:
    """How many rows the header takes: one, and one more for each row below a header row
    with a merged (empty) cell over a named column, as long as that row holds no number."""
    depth = 1
    while depth < min(MAX_HEADER_ROWS, len(rows) - 1):
        above, row = rows[depth - 1], rows[depth]
        spanned = any(not above[c].text.strip() and row[c].text.strip()
                      for c in range(1, min(len(above), len(row))))
        if not spanned or any(is_number_cell(cell.text) for cell in row):
            break
        depth += 1
    return depth


def column_header(header_rows: Sequence[Sequence[TableCell]], column: int) -> str | None:
    """The header of a column: its header cells top to bottom, an empty cell of an upper row
    taking the merged cell on its left ("Lâm Đồng > Xếp hạng"). None past the header's
    columns."""
    if not header_rows or column >= len(header_rows[-1]):
        return None
    parts: list[str] = []
    for depth, row in enumerate(header_rows):
        if column >= len(row):
            continue
        text = row[column].text.strip()
        if not text and depth < len(header_rows) - 1:
            text = next((row[c].text.strip() for c in range(column - 1, 0, -1)
                         if row[c].text.strip()), "")
        if text and text not in parts:
            parts.append(text)
    return HEADER_PATH_SEPARATOR.join(parts)


def is_number_cell(text: str) -> bool:
    """A cell holding only a number (and its punctuation): "12.345", "78,3%", "415/530"."""
    return _NUMBER_CELL.fullmatch(text.strip()) is not None


def _is_identifier_column(rows: Sequence[Sequence[TableCell]], depth: int, column: int) -> bool:
    header = column_header(rows[:depth], column) or ""
    if any(_names_identifier(part) for part in header.split(HEADER_PATH_SEPARATOR)):
        return True
    cells = [row[column].text.strip() for row in rows[depth:]
             if column < len(row) and row[column].text.strip()]
    codes = sum(1 for cell in cells if _CODE_CELL.fullmatch(cell))
    return bool(cells) and codes >= CODE_SHARE * len(cells)


def _names_identifier(header: str) -> bool:
    words = " ".join(regex.sub(r"[^\w\s]", " ", header.casefold()).split())
    return any(words == phrase or (match == "prefix" and words.startswith(phrase + " "))
               for phrase, match in _identifier_headers())


@cache
def _identifier_headers() -> tuple[tuple[str, str], ...]:
    return tuple((row["phrase"], row["match"])
                 for row in read_tsv(DATA_DIR / "identifier_headers.tsv"))


def _table_at(document: Document, offset: int) -> Block | None:
    """The table block holding the offset. Blocks follow the text, one after another (the
    ingest builder appends them as the text grows): found by bisection, not by a scan of
    every block for every figure."""
    index = bisect.bisect_right(document.blocks, offset, key=lambda block: block.char_start)
    block = document.blocks[index - 1] if index else None
    if (block is not None and block.kind == "table" and block.rows
            and block.char_start <= offset < block.char_end):
        return block
    return None


def cell_text(document: Document, offset: int) -> str | None:
    """The text of the table body or header cell holding the offset; None outside tables."""
    block = _table_at(document, offset)
    cells = [cell for row in block.rows or [] for cell in row] if block is not None else []
    for cell in cells:
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
    return _WORDS.search(cell.replace(raw, " ", 1)) is not None


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
    labels = [i for i, cell in enumerate(row) if _WORDS.search(cell)]
    first = labels[0] if labels else next((i for i, cell in enumerate(row) if cell.strip()),
                                          None)
    row_header = None if first is None or first == column else row[first].strip()
    return row_header, (header[column].strip() if column < len(header) else None)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _row_header(row: Sequence[TableCell], cell: TableCell) -> str | None:
    """The row's first cell of words: not its row number ("1.1", "I") or a figure."""
    labels = [c for c in row if _WORDS.search(c.text)]
    first = labels[0] if labels else next((c for c in row if c.text.strip()), None)
    return None if first is None or first is cell else first.text
