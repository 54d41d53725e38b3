"""Text normalization shared by every ingestor: NFC, spaces, invisible characters."""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from pipeline.ingest.resources import read_tsv

_SPACE_LIKE = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\v\f]")
_INVISIBLE = regex.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
# pypdfium2 writes some hyphens as U+0002 (wrapped at a line end) or U+FFFE.
_PDFIUM_HYPHENS = str.maketrans({"\u0002": "-", "\ufffe": "-"})
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def normalize_text(text: str) -> str:
    """NFC, unusual spaces to ' ', invisible characters and stray controls dropped.

    Line breaks are kept ("\\r\\n" and "\\r" become "\\n"): callers decide what a line means.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_PDFIUM_HYPHENS)
    text = _INVISIBLE.sub("", text)
    text = _SPACE_LIKE.sub(" ", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


@cache
def _ocr_repairs() -> tuple[tuple[regex.Pattern, str], ...]:
    return tuple((regex.compile(row["wrong"]), row["right"]) for row in read_tsv("ocr_repairs.tsv"))


def repair_ocr(text: str) -> str:
    """Fix the confusions Tesseract is known to make on Vietnamese ("QĐÐ" -> "QĐ")."""
    for wrong, right in _ocr_repairs():
        text = wrong.sub(right, text)
    return text
