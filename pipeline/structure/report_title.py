"""The report's title: the "BÁO CÁO" line and the title lines after it, as one phrase."""

from __future__ import annotations

import regex

from pipeline.structure.lexicon import alternation, column
from pipeline.structure.markers import match_marker
from pipeline.structure.titles import MAX_TITLE_CHARS, clean_title, is_capitals
from pipeline.structure.units import Unit

MAX_TITLE_LINES = 4


def _kind_pattern() -> regex.Pattern[str]:
    kinds = column("document_kinds", "kind")
    return regex.compile(rf"(?i)(?P<kind>{alternation(kinds)})(?!\w)\s*[:.]?\s*(?P<rest>.*)")


def find_title_line(units: list[Unit]) -> int | None:
    """Index of the unit that opens the title ("BÁO CÁO"), among the units given."""
    pattern = _kind_pattern()
    for index, unit in enumerate(units):
        if pattern.fullmatch(unit.text.strip()):
            return index
    return None


def report_title(units: list[Unit], title_index: int) -> str:
    match = _kind_pattern().fullmatch(units[title_index].text.strip())
    assert match is not None
    kind = next(k for k in column("document_kinds", "kind")
                if k.casefold() == match["kind"].casefold())
    lines = [match["rest"]] if match["rest"] else []
    for unit in units[title_index + 1:title_index + 1 + MAX_TITLE_LINES]:
        if not _continues_title(lines, unit):
            break
        lines.append(unit.text)
    phrase = clean_title(" ".join(lines))
    if not phrase:
        return kind
    if all(is_capitals(line) for line in lines):
        phrase = phrase.lower()
    elif len(phrase) > 1 and phrase[1].islower():
        phrase = phrase[0].lower() + phrase[1:]
    return f"{kind} {phrase}"


def _continues_title(lines: list[str], unit: Unit) -> bool:
    text = unit.text.strip()
    if match_marker(text) or len(text) > 2 * MAX_TITLE_CHARS or text.startswith("("):
        return False
    if not lines:
        return True
    if unit.blank_before:
        return False
    # A wrapped title line goes on in lower case, or in capitals after capitals; a line that
    # opens with a capital after a normal line is the body's first sentence.
    return text[0].islower() or (is_capitals(text) and is_capitals(lines[-1]))
