"""A cited document issued after the citing report's own date ('reference_after_report',
error): a report dated "Lâm Đồng, ngày 25 tháng 8 năm 2025" cannot cite a decision of
10/9/2025. An unsigned draft's date with a blank day ("ngày tháng 8 năm 2025") stands for
its month's last day; a report without a place-and-date line is not checked."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.messages import message
from pipeline.comparer.model import Finding
from pipeline.comparer.references import (
    citation_finding,
    first_mentions,
    report_date,
    shown_date,
)
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView

NAME = "reference_after_report"


def check(document: DocumentView) -> Iterator[Finding]:
    own = report_date(document)
    if own is None or own.end_date is None:
        return
    for citation in first_mentions(document):
        issued = citation.issued_date
        if issued is not None and issued > own.end_date:
            yield citation_finding(NAME, "error", citation, message(
                NAME, symbol=citation.ref_key, issued=shown_date(issued),
                report_date=own.raw))


RULE = Rule(NAME, "document", check)
