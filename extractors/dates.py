"""Dates in Vietnamese administrative text: days, months, quarters, years and ranges.

The rules are here, the vocabulary in `lexicons/date_words.json`, and the examples that
must (and must not) parse in `examples/dates.tsv`. Each form is one pattern; a combined
pattern finds where some form starts, then the forms are tried in order at that place
and the first one whose values are valid wins (so "ngày 31/02" falls through to nothing,
and "năm 2025-2021" falls back to "năm 2025").
"""

from __future__ import annotations

import bisect
import calendar
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import regex

from pipeline.model import DateMention

MIN_YEAR, MAX_YEAR = 1900, 2100

_WORDS = json.loads((Path(__file__).parent / "lexicons" / "date_words.json").read_text("utf-8"))


def _words(key: str) -> str:
    words = sorted(_WORDS[key], key=len, reverse=True)
    return "(?:" + "|".join(regex.escape(word).replace(r"\ ", r"\s{1,3}") for word in words) + ")"


_DAY, _MONTH, _YEAR = _words("day"), _words("month"), _words("year")
_QUARTER, _PERIOD = _words("quarter"), _words("period")
_FROM, _TO = _words("range_from"), _words("range_to")
_AND = _words("coordination")
_PART = _words("part_of_year")
_DAY_MARKER = _words("day_markers")
_EVENT_MARKER = _words("event_markers")
_SEASON = _words("season")
_LUNAR_BRANCHES = [word for names in _WORDS["lunar_branches"] for word in names]
_LUNAR_YEAR_NAME = (_words("lunar_stems") + r"\s{1,3}(?:"
                    + "|".join(regex.escape(word) for word in _LUNAR_BRANCHES) + ")")
_MONTHS_PART = "(?:" + _words("months_from_start") + "|" + _words("months_from_end") + ")"
_QUARTER_NUMBER = "(?:" + "|".join(
    regex.escape(key) for key in sorted(_WORDS["quarter_numbers"], key=len, reverse=True)) + ")"
_MONTHS_FROM_END = {word.casefold() for word in _WORDS["months_from_end"]}
_QUARTER_NUMBERS = {key.casefold(): value for key, value in _WORDS["quarter_numbers"].items()}

_S = r"\s{1,3}"  # bounded whitespace keeps every attempt short: linear time overall
_OS = r"\s{0,2}"
_DASH = r"[-–]"
_WORD_START = r"(?<![\p{L}\p{N}])"
# A number that does not continue another one ("1.225/1.800", "1/1/1", "3,5/4").
_NUM_START = r"(?<![\p{L}\p{N}/]|[0-9][.,])"
_Y = r"(?P<y>[0-9]{4})"
_D = r"(?P<d>[0-9]{1,2})"
_M = r"(?P<m>[0-9]{1,2})"
_DAY_MONTH = r"[0-9]{1,2}[/-][0-9]{1,2}"  # unnamed, for look-behinds
_END = r"(?![\p{N}\p{L}]|/[\p{L}\p{N}]|[.,][0-9])"
_NUMERIC_END = r"(?![\p{N}\p{L}/]|[.,][0-9]|-\p{L})"


@dataclass
class _Found:
    start: int
    end: int
    start_date: date
    end_date: date
    granularity: str
    last_year: int | None  # the last year written in it; None when it took the year from context


# A form's reader gets the match and the year from context; returns None when invalid.
_Reader = Callable[[regex.Match, int | None], tuple[date, date, str] | None]


def _year(text: str) -> int | None:
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _day(year: int | None, month: int, day: int) -> tuple[date, date, str] | None:
    if year is None:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value, value, "day"


def _months(year: int | None, first: int, last: int, granularity: str):
    if year is None or not 1 <= first <= last <= 12:
        return None
    return (date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]),
            granularity)


def _explicit_year(match: regex.Match) -> int | None:
    return _year(match["y"])


def _read_day(match: regex.Match, year: int | None):
    return _day(year, int(match["m"]), int(match["d"]))


# The clause before a bare "27/7" names a day ("Ngày Thương binh – Liệt sĩ 27/7"); a day in
# brackets may follow a longer name with commas ("Ngày Giải phóng miền Nam, thống nhất đất
# nước (30-4)").
_DAY_NAME_BEFORE = regex.compile(
    rf"{_WORD_START}{_DAY_MARKER}(?:[^\p{{N}}.,;:!?()\n]{{1,40}}|[^\p{{N}}.;:!?()\n]{{1,60}}\(\s?)$",
    regex.IGNORECASE)


