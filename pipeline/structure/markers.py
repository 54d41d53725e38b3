"""Section markers at the start of a line or block: "Phần thứ nhất", "I.", "1.", "1.1.", "a)", "- ".

The rules live here; `marker_examples.tsv` beside this file lists lines that must (and must
not) be read as markers, and runs as tests. A marker only ever begins a line or block: the
caller never looks for one inside a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

from pipeline.structure.lexicon import alternation, column

LIST_STYLES = frozenset({"dash", "plus", "bullet"})


@dataclass(frozen=True)
class Marker:
    style: str  # 'part:Phần', 'roman', 'upper', 'arabic1', 'arabic2', 'letter', 'dash', ...
    label: str  # as written, without punctuation: 'Phần thứ nhất', 'I', '1.1', 'c', '-'
    end: int  # offset in the line where the heading text starts (spaces skipped)
    lowercase_tail: bool  # the text after it starts in lower case: trust it only after a break

    @property
    def is_list_item(self) -> bool:
        return self.style in LIST_STYLES

    @property
    def needs_break(self) -> bool:
        """Trusted only after a finished line: a wrapped line may also start with "- " or "b)"."""
        return self.lowercase_tail or self.is_list_item


@dataclass(frozen=True)
class MarkerRule:
    pattern: regex.Pattern[str]
    style: Callable[[regex.Match[str]], str]
    label: Callable[[regex.Match[str]], str]
    lowercase_tail_allowed: bool  # "a) về ..." is a marker, "I. về ..." is not
    bare_allowed: bool  # the marker alone on its line, title on the next line


def _part_label(match: regex.Match[str]) -> str:
    keyword = next(k for k in column("part_keywords", "keyword")
                   if k.casefold() == match["keyword"].casefold())
    if match["ordinal"]:
        return f"{keyword} thứ {match['ordinal'].lower()}"
    return f"{keyword} {match['number'].upper()}"


def _part_style(match: regex.Match[str]) -> str:
    return "part:" + match["keyword"].casefold()


def _group(name: str) -> Callable[[regex.Match[str]], str]:
    return lambda match: match[name]


def _constant(value: str) -> Callable[[regex.Match[str]], str]:
    return lambda match: value


def _arabic_style(match: regex.Match[str]) -> str:
    return f"arabic{match['label'].count('.') + 1}"


@cache
def _rules() -> tuple[MarkerRule, ...]:
    keywords = alternation(column("part_keywords", "keyword"))
    ordinals = alternation(column("ordinals", "word"))
    separator = r"\s*(?P<sep>[.):\-–])"
    return (
        MarkerRule(
            regex.compile(rf"(?i)(?P<keyword>{keywords})\s+(?:thứ\s+(?P<ordinal>{ordinals})"
                          rf"|(?P<number>[IVXLC]+|\d{{1,2}}))(?!\w)(?:{separator})?"),
            _part_style, _part_label, lowercase_tail_allowed=False, bare_allowed=True),
        MarkerRule(
            regex.compile(r"(?P<label>(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))" + separator),
            _constant("roman"), _group("label"), lowercase_tail_allowed=False, bare_allowed=True),
        MarkerRule(
            regex.compile(r"(?P<label>[A-ZĐ])(?P<sep>[.)])"),
            _constant("upper"), _group("label"), lowercase_tail_allowed=False, bare_allowed=True),
        MarkerRule(
            regex.compile(r"(?P<label>\d{1,2}(?:\.\d{1,2})*)(?P<sep>\.|\)|\s*[-–](?=\s))?"),
            _arabic_style, _group("label"), lowercase_tail_allowed=False, bare_allowed=True),
        MarkerRule(
            regex.compile(r"(?P<label>[a-zđ])(?P<sep>[.)])"),
            _constant("letter"), _group("label"), lowercase_tail_allowed=True, bare_allowed=False),
        MarkerRule(
            regex.compile(r"(?P<label>[-–—])(?P<sep>)(?=\s)"),
            _constant("dash"), _group("label"), lowercase_tail_allowed=True, bare_allowed=False),
        MarkerRule(
            regex.compile(r"(?P<label>\+)(?P<sep>)(?=\s)"),
            _constant("plus"), _group("label"), lowercase_tail_allowed=True, bare_allowed=False),
        MarkerRule(
            regex.compile(r"(?P<label>[•▪●◦])(?P<sep>)"),
            _constant("bullet"), _group("label"), lowercase_tail_allowed=True, bare_allowed=False),
    )


_TAIL = regex.compile(r"[ \t]*")


def match_marker(line: str) -> Marker | None:
    """The section marker that begins `line` (already stripped on the left), or None."""
    for rule in _rules():
        match = rule.pattern.match(line)
        if match is None:
            continue
        marker = _accept(rule, match, line)
        if marker is not None:
            return marker
    return None


def _accept(rule: MarkerRule, match: regex.Match[str], line: str) -> Marker | None:
    gap = _TAIL.match(line, match.end()).end()
    rest = line[gap:].rstrip()
    has_separator = bool(match.groupdict().get("sep") is not None)
    if not rest:
        if not rule.bare_allowed:
            return None
        return Marker(rule.style(match), rule.label(match), gap, lowercase_tail=False)
    first = rest[0]
    if gap == match.end() and not (has_separator and first.isupper()):
        # "2.281 người", "15.939": the marker must be followed by a space, or glued to a capital
        # right after its punctuation ("IV-NHIỆM VỤ").
        return None
    if not has_separator and not first.isupper():
        # Without punctuation ("2.3 Về ...", "Phần thứ nhất KẾT QUẢ") only a capital may follow.
        return None
    if not has_separator and rule.style(match).startswith("arabic") and "." not in match["label"]:
        return None  # "12 Tháng ...": a bare number is a figure, not a marker
    lowercase = first.islower()
    if lowercase and not rule.lowercase_tail_allowed:
        return None
    return Marker(rule.style(match), rule.label(match), gap, lowercase_tail=lowercase)
