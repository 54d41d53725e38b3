"""The year whose results a report gives, from its title or its opening sentence."""

from __future__ import annotations

from collections import Counter

import regex

from pipeline.structure.lexicon import column

# A year, or a range whose last year is the one reported; not inside "04/2015/NĐ-CP". The
# year of a month counts ("tháng 8/2025", "tháng 8 năm 2025": a monthly report's year).
_YEAR = regex.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<end>(?:19|20)\d{2}))?(?![\d/])")
# "ngày 09 tháng 01 năm 2015", "ngày 09/01/2015": the year of a day, not of the report.
_DATE_BEFORE = regex.compile(
    r"(?i)(?:\d{1,2}\s+tháng\s+\d{1,2}\s+năm|\d{1,2}[/.-]\d{1,2}[/.-])\s*$")


def _years(phrase: str) -> list[tuple[int, bool]]:
    """(year, announced as plan) for each year in the phrase, dates excluded."""
    plan_words = column("plan_words", "word")
    found: list[tuple[int, bool]] = []
    previous_end = 0
    for match in _YEAR.finditer(phrase):
        before = phrase[previous_end:match.start()]
        previous_end = match.end()
        if _DATE_BEFORE.search(phrase[:match.start()]):
            continue
        is_plan = any(word in before.casefold() for word in plan_words)
        found.append((int(match["end"] or match["year"]), is_plan))
    return found


def year_reported_in(phrase: str) -> int | None:
    """The first year not announced as a plan ("kết quả năm 2021 và nhiệm vụ năm 2022" -> 2021);
    the first year at all when every one is a plan."""
    years = _years(phrase)
    reported = [year for year, is_plan in years if not is_plan]
    if reported:
        return reported[0]
    return years[0][0] if years else None


def most_frequent_year(text: str) -> int | None:
    counts = Counter(year for year, is_plan in _years(text) if not is_plan)
    return counts.most_common(1)[0][0] if counts else None
