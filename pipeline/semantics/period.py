"""The period a figure refers to: the year or range of years as text ('2021', '2021-2025'),
and what the period is ('year' | 'half' | 'quarter' | 'month' | 'cumulative' | 'range') with
its first and last day.

The year is the nearest year written before the figure in its part of the sentence (between
semicolons), else the first year after it there, else the last year stated in an earlier
sentence of the same paragraph ("Năm 2017, đã phát hiện 86 vụ ... So với năm 2016 tăng 12
vụ": 12 vụ is of 2017), else the enclosing sections (a section title with a year gives that
year, a later period's part of the report gives the period after the report's), else the
report year. A year does not count when it is:
- the base of a comparison ("so với năm 2020", "so với cuối năm 2023"), except for a figure
  in brackets right after it;
- inside a qualifier of a noun ("theo chuẩn nghèo giai đoạn 2022-2025");
- before a word that sets the figure in the present ("Chương trình ... giai đoạn
  2021-2025: đến nay có ...", "... đến năm 2023: trong năm đã hỗ trợ ...");
- after the figure, a deadline ("... trước ngày 31/01/2025").
A comparison year holds for every figure listed in the bracket right after it. A year is
not a section's period when it is a comparison base or a qualifier in the title.
A figure in brackets right after "cùng kỳ" with no year written ("giảm 01 vụ so với cùng kỳ
(04 vụ)") is the same period a year earlier.

The granularity and days come from the date mention (extractors.dates) that holds the year
that gave the period: "tháng 8/2025" is a month, "6 tháng đầu năm 2023" a half, "9 tháng
đầu năm 2025" a running total from 1 January. Without one, the section's or the report's own
period (a monthly report's figures are of its month). Then:
- a running total: after a cue ("lũy kế", "tính đến", "đến nay", "từ đầu năm") or a written
  day ("tính đến ngày 20/9/2025"), the figure counts up to that day, else to the end of the
  period it would have; from a day written before the cue ("từ ngày 01/3/2025 đến nay"),
  from 1 January after "từ đầu năm" or when the period runs from 1 January (a year, a first
  half, "9 tháng"), else from an unknown day. A total from 1 January to the end of a year,
  half or first quarter is that period ("tính đến ngày 30/6/2023" in a half-year report);
- a restated comparison base after "cùng kỳ" ("cùng kỳ năm 2022 (03 vụ)") is the same part
  of that year: the first half of 2022 in a half-year report;
- a figure of a yearly plan ("kế hoạch năm (17.200 lao động)", "ước cả năm") is of the year.
The cues are in data/period_cues.tsv.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import regex

from pipeline.model import DateMention, Document, Figure, Sentence
from pipeline.semantics.context import FigureContext
from pipeline.semantics.lexicon import has_period_cue, period_cues
from pipeline.semantics.report_part import (
    NO_SPAN,
    PeriodSpan,
    ReportPeriod,
    calendar_span,
    in_next_period_part,
    running_total,
    year_span,
)

_YEAR = r"(?:19|20)\d\d"
# A year alone or a range of years; not a year inside a legal symbol ("04/2015/NĐ-CP"), a
# ratio ("2037/2500") or a name ("ISO 9001: 2015").
_YEAR_MENTION = regex.compile(
    rf"(?:từ\s+năm\s+)?(?<![\d.,]|:\s?)(?P<first>{_YEAR})"
    rf"(?:\s*(?:[-–]|đến(?:\s+năm)?)\s*(?P<last>{_YEAR}))?"
    r"(?!\d|[.,]\d|/\d|/?\p{L}|-\p{L})",
    regex.IGNORECASE,
)
# The day and month before the year of a full date: "28/8/", "ngày 09 tháng 01 năm ".
_DAY_MONTH_BEFORE = regex.compile(
    r"(?:ngày\s+)?(?:\d{1,2}/\d{1,2}/|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+)$", regex.IGNORECASE)
_MONTH_BEFORE = regex.compile(r"(?:\d{1,2}/|tháng\s+\d{1,2}\s+năm\s+)$", regex.IGNORECASE)
_DIGIT = regex.compile(r"\d")
_CLAUSE_AFTER = regex.compile(r"[^,;:()]*")  # the words of a clause from an offset
# Between a comparison year and a figure in the bracket opened right after it: "so với cùng
# kỳ năm 2024 (210 vụ, 107 người chết, ...": every figure listed there restates that year.
_IN_BRACKET_AFTER = regex.compile(r"^\s*\([^()]*$")
_CLAUSE_BEFORE = regex.compile(r"[^,;:()]*$")  # the words of a clause up to an offset
# How far after a running-total cue its day is written ("tính đến hết ngày 20/9/2025"), and
# how far before it the day it counts from ("từ ngày 01/3/2025 đến nay").
ANCHOR_GAP = 12
SINCE_GAP = 3
TEXT_BLOCKS = frozenset({"paragraph", "list_item"})  # the blocks a stated year carries through
DAYS_IN_YEAR = 366  # a period shorter than this moves to the same days of another year
OPENING_WORDS = 3  # at most this many words before the date a sentence opens with
_LIST_LABEL = regex.compile(r"^\s*(?:[-–+•*]|\(?(?:\d{1,2}|\p{Ll}|[IVXLC]+)[.)])?\s*")


@dataclass(frozen=True)
class YearMention:
    char_start: int
    char_end: int
    period: str
    is_comparison_base: bool
    is_qualifier: bool  # "theo chuẩn nghèo giai đoạn 2022-2025"
    is_season: bool = False  # "năm học 2023-2024": it holds for the whole sentence
    is_date_part: bool = False  # the year of a month or day ("tháng 7/2024")


@dataclass(frozen=True)
class FigurePeriod:
    period: str | None  # '2021', '2021-2025'
    span: PeriodSpan


@dataclass(frozen=True)
class _Cue:
    role: str
    char_start: int
    char_end: int


def year_mentions(text: str, start: int, end: int,
                  excluded: list[tuple[int, int]] = ()) -> list[YearMention]:
    """Years and year ranges in text[start:end], outside the excluded spans (figures).

    A full date counts only after an anchor word ("tính đến ngày 10/12/2021"): the other
    full dates are mostly the issue dates of cited documents.
    """
    mentions = []
    for match in _YEAR_MENTION.finditer(text, start, end):
        if any(a < match.end() and match.start() < b for a, b in excluded):
            continue
        preceding = text[max(start, match.start() - 24):match.start()]
        day_month = _DAY_MONTH_BEFORE.search(preceding)
        if day_month:
            before_date = match.start() - len(day_month.group())
            if not has_period_cue("anchor", text[max(start, before_date - 24):before_date]):
                continue
        first, last = match.group("first"), match.group("last")
        period = f"{first}-{last}" if last and last != first else first
        clause_before = _CLAUSE_BEFORE.search(text, max(start, match.start() - 80),
                                              match.start()).group()
        mentions.append(YearMention(match.start(), match.end(), period,
                                    has_period_cue("comparison", preceding),
                                    has_period_cue("qualifier", clause_before),
                                    is_season=bool(last) and has_period_cue("season", preceding),
                                    is_date_part=_MONTH_BEFORE.search(preceding) is not None))
    return mentions


class DateIndex:
    """The date mentions of a document (extractors.dates), found by offset."""

    def __init__(self, dates: list[DateMention]):
        self.dates = sorted(dates, key=lambda d: d.char_start)
        self.starts = [d.char_start for d in self.dates]

    def overlapping(self, start: int, end: int) -> DateMention | None:
        """The longest mention overlapping text[start:end]."""
        found = [d for d in self._near(start, end) if d.char_start < end and start < d.char_end]
        return max(found, key=lambda d: d.char_end - d.char_start, default=None)

    def starting_in(self, start: int, end: int) -> DateMention | None:
        index = bisect.bisect_left(self.starts, start)
        return self.dates[index] if index < len(self.dates) and self.starts[index] < end else None

    def ending_in(self, start: int, end: int) -> DateMention | None:
        found = [d for d in self._near(start, end) if start < d.char_end <= end]
        return found[-1] if found else None

    def _near(self, start: int, end: int) -> Iterator[DateMention]:
        # mentions do not overlap one another: those that reach `start` begin after the
        # last one that begins before it
        index = max(0, bisect.bisect_right(self.starts, start) - 1)
        while index < len(self.dates) and self.starts[index] < end:
            yield self.dates[index]
            index += 1


class DocumentPeriods:
    """The period of each figure of one document."""

    def __init__(self, document: Document, sentences: list[Sentence], figures: list[Figure],
                 report: ReportPeriod, dates: list[DateMention]):
        self.text = document.text
        self.report = report
        self.dates = DateIndex(dates)
        self.sentences = sorted(sentences, key=lambda s: s.char_start)
        self.sentence_starts = [s.char_start for s in self.sentences]
        self.figure_spans = sorted((f.char_start, f.char_end) for f in figures)
        self.figure_starts = [start for start, _ in self.figure_spans]
        self.blocks = sorted((b.char_start, b.char_end, b.kind) for b in document.blocks)
        self.block_starts = [start for start, _, _ in self.blocks]
        self._stated: dict[int, YearMention | None] = {}

    def of(self, context: FigureContext, mentions: list[YearMention]) -> FigurePeriod:
        """The period of the figure; `mentions` are the year mentions of its sentence. Only
        mentions in the figure's part of the sentence (between semicolons) count."""
        section_period, section_span = self._section_period(context)
        written = _written_mention(context, mentions)
        carried = self._carried(context)
        found = written or carried
        # the period the figure would have without `found`
        base = (self._mention_span(carried, section_span) if written and carried
                else section_span)
        if found is None:
            period, span = section_period, section_span
        elif found.is_comparison_base:  # a restated figure of the comparison base
            current = self.of(context, [m for m in mentions if not m.is_comparison_base])
            return FigurePeriod(found.period, self._restated_span(found, current.span))
        else:
            period = _within_season(found, section_period)
            span = self._mention_span(found, base) if period == found.period else section_span
        span = self._running_total(context, found, span, base)
        lead = self.text[context.sentence.char_start:context.figure.char_start]
        if period and period.isdigit() and has_period_cue("same_period_earlier", lead):
            return FigurePeriod(str(int(period) - 1), span.shifted(-1))
        if period and period.isdigit() and has_period_cue("annual", lead):
            return FigurePeriod(period, year_span(period))
        return FigurePeriod(period, span)

    def _mention_span(self, mention: YearMention, base: PeriodSpan) -> PeriodSpan:
        """The span of the date mention that holds the year; a day is a running total up to
        it, a day or month after "từ" one from it to the end of `base`."""
        found = self.dates.overlapping(mention.char_start, mention.char_end)
        if found is None:
            return year_span(mention.period)
        if found.granularity == "day":
            return PeriodSpan("cumulative", None, found.end_date)
        if found.granularity != "range" and self._is_since(found):
            return PeriodSpan("cumulative", found.start_date, base.end)
        return calendar_span(found.start_date, found.end_date)

    def _restated_span(self, mention: YearMention, current: PeriodSpan) -> PeriodSpan:
        """A restated comparison base: after "cùng kỳ", the figure's own period moved to
        that year; otherwise the period the base names."""
        preceding = self.text[max(0, mention.char_start - 24):mention.char_start]
        within_a_year = current.end is not None and (
            current.start is None or (current.end - current.start).days < DAYS_IN_YEAR)
        if has_period_cue("same_period", preceding) and mention.period.isdigit() and within_a_year:
            return current.shifted(int(mention.period) - current.end.year)
        return self._mention_span(mention, current)

    def _running_total(self, context: FigureContext, found: YearMention | None,
                       span: PeriodSpan, base: PeriodSpan) -> PeriodSpan:
        """The span of a running total, when the figure is one (see the module's doc);
        `base` is the period the figure would have without the year written for it."""
        sentence_start, figure_start = context.sentence.char_start, context.figure.char_start
        cue = self._last_cue(sentence_start, figure_start)
        if cue is not None and cue.role == "current":
            if found is None or found.char_end <= cue.char_start:
                return base if span.granularity == "cumulative" else span
            cue = None
        anchored = cue and self.dates.starting_in(cue.char_start, cue.char_end + ANCHOR_GAP)
        point = None  # the date mention of the day (or month) the total counts up to
        if found is not None:
            held = self.dates.overlapping(found.char_start, found.char_end)
            if (anchored and held is anchored) or (held is not None and held.granularity == "day"):
                point = held
            elif cue is not None and found.char_start >= cue.char_end:
                return span  # a period written between the cue and the figure
        if point is None and anchored and anchored.char_end <= figure_start:
            point = anchored
        if cue is None and point is None and span.granularity != "cumulative":
            return span
        frame = base if point is not None else span
        end = point.end_date if point is not None else span.end
        if end is None:
            return span
        since = cue and self.dates.ending_in(cue.char_start - SINCE_GAP, cue.char_start + 1)
        if since and self._is_since(since):
            start = since.start_date
        elif point is None and span.granularity == "cumulative" and span.start is not None:
            start = span.start
        elif cue is not None and self._has_cue("year_start", sentence_start, figure_start):
            start = date(end.year, 1, 1)
        else:
            start = frame.start if frame.start == date(end.year, 1, 1) else None
        return running_total(start, end)

    def _is_since(self, mention: DateMention) -> bool:
        before = self.text[max(0, mention.char_start - 16):mention.char_start]
        return has_period_cue("since", before)

    def _last_cue(self, start: int, end: int) -> _Cue | None:
        """The last running-total or current-period cue in text[start:end] that does not start
        inside a date mention ("từ ngày 06 đến ngày 08/9")."""
        found = [
            _Cue(role, match.start(), match.end())
            for role in ("cumulative", "current") for cue in period_cues(role)
            for match in cue.finditer(self.text, start, end)
            if self.dates.overlapping(match.start(), match.start() + 1) is None]
        return max(found, key=lambda c: c.char_end, default=None)

    def _has_cue(self, role: str, start: int, end: int) -> bool:
        return any(cue.search(self.text, start, end) for cue in period_cues(role))

    def _section_period(self, context: FigureContext) -> tuple[str | None, PeriodSpan]:
        """The period of the innermost heading that names one, else the period after the
        report's in a later period's part, else the report's."""
        report = self.report
        for section in context.headings:
            # a comparison base in a list item's title ("tăng 0,62% so với năm 2023") is not
            # the period of the figures under it
            years = [m for m in year_mentions(section.title, 0, len(section.title))
                     if not m.is_comparison_base and not m.is_qualifier]
            if len({m.period for m in years}) == 1:
                return years[0].period, self._title_span(section.title, section.char_start,
                                                         section.char_end, years[0])
        if report.year is None:
            return None, NO_SPAN
        if in_next_period_part(context, report):
            span = report.next_span()
            return str(span.start.year), span
        return str(report.year), report.span

    def _title_span(self, title: str, start: int, end: int, mention: YearMention) -> PeriodSpan:
        """The span of a year mention of a section title, from the dates of the document."""
        offset = self.text.find(title, start, end)
        if offset >= 0:
            found = self.dates.overlapping(offset + mention.char_start, offset + mention.char_end)
            if found is not None and found.granularity != "day":
                return calendar_span(found.start_date, found.end_date)
        return year_span(mention.period)

    def _carried(self, context: FigureContext) -> YearMention | None:
        """The last year stated in an earlier sentence of the figure's paragraph."""
        paragraph_start = self._paragraph_start(context.sentence.char_start)
        if paragraph_start is None:
            return None
        index = bisect.bisect_left(self.sentence_starts, context.sentence.char_start) - 1
        while index >= 0 and self.sentences[index].char_start >= paragraph_start:
            if (stated := self._stated_in(index)) is not None:
                return stated
            index -= 1
        return None

    def _paragraph_start(self, offset: int) -> int | None:
        """Where the paragraph or list item holding the offset starts; a line of a document
        without blocks; None in a table or a heading."""
        if not self.blocks:
            return self.text.rfind("\n", 0, offset) + 1
        index = bisect.bisect_right(self.block_starts, offset) - 1
        if index < 0:
            return None
        start, end, kind = self.blocks[index]
        return start if offset < end and kind in TEXT_BLOCKS else None

    def _stated_in(self, index: int) -> YearMention | None:
        """The year a sentence opens with as the time of what it says ("Năm 2017, ...",
        "Trong tháng 9/2025, ...", "Tính đến ngày 15/9/2025, ..."): a single year, not a
        comparison base or a qualifier. A year inside a noun phrase ("Chỉ số cải cách hành
        chính năm 2019 của Sở đạt ...") or a school year is only its own sentence's."""
        if index not in self._stated:
            sentence = self.sentences[index]
            first = bisect.bisect_left(self.figure_starts, sentence.char_start)
            last = bisect.bisect_left(self.figure_starts, sentence.char_end)
            mentions = year_mentions(self.text, sentence.char_start, sentence.char_end,
                                     self.figure_spans[first:last])
            opening = mentions[0] if mentions else None
            if opening is not None:
                held = self.dates.overlapping(opening.char_start, opening.char_end)
                before = self.text[sentence.char_start:
                                   held.char_start if held else opening.char_start]
                if (opening.is_comparison_base or opening.is_qualifier or "-" in opening.period
                        or not _opens_sentence(before)):
                    opening = None
            self._stated[index] = opening
        return self._stated[index]


