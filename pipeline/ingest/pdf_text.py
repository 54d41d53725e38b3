"""The text layer of one PDF page (pypdfium2) -> positioned lines."""

from __future__ import annotations

from ctypes import byref, c_double

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.ingest.layout import Line
from pipeline.ingest.normalize import needs_normalizing, normalize_text

WRAPPED_HYPHEN = "\u0002"
DEFAULT_FONT_SIZE = 10.0


class _CharBoxes:
    """Tight character boxes through pdfium's C call, reusing four doubles (the helper's
    `get_charbox` allocates them anew each time, which costs more than the call)."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self._textpage = textpage.raw
        self._left, self._right, self._bottom, self._top = (c_double() for _ in range(4))
        self._pointers = tuple(byref(value) for value in
                               (self._left, self._right, self._bottom, self._top))

    def box(self, index: int) -> tuple[float, float, float, float]:
        """left, bottom, right, top of the character at `index`."""
        if not pdfium_c.FPDFText_GetCharBox(self._textpage, index, *self._pointers):
            raise pdfium.PdfiumError("Failed to get charbox.")
        return self._left.value, self._bottom.value, self._right.value, self._top.value


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
    fewest boxes (the first character, the end of the first word, the last character).
    """
    # Offsets index the raw text, so normalizing is per line, and only on pages that need it.
    normalize = needs_normalizing(text.replace("\r\n", "\n"))
    boxes = _CharBoxes(textpage)
    box = boxes.box
    font_size_at = pdfium_c.FPDFText_GetFontSize
    raw_textpage = textpage.raw
    lines = []
    start = 0
    for raw in text.split("\r\n"):
        stripped = raw.rstrip()
        if stripped:
            first = start + len(raw) - len(raw.lstrip())
            word_end = first + len(stripped.split(None, 1)[0]) - 1
            last = start + len(stripped) - 1
            left, bottom, first_word_right, top = box(first)
            if word_end != first:
                first_word_right = box(word_end)[2]
            right = box(last)[2] if last != word_end else first_word_right
            lines.append(Line(
                normalize_text(stripped) if normalize else stripped, page_number, left, right,
                font_size_at(raw_textpage, first) or DEFAULT_FONT_SIZE,
                first_word_right - left, _ends_with_wrapped_hyphen(stripped),
                page_height - (top + bottom) / 2))
        start += len(raw) + 2
    return lines
