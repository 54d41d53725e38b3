"""The year or period a figure refers to, as text: '2021', '2021-2025'.

From the nearest year written before the figure in its part of the sentence (between
semicolons), else the first year after it there, else the enclosing sections (a section
title with a year gives that year, a later period's part of the report gives the next year),
else the report year. A year does not count when it is:
- the base of a comparison ("so với năm 2020", "so với cuối năm 2023"), except for a figure
  in brackets right after it;
- inside a qualifier of a noun ("theo chuẩn nghèo giai đoạn 2022-2025");
- before a word that sets the figure in the present ("Chương trình ... giai đoạn
  2021-2025: đến nay có ...");
- after the figure, a deadline ("... trước ngày 31/01/2025").
A comparison year holds for every figure listed in the bracket right after it. A year is
not a section's period when it is a comparison base or a qualifier in the title.
A figure in brackets right after "cùng kỳ" with no year written ("giảm 01 vụ so với cùng kỳ
(04 vụ)") is the same period a year earlier. The cues are in data/period_cues.tsv.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.semantics.context import FigureContext
from pipeline.semantics.lexicon import has_period_cue
from pipeline.semantics.report_part import ReportPeriod, in_next_period_part

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


@dataclass(frozen=True)
class YearMention:
    char_start: int
    char_end: int
    period: str
    is_comparison_base: bool
    is_qualifier: bool  # "theo chuẩn nghèo giai đoạn 2022-2025"
    is_season: bool = False  # "năm học 2023-2024": it holds for the whole sentence
    is_date_part: bool = False  # the year of a month or day ("tháng 7/2024")


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


def figure_period(context: FigureContext, mentions: list[YearMention],
                  report: ReportPeriod) -> str | None:
    """The period of the figure; `mentions` are the year mentions of its sentence. Only
    mentions in the figure's part of the sentence (between semicolons) count."""
    section_period = _section_period(context, report)
    period = _written_period(context, mentions, section_period) or section_period
    text = context.document_text
    lead = text[context.sentence.char_start:context.figure.char_start]
    if period and period.isdigit() and has_period_cue("same_period_earlier", lead):
        return str(int(period) - 1)
    return period


def _written_period(context: FigureContext, mentions: list[YearMention],
                    section_period: str | None) -> str | None:
    """The period a year written in the figure's part of the sentence gives it. A school
    year or crop season holds for the whole sentence; a month inside the school year or
    season of the section ("tháng 7/2024" under "năm học 2023-2024") is of that range."""
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
            return _within_season(mention, section_period)
    for mention in mentions:
        between = text[figure.char_end:mention.char_start]
        if (mention.char_start >= figure.char_end and mention.char_end <= segment_end
                and not mention.is_comparison_base and not mention.is_qualifier
                and not _leads_another_figure(text, mention, segment_end)
                and not has_period_cue("qualifier", between)
                and not has_period_cue("qualifier_after", between)
                and not has_period_cue("deadline", between)):
            return _within_season(mention, section_period)
    return None


def _leads_another_figure(text: str, mention: YearMention, segment_end: int) -> bool:
    """Whether a figure follows the year in its clause ("mục tiêu giai đoạn 2021-2025 là
    70%"): the year is that figure's period, not the one of a figure before it."""
    clause = _CLAUSE_AFTER.match(text, mention.char_end, segment_end).group()
    return _DIGIT.search(clause) is not None


def _within_season(mention: YearMention, section_period: str | None) -> str:
    """The section's school year or season when the mention is a month inside it."""
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


def _section_period(context: FigureContext, report: ReportPeriod) -> str | None:
    """The year of the innermost heading that names one, else next year in next year's
    part, else the report year."""
    for section in context.headings:
        # a comparison base in a list item's title ("tăng 0,62% so với năm 2023") is not
        # the period of the figures under it
        years = {m.period for m in year_mentions(section.title, 0, len(section.title))
                 if not m.is_comparison_base and not m.is_qualifier}
        if len(years) == 1:
            return years.pop()
    if report.year is None:
        return None
    return str(report.year + 1) if in_next_period_part(context, report) else str(report.year)
