"""The lines a section marker may begin: lines of the text, or the first line of each block."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from pipeline.model import Document

_MARKDOWN_HEADING = regex.compile(r"#{1,6}[ \t]+")  # "## Phần thứ nhất": the hashes are not text


@dataclass(frozen=True)
class Unit:
    """One non-blank line of the document's text."""

    char_start: int  # first non-space character
    char_end: int  # end of the line, trailing spaces excluded
    text: str
    can_mark: bool  # starts a line of plain text, or a block: a marker may begin here
    heading_block: bool  # first line of a block the source styled as a heading
    blank_before: bool  # a blank line (or the start of the text) comes before it
    in_table: bool = False  # a row of a table block (included on request)


def text_units(document: Document, include_tables: bool = False) -> list[Unit]:
    """Every non-blank line; with blocks, only a block's first line may carry a marker.

    Lines of table blocks are left out unless `include_tables` (a header laid out as a table);
    they never carry a marker.
    """
    text = document.text
    block_firsts: dict[int, bool] = {}
    if document.blocks:
        for block in document.blocks:
            if block.kind == "table":
                continue
            first = _first_line_start(text, block.char_start, block.char_end)
            if first is not None:
                block_firsts[first] = block.kind == "heading"
    table_spans = [(b.char_start, b.char_end) for b in document.blocks if b.kind == "table"]

    units: list[Unit] = []
    previous_end = 0
    for start, end in _lines(text):
        in_table = any(t_start <= start < t_end for t_start, t_end in table_spans)
        if in_table and not include_tables:
            continue
        units.append(Unit(
            char_start=start, char_end=end, text=text[start:end],
            can_mark=start in block_firsts if document.blocks else True,
            heading_block=block_firsts.get(start, False),
            blank_before=not units or text.count("\n", previous_end, start) >= 2,
            in_table=in_table,
        ))
        previous_end = end
    return units


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, white space and Markdown heading hashes excluded."""
    offset = 0
    for raw_line in text.split("\n"):
        stripped = raw_line.strip()
        if stripped:
            start = offset + (len(raw_line) - len(raw_line.lstrip()))
            hashes = _MARKDOWN_HEADING.match(stripped)
            if hashes and hashes.end() < len(stripped):
                start += hashes.end()
                stripped = stripped[hashes.end():]
            yield start, start + len(stripped)
        offset += len(raw_line) + 1


def _first_line_start(text: str, start: int, end: int) -> int | None:
    for line_start, _ in _lines(text[start:end]):
        return start + line_start
    return None
