"""The year in a symbol against its issue date ('reference_year', error): "Quyết định số
62/2021/QĐ-UBND ngày 15/12/2020" numbers the decision in 2021 but dates it 2020; one of the
two is a slip."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.messages import message
from pipeline.comparer.model import Finding
from pipeline.comparer.references import citation_finding, first_mentions, shown_date
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView

NAME = "reference_year"


def check(document: DocumentView) -> Iterator[Finding]:
    for citation in first_mentions(document):
        issued = citation.issued_date
        if citation.year is not None and issued is not None and issued.year != citation.year:
            yield citation_finding(NAME, "error", citation, message(
                NAME, symbol=citation.ref_key, symbol_year=citation.year,
                issued=shown_date(issued)))


RULE = Rule(NAME, "document", check)
