"""Mentions of numbered legal and administrative documents ("Nghị định số 04/2015/NĐ-CP").

The rules are here; document types and issuer codes are in `lexicons/document_types.tsv`
and `lexicons/issuers.tsv`; the examples in `examples/citations.tsv`. Two symbol shapes:
State documents "số/năm/LOẠI-CƠ QUAN" ("04/2015/NĐ-CP", "62/QĐ-LĐTBXH", "05/BNV-VP") and
Party documents "số-LOẠI/CƠ QUAN" ("192-KL/TU"). A malformed symbol is kept as written, for
the comparer's reference checks to flag: a missing number after "số" ("số /KH-UBND", ref_key
"/KH-UBND") or an empty code ("568/ -KH", ref_key "568/-KH").
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import regex

from extractors import dates as date_extractor
from pipeline.data_files import read_tsv
from pipeline.model import Citation

_LEXICONS = Path(__file__).parent / "lexicons"


@dataclass(frozen=True)
class _Lexicon:
    type_names: tuple[str, ...]  # full names, as written before a symbol
    name_of_code: dict[str, str]  # type code -> full name (first row wins)
    type_codes: frozenset[str]
    canonical_codes: dict[str, str]  # exact or case-folded spelling -> canonical code
    folded_codes: dict[str, str | None]  # without diacritics -> code (None: ambiguous)


def _fold(code: str) -> str:
    decomposed = unicodedata.normalize("NFD", code.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _load_lexicon() -> _Lexicon:
    types = read_tsv(_LEXICONS / "document_types.tsv")
    issuers = read_tsv(_LEXICONS / "issuers.tsv")
    name_of_code: dict[str, str] = {}
    for row in types:
        if row["code"]:
            name_of_code.setdefault(row["code"], row["name"])
    codes = {row["code"] for row in types + issuers if row["code"]}
    canonical = {code.upper(): code for code in codes} | {code: code for code in codes}
    folded: dict[str, str | None] = {}
    for code in codes:
        key = _fold(code)
        folded[key] = None if key in folded and folded[key] != code else code
    return _Lexicon(
        type_names=tuple(sorted({row["name"] for row in types}, key=len, reverse=True)),
        name_of_code=name_of_code,
        type_codes=frozenset(name_of_code),
        canonical_codes=canonical,
        folded_codes=folded,
    )


_LEX = _load_lexicon()

# Codes are capitals with digits ("QH14"), at most single lower-case letters ("TTr",
# "QyĐ", "TTg") and "&" joining two units' capitals ("LĐVL&TN"); "Ð" (U+00D0) is what OCR
# writes for "Đ".
_CODE = r"\p{Lu}(?:[\p{Lu}\p{N}]|\p{Ll}(?!\p{Ll})|&(?=\p{Lu})){0,15}"
_CODES = rf"{_CODE}(?:\s?[-–]\s?{_CODE}){{0,4}}"
_SLASH = r"\s?/\s?"
_NUMBER = r"(?P<number>[0-9]{1,6})"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_TYPE_WORD = "(?i:" + "|".join(
    regex.escape(name).replace(r"\ ", r"\s{1,3}") for name in _LEX.type_names) + ")"
_SO = r"(?i:số)\s{0,3}:?"

_MENTION = regex.compile(
    rf"(?:(?<![\p{{L}}\p{{N}}])(?P<type_word>{_TYPE_WORD})\s{{1,3}})?"
    rf"(?:(?<![\p{{L}}\p{{N}}])(?P<so>{_SO})\s{{0,3}})?"
    rf"(?<![\p{{L}}\p{{N}}/.,-])(?P<symbol>"
    rf"{_NUMBER}\s?[-–]\s?(?P<party_type>{_CODE}){_SLASH}(?P<party_issuer>{_CODES})"
    rf"|{_NUMBER}?{_SLASH}(?:{_YEAR}{_SLASH})?(?P<codes>(?:[-–]\s?)?{_CODES})"
    rf")(?![\p{{L}}\p{{N}}/])"
)
# Between the symbol and its issue date: ", " or "của <issuer> ".
_ISSUE_DATE_GAP = regex.compile(
    r"[\s,]{0,4}(?:(?i:của|do)\s[^\p{N}\n,;.()]{1,60}?[\s,]{1,3})?(?P<day_word>(?i:ngày))\s{1,3}"
)
_CODE_SPLIT = regex.compile(r"\s?[-–]\s?")
_REPEATED_D = regex.compile("Đ{2,}")


@functools.lru_cache(maxsize=4096)
def canonical_code(code: str) -> str:
    """The lexicon's spelling of a code: OCR "QĐÐ"/"QÐ" and typed "QD" become "QĐ"."""
    repaired = _REPEATED_D.sub("Đ", code.replace("\u00d0", "Đ"))
    if repaired in _LEX.canonical_codes:
        return _LEX.canonical_codes[repaired]
    if repaired.upper() in _LEX.canonical_codes:
        return _LEX.canonical_codes[repaired.upper()]
    return _LEX.folded_codes.get(_fold(repaired)) or repaired.upper()


