"""Vietnamese words of a sentence as a spaCy Doc (underthesea word_tokenize), with document
offsets.

Only sentences that hold a figure are tokenized, once each (SentenceTokens caches them).
The Doc's text is the sentence's text exactly (words underthesea rewrote or dropped become
tokens of their own), so a document offset `o` is Doc offset `o - sentence.char_start`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.model import Sentence


@dataclass(frozen=True)
class Token:
    text: str
    char_start: int  # document offsets
    char_end: int


@cache
def blank_vietnamese() -> Language:
    """A blank spaCy pipeline for its vocabulary; words come from underthesea, not pyvi."""
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


@dataclass(frozen=True)
class SentenceDoc:
    """A sentence as a spaCy Doc, placed in its document."""

    sentence: Sentence
    doc: Doc

    @property
    def offset(self) -> int:
        return self.sentence.char_start

    def span(self, char_start: int, char_end: int) -> Span | None:
        """The tokens covering document offsets [char_start, char_end), or None."""
        start = max(char_start, self.offset) - self.offset
        end = min(char_end, self.sentence.char_end) - self.offset
        if start >= end:
            return None
        return self.doc.char_span(start, end, alignment_mode="expand")

    def words(self) -> list[Token]:
        """Tokens that are not whitespace, with document offsets."""
        return [Token(t.text, self.offset + t.idx, self.offset + t.idx + len(t.text))
                for t in self.doc if not t.is_space]


def sentence_doc(text: str, sentence: Sentence) -> SentenceDoc:
    """The Doc of text[sentence], its words as underthesea segments them."""
    from underthesea import word_tokenize  # loads its CRF model on first use

    source = text[sentence.char_start:sentence.char_end]
    words: list[str] = []
    spaces: list[bool] = []
    cursor = 0
    for word in word_tokenize(source):
        found = source.find(word, cursor)
        if found < 0:  # underthesea rewrote the word; the gap text keeps its place
            continue
        _add_gap(source[cursor:found], words, spaces)
        words.append(word)
        spaces.append(False)
        cursor = found + len(word)
    _add_gap(source[cursor:], words, spaces)
    return SentenceDoc(sentence, Doc(blank_vietnamese().vocab, words=words, spaces=spaces))


def _add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    """Text between two words: one space is the previous word's trailing space; anything
    else (runs of whitespace, skipped text) becomes a token so offsets stay exact."""
    if not gap:
        return
    if gap == " " and words:
        spaces[-1] = True
        return
    words.append(gap)
    spaces.append(False)


class SentenceTokens:
    """SentenceDoc per sentence, computed on first request."""

    def __init__(self, document_text: str):
        self.document_text = document_text
        self._cache: dict[int, SentenceDoc] = {}

    def of(self, sentence: Sentence) -> SentenceDoc:
        if sentence.char_start not in self._cache:
            self._cache[sentence.char_start] = sentence_doc(self.document_text, sentence)
        return self._cache[sentence.char_start]

    @property
    def sentence_count(self) -> int:
        return len(self._cache)
