"""Readable titles from heading lines: whitespace and punctuation cleaned, long items cut."""

from __future__ import annotations

import regex

MAX_TITLE_CHARS = 160
MAX_LEAD_WORDS = 16  # "Giảm nghèo bền vững: Đã tham mưu ...": a short lead before a colon

_SPACES = regex.compile(r"\s+")
_SENTENCE_END = regex.compile(r"[.!?]\s+(?=[\p{Lu}\d\"“])")
_TRAILING = " \t.,;:–-"


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def is_capitals(text: str) -> bool:
    """Written in capitals: at least two letters, none of them lower case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters)


def clean_title(text: str) -> str:
    return collapse_spaces(text).strip(_TRAILING)


def heading_title(text: str) -> str:
    """The title of a heading or list item from the text after its marker.

    A heading line is kept whole; a list item that opens a paragraph is named by its lead
    ("Giảm nghèo bền vững: ...") or its first sentence, cut to MAX_TITLE_CHARS.
    """
    text = collapse_spaces(text)
    lead, colon, _ = text.partition(":")
    if colon and 0 < len(lead.split()) <= MAX_LEAD_WORDS:
        return clean_title(lead)
    sentence_end = _SENTENCE_END.search(text)
    sentence = clean_title(text[:sentence_end.start()] if sentence_end else text)
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    cut = sentence.rfind(" ", 0, MAX_TITLE_CHARS)
    return sentence[:cut if cut > 0 else MAX_TITLE_CHARS].rstrip(_TRAILING) + "…"
