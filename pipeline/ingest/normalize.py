"""Text normalization shared by every ingestor: NFC, spaces, invisible characters."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import regex

from pipeline.ingest.resources import read_tsv

_SPACE_LIKE_CHARS = r"\u00a0\u2000-\u200a\u202f\u205f\u3000\t\v\f"
_INVISIBLE_CHARS = r"\u00ad\u200b-\u200d\u2060\ufeff"
_CONTROL_CHARS = r"\x00-\x08\x0e-\x1f\x7f-\x9f"
# Plain character classes: the standard `re` scans them several times faster than `regex`.
_SPACE_LIKE = re.compile(f"[{_SPACE_LIKE_CHARS}]")
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
# pypdfium2 writes some hyphens as U+0002 (wrapped at a line end) or U+FFFE.
_PDFIUM_HYPHENS = str.maketrans({"\u0002": "-", "\ufffe": "-"})
_CHANGED_BY_NORMALIZING = re.compile(
    rf"[\r\u0002\ufffe{_SPACE_LIKE_CHARS}{_INVISIBLE_CHARS}{_CONTROL_CHARS}]")


def needs_normalizing(text: str) -> bool:
    """Whether `normalize_text` would change `text` (one C-speed scan: most text needs nothing)."""
    return (_CHANGED_BY_NORMALIZING.search(text) is not None
            or not unicodedata.is_normalized("NFC", text))


def normalize_text(text: str) -> str:
    """NFC, unusual spaces to ' ', invisible characters and stray controls dropped.

    Line breaks are kept ("\\r\\n" and "\\r" become "\\n"): callers decide what a line means.
    """
    if not needs_normalizing(text):
        return text
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
