"""Lines of a laid-out page (PDF text layer or OCR) -> paragraphs, without running headers,
footers and page numbers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from pipeline.ingest.blocks import classify_line, starts_new_block
from pipeline.ingest.builder import DocumentBuilder, Segment

_PAGE_NUMBER = regex.compile(r"^\W*(?:trang\s*)?\d{1,4}(?:\s*(?:/|trên)\s*\d{1,4})?\W*$",
                             regex.IGNORECASE)
_DIGITS = regex.compile(r"\d+")
_EDGE_LINES = 2  # lines at the top and at the bottom of a page examined as header/footer
_SPACE_PER_HEIGHT = 0.3  # a space is about this share of the font size (line height)
_INK_SLACK_PER_HEIGHT = 0.3
_INDENT_TOLERANCE_PER_HEIGHT = 0.5
# After a full stop, a capitalized line is taken as wrapped only when clearly so.
_SURE_OVERFLOW_PER_HEIGHT = 1.0
# (?r): searched from the end of the line, where the only possible match is.
_SENTENCE_END = regex.compile(r"(?r)[.!?…:;][\"'”’)]*\s*$")
_FOOTNOTE_GROWTH = 1.25  # a line this much larger than a footnote's is the body again


@dataclass(slots=True)
class Line:
    text: str
    page: int
    left: float
    right: float
    height: float
    first_word_width: float
    hyphen_wrapped: bool = False  # ends with a hyphen the layout put at the wrap
    y: float = 0.0  # vertical middle, measured down from the top of the page
    footnote: bool = False  # opens a footnote: "¹ Gồm: ..." in a small font at the page foot


def _edge_lines(page_lines: list[Line]) -> list[Line]:
    if len(page_lines) <= 2 * _EDGE_LINES:
        return list(page_lines)
    return page_lines[:_EDGE_LINES] + page_lines[-_EDGE_LINES:]


def _edge_key(line: Line) -> str:
    return _DIGITS.sub("#", " ".join(line.text.split()).lower())


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers, and lines at the top or bottom repeated on most pages."""
    edge_keys = [{id(line): _edge_key(line) for line in _edge_lines(page)} for page in pages]
    counts = Counter(key for keys in edge_keys for key in set(keys.values()))
    repeated_at = max(3, (len(pages) + 1) // 2)
    kept_pages = []
    for page, keys in zip(pages, edge_keys, strict=True):
        kept_pages.append([
            line for line in page
            if id(line) not in keys
            or not (_PAGE_NUMBER.match(line.text) or counts[keys[id(line)]] >= repeated_at)
        ])
    return kept_pages


def _ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


def _continues(previous: Line, line: Line, right_margins: dict[int, float]) -> bool:
    """Whether `line` is the wrapped rest of the paragraph `previous` ends."""
    if previous.hyphen_wrapped:
        return True
    if line.left > previous.left + _INDENT_TOLERANCE_PER_HEIGHT * line.height:
        return False  # indented: a new paragraph's first line
    ends_sentence = _ends_sentence(previous.text)
    if ends_sentence and starts_new_block(line.text):
        return False
    # The layout wrapped only if the next line's first word did not fit on this one.
    # Boxes are ink, not advance, so a full line may look a little short of the margin.
    overflow = (previous.right + _SPACE_PER_HEIGHT * previous.height + line.first_word_width
                - right_margins[previous.page])
    if ends_sentence and line.text[:1].isupper():
        return overflow > _SURE_OVERFLOW_PER_HEIGHT * previous.height
    return overflow > -_INK_SLACK_PER_HEIGHT * previous.height


def add_paragraphs(builder: DocumentBuilder, lines: list[Line]) -> None:
    """Join wrapped lines into paragraphs and add them to the document as blocks."""
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return
    right_margins: dict[int, float] = {}
    for line in lines:  # per page: OCR pages are in pixels, text pages in points
        right_margins[line.page] = max(right_margins.get(line.page, 0.0), line.right)
    paragraph: list[Line] = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        if not line.footnote and not _leaves_footnote(paragraph[0], line) and _continues(
                previous, line, right_margins):
            paragraph.append(line)
        else:
            _flush(builder, paragraph)
            paragraph = [line]
    _flush(builder, paragraph)


def _leaves_footnote(opening: Line, line: Line) -> bool:
    """Whether `line`, after a footnote opened by `opening`, is body text in a larger font:
    a footnote is its own block, never the end of the body's sentence."""
    return opening.footnote and line.height > _FOOTNOTE_GROWTH * opening.height


def _flush(builder: DocumentBuilder, paragraph: list[Line]) -> None:
    segments = []
    joiner = " "
    for line in paragraph:
        segments.append(Segment(line.text.strip(), line.page, joiner))
        joiner = "" if line.hyphen_wrapped else " "
    builder.add_block(classify_line(" ".join([segment.text for segment in segments])), segments)