def _split_codes(codes: str) -> list[str]:
    return [canonical_code(code) for code in _CODE_SPLIT.split(codes)]


def _type_name(type_word: str | None) -> str | None:
    if type_word is None:
        return None
    spaced = " ".join(type_word.split())
    return next((name for name in _LEX.type_names if name.casefold() == spaced.casefold()),
                spaced)


def _citation(match: regex.Match) -> Citation | None:
    number, year = match["number"] or "", match["year"]
    if not number and not (match["so"] and ":" not in match["so"]):
        return None  # "Số: /BC-UBND" heads an unsigned document: its own number, left blank
    if match["party_type"] is not None:
        type_code = canonical_code(match["party_type"])
        issuer_codes = _split_codes(match["party_issuer"])
        ref_key = f"{number}-{type_code}/{'-'.join(issuer_codes)}"
        issuer = "-".join(issuer_codes)
    else:
        codes = _split_codes(match["codes"])
        if codes[0] in _LEX.type_codes:
            type_code, issuer = codes[0], "-".join(codes[1:]) or None
        else:  # công văn ("05/BNV-VP": issuer, then drafting unit) or a law ("QH14")
            type_code, issuer = None, codes[0] or None
        ref_key = "/".join([number, *([year] if year else []), "-".join(codes)])
    known = type_code is not None or issuer in _LEX.canonical_codes
    if not (match["type_word"] or match["so"] or known):
        return None
    doc_type = _type_name(match["type_word"]) or _LEX.name_of_code.get(type_code or "")
    start = match.start("type_word") if match["type_word"] else (
        match.start("so") if match["so"] else match.start("symbol"))
    return Citation(
        char_start=start, char_end=match.end(), raw=match.string[start:match.end()],
        ref_key=ref_key, doc_type=doc_type, type_code=type_code, number=number,
        year=int(year) if year else None, issuer_code=issuer,
    )


def _issue_date(text: str, end: int) -> date | None:
    gap = _ISSUE_DATE_GAP.match(text, end)
    if gap is None:
        return None
    day = date_extractor.day_at(text, gap.start("day_word")) or date_extractor.day_at(
        text, gap.end())
    return day.start_date if day else None


def _share_issue_dates(citations: list[Citation]) -> None:
    """A mention without a date takes the date of the nearest earlier dated mention of the
    same document, else of the first later one."""
    dated: dict[str, list[Citation]] = {}
    for citation in citations:
        if citation.issued_date is not None:
            dated.setdefault(citation.ref_key, []).append(citation)
    for citation in citations:
        sources = dated.get(citation.ref_key)
        if citation.issued_date is not None or not sources:
            continue
        starts = [source.char_start for source in sources]
        before = bisect.bisect_left(starts, citation.char_start)
        citation.issued_date = sources[before - 1 if before else 0].issued_date


def extract(text: str) -> list[Citation]:
    """Every mention of a numbered document in `text`, in text order."""
    citations = []
    for match in _MENTION.finditer(text):
        citation = _citation(match)
        if citation is not None:
            citation.issued_date = _issue_date(text, match.end())
            citation.issued_date_written = citation.issued_date is not None
            citations.append(citation)
    _share_issue_dates(citations)
    return citations
