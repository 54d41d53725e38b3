"""Document -> sentences: spans of the normalized text, one per sentence or table row.

A sentence never crosses a line break. Inside a line it ends at ".", "!", "?" or "…"
followed by a space (or glued to the next capitalized word), unless the dot belongs to an
abbreviation (data/abbreviations.txt) or a list label ("1.", "I.", "a."), or the next word
starts in lower case. Dots inside numbers ("15.939") and legal symbols are never followed
by a space, so they never end a sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from pipeline.model import Block, Document, Sentence
from pipeline.semantics.lexicon import abbreviations

TABLE_ROW_SEPARATOR = " | "
TABLE_HEADER_SEPARATOR = " → "

# A run of final punctuation, then either a space or a capitalized word glued to it.
_SENTENCE_END = regex.compile(r"[.!?…]+(?=\s|\p{Lu}\p{Ll})")
_LIST_LABEL = regex.compile(r"^\s*(?:[-–+•*]\s*)?(?:[IVXLCDM]+|\d+(?:\.\d+)*|\p{Ll})\.$")
_WORD_BEFORE = regex.compile(r"\S+$")


def split_sentences(document: Document) -> list[Sentence]:
    """Sentences of the document, sorted, non-overlapping, covering every non-space char."""
    text = document.text
    sentences = [row for block in document.blocks if block.kind == "table"
                 for row in _table_rows(text, block)]
    sentences.sort(key=lambda s: s.char_start)
    prose: list[Sentence] = []
    position = 0
    for row in sentences:
        prose.extend(_prose_sentences(text, position, row.char_start))
        position = max(position, row.char_end)
    prose.extend(_prose_sentences(text, position, len(text)))
    return sorted(sentences + prose, key=lambda s: s.char_start)


def _table_rows(text: str, block: Block) -> list[Sentence]:
    """One sentence per table row; its text is the header row, an arrow, then the row."""
    rows = [(start, end, row_text) for start, end, row_text in _row_spans(text, block)
            if row_text.strip()]
    if not rows:
        return []
    header = rows[0][2]
    sentences = [Sentence(rows[0][0], rows[0][1], header)]
    for start, end, row_text in rows[1:]:
        sentences.append(Sentence(start, end, header + TABLE_HEADER_SEPARATOR + row_text))
    return _without_overlaps(sentences)


def _row_spans(text: str, block: Block) -> Iterator[tuple[int, int, str]]:
    if block.rows:
        for row in block.rows:
            cells = [cell for cell in row if cell.text.strip()]
            if cells:
                yield (min(c.char_start for c in cells), max(c.char_end for c in cells),
                       TABLE_ROW_SEPARATOR.join(c.text.strip() for c in row))
        return
    for start, end in _lines(text, block.char_start, block.char_end):
        yield start, end, text[start:end]


def _without_overlaps(sentences: list[Sentence]) -> list[Sentence]:
    kept: list[Sentence] = []
    for sentence in sorted(sentences, key=lambda s: s.char_start):
        if not kept or sentence.char_start >= kept[-1].char_end:
            kept.append(sentence)
    return kept


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank lines in text[start:end], without their outer spaces."""
    for match in regex.finditer(r"[^\n]+", text[start:end]):
        span = _stripped(text, start + match.start(), start + match.end())
        if span:
            yield span


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _prose_sentences(text: str, start: int, end: int) -> Iterator[Sentence]:
    for line_start, line_end in _lines(text, start, end):
        sentence_start = line_start
        for cut in _sentence_ends(text, line_start, line_end):
            span = _stripped(text, sentence_start, cut)
            if span:
                yield Sentence(span[0], span[1], text[span[0]:span[1]])
            sentence_start = cut
        span = _stripped(text, sentence_start, line_end)
        if span:
            yield Sentence(span[0], span[1], text[span[0]:span[1]])


def _sentence_ends(text: str, line_start: int, line_end: int) -> Iterator[int]:
    """Offsets just after each sentence-final punctuation run inside one line."""
    line = text[line_start:line_end]
    sentence_start = 0
    for match in _SENTENCE_END.finditer(line):
        cut = match.end()
        rest = line[cut:].lstrip()
        if not rest or rest[0].islower():
            continue
        before = line[sentence_start:cut]
        if match.group() == "." and _is_abbreviation_or_label(before):
            continue
        yield line_start + cut
        sentence_start = cut


def _is_abbreviation_or_label(text_before: str) -> bool:
    word = _WORD_BEFORE.search(text_before)
    if word and word.group().lstrip("(\"“'") in abbreviations():
        return True
    return bool(_LIST_LABEL.match(text_before))