def _read_day_in_day_name(match: regex.Match, year: int | None):
    start = match.start()
    if not _DAY_NAME_BEFORE.search(match.string, max(0, start - 70), start):
        return None
    return _read_day(match, year)


def _read_month(match: regex.Match, year: int | None):
    month = int(match["m"])
    return _months(year, month, month, "month")


def _read_quarter(match: regex.Match, year: int | None):
    quarter = _QUARTER_NUMBERS[match["q"].casefold()]
    return _months(year, 3 * quarter - 2, 3 * quarter, "quarter")


def _read_year(match: regex.Match, year: int | None):
    return _months(year, 1, 12, "year")


def _read_months_of_year(match: regex.Match, year: int | None):
    count = int(match["n"])
    if not 1 <= count <= 12:
        return None
    part = (match["part"] or "").casefold()
    if part in _MONTHS_FROM_END:
        return _months(year, 13 - count, 12, "range")
    return _months(year, 1, count, "range")


def _read_days_of_month(match: regex.Match, year: int | None):
    """"từ ngày 06 đến ngày 08/9/2024", "ngày 27 và 28/6": the first day shares the month."""
    first, last = int(match["d"]), int(match["d2"])
    days = (_day(year, int(match["m"]), first), _day(year, int(match["m"]), last))
    if days[0] is None or days[1] is None or first >= last:
        return None
    return days[0][0], days[1][0], "range"


def _read_year_range(match: regex.Match, year: int | None):
    first, last = _year(match["y"]), _year(match["y2"])
    if first is None or last is None or last <= first:
        return None
    return date(first, 1, 1), date(last, 12, 31), "range"


@dataclass(frozen=True)
class _Form:
    name: str
    pattern: str
    read: _Reader  # the year is its group "y" when written, else taken from context


_FORMS = [
    _Form("year_range",
          rf"{_WORD_START}(?:(?:{_FROM}{_S})?(?:{_PERIOD}|{_SEASON}|{_YEAR}){_S})?{_NUM_START}{_Y}"
          rf"{_OS}{_DASH}{_OS}(?:{_YEAR}{_S})?(?P<y2>[0-9]{{4}}){_END}",
          _read_year_range),
    _Form("months_of_year",
          rf"{_NUM_START}(?P<n>[0-9]{{1,2}}){_S}{_MONTH}{_S}(?:(?P<part>{_MONTHS_PART}){_S})?"
          rf"{_YEAR}{_S}{_Y}{_END}",
          _read_months_of_year),
    _Form("quarter",
          rf"{_WORD_START}{_QUARTER}{_S}(?P<q>{_QUARTER_NUMBER})"
          rf"(?:{_OS}[/-]{_OS}|{_S}{_YEAR}{_S}){_Y}{_END}",
          _read_quarter),
    _Form("quarter_no_year",
          rf"{_WORD_START}{_QUARTER}{_S}(?P<q>{_QUARTER_NUMBER})(?![\p{{L}}\p{{N}}/])",
          _read_quarter),
    # Days joined in one month: "từ ngày 06 đến ngày 08/9/2024", "ngày 27 và 28/6/2024".
    _Form("days_of_month",
          rf"{_WORD_START}(?:{_FROM}{_S})?{_DAY}{_S}{_D}{_OS}(?:{_DASH}|{_TO}|{_AND}){_OS}"
          rf"(?:{_DAY}{_S})?(?P<d2>[0-9]{{1,2}})(?:[/-]{_M}(?:[/-]{_Y})?|{_S}{_MONTH}{_S}{_M}"
          rf"(?:{_S}{_YEAR}{_S}{_Y})?)(?![\p{{N}}\p{{L}}/]|[.,-][0-9])",
          _read_days_of_month),
    _Form("day_words",
          rf"(?:{_WORD_START}{_DAY}{_S}|{_NUM_START}){_D}{_S}{_MONTH}{_S}{_M}{_S}{_YEAR}{_S}"
          rf"{_Y}{_END}",
          _read_day),
    _Form("day_words_no_year",
          rf"{_WORD_START}{_DAY}{_S}{_D}{_S}{_MONTH}{_S}{_M}(?![\p{{N}}\p{{L}}]|{_OS}[/.-]{_OS}[0-9])",
          _read_day),
    _Form("day_numeric",
          rf"{_NUM_START}{_D}(?P<sep>[/.-]){_M}(?P=sep){_Y}{_NUMERIC_END}",
          _read_day),
    # Day and month only: right after "ngày" (or "tối", "sáng"..., or an event: "dịp 18/11"),
    # or closed by punctuation
    # in a clause that names a day ("Ngày Thương binh – Liệt sĩ 27/7,"); else "2/3" or
    # "20/20" is a ratio.
    _Form("day_month_after_day_word",
          rf"{_WORD_START}(?:{_DAY_MARKER}|{_EVENT_MARKER}){_S}(?P<raw>{_D}[/-]{_M})"
          rf"(?![\p{{N}}\p{{L}}/]|[.,-][0-9])",
          _read_day),
    _Form("day_month_in_day_name",
          rf"(?<![-–/]\s?){_NUM_START}(?P<raw>{_D}[/-]{_M})"
          rf"(?=\s{{0,2}}(?:[,;:)\]!?]|\.(?![0-9])|$))",
          _read_day_in_day_name),
    # The second day of a range of days: "từ ngày 01/5 đến 31/5", "từ 01/5/2025 đến 31/5".
    _Form("day_month_ending_range",
          rf"(?<=(?:{_WORD_START}{_DAY_MARKER}{_S}{_DAY_MONTH}|{_NUM_START}{_DAY_MONTH}[/-][0-9]{{4}})"
          rf"{_OS}(?:{_DASH}|{_TO}){_OS}(?:{_DAY}{_S})?)"
          rf"(?P<raw>{_D}[/-]{_M})(?![\p{{N}}\p{{L}}/]|[.,-][0-9])",
          _read_day),
    _Form("month",
          rf"{_WORD_START}{_MONTH}{_S}{_M}(?:{_OS}[/-]{_OS}|{_S}{_YEAR}{_S}){_Y}{_END}",
          _read_month),
    _Form("month_no_year",
          rf"{_WORD_START}{_MONTH}{_S}{_M}(?![\p{{N}}\p{{L}}]|{_OS}[/.-]{_OS}[0-9])",
          _read_month),
    _Form("year",
          rf"{_WORD_START}(?:{_PART}{_S})?{_YEAR}{_S}{_Y}{_END}",
          _read_year),
    # A lunar year name before the year: "Tết Nguyên đán Tân Sửu 2021".
    _Form("lunar_year",
          rf"{_WORD_START}{_LUNAR_YEAR_NAME}{_S}(?:{_YEAR}{_S})?{_Y}{_END}",
          _read_year),
]