def _opens_sentence(before: str) -> bool:
    """Whether a date after `before` opens its sentence (or the clause after a colon): a
    list label and a few words ("Trong", "Tính đến ngày") come before it, no figure."""
    clause = _LIST_LABEL.sub("", before.rpartition(":")[2], count=1)
    return _DIGIT.search(clause) is None and len(clause.split()) <= OPENING_WORDS


def _written_mention(context: FigureContext,
                     mentions: list[YearMention]) -> YearMention | None:
    """The year written in the figure's part of the sentence that gives its period."""
    figure = context.figure
    text = context.document_text
    segment_start, segment_end = _segment(text, context)
    for mention in reversed(mentions):
        if mention.char_end > figure.char_start:
            continue
        if mention.char_start < segment_start and not mention.is_season:
            continue
        between = text[mention.char_end:figure.char_start]
        if has_period_cue("present", between):
            break
        if mention.is_qualifier:
            continue
        if not mention.is_comparison_base or _IN_BRACKET_AFTER.match(between):
            return mention
    for mention in mentions:
        between = text[figure.char_end:mention.char_start]
        if (mention.char_start >= figure.char_end and mention.char_end <= segment_end
                and not mention.is_comparison_base and not mention.is_qualifier
                and not _leads_another_figure(text, mention, segment_end)
                and not has_period_cue("qualifier", between)
                and not has_period_cue("qualifier_after", between)
                and not has_period_cue("deadline", between)):
            return mention
    return None


def _leads_another_figure(text: str, mention: YearMention, segment_end: int) -> bool:
    """Whether a figure follows the year in its clause ("mục tiêu giai đoạn 2021-2025 là
    70%"): the year is that figure's period, not the one of a figure before it."""
    clause = _CLAUSE_AFTER.match(text, mention.char_end, segment_end).group()
    return _DIGIT.search(clause) is not None


def _within_season(mention: YearMention, section_period: str | None) -> str:
    """The section's school year or season when the mention is a month inside it ("tháng
    7/2024" under "năm học 2023-2024")."""
    if not mention.is_date_part or section_period is None or "-" not in section_period:
        return mention.period
    first, last = (int(year) for year in section_period.split("-"))
    inside = last - first == 1 and mention.period.isdigit() and first <= int(mention.period) <= last
    return section_period if inside else mention.period


def _segment(text: str, context: FigureContext) -> tuple[int, int]:
    """The part of the figure's sentence between the semicolons around it."""
    sentence = context.sentence
    start = text.rfind(";", sentence.char_start, context.figure.char_start)
    end = text.find(";", context.figure.char_end, sentence.char_end)
    return (sentence.char_start if start < 0 else start + 1,
            sentence.char_end if end < 0 else end)
