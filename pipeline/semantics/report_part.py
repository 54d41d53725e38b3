"""Which part of the report a figure is in: the results of the report's own period, or the
tasks of a later period, whose figures are targets of that period.

A later period's part opens with "Phần thứ hai" or "Phương hướng, nhiệm vụ" (data/
period_cues.tsv, role next_year), or with any heading whose title names tasks (role tasks:
"Nhiệm vụ Quý II/2025", "Nhiệm vụ, giải pháp 6 tháng cuối năm 2024") for a period that
starts after the report's period ends. The report's period is the first period named in
its title, else in its opening text before the first section ("Quý I/2025").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from extractors.dates import extract as extract_dates
from pipeline.model import DocumentInfo, Section
from pipeline.semantics.context import FigureContext
from pipeline.semantics.lexicon import has_period_cue

OPENING_CHARS = 3000  # how far the report's period is looked for when no section comes first
PERIOD_GRANULARITIES = frozenset({"month", "quarter", "year", "range"})  # a day is a date


@dataclass(frozen=True)
class ReportPeriod:
    year: int | None  # the report year (DocumentInfo.report_year)
    end: date | None  # the last day of the period the report covers


def report_period(document_text: str, sections: list[Section],
                  info: DocumentInfo) -> ReportPeriod:
    """The report's year and the end of the period it reports on."""
    if info.report_year is None:
        return ReportPeriod(None, None)
    opening_end = min([OPENING_CHARS, *(s.char_start for s in sections)])
    for text in (info.title or "", document_text[:opening_end]):
        for start, end in _periods_named(text):
            if start.year == info.report_year:
                return ReportPeriod(info.report_year, end)
    return ReportPeriod(info.report_year, date(info.report_year, 12, 31))


def in_next_period_part(context: FigureContext, report: ReportPeriod) -> bool:
    """Whether a heading above the figure opens the part on a later period's tasks."""
    return any(_opens_next_period(section, report) for section in context.headings)


def _opens_next_period(section: Section, report: ReportPeriod) -> bool:
    if has_period_cue("next_year", section.label) or has_period_cue("next_year", section.title):
        return True
    if report.end is None or not has_period_cue("tasks", section.title):
        return False
    return any(start > report.end for start, _ in _periods_named(section.title))


@cache
def _periods_named(text: str) -> tuple[tuple[date, date], ...]:
    """(first day, last day) of each period (not a single day) the text names."""
    return tuple((m.start_date, m.end_date) for m in extract_dates(text)
                 if m.granularity in PERIOD_GRANULARITIES)