_FLAGS = regex.IGNORECASE
_COMPILED = [(form, regex.compile(form.pattern, _FLAGS)) for form in _FORMS]
# Every form starts with a digit or a lexicon word.
_FIRST_CHARACTERS = "".join(sorted({word[0] for words in _WORDS.values()
                                    if isinstance(words, list) for word in words}))
_FIRST_CHARACTER = regex.compile(f"[0-9{regex.escape(_FIRST_CHARACTERS)}]", _FLAGS)


def _form_starts(text: str) -> list[int]:
    """Every position where some form matches, in text order. Each form is searched on its
    own: as one alternation the regex module tries every form at every character (3x
    slower)."""
    starts = {match.start() for _, pattern in _COMPILED
              for match in pattern.finditer(text, overlapped=True)}
    return sorted(start for start in starts if _FIRST_CHARACTER.match(text, start))
_JOIN = regex.compile(rf"{_OS}(?:{_DASH}|{_TO}){_OS}(?:{_DAY}{_S}|{_YEAR}{_S})?", _FLAGS)
_JOIN_WORD = regex.compile(_TO, _FLAGS)
# "tháng 8 và tháng 9/2023", "tháng 7, tháng 8": mentions listed together share a year.
_LINK = regex.compile(rf"{_JOIN.pattern}|{_OS}(?:,|{_AND}){_OS}", _FLAGS)
_COORDINATION = regex.compile(rf"{_OS}(?:,|{_AND}){_OS}", _FLAGS)
# What is written right before the issue date of a legal reference: its symbol
# ("62/QĐ-LĐTBXH ngày", "04/2015/NĐ-CP, ngày", "12/KH-UBND của UBND tỉnh ngày").
_AFTER_REFERENCE = regex.compile(
    r"[0-9]{1,6}\s?[/-]\s?[\p{L}\p{N}/–-]*\p{Lu}[\p{L}\p{N}/–-]*"
    rf"[\s,]{{0,4}}(?:(?i:của|do)\s[^\p{{N}}\n,;.()]{{1,60}}?[\s,]{{1,3}})?(?i:{_DAY}){_S}$")
