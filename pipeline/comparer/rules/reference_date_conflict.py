"""The same symbol cited with two issue dates ('reference_date_conflict', warning), within a
report ("Kế hoạch số 806/KH-UBND ngày 09/01/2026 ... Kế hoạch số 806/KH-UBND ngày
19/01/2026") or across the archive; both citations are the evidence.

Numbers without a year in the symbol start again every year, so "806/KH-UBND" of 2025 and
of 2026 are two documents: such symbols are compared within one year of issue only. Every
province has its own people's committee, so a symbol of a local body ("49/KH-UBND") is one
document only among reports of the same place; one of national bodies only ("04/2015/NĐ-CP")
is one document wherever it is cited."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.linking import agency_place
from pipeline.comparer.messages import message
from pipeline.comparer.model import CitationRow, Finding
from pipeline.comparer.references import (
    base_code,
    citation_finding,
    codes,
    first_mentions,
    shown_date,
    symbol,
)
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import StoreView

NAME = "reference_date_conflict"


def _document_key(citation: CitationRow, place: str | None) -> tuple[str, int, str | None]:
    assert citation.issued_date is not None
    parts = symbol(citation)
    issuers = [code for code in parts.codes if code and code not in codes().types]
    national = bool(issuers) and all(base_code(code) in codes().national for code in issuers)
    return (citation.ref_key, citation.year or citation.issued_date.year,
            None if national else place)


def check(store: StoreView) -> Iterator[Finding]:
    groups: dict[tuple[str, int, str | None], list[CitationRow]] = {}
    for document in store.documents:  # ordered by path, each in text order
        place = agency_place(document.document.agency)
        for citation in first_mentions(document):
            if citation.issued_date is not None:
                groups.setdefault(_document_key(citation, place), []).append(citation)
    for mentions in groups.values():
        first = mentions[0]
        if all(c.issued_date == first.issued_date for c in mentions):
            continue
        for doc_id in dict.fromkeys(c.doc_id for c in mentions):
            own = [c for c in mentions if c.doc_id == doc_id]
            # within the report against its own first date; else against the archive's first
            reference = own[0] if len({c.issued_date for c in own}) > 1 else first
            for citation in own:
                if citation.issued_date != reference.issued_date:
                    yield _finding(citation, reference)


def _finding(citation: CitationRow, other: CitationRow) -> Finding:
    assert citation.issued_date is not None and other.issued_date is not None
    return citation_finding(NAME, "warning", citation, message(
        NAME, symbol=citation.ref_key, first=shown_date(other.issued_date),
        second=shown_date(citation.issued_date)), other)


RULE = Rule(NAME, "archive", check)
