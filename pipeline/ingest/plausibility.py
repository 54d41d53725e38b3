"""How much a text looks like Vietnamese: used to choose between candidate decodings."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from pipeline.ingest.resources import read_word_list

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}.,;:!?…-–—/%*"


def _tone_count_and_base(word: str) -> tuple[int, str]:
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(1 for char in decomposed if char in _TONE_MARKS)
    base = "".join(char for char in decomposed if char not in _TONE_MARKS)
    return tones, unicodedata.normalize("NFC", base)


@lru_cache(maxsize=1 << 16)  # words repeat a lot
def is_vietnamese_syllable(word: str) -> bool:
    tones, base = _tone_count_and_base(word.lower())
    return tones <= 1 and _SYLLABLE.fullmatch(base) is not None


def vietnamese_score(text: str, sample_chars: int = 200_000) -> float:
    """Share of the words (Vietnamese-looking or not) that are Vietnamese syllables, with a
    bonus for frequent words. ASCII-only words count for nothing either way, since every
    candidate decoding reads them alike."""
    common = read_word_list("common_words.txt")
    valid = common_hits = judged = 0
    for token in text[:sample_chars].split():
        word = token.strip(_EDGE_PUNCTUATION)
        if not word or word.isascii() and word.isalpha():
            continue
        if word.isdigit():
            continue
        judged += 1
        lowered = word.lower()
        if is_vietnamese_syllable(lowered):
            valid += 1
            common_hits += lowered in common
    if judged == 0:
        return 0.0
    return (valid + 0.5 * common_hits) / judged