# What is written right before the year of a comparison base: "so với cùng kỳ năm 2024",
# "so với năm 2023", "bằng 105% cùng kỳ năm 2024", "so với cuối năm 2023".
_AFTER_COMPARISON = regex.compile(
    rf"{_WORD_START}{_words('comparison')}(?:{_S}\p{{L}}{{1,8}}){{0,2}}{_S}$", _FLAGS)
# The report's own year is looked for in its title and opening lines.
_OPENING_CHARACTERS = 1500
_ANY_YEAR = 2000  # a leap year: only to see how far a mention without its year reaches
_FROM_BEFORE = regex.compile(rf"{_WORD_START}{_FROM}{_S}(?:{_DAY}{_S}|{_YEAR}{_S})?$", _FLAGS)


def _read_at(text: str, position: int, context_year: int | None) -> _Found | None:
    for form, pattern in _COMPILED:
        match = pattern.match(text, position)
        if match is None:
            continue
        year_written = "y" in pattern.groupindex and match["y"] is not None
        values = form.read(match, _explicit_year(match) if year_written else context_year)
        if values is None and not year_written and context_year is not None:
            # "29/2" with no year of its own in a year without it: the next leap day
            # ("từ ngày 1/7/1999 đến hết 29/2" ends in 2000)
            values = form.read(match, context_year + 1)
        if values is None:
            continue
        start, end = match.span("raw") if "raw" in pattern.groupindex else match.span()
        last_year = values[1].year if year_written else None
        return _Found(start, end, *values, last_year=last_year)
    return None


def _cycle_position(stem: int, branch: int) -> int | None:
    """Place in the 60-year cycle (0 = the cycle's first year) of a stem and a branch."""
    return next((y for y in range(60) if y % 10 == stem and y % 12 == branch), None)


_LUNAR_CYCLE_START = _WORDS["lunar_cycle_start"]  # a "Giáp Tý" year
_CYCLE_POSITIONS = {
    f"{stem} {branch}".casefold(): _cycle_position(stem_index, branch_index)
    for stem_index, stem in enumerate(_WORDS["lunar_stems"])
    for branch_index, names in enumerate(_WORDS["lunar_branches"]) for branch in names
}
_LUNAR_NAME_ONLY = regex.compile(rf"{_WORD_START}{_LUNAR_YEAR_NAME}(?![\p{{L}}\p{{N}}])", _FLAGS)


def _lunar_year_near(name: str, year: int) -> int | None:
    """The year named "Quý Mão" (etc.) that is nearest to `year`."""
    position = _CYCLE_POSITIONS.get(" ".join(name.split()).casefold())
    if position is None:
        return None
    offset = (_LUNAR_CYCLE_START + position - year) % 60
    return year + offset if offset < 30 else year + offset - 60


def _linked_year(text: str, mention: _Found, links_left: int = 3) -> date | None:
    """The start of the next mention of the same granularity listed with `mention` whose year
    is written ("tháng 8 và tháng 9/2023", "từ ngày 01/5 đến ngày 31/5/2025"), if any."""
    end = mention.end
    for _ in range(links_left):
        link = _LINK.match(text, end)
        following = link and _read_at(text, link.end(), _ANY_YEAR)
        if not following or following.granularity != mention.granularity:
            return None
        if following.last_year is not None:
            return following.start_date
        end = following.end
    return None


def _read_with_linked_year(text: str, position: int, mention: _Found) -> _Found | None:
    """`mention` (written without its year) read with the year of a mention listed after it;
    the year before when it would come after that one ("tháng 12 và tháng 1/2024")."""
    following_start = _linked_year(text, mention)
    if following_start is None:
        return None
    year = following_start.year
    shared = _read_at(text, position, year)
    if shared is not None and shared.start_date > following_start:
        shared = _read_at(text, position, year - 1)
    return shared


def _is_issue_date(text: str, mention: _Found) -> bool:
    return _AFTER_REFERENCE.search(text, max(0, mention.start - 120), mention.start) is not None


def _is_comparison_base(text: str, mention: _Found) -> bool:
    return _AFTER_COMPARISON.search(text, max(0, mention.start - 40), mention.start) is not None


def _report_year(text: str) -> int | None:
    """The first year written in the title and opening lines that is neither a legal
    reference's nor a comparison base's: the year of a report whose text gives a day
    without its year before any other year ("ngày 15-3" in the report of Quý I/2025)."""
    return _find_all(text[:_OPENING_CHARACTERS], report_year_only=True)[1]


