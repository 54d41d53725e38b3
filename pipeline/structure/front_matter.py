"""Where a report's body lies: after the header and title, before the recipients and signer."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex

from pipeline.structure.lexicon import alternation, read_table
from pipeline.structure.report_title import read_report_title
from pipeline.structure.units import Unit


@dataclass(frozen=True)
class FrontMatter:
    title: str | None
    body_start: int  # where the text after the title begins (0 without a title)
    header: list[Unit] = field(default_factory=list)  # agency, motto, number, place and date


def read_front_matter(units: list[Unit]) -> FrontMatter:
    found = read_report_title(units)
    if found is None:
        return FrontMatter(title=None, body_start=0)
    return FrontMatter(found.title, found.char_end, units[:found.index])


def _words(kind: str) -> str:
    return alternation(tuple(row["words"] for row in read_table("closing_lines")
                             if row["kind"] == kind))


@cache
def _closing_pattern(in_table: bool) -> regex.Pattern[str]:
    """The recipients' line; outside tables also a signer's title alone on its line (a table
    row may be a group's name, "Ủy ban nhân dân", but does not open with "Nơi nhận")."""
    recipients = rf"(?:{_words('opens')})(?!\w).*"
    if in_table:
        return regex.compile(rf"(?i){recipients}")
    return regex.compile(rf"(?i)(?:{recipients}"
                         rf"|(?:(?:{_words('prefix')})\s*)?(?:{_words('signer')})\s*[:.]?)")


def body_end(units: list[Unit], body_start: int, text_end: int) -> int:
    """Where the closing ("Nơi nhận:", "GIÁM ĐỐC") begins after the body, else the text's end.
    The closing may be laid out as a table: recipients in one cell, the signer in the next."""
    for unit in units:
        if (unit.char_start >= body_start
                and _closing_pattern(unit.in_table).fullmatch(unit.text)):
            return unit.char_start
    return text_end
