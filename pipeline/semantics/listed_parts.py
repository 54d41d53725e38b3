"""Parts listed on the lines after their total: a figure whose line ends with a part_scope
cue and a colon ("… là 1.250 người, trong đó:", "… 13.200 triệu đồng. Trong đó:") is broken
down by the first figure of each list item below it ("- Lao động trong tỉnh: 900 người;").

The items are the following lines that open with the list mark of the first one ("-",
"+", "•", "a)", as pipeline.structure.markers reads marks); lines with another list mark are
the items' own breakdowns, and the list ends at a line without one (a heading's "II.", or
none), or with the mark of the total's own line. An item's part is its
first figure, outside brackets, that counts what the total does (the same unit class; for a
count, the same noun or a bare number). Cue phrases come from data/relation_cues.tsv.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from pipeline.model import Figure
from pipeline.semantics.lexicon import relation_phrases
from pipeline.semantics.relations import counts_like
from pipeline.structure.markers import LIST_STYLES, match_marker

ITEM_STYLES = LIST_STYLES | {"letter"}  # marks of a list's items ("a)"), not of headings
_WORD = regex.compile(r"\p{L}+")
MEASURED_CLASSES = frozenset({"count", "money"})


@dataclass(frozen=True)
class ListedPart:
    whole: Figure
    scope: str  # 'complete' | 'subset', as relations.py's part_scope


def listed_parts(text: str, figures: list[Figure]) -> dict[int, ListedPart]:
    """id(part figure) -> its total and scope, for every list found (figures in text
    order). A complete list ("gồm:") needs two parts or more."""
    scopes = {phrase: "complete" for phrase in relation_phrases("part_scope_complete")}
    scopes |= {phrase: "subset" for phrase in relation_phrases("part_scope_subset")}
    found: dict[int, ListedPart] = {}
    starts = [figure.char_start for figure in figures]
    for index, whole in enumerate(figures):
        if whole.unit_class not in MEASURED_CLASSES:
            continue
        line_end = _line_end(text, whole.char_end)
        following = figures[index + 1] if index + 1 < len(figures) else None
        if following is not None and following.char_start < line_end:
            continue  # the total is the line's last figure
        scope = _lead_scope(text[whole.char_end:line_end], scopes)
        if scope is None:
            continue
        parts = _item_parts(text, figures, starts, whole, line_end)
        if scope == "complete" and len(parts) < 2:
            continue
        for part in parts:
            found[id(part)] = ListedPart(whole, scope)
    return found


def _lead_scope(tail: str, scopes: dict[str, str]) -> str | None:
    """The scope of the words closing a total's line ("người, trong đó:"), or None when
    they are no part_scope cue before a colon, or hold another number or a bracket."""
    tail = tail.rstrip()
    if not tail.endswith(":") or "(" in tail or any(c.isdigit() for c in tail):
        return None
    words = " ".join(_WORD.findall(tail[:-1].lower()))
    return next((scope for phrase, scope in scopes.items()
                 if words == phrase or words.endswith(" " + phrase)), None)


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _item_parts(text: str, figures: list[Figure], starts: list[int], whole: Figure,
                start: int) -> list[Figure]:
    """The parts of the items below a total's line (`starts`: the figures' offsets)."""
    parent = _item_style(text, text.rfind("\n", 0, whole.char_start) + 1)
    parts = []
    position, level = start + 1, None
    while position < len(text) and (style := _item_style(text, position)) is not None:
        if style == parent:
            break
        end = _line_end(text, position)
        level = level or style
        in_item = [f for f in figures[bisect.bisect_left(starts, position):
                                      bisect.bisect_left(starts, end)]
                   if not _in_bracket(text, position, f) and _counts_like(f, whole)]
        if style == level and in_item and in_item[0].value <= whole.value:
            parts.append(in_item[0])
        position = end + 1
    return parts


def _item_style(text: str, line_start: int) -> str | None:
    """The list mark's style of the line starting at `line_start`, if it opens an item."""
    marker = match_marker(text[line_start:_line_end(text, line_start)].lstrip())
    return marker.style if marker is not None and marker.style in ITEM_STYLES else None


def _in_bracket(text: str, line_start: int, figure: Figure) -> bool:
    before = text[line_start:figure.char_start]
    return before.rfind("(") > before.rfind(")")


def _counts_like(part: Figure, whole: Figure) -> bool:
    """The same class; for a count, the same noun or a bare number ("- Cấp tỉnh: 3.585")."""
    return counts_like(part, whole) and (whole.unit_class != "count"
                                         or part.unit in (whole.unit, None))