def _find_all(text: str, report_year_only: bool = False) -> tuple[list[_Found], int | None]:
    """Mentions in text order, and the first year that counts as context. A mention without
    its year takes the year of a mention listed with it ("tháng 8 và tháng 9/2023"), else
    the last year written before it: in a mention, or as a lunar year name ("Tết Quý Mão")
    read near the previous year. The issue dates of legal references and the bases of
    comparisons ("so với cùng kỳ năm 2024") are not the report's time: their years do not
    count; with no year before, the report's year (`_report_year`), then the year of the
    last issue date. `report_year_only`: the first year that counts, found without a report's
    year, and nothing read after it."""
    found: list[_Found] = []
    lunar_names = list(_LUNAR_NAME_ONLY.finditer(text))
    next_lunar = 0
    context_year: int | None = None
    first_context_year: int | None = None
    reference_year: int | None = None
    report_year = None if report_year_only else _report_year(text)
    context_end = 0
    starts = _form_starts(text)
    index = 0
    while index < len(starts):
        start = starts[index]
        while next_lunar < len(lunar_names) and lunar_names[next_lunar].end() <= start:
            name = lunar_names[next_lunar]
            if context_year is not None and name.start() >= context_end:
                context_year = _lunar_year_near(name.group(), context_year) or context_year
                context_end = name.end()
            next_lunar += 1
        year = next((y for y in (context_year, report_year, reference_year) if y is not None),
                    None)
        mention = _read_at(text, start, year)
        if mention is None or mention.last_year is None:
            yearless = mention or _read_at(text, start, _ANY_YEAR)
            if yearless is not None and yearless.last_year is None:
                mention = _read_with_linked_year(text, start, yearless) or mention
        if mention is None:
            index += 1
            continue
        found.append(mention)
        if mention.last_year is not None and _is_issue_date(text, mention):
            reference_year = mention.last_year
        elif mention.last_year is not None and not _is_comparison_base(text, mention):
            context_year, context_end = mention.last_year, mention.end
            first_context_year = first_context_year or context_year
            if report_year_only:
                break
        index = bisect.bisect_left(starts, max(mention.end, start + 1), index + 1)
    return found, first_context_year


def _range_start(text: str, first: _Found, second: _Found) -> int | None:
    """Where the range made of `first` and `second` starts, if they make one: "từ năm 2021
    đến năm 2023", "26/3/1975-26/3/2021", or two adjacent periods listed together, the
    first without its year ("tháng 8 và tháng 9/2023")."""
    if second.end_date < first.start_date:
        return None
    join = _JOIN.fullmatch(text, first.end, second.start)
    if join is not None:
        before = _FROM_BEFORE.search(text, max(0, first.start - 20), first.start)
        if before:
            return before.start()
        return None if _JOIN_WORD.search(join.group()) else first.start
    listed = (first.last_year is None and first.granularity == second.granularity
              and second.start_date == first.end_date + timedelta(days=1)
              and _COORDINATION.fullmatch(text, first.end, second.start))
    return first.start if listed else None


def _in_next_year(text: str, first: _Found, second: _Found) -> _Found | None:
    """`second`, the end of a range written without its year, read in the year after
    `first` when it would otherwise end before it ("từ 25/12/2024 đến hết 05/01")."""
    if second.last_year is not None or second.end_date >= first.start_date:
        return None
    later = _read_at(text, second.start, first.end_date.year + 1)
    return later if later is not None and later.end == second.end else None


def _merged_ranges(text: str, found: list[_Found]) -> list[_Found]:
    merged: list[_Found] = []
    index = 0
    while index < len(found):
        first = found[index]
        second = found[index + 1] if index + 1 < len(found) else None
        start = None if second is None else _range_start(text, first, second)
        later = None if second is None or start is not None else _in_next_year(text, first, second)
        if later is not None and (start := _range_start(text, first, later)) is not None:
            second = later
        if second is not None and start is not None:
            merged.append(_Found(start, second.end, first.start_date, second.end_date,
                                 "range", second.last_year))
            index += 2
            continue
        merged.append(first)
        index += 1
    return merged


def _mention(text: str, found: _Found) -> DateMention:
    return DateMention(char_start=found.start, char_end=found.end,
                       raw=text[found.start:found.end], start_date=found.start_date,
                       end_date=found.end_date, granularity=found.granularity)


def day_at(text: str, position: int) -> DateMention | None:
    """The day written in full (with its year) that starts exactly at `position`, if any:
    how an issue date after a legal reference is read."""
    found = _read_at(text, position, context_year=None)
    return _mention(text, found) if found and found.granularity == "day" else None


def extract(text: str) -> list[DateMention]:
    """Every date, month, quarter, year or period written in `text`, in text order."""
    return [_mention(text, found) for found in _merged_ranges(text, _find_all(text)[0])]
