"""The Vietnamese word lists and cue patterns of the semantics stage, read from data/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import regex

from pipeline.data_files import read_rows

DATA_DIR = Path(__file__).with_name("data")


def _rows(name: str) -> list[tuple[str, ...]]:
    """The rows of a header-less data file."""
    return read_rows(DATA_DIR / name)


def _compile(pattern: str) -> regex.Pattern:
    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION1)


@cache
def abbreviations() -> frozenset[str]:
    return frozenset(row[0] for row in _rows("abbreviations.txt"))


@cache
def closed_phrases() -> tuple[tuple[str, ...], ...]:
    """The phrases of closed_phrases.txt, as lower-cased syllables."""
    return tuple(tuple(row[0].lower().split()) for row in _rows("closed_phrases.txt"))


@cache
def subject_words(role: str) -> frozenset[str]:
    """Lower-cased words of one role in subject_words.tsv (trim, boundary, weak, actor,
    counter)."""
    return frozenset(word.lower() for kind, word in _rows("subject_words.tsv") if kind == role)


@cache
def indicator_patterns() -> tuple[tuple[str, regex.Pattern], ...]:
    return tuple((key, _compile(pattern)) for key, pattern in _rows("indicators.tsv"))


@cache
def kind_cue_rows() -> tuple[tuple[str, str, str], ...]:
    """(role, figures, phrase) rows of kind_cues.tsv."""
    return tuple((role, figures, phrase) for role, figures, phrase in _rows("kind_cues.tsv"))


@cache
def period_cues(role: str) -> tuple[regex.Pattern, ...]:
    """Patterns of one role in period_cues.tsv: 'next_year', 'tasks', 'comparison',
    'anchor', 'qualifier', ..."""
    return tuple(_compile(cue) for kind, cue in _rows("period_cues.tsv") if kind == role)


def has_period_cue(role: str, text: str) -> bool:
    """Whether a period cue of the role occurs in the text."""
    return any(cue.search(text) for cue in period_cues(role))


@cache
def relation_phrases(role: str) -> frozenset[str]:
    """Phrases of one role in relation_cues.tsv: 'part_scope_complete', 'part_scope_subset',
    'decrease', 'total_label'."""
    rows = read_rows(DATA_DIR / "relation_cues.tsv")[1:]
    return frozenset(phrase.lower() for r, phrase in rows if r == role)
