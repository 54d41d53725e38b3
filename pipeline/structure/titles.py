"""Readable titles from heading lines: whitespace and punctuation cleaned, long items cut."""

from __future__ import annotations

import regex

MAX_TITLE_CHARS = 160
MAX_LEAD_WORDS = 16  # "Giảm nghèo bền vững: Đã tham mưu ...": a short lead before a colon
MAX_HEADING_CHARS = 2 * MAX_TITLE_CHARS  # a heading may run over two lines, never a paragraph

_SPACES = regex.compile(r"\s+")
_SENTENCE_END = regex.compile(r"[.!?]\s+(?=[\p{Lu}\d\"“])")
_TRAILING = " \t.,;:–-"
_FINISHED = tuple(".!?…")  # not ";": "tiếp công dân; xử lý đơn thư;" may end a heading line


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
    lead = run_in_lead(text)
    if lead:
        return lead
    sentence_end = _SENTENCE_END.search(text)
    sentence = clean_title(text[:sentence_end.start()] if sentence_end else text)
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    cut = sentence.rfind(" ", 0, MAX_TITLE_CHARS)
    return sentence[:cut if cut > 0 else MAX_TITLE_CHARS].rstrip(_TRAILING) + "…"


def run_in_lead(text: str) -> str | None:
    """The short lead before a colon that names a paragraph ("Giảm nghèo bền vững: ...")."""
    lead, colon, _ = collapse_spaces(text).partition(":")
    if colon and 0 < len(lead.split()) <= MAX_LEAD_WORDS and lead.count("(") == lead.count(")"):
        return clean_title(lead) or None
    return None  # "Nguồn vốn là 11 tỷ (gồm: ...)": a colon inside brackets ends no lead


def reads_as_paragraph(text: str) -> bool:
    """Whether the text after a marker is a paragraph, not a heading: a heading is short and
    holds no finished sentence ("Công tác tuyên truyền", "Về dịch vụ công thiết yếu:"); a
    paragraph ends a sentence, holds one, or runs longer than a heading ever does."""
    text = collapse_spaces(text)
    if is_capitals(text):
        return False
    return (len(text) > MAX_HEADING_CHARS or text.endswith(_FINISHED)
            or _SENTENCE_END.search(text) is not None)
