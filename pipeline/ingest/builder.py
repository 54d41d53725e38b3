"""Assemble a Document's text, blocks, tables and page starts, keeping every offset right."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Block, Document, TableCell

BLOCK_SEPARATOR = "\n"
CELL_SEPARATOR = " | "


@dataclass(slots=True)
class Segment:
    """A piece of a paragraph from one page (a paragraph may run over a page break)."""

    text: str
    page: int | None = None
    joiner: str = " "  # put before this segment when it follows another ("" after a hyphen)


class DocumentBuilder:
    def __init__(self, path: str, format_name: str, encoding: str | None = None) -> None:
        self._document = Document(path=path, format=format_name, text="", encoding=encoding)
        self._parts: list[str] = []
        self._length = 0
        self._last_page = 0

    def _append(self, text: str, page: int | None) -> None:
        if page is not None:
            while self._last_page < page:  # pages with no text start where the next begins
                self._document.page_starts.append(self._length)
                self._last_page += 1
        self._parts.append(text)
        self._length += len(text)

    def _separate(self) -> None:
        if self._length:
            self._append(BLOCK_SEPARATOR, None)

    def add_block(self, kind: str, segments: list[Segment]) -> None:
        """A heading, paragraph or list item made of one or more segments."""
        start: int | None = None  # set by the first segment with text
        first_page: int | None = None
        for segment in segments:
            text = segment.text.strip()
            if not text:
                continue
            if start is None:
                self._separate()
                start, first_page = self._length, segment.page
            elif segment.joiner:
                self._append(segment.joiner, None)
            self._append(text, segment.page)
        if start is not None:
            self._document.blocks.append(Block(kind, start, self._length, page=first_page))

    def add_text(self, kind: str, text: str, page: int | None = None) -> None:
        self.add_block(kind, [Segment(text, page)])

    def add_table(self, rows: list[list[str]], page: int | None = None,
                  spans: list[list[int]] | None = None) -> None:
        """A table, rendered one row a line with cells joined by ' | '.

        `spans` (as `rows`): how many grid columns each cell covers. A merged cell is written
        once; its row gets an empty, zero-width cell for each further column it covers, so
        that the rows' cells stay aligned on the grid ("Kết quả | <merged> " over
        "Đơn vị tính | Số liệu").
        """
        rows = [[" ".join(cell.split()) for cell in row] for row in rows]
        spans = spans or [[1] * len(row) for row in rows]
        kept = [index for index, row in enumerate(rows) if any(row)]
        if not kept:
            return
        self._separate()
        start = self._length
        cell_rows: list[list[TableCell]] = []
        for row_index, index in enumerate(kept):
            if row_index:
                self._append("\n", page)
            cells = []
            for cell_index, (cell, span) in enumerate(zip(rows[index], spans[index],
                                                          strict=True)):
                if cell_index:
                    self._append(CELL_SEPARATOR, page)
                cell_start = self._length
                self._append(cell, page)
                cells.append(TableCell(cell, cell_start, self._length))
                cells.extend(TableCell("", self._length, self._length) for _ in range(span - 1))
            cell_rows.append(cells)
        self._document.blocks.append(
            Block("table", start, self._length, page=page, rows=cell_rows))

    def warn(self, message: str) -> None:
        self._document.warnings.append(message)

    def build(self, pages: int | None = None) -> Document:
        if pages is not None:
            while self._last_page < pages:
                self._document.page_starts.append(self._length)
                self._last_page += 1
        self._document.text = "".join(self._parts)
        return self._document
