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


@cache
def _closing_pattern() -> regex.Pattern[str]:
    def words(kind: str) -> str:
        return alternation(tuple(row["words"] for row in read_table("closing_lines")
                                 if row["kind"] == kind))
    return regex.compile(rf"(?i)(?:(?:{words('opens')})(?!\w).*"
                         rf"|(?:(?:{words('prefix')})\s*)?(?:{words('signer')})\s*[:.]?)")


def body_end(units: list[Unit], body_start: int, text_end: int) -> int:
    """Where the closing ("Nơi nhận:", "GIÁM ĐỐC") begins after the body, else the text's end."""
    pattern = _closing_pattern()
    for unit in units:
        if unit.char_start >= body_start and pattern.fullmatch(unit.text):
            return unit.char_start
    return text_end
