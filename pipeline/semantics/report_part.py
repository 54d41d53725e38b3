"""Which period the report covers, and which part of the report a figure is in: the results
of the report's own period, or the tasks of a later period, whose figures are targets of that
period.

A later period's part opens with "Phần thứ hai" or "Phương hướng, nhiệm vụ" (data/
period_cues.tsv, role next_year), or with any heading whose title names tasks (role tasks:
"Nhiệm vụ Quý II/2025", "Nhiệm vụ, giải pháp 6 tháng cuối năm 2024") for a period that
starts after the report's period ends. The report's period is the first period named in
its title, else in its opening text before the first section ("Quý I/2025"): a year, a half
("6 tháng đầu năm 2023"), a quarter, a month ("tháng 8/2025") or the months from the start of
the year ("9 tháng năm 2025"). The period after it has the same length (next year, next half,
next quarter, next month; the rest of the year after a running total).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from extractors.dates import extract as extract_dates
from pipeline.model import DocumentInfo, Section
from pipeline.semantics.context import FigureContext
from pipeline.semantics.lexicon import has_period_cue

OPENING_CHARS = 3000  # how far the report's period is looked for when no section comes first
PERIOD_GRANULARITIES = frozenset({"month", "quarter", "year", "range"})  # a day is a date
# Calendar periods that start on 1 January: a running total from the start of the year that
# ends where one of them ends is that period ("tính đến ngày 30/6/2023" in a half-year report).
YEAR_START_PERIODS = frozenset({"year", "half", "quarter"})


@dataclass(frozen=True)
class PeriodSpan:
    """What a period is ('year' | 'half' | 'quarter' | 'month' | 'cumulative' | 'range') and
    its first and last day; `start` is None for a running total whose start is not known."""

    granularity: str | None
    start: date | None
    end: date | None

    def shifted(self, years: int) -> PeriodSpan:
        """The same period `years` later (earlier when negative): "cùng kỳ năm 2022"."""
        return PeriodSpan(self.granularity, _shift(self.start, years), _shift(self.end, years))


NO_SPAN = PeriodSpan(None, None, None)


def calendar_span(start: date, end: date) -> PeriodSpan:
    """The span of a stretch of days: a calendar year, half, quarter or month; the months
    from 1 January ("9 tháng đầu năm") are a running total; anything else is a range."""
    granularity = "range"
    if start.year == end.year and start.day == 1 and end.day == _last_day(end.year, end.month):
        months = end.month - start.month + 1
        granularity = {12: "year", 1: "month"}.get(months, "range")
        if months == 6 and start.month in (1, 7):
            granularity = "half"
        elif months == 3 and start.month % 3 == 1:
            granularity = "quarter"
    if granularity == "range" and (start.month, start.day) == (1, 1) and start.year == end.year:
        granularity = "cumulative"
    return PeriodSpan(granularity, start, end)


def running_total(start: date | None, end: date) -> PeriodSpan:
    """A total counted up to `end`: from 1 January to the end of a year, half or first
    quarter is that period; otherwise a running total."""
    if start is not None and start == date(end.year, 1, 1):
        span = calendar_span(start, end)
        if span.granularity in YEAR_START_PERIODS:
            return span
    return PeriodSpan("cumulative", start, end)


def year_span(period: str) -> PeriodSpan:
    """The span of a period written as text: '2023' or '2021-2025'."""
    first, _, last = period.partition("-")
    granularity = "range" if last else "year"
    return PeriodSpan(granularity, date(int(first), 1, 1), date(int(last or first), 12, 31))


@dataclass(frozen=True)
class ReportPeriod:
    year: int | None  # the report year (DocumentInfo.report_year)
    end: date | None  # the last day of the period the report covers
    start: date | None = None
    granularity: str | None = None

    @property
    def span(self) -> PeriodSpan:
        return PeriodSpan(self.granularity, self.start, self.end)

    @property
    def runs_from_year_start(self) -> bool:
        """Whether the report covers a stretch from 1 January (a year, the first half or
        quarter, "9 tháng"): then a total "tính đến" a day of it counts from 1 January."""
        return self.start is not None and (self.start.month, self.start.day) == (1, 1)

    def next_span(self) -> PeriodSpan:
        """The period after the report's, of the same length: its tasks' targets."""
        if self.end is None or self.year is None:
            return NO_SPAN
        first = self.end + timedelta(days=1)
        if self.granularity in ("half", "quarter", "month") and self.start is not None:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month
            last_month = first.month + months
            last = date(first.year + (last_month - 1) // 12, (last_month - 1) % 12 + 1, 1)
            return calendar_span(first, date(last.year, last.month,
                                             _last_day(last.year, last.month)))
        if self.granularity == "cumulative" and first.year == self.end.year:
            return calendar_span(first, date(first.year, 12, 31))
        return year_span(str(self.year + 1))


def report_period(document_text: str, sections: list[Section],
                  info: DocumentInfo) -> ReportPeriod:
    """The report's year and the period it reports on."""
    if info.report_year is None:
        return ReportPeriod(None, None)
    opening_end = min([OPENING_CHARS, *(s.char_start for s in sections)])
    for text in (info.title or "", document_text[:opening_end]):
        for start, end in _periods_named(text):
            if start.year == info.report_year:
                span = calendar_span(start, end)
                return ReportPeriod(info.report_year, end, start, span.granularity)
    year = info.report_year
    return ReportPeriod(year, date(year, 12, 31), date(year, 1, 1), "year")


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


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    year = day.year + years
    # the last day of a month stays the last day (February has 28 or 29)
    last = day.day == _last_day(day.year, day.month)
    return day.replace(year=year, day=_last_day(year, day.month) if last
                       else min(day.day, _last_day(year, day.month)))
