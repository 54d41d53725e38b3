"""Where a figure sits: its sentence, its clause, the words around it, its sections."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from pipeline.model import Figure, Section, Sentence

# Clause boundaries inside a sentence. A colon is not one ("hỗ trợ: 131.489 người"), nor a
# decimal comma ("69,991").
_CLAUSE_BREAK = regex.compile(r"[;()\[\]“”\"|]|(?<!\d),|,(?!\d)")


@dataclass(frozen=True)
class FigureContext:
    figure: Figure
    sentence: Sentence
    document_text: str
    clause_start: int  # document offsets
    clause_end: int
    sections: tuple[Section, ...]  # enclosing sections, innermost first
    headings: tuple[Section, ...] = ()  # those whose heading line is above the figure

    @property
    def before(self) -> str:
        return self.document_text[self.clause_start:self.figure.char_start]

    @property
    def after(self) -> str:
        return self.document_text[self.figure.char_end:self.clause_end]

    @property
    def clause(self) -> str:
        return self.document_text[self.clause_start:self.clause_end]


class SentenceIndex:
    """Finds the sentence that holds an offset."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.starts = [s.char_start for s in sentences]

    def containing(self, offset: int) -> Sentence | None:
        index = bisect.bisect_right(self.starts, offset) - 1
        if index >= 0 and self.sentences[index].char_end > offset:
            return self.sentences[index]
        return None


def enclosing_sections(sections: list[Section], offset: int) -> tuple[Section, ...]:
    """Sections whose span holds the offset, innermost (deepest, then shortest) first."""
    holding = [s for s in sections if s.char_start <= offset < s.char_end]
    return tuple(sorted(holding, key=lambda s: (-s.level, s.char_end - s.char_start)))


def headings_above(document_text: str, sections: tuple[Section, ...],
                   offset: int) -> tuple[Section, ...]:
    """The sections whose heading line ends before the offset. A list item ("- Toàn tỉnh
    giải quyết việc làm ...") is a section whose title is the figure's own sentence; its
    words say nothing about the part of the report the figure is in."""
    def heading_end(section: Section) -> int:
        end = document_text.find("\n", section.char_start, section.char_end)
        return section.char_end if end < 0 else end

    return tuple(s for s in sections if heading_end(s) <= offset)


def figure_context(document_text: str, figure: Figure, sentence: Sentence,
                   sections: tuple[Section, ...]) -> FigureContext:
    start, end = sentence.char_start, sentence.char_end
    breaks_before = [m.end() for m in _CLAUSE_BREAK.finditer(
        document_text, start, max(start, figure.char_start))]
    break_after = _CLAUSE_BREAK.search(document_text, min(figure.char_end, end), end)
    clause_start = breaks_before[-1] if breaks_before else start
    clause_end = break_after.start() if break_after else end
    return FigureContext(figure, sentence, document_text, clause_start,
                         max(clause_end, figure.char_end), sections,
                         headings_above(document_text, sections, figure.char_start))


def last_visible(text: str, offset: int) -> int:
    """The index of the last character before the offset that is not a space, or -1: what
    `text[:offset].rstrip()` ends with, without copying the document up to the offset."""
    index = offset - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index
