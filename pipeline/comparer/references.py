"""What the reference checks share: a citation's symbol in parts, the document type and
issuer codes (the citation extractor's lexicons, one list for both), the citing report's own
date, and how a citation is named in a finding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import regex

import extractors
from pipeline.comparer.model import CitationRow, DateRow, Finding
from pipeline.comparer.view import DocumentView
from pipeline.data_files import read_tsv

LEXICONS = Path(extractors.__file__).parent / "lexicons"
# The place before the report's own date: "Lâm Đồng, ngày 25 tháng 8 năm 2025", "Vân Giang,
# ngày 18 tháng 12 năm 2020"; capitalised words, a comma, at most two lower-case words (the
# day and month words when they are left blank: "ngày tháng năm 2025").
_PLACE_BEFORE = regex.compile(
    r"(?:^|[\s|])\p{Lu}[\p{L}.]*(?:\s\p{Lu}[\p{L}.]*)*,\s*(?:\p{Ll}+\s+){0,2}$")
_PLACE_WINDOW = 60
_TRAILING_DIGITS = regex.compile(r"\d+$")


@dataclass(frozen=True)
class Codes:
    types: dict[str, set[str]]  # type code -> the full names written for it
    coded_names: frozenset[str]  # type names that have a code (not "Công văn", "Luật")
    issuers: dict[str, str]  # issuer code -> name
    national: frozenset[str]  # issuer codes of bodies of the whole country


EXTRA_TYPES = Path(__file__).with_name("data") / "reference_type_codes.tsv"


@cache
def codes() -> Codes:
    types: dict[str, set[str]] = {}
    for row in read_tsv(LEXICONS / "document_types.tsv"):
        if row["code"]:
            types.setdefault(row["code"], set()).add(row["name"])
    # a name written before these codes' symbols need not carry one ("Công văn số 05/BNV-VP")
    coded_names = frozenset(n for names in types.values() for n in names)
    for row in read_tsv(EXTRA_TYPES):
        types.setdefault(row["code"], set()).add(row["name"])
    rows = read_tsv(LEXICONS / "issuers.tsv")
    issuers = {row["code"]: row["name"] for row in rows}
    national = frozenset(row["code"] for row in rows if row["scope"] == "national")
    return Codes(types, coded_names, issuers, national)


def base_code(code: str) -> str:
    """A code without its term or unit number: "QH14" -> "QH", "BCĐ06" -> "BCĐ"."""
    return _TRAILING_DIGITS.sub("", code)


@dataclass(frozen=True)
class Symbol:
    number: str
    year: str | None
    codes: list[str]  # in the order written; "" for an empty slot ("568/-KH")
    party: bool  # "192-KL/TU": the type code first, then the issuers after the slash


def symbol(citation: CitationRow) -> Symbol:
    key = citation.ref_key
    if "/" in key and "-" in key.split("/", 1)[0]:  # "192-KL/TU"
        head, issuers = key.split("/", 1)
        number, type_code = head.split("-", 1)
        return Symbol(number, None, [type_code, *issuers.split("-")], True)
    parts = key.split("/")
    year = parts[1] if len(parts) == 3 else None
    return Symbol(parts[0], year, parts[-1].split("-"), False)


def written_type(citation: CitationRow) -> str | None:
    """The type name written before the symbol ("Quyết định số ..."), if one was."""
    name = citation.doc_type
    if name and citation.raw.casefold().startswith(name.casefold()):
        return name
    return None


def report_date(document: DocumentView) -> DateRow | None:
    """The report's own date: its first date, when written after a place and a comma in the
    header ("Lâm Đồng, ngày 25 tháng 8 năm 2025"). Unsigned drafts leave the day blank ("ngày
    tháng 8 năm 2025"): then it is the month (or year), whose last day is the latest the
    report can bear. None when the first date is another (a body's date is no report date)."""
    if not document.dates:
        return None
    found = document.dates[0]
    sentence = found.sentence or ""
    at = sentence.find(found.raw)
    before = sentence[max(0, at - _PLACE_WINDOW):at] if at > 0 else ""
    if found.end_date is not None and _PLACE_BEFORE.search(before.split("\n")[-1]):
        return found
    return None


def shown_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def citation_finding(rule: str, severity: str, citation: CitationRow, message: str,
                     *others: CitationRow) -> Finding:
    """A finding whose evidence is the citation (its ref_id), then any other citations."""
    other_doc = next((o.doc_id for o in others if o.doc_id != citation.doc_id), None)
    return Finding(rule, severity, citation.doc_id, message,
                   [citation.ref_id, *(o.ref_id for o in others)], other_doc_id=other_doc)


def first_mentions(document: DocumentView) -> list[CitationRow]:
    """One mention per (symbol, issue date): the first whose date is written after it, else
    the first; in document order. A slip repeated in every mention is reported once."""
    chosen: dict[tuple, CitationRow] = {}
    for citation in document.citations:
        key = (citation.ref_key, citation.issued_date)
        if key not in chosen or (citation.issued_date_written
                                 and not chosen[key].issued_date_written):
            chosen[key] = citation
    return sorted(chosen.values(), key=lambda c: c.char_start)
