"""A symbol not written to the rules of Decree 30/2020/NĐ-CP ('reference_malformed',
warning): a missing number ("Kế hoạch số /KH-UBND"), an empty code ("568/ -KH"), spaces
around its "/" or "-" ("45 /KH - UBND"). A blank "Số: /BC-UBND" heading an unsigned draft is
its own number, not a citation (the extractor leaves it out). Spaces are not judged in text
read by OCR (format `pdf-ocr`): Tesseract puts spaces around "-" and "/" that the page does
not have ("Số 11- NQ/TU")."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from pipeline.comparer.messages import message
from pipeline.comparer.model import CitationRow, Finding
from pipeline.comparer.references import citation_finding, first_mentions, symbol
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView
from pipeline.model import OCR_FORMAT

NAME = "reference_malformed"
_STRAY_SPACE = regex.compile(r"\s[/\-–]|[/\-–]\s")


def problem(citation: CitationRow, spacing: bool = True) -> str | None:
    """The message name of what is wrong with the symbol, or None. `spacing`: whether the
    spaces in it were written by the author (not read by OCR)."""
    parts = symbol(citation)
    if not parts.number:
        return "reference_missing_number"
    if "" in parts.codes:
        return "reference_empty_code"
    if spacing and _STRAY_SPACE.search(citation.raw):
        return "reference_stray_space"
    return None


def check(document: DocumentView) -> Iterator[Finding]:
    spacing = document.document.format != OCR_FORMAT
    for citation in first_mentions(document):
        name = problem(citation, spacing)
        if name is not None:
            yield citation_finding(NAME, "warning", citation, message(
                name, raw=citation.raw, symbol=citation.ref_key))


RULE = Rule(NAME, "document", check)
