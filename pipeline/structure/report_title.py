"""The report's title: the "BÁO CÁO" line and the title lines after it, as one phrase."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from pipeline.structure.lexicon import alternation, column
from pipeline.structure.markers import match_marker
from pipeline.structure.titles import MAX_TITLE_CHARS, clean_title, is_capitals
from pipeline.structure.units import Unit

MAX_TITLE_LINES = 4
MAX_FRONT_CHARS = 3000  # the title line is looked for this far into the text


@dataclass(frozen=True)
class ReportTitle:
    title: str
    index: int  # of the unit that opens it ("BÁO CÁO")
    char_end: int  # where the title ends and the text after it begins


@cache
def _kind_pattern() -> regex.Pattern[str]:
    kinds = column("document_kinds", "kind")
    return regex.compile(rf"(?i)(?P<kind>{alternation(kinds)})(?!\w)\s*[:.]?\s*(?P<rest>.*)")


@cache
def _opener_pattern() -> regex.Pattern[str]:
    """A first sentence run on after the title on the same line: "...năm 2023 Thực hiện ..."."""
    return regex.compile(rf"(?<=\S)\s+(?={alternation(column('sentence_openers', 'word'))}\s)")


def find_title_line(units: list[Unit]) -> int | None:
    """Index of the unit that opens the title ("BÁO CÁO"), before the first marked line."""
    pattern = _kind_pattern()
    for index, unit in enumerate(units):
        if unit.char_start >= MAX_FRONT_CHARS or (unit.can_mark and match_marker(unit.text)):
            return None
        if pattern.fullmatch(unit.text.strip()):
            return index
    return None


def read_report_title(units: list[Unit]) -> ReportTitle | None:
    title_index = find_title_line(units)
    if title_index is None:
        return None
    opening = units[title_index]
    match = _kind_pattern().fullmatch(opening.text.strip())
    assert match is not None
    kind = next(k for k in column("document_kinds", "kind")
                if k.casefold() == match["kind"].casefold())
    lines = [match["rest"]] if match["rest"] else []
    char_end = opening.char_end
    for unit in units[title_index + 1:title_index + 1 + MAX_TITLE_LINES]:
        run_on = _opener_pattern().search(unit.text)
        text = unit.text[:run_on.start()] if run_on else unit.text
        if not _continues_title(lines, text, unit.blank_before):
            break
        lines.append(text)
        char_end = unit.char_start + len(text)
        if run_on:
            break
    return ReportTitle(_title_phrase(kind, lines), title_index, char_end)


def _title_phrase(kind: str, lines: list[str]) -> str:
    phrase = clean_title(" ".join(lines))
    if not phrase:
        return kind
    if all(is_capitals(line) for line in lines):
        phrase = phrase.lower()
    elif len(phrase) > 1 and phrase[1].islower():
        phrase = phrase[0].lower() + phrase[1:]
    return f"{kind} {phrase}"


def _continues_title(lines: list[str], text: str, blank_before: bool) -> bool:
    text = text.strip()
    if not text or match_marker(text) or len(text) > 2 * MAX_TITLE_CHARS or text.startswith("("):
        return False
    if not lines:
        return True
    if blank_before:
        return False
    # A wrapped title line goes on in lower case, or in capitals after capitals; a line that
    # opens with a capital after a normal line is the body's first sentence.
    return text[0].islower() or (is_capitals(text) and is_capitals(lines[-1]))
