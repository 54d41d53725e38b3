"""The text layer of one PDF page (pypdfium2) -> positioned lines."""

from __future__ import annotations

from ctypes import byref, c_double, sizeof

import pypdfium2 as pdfium
import regex

from pipeline.ingest.layout import Line
from pipeline.ingest.normalize import needs_normalizing, normalize_text
from pipeline.ingest.pdfium_calls import get_char_box, get_font_size

WRAPPED_HYPHEN = "\u0002"
DEFAULT_FONT_SIZE = 10.0
SUPERSCRIPT_SIZE_RATIO = 0.8  # a footnote marker's font is this much smaller than its word's
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# A footnote marker: one or two digits glued to the word or figure before ("mô hình3",
# "1.234 hồ sơ5"), or opening a footnote line ("1 Gồm: ..."). Which are markers is told by
# their font size; the digits become superscript digits after a space, so that no figure or
# word takes them ("mô hình ³": a word segmenter would read "hình³" as another word).
_MARKER_CANDIDATE = regex.compile(r"(?<=[\p{L})\]”\"%])\d{1,2}(?!\d)|^\s*\K\d{1,2}(?= )")


def _ends_with_wrapped_hyphen(text: str) -> bool:
    """"COVID-" / "NĐ-" at the end of a line: the word goes on, no space to add."""
    return text.endswith(WRAPPED_HYPHEN) or (
        text.endswith("-") and len(text) >= 2 and text[-2].isalnum())


def page_lines(page: pdfium.PdfPage, page_number: int) -> list[Line]:
    """One Line per text line, with the geometry needed to join wrapped lines."""
    page_height = page.get_height()
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        if len(text) != textpage.count_chars():  # offsets would not match the char boxes
            return [_plain_line(raw, page_number) for raw in text.splitlines()]
        return _positioned_lines(textpage, text, page_number, page_height)
    finally:
        textpage.close()


def _plain_line(raw: str, page_number: int) -> Line:
    return Line(normalize_text(raw), page_number, 0.0, 0.0, DEFAULT_FONT_SIZE, 0.0,
                _ends_with_wrapped_hyphen(raw.rstrip()))


def _positioned_lines(textpage: pdfium.PdfTextPage, text: str, page_number: int,
                      page_height: float) -> list[Line]:
    """Lines of a text whose offsets are those of the text page's characters.

    This loop runs for every line of every page: it is kept flat, and asks pdfium for the
    fewest boxes (the first character, the end of the first word, the last character),
    read into four reused doubles.
    """
    # Offsets index the raw text, so normalizing is per line, and only on pages that need it.
    normalize = needs_normalizing(text.replace("\r\n", "\n"))
    raw_textpage = textpage.raw
    edges = (c_double * 4)()  # left, right, bottom, top: pdfium's order
    pointers = tuple(byref(edges, index * sizeof(c_double)) for index in range(4))
    lines = []
    start = 0
    for raw in text.split("\r\n"):
        stripped = raw.rstrip()
        if stripped:
            first = start + len(raw) - len(raw.lstrip())
            word_end = first + len(stripped.split(None, 1)[0]) - 1
            last = start + len(stripped) - 1
            found = get_char_box(raw_textpage, first, *pointers)
            left, first_word_right, bottom, top = edges
            if word_end != first:
                found &= get_char_box(raw_textpage, word_end, *pointers)
                first_word_right = edges[1]
            right = first_word_right
            if last != word_end:
                found &= get_char_box(raw_textpage, last, *pointers)
                right = edges[1]
            if not found:
                raise pdfium.PdfiumError("Failed to get charbox.")
            text = _mark_superscripts(raw_textpage, stripped, start)
            lines.append(Line(
                normalize_text(text) if normalize else text, page_number, left, right,
                get_font_size(raw_textpage, first) or DEFAULT_FONT_SIZE,
                first_word_right - left, _ends_with_wrapped_hyphen(stripped),
                page_height - (top + bottom) / 2,
                footnote=text.lstrip()[:1] in _FOOTNOTE_OPENERS))
        start += len(raw) + 2
    return lines


_FOOTNOTE_OPENERS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")


def _mark_superscripts(raw_textpage: object, text: str, first: int) -> str:
    """The line's text with its footnote markers as superscript digits. `first` is the
    text page's index of the text's first character."""
    if not any(c.isdigit() for c in text):
        return text
    for match in reversed(list(_MARKER_CANDIDATE.finditer(text))):
        start, end = match.span()
        neighbour = start - 1 if start else _next_visible(text, end)
        if neighbour is None:
            continue
        size = get_font_size(raw_textpage, first + start)
        beside = get_font_size(raw_textpage, first + neighbour)
        if 0 < size < SUPERSCRIPT_SIZE_RATIO * beside:
            glued = " " if start and not text[start - 1].isspace() else ""
            text = text[:start] + glued + match[0].translate(_SUPERSCRIPT_DIGITS) + text[end:]
    return text


def _next_visible(text: str, index: int) -> int | None:
    while index < len(text) and text[index].isspace():
        index += 1
    return index if index < len(text) else None
