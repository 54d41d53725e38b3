"""The text layer of one PDF page (pypdfium2) -> positioned lines."""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.ingest.layout import Line
from pipeline.ingest.normalize import normalize_text

WRAPPED_HYPHEN = "\u0002"
DEFAULT_FONT_SIZE = 10.0


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
        lines = []
        position = 0
        for raw in text.split("\r\n"):
            line = _positioned_line(textpage, raw, position, page_number, page_height)
            if line is not None:
                lines.append(line)
            position += len(raw) + 2
        return lines
    finally:
        textpage.close()


def _plain_line(raw: str, page_number: int) -> Line:
    return Line(normalize_text(raw), page_number, 0.0, 0.0, DEFAULT_FONT_SIZE, 0.0,
                _ends_with_wrapped_hyphen(raw.rstrip()))


def _positioned_line(textpage: pdfium.PdfTextPage, raw: str, start: int,
                     page_number: int, page_height: float) -> Line | None:
    stripped = raw.rstrip()
    first = len(raw) - len(raw.lstrip())
    if first >= len(stripped):
        return None
    last = len(stripped) - 1
    word_end = first
    while word_end + 1 <= last and not stripped[word_end + 1].isspace():
        word_end += 1
    left, bottom, _, top = textpage.get_charbox(start + first)
    font_size = pdfium_c.FPDFText_GetFontSize(textpage.raw, start + first) or DEFAULT_FONT_SIZE
    _, _, right, _ = textpage.get_charbox(start + last)
    _, _, first_word_right, _ = textpage.get_charbox(start + word_end)
    return Line(
        text=normalize_text(stripped), page=page_number, left=left, right=right,
        height=font_size, first_word_width=first_word_right - left,
        hyphen_wrapped=_ends_with_wrapped_hyphen(stripped),
        y=page_height - (top + bottom) / 2,
    )
