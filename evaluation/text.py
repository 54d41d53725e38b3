"""Text helpers shared by the gold loader and the report: normalization, whitespace, sentences."""

from __future__ import annotations

import re
import unicodedata

SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
MAX_SENTENCE_CHARS = 300


def normalize_text(raw: str) -> str:
    """The normalized text that gold contexts index: NFC, no-break spaces as spaces."""
    return unicodedata.normalize("NFC", raw).replace("\u00a0", " ")


def whitespace_tolerant(fragment: str) -> re.Pattern[str]:
    """A pattern for `fragment` where each run of whitespace matches any run of whitespace."""
    return re.compile(r"\s+".join(re.escape(part) for part in fragment.split()))


def non_nfc_line_spans(raw: str) -> list[tuple[int, int]]:
    """Spans, in the normalized text, of the raw lines that were not written in NFC.

    Normalization keeps line breaks, so line i of the raw text is line i of the normalized one.
    """
    spans = []
    offset = 0
    for line in raw.split("\n"):
        normalized = normalize_text(line)
        if not unicodedata.is_normalized("NFC", line):
            spans.append((offset, offset + len(normalized)))
        offset += len(normalized) + 1
    return spans


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding text[start:end], trimmed for display."""
    left = 0
    for match in SENTENCE_END.finditer(text, 0, start):
        left = match.end()
    found = SENTENCE_END.search(text, end)
    right = found.end() if found else len(text)
    sentence = " ".join(text[left:right].split())
    if len(sentence) > MAX_SENTENCE_CHARS:
        middle = text[max(left, start - 120):min(right, end + 120)]
        sentence = "… " + " ".join(middle.split()) + " …"
    return sentence
