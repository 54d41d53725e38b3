"""Vietnamese words of a sentence with their document offsets (underthesea word_tokenize).

Only sentences that hold a figure are tokenized, once each (SentenceTokens caches them).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Sentence


@dataclass(frozen=True)
class Token:
    text: str
    char_start: int
    char_end: int


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """Words of text[start:end] as underthesea segments them, placed back in the text."""
    from underthesea import word_tokenize  # loads its CRF model on first use

    source = text[start:end]
    tokens = []
    cursor = 0
    for word in word_tokenize(source):
        found = source.find(word, cursor)
        if found < 0:  # underthesea rewrote the word; skip it rather than misplace it
            continue
        tokens.append(Token(word, start + found, start + found + len(word)))
        cursor = found + len(word)
    return tokens


class SentenceTokens:
    """Tokens per sentence, computed on first request."""

    def __init__(self, document_text: str):
        self.document_text = document_text
        self._cache: dict[int, list[Token]] = {}

    def of(self, sentence: Sentence) -> list[Token]:
        if sentence.char_start not in self._cache:
            self._cache[sentence.char_start] = tokenize(
                self.document_text, sentence.char_start, sentence.char_end)
        return self._cache[sentence.char_start]

    @property
    def sentence_count(self) -> int:
        return len(self._cache)
