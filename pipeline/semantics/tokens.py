"""Vietnamese words of a sentence as a spaCy Doc (underthesea word_tokenize), with document
offsets, and on request the part-of-speech tags of some of its clauses (underthesea's POS
CRF: the VLSP tag in `token.tag_`, the Universal one in `token.pos_`).

Only sentences that hold a figure are tokenized, once each (SentenceTokens caches them), and
only the clauses that hold a figure are tagged: tagging costs ~3x tokenizing.
The Doc's text is the sentence's text exactly (words underthesea rewrote or dropped become
tokens of their own), so a document offset `o` is Doc offset `o - sentence.char_start`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import groupby

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.model import Sentence
from pipeline.semantics.lexicon import closed_phrases
from pipeline.semantics.pos_tagger import pos_tagger

# VLSP tags of underthesea -> Universal POS tags (for spaCy's `pos_`).
_UNIVERSAL_POS = {
    "N": "NOUN", "Nc": "NOUN", "Nu": "NOUN", "Ny": "NOUN", "Nb": "NOUN", "Np": "PROPN",
    "V": "VERB", "Vb": "VERB", "A": "ADJ", "P": "PRON", "R": "ADV", "L": "DET", "M": "NUM",
    "E": "ADP", "C": "CCONJ", "CC": "CCONJ", "I": "INTJ", "T": "PART", "CH": "PUNCT",
}


@dataclass(frozen=True)
class Token:
    text: str
    char_start: int  # document offsets
    char_end: int
    tag: str = ""  # VLSP tag ("N", "Np", "V", "R", "E", ...); "" when not tagged


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

    def tag(self, char_start: int, char_end: int) -> None:
        """Tag the untagged tokens covering document offsets [char_start, char_end)."""
        span = self.span(char_start, char_end)
        if span is None or all(t.tag_ or t.is_space for t in span):
            return
        tokens = [t for t in span if not t.is_space]
        for token, tag in zip(tokens, pos_tagger().tags([t.text for t in tokens]), strict=True):
            if not token.tag_:
                token.tag_ = tag
                token.pos_ = _UNIVERSAL_POS.get(tag, "X")

    def words(self) -> list[Token]:
        """Tokens that are not whitespace, with document offsets."""
        return [Token(t.text, self.offset + t.idx, self.offset + t.idx + len(t.text), t.tag_)
                for t in self.doc if not t.is_space]


def sentence_doc(text: str, sentence: Sentence) -> SentenceDoc:
    """The Doc of text[sentence], its words as underthesea segments them."""
    from underthesea import word_tokenize  # loads its CRF model on first use

    source = text[sentence.char_start:sentence.char_end]
    words: list[str] = []
    spaces: list[bool] = []
    cursor = 0
    for word in split_after_closed_phrases(split_punctuation(word_tokenize(source))):
        found = source.find(word, cursor)
        if found < 0:  # underthesea rewrote the word; the gap text keeps its place
            continue
        _add_gap(source[cursor:found], words, spaces)
        words.append(word)
        spaces.append(False)
        cursor = found + len(word)
    _add_gap(source[cursor:], words, spaces)
    return SentenceDoc(sentence, Doc(blank_vietnamese().vocab, words=words, spaces=spaces))


def split_punctuation(words: list[str]) -> list[str]:
    """The words, with a syllable of punctuation only split off the word that holds it:
    underthesea may join a table's cell separator to a word ("| giảm" -> "|", "giảm")."""
    pieces: list[str] = []
    for word in words:
        syllables = word.split(" ")
        if all(_is_word_like(s) for s in syllables):
            pieces.append(word)
            continue
        for _, run in groupby(syllables, key=_is_word_like):
            pieces.append(" ".join(run))
    return pieces


def _is_word_like(syllable: str) -> bool:
    return any(ch.isalnum() for ch in syllable)


def split_after_closed_phrases(words: list[str]) -> list[str]:
    """The words, with a word that holds the end of a closed phrase (data/closed_phrases.txt)
    and more syllables split after the phrase: "cùng", "kỳ giảm" -> "cùng", "kỳ", "giảm"."""
    syllables = [(w, s) for w, word in enumerate(words) for s in word.split(" ")]
    lowered = [s.lower() for _, s in syllables]
    cuts: set[int] = set()  # syllable indexes a word is cut before
    for phrase in closed_phrases():
        size = len(phrase)
        for start in range(len(lowered) - size + 1):
            end = start + size
            if (tuple(lowered[start:end]) == phrase and end < len(syllables)
                    and syllables[end][0] == syllables[end - 1][0]):
                cuts.add(end)
    if not cuts:
        return words
    pieces: list[str] = []
    for index, (word_index, syllable) in enumerate(syllables):
        if index > 0 and syllables[index - 1][0] == word_index and index not in cuts:
            pieces[-1] += " " + syllable
        else:
            pieces.append(syllable)
    return pieces


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
