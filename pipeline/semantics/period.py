"""The year or period a figure refers to, as text: '2021', '2021-2025'.

From the nearest year written before the figure in its part of the sentence (between
semicolons; a year that is the base of a comparison, "so với năm 2020", does not count,
except for a figure in brackets right after it), else the first year after it there that is
neither a comparison base nor inside a qualifier ("theo chuẩn nghèo giai đoạn 2022-2025"),
else the enclosing sections (next year's
part of a report gives report_year + 1, a section title with a year gives that year), else
the report year.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.semantics.context import FigureContext
from pipeline.semantics.lexicon import period_cues

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
_OPEN_BRACKET_ONLY = regex.compile(r"^\s*\(\s*$")


@dataclass(frozen=True)
class YearMention:
    char_start: int
    char_end: int
    period: str
    is_comparison_base: bool


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
            if not _matches_any("anchor", text[max(start, before_date - 24):before_date]):
                continue
        first, last = match.group("first"), match.group("last")
        period = f"{first}-{last}" if last and last != first else first
        mentions.append(YearMention(match.start(), match.end(), period,
                                    _matches_any("comparison", preceding)))
    return mentions


def figure_period(context: FigureContext, mentions: list[YearMention],
                  report_year: int | None) -> str | None:
    """The period of the figure; `mentions` are the year mentions of its sentence. Only
    mentions in the figure's part of the sentence (between semicolons) count."""
    figure = context.figure
    text = context.document_text
    segment_start, segment_end = _segment(text, context)
    for mention in reversed(mentions):
        if mention.char_end > figure.char_start or mention.char_start < segment_start:
            continue
        between = text[mention.char_end:figure.char_start]
        if not mention.is_comparison_base or _OPEN_BRACKET_ONLY.match(between):
            return mention.period
    for mention in mentions:
        if (mention.char_start >= figure.char_end and mention.char_end <= segment_end
                and not mention.is_comparison_base
                and not _matches_any("qualifier", text[figure.char_end:mention.char_start])):
            return mention.period
    return _section_period(context, report_year)


def _segment(text: str, context: FigureContext) -> tuple[int, int]:
    """The part of the figure's sentence between the semicolons around it."""
    sentence = context.sentence
    start = text.rfind(";", sentence.char_start, context.figure.char_start)
    end = text.find(";", context.figure.char_end, sentence.char_end)
    return (sentence.char_start if start < 0 else start + 1,
            sentence.char_end if end < 0 else end)


def in_next_year_part(context: FigureContext) -> bool:
    """Whether a heading above the figure opens next year's part ("Phần thứ hai",
    "Phương hướng, nhiệm vụ năm 2022")."""
    return any(_matches_any("next_year", section.label)
               or _matches_any("next_year", section.title) for section in context.headings)


def _section_period(context: FigureContext, report_year: int | None) -> str | None:
    """The year of the innermost heading that names one, else next year in next year's
    part, else the report year."""
    for section in context.headings:
        years = {m.period for m in year_mentions(section.title, 0, len(section.title))}
        if len(years) == 1:
            return years.pop()
    if report_year is None:
        return None
    return str(report_year + 1) if in_next_year_part(context) else str(report_year)


def _matches_any(role: str, text: str) -> bool:
    return any(cue.search(text) for cue in period_cues(role))
