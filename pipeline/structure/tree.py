"""Headings -> section tree. The level of a marker style is learned from the document.

A style already open on the path (an "a)" while inside "a)") closes back to it and starts a
sibling. A new style opens one level deeper, unless the document has already shown it above
the open one (then the deeper sections close first). So "Phần > I > 1 > a" is learned from
the order styles first appear under their parents, and a skipped style ("I > a") is fine.
List items ("- ", "+ ") are leaves of the headings: they never hold a heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from pipeline.model import Document, Section
from pipeline.structure.front_matter import body_end, read_front_matter
from pipeline.structure.lexicon import alternation, column
from pipeline.structure.markers import LIST_STYLES, match_marker
from pipeline.structure.titles import (
    MAX_TITLE_CHARS,
    clean_title,
    heading_title,
    is_capitals,
    reads_as_paragraph,
    run_in_lead,
)
from pipeline.structure.units import Unit, text_units

UNMARKED_HEADING = "heading"  # a block styled as a heading, without a marker
APPENDIX = "appendix"  # "PHỤ LỤC I" after the closing: a top-level section of its own
_CLOSING_PUNCTUATION = tuple(".:;!?")
WRAP_FRACTION = 0.8  # a line this close to the text's line width goes on on the next line
WIDTH_QUANTILE = 0.9  # the text's line width: this quantile of its line lengths
MIN_WRAP_WIDTH = 60  # text with shorter lines is not wrapped: each line is a paragraph
MIN_WIDTH_LINES = 10  # fewer lines tell no line width
_SENTENCE_CLOSERS = tuple(".:!?")


@dataclass(frozen=True)
class Heading:
    style: str
    label: str
    title: str
    char_start: int


def body_units(document: Document, lines: list[Unit]) -> tuple[list[Unit], int]:
    """The lines of the body (of `lines`, the text's lines outside tables), between the
    title and the closing, and where the body ends."""
    with_tables = text_units(document, include_tables=True)
    body_start = read_front_matter(with_tables).body_start
    end = body_end(with_tables, body_start, len(document.text))
    return [unit for unit in lines if body_start <= unit.char_start < end], end


def find_headings(units: list[Unit], wrapped: bool = True) -> list[Heading]:
    """Headings among the units; `wrapped`: plain text whose paragraphs wrap over lines (a
    block's text is its whole paragraph)."""
    headings: list[Heading] = []
    index = 0
    previous_closed = True
    width = _line_width(units) if wrapped else None
    while index < len(units):
        unit = units[index]
        marker = match_marker(unit.text) if unit.can_mark else None
        if marker and marker.needs_break and not (previous_closed or unit.blank_before):
            marker = None  # "...Sở Lao động\n- Thương binh": a wrapped line, not an item
        next_index = index + 1
        lead = None
        if marker and not unit.heading_block:
            own_paragraph = _paragraph_text(units, index, width)[marker.end:]
            if reads_as_paragraph(own_paragraph):
                # "a) Trong tháng 8, Ban chỉ đạo ...": a marked paragraph is an item of its
                # section; only a run-in lead ("Về dịch vụ công: ...") names a section.
                lead = run_in_lead(own_paragraph)
                marker = marker if lead else None
        if marker:
            own_text = unit.text[marker.end:]
            title = lead or (heading_title(own_text) if marker.is_list_item
                             else clean_title(own_text))
            if not marker.is_list_item and (not title or is_capitals(title)):
                title, next_index = _continue_title(units, index + 1, title)
            headings.append(Heading(marker.style, marker.label, title, unit.char_start))
        elif unit.heading_block:
            title = clean_title(unit.text)
            headings.append(Heading(UNMARKED_HEADING, title, title, unit.char_start))
        previous_closed = (bool(marker) and not marker.is_list_item) or unit.heading_block or (
            units[next_index - 1].text.endswith(_CLOSING_PUNCTUATION))
        index = next_index
    return headings


def _line_width(units: list[Unit]) -> int | None:
    """The line width of a text whose paragraphs wrap over lines; None for short lines."""
    if len(units) < MIN_WIDTH_LINES:
        return None
    lengths = sorted(len(unit.text) for unit in units)
    width = lengths[min(len(lengths) - 1, int(WIDTH_QUANTILE * len(lengths)))]
    return width if width >= MIN_WRAP_WIDTH else None


def _paragraph_text(units: list[Unit], index: int, width: int | None) -> str:
    """The unit's text, with the lines its paragraph wraps onto (plain text only): a line
    near the text's width, without a closing stop, goes on on the next unmarked line."""
    parts = [units[index].text]
    while (width and len(units[index].text) >= WRAP_FRACTION * width
           and not units[index].text.endswith(_SENTENCE_CLOSERS)
           and index + 1 < len(units) and not units[index + 1].blank_before
           and match_marker(units[index + 1].text) is None):
        index += 1
        parts.append(units[index].text)
    return " ".join(parts)


def _continue_title(units: list[Unit], index: int, title: str) -> tuple[str, int]:
    """A title written on the lines after its marker: lines in capitals, or one short line."""
    parts = [title] if title else []
    while index < len(units) and _is_title_line(units[index]) and is_capitals(units[index].text):
        parts.append(units[index].text)
        index += 1
    if not parts and index < len(units) and _is_title_line(units[index]):
        candidate = clean_title(units[index].text)
        if len(candidate) <= MAX_TITLE_CHARS and not candidate.endswith(".") and ". " not in (
                candidate):
            parts.append(candidate)
            index += 1
    return clean_title(" ".join(parts)), index


def _is_title_line(unit: Unit) -> bool:
    return not (unit.can_mark and match_marker(unit.text)) and len(unit.text) <= 2 * MAX_TITLE_CHARS


@dataclass
class _Open:
    style: str
    section: Section


def build_sections(headings: list[Heading], text: str, end: int | None = None,
                   first_number: int = 1) -> list[Section]:
    """Sections from headings; the last ones end at `end` (the body's end, else the text's).
    Their ids count from `first_number`."""
    end = len(text) if end is None else end
    sections: list[Section] = []
    path: list[_Open] = []
    seen_above: set[tuple[str, str]] = set()  # (outer style, inner style) seen in the document
    for number, heading in enumerate(headings, first_number):
        same_style = [i for i, node in enumerate(path) if node.style == heading.style]
        if same_style:
            del path[same_style[-1]:]
        else:
            while path and (_list_holds_heading(path[-1].style, heading.style)
                            or (heading.style, path[-1].style) in seen_above):
                path.pop()
        seen_above.update((node.style, heading.style) for node in path)
        parent = path[-1].section if path else None
        section = Section(
            section_id=f"s{number}",
            parent_id=parent.section_id if parent else None,
            level=len(path) + 1,
            label=heading.label,
            title=heading.title,
            path=f"{parent.path} > {heading.label}" if parent else heading.label,
            char_start=heading.char_start,
            char_end=end,
        )
        sections.append(section)
        path.append(_Open(heading.style, section))
    _set_ends(sections, text, end)
    return sections


def _list_holds_heading(open_style: str, new_style: str) -> bool:
    return open_style in LIST_STYLES and new_style not in LIST_STYLES


def _set_ends(sections: list[Section], text: str, text_end: int) -> None:
    """Each section ends where the next section at its level or above begins."""
    following: list[Section] = []  # sections after the current one, nearest last
    for section in reversed(sections):
        while following and following[-1].level > section.level:
            following.pop()
        end = following[-1].char_start if following else text_end
        while end > section.char_start and text[end - 1:end].isspace():
            end -= 1
        section.char_end = end
        following.append(section)


def parse_sections(document: Document) -> list[Section]:
    """The section tree of a report, in reading order (parents before their children): the
    body's sections, then each appendix after the closing with the sections inside it."""
    lines = text_units(document)
    units, end = body_units(document, lines)
    sections = build_sections(find_headings(units, wrapped=not document.blocks),
                              document.text, end)
    after_body = [unit for unit in lines if unit.char_start >= end]
    return sections + build_sections(_appendix_headings(after_body, wrapped=not document.blocks),
                                     document.text, first_number=len(sections) + 1)


@cache
def _appendix_line() -> regex.Pattern[str]:
    """"PHỤ LỤC", "Phụ lục số 2", "PHỤ LỤC II: KẾT QUẢ …": the label (the words and up to
    two short tokens of its number), then maybe a title after ":" or "."."""
    words = alternation(column("appendix_headings", "words"))
    return regex.compile(rf"(?P<label>(?i:{words})(?:[^\S\n]+[^\s:.]{{1,6}}){{0,2}})"
                         rf"(?:[^\S\n]*[:.](?:[^\S\n]*(?P<title>\S.*))?)?")


def _appendix_headings(units: list[Unit], wrapped: bool) -> list[Heading]:
    """The headings among the lines after the body: each appendix line ("PHỤ LỤC", "PHỤ
    LỤC II") with its title (after a colon, or on the lines in capitals after it), and the
    headings inside it."""
    lines = [(index, _appendix_line().fullmatch(unit.text)) for index, unit in enumerate(units)]
    found = [(index, line) for index, line in lines if line is not None]
    headings = []
    for number, (start, line) in enumerate(found):
        stop = found[number + 1][0] if number + 1 < len(found) else len(units)
        title, inside = (clean_title(line["title"]), start + 1) if line["title"] else (
            _continue_title(units, start + 1, ""))
        label = clean_title(line["label"])
        headings.append(Heading(APPENDIX, label, title or label, units[start].char_start))
        headings += find_headings(units[inside:stop], wrapped=wrapped)
    return headings
