"""A tiny figure finder for these tests, standing in for extractors.quantities."""

from __future__ import annotations

import regex

from pipeline.model import Figure

# A number after "/" is the second of "A tỷ đồng/B tỷ đồng" only when a word precedes it.
_FIGURE = regex.compile(
    r"(?<![\p{L}\d.,\-])(?<!\d/)(?P<number>\d+(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*)?)"
    r"(?:\s*(?P<percent>%)|\s+(?P<money>tỷ đồng|triệu đồng|đồng)|\s+(?P<noun>\p{Ll}+))?"
    r"(?!\d|(?<=\d)/|-\p{L})"
)
_DURATION_NOUNS = frozenset({"năm", "tháng", "ngày", "giờ"})
_YEAR = regex.compile(r"(?:19|20)\d\d")
_DATE_WORDS = ("năm", "ngày", "tháng", "giai đoạn", "Sửu", "đến", "-")


def find_figures(text: str) -> list[Figure]:
    figures = []
    for match in _FIGURE.finditer(text):
        number = match.group("number")
        before = text[max(0, match.start() - 12):match.start()].rstrip()
        if _YEAR.fullmatch(number) or "/" in number and _YEAR.search(number):
            continue
        if before.endswith(_DATE_WORDS) and not match.group("percent"):
            continue
        parts = [float(p.replace(".", "").replace(",", ".")) for p in number.split("/")]
        value, denominator = parts[0], parts[1] if len(parts) > 1 else None
        if match.group("percent"):
            unit, unit_class = "%", "percent"
        elif match.group("money"):
            unit, unit_class = "VND", "money"
        else:
            unit = match.group("noun")
            unit_class = ("duration" if unit in _DURATION_NOUNS else "count") if unit else "other"
        figures.append(Figure(match.start(), match.end(), match.group(), value, unit, unit_class,
                              denominator))
    return figures
