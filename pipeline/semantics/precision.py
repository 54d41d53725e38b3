"""How precisely a figure is written: its decimals, and the worth of its last digit.

"85,63%" has 2 decimals and stands for [85,625; 85,635] (last digit worth 0,01); "69,991 tỷ
đồng" has 3 decimals of a billion (last digit worth 1.000.000 đồng). A count written
without decimals ("15.939 lao động") is exact: worth 0. The comparer turns these into
intervals (the Calc 1.1 model).
"""

from __future__ import annotations

from decimal import Decimal

import regex

from extractors.numbers import Convention, NumberFormatError, parse_number
from pipeline.model import Figure

_FIRST_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
_SCALES = tuple(Decimal(10) ** exponent for exponent in range(0, 13))


def written_precision(figure: Figure) -> tuple[int, float]:
    """(decimals as written, worth of the last written digit in the figure's value)."""
    match = _FIRST_NUMBER.search(figure.raw)
    if match is None:  # number words: "ba nghìn"
        return 0, 0.0 if figure.unit_class == "count" else 1.0
    value = Decimal(repr(figure.value))
    for number in _readings(match.group()):
        if number == 0:
            continue
        scale = value / number
        if scale in _SCALES:
            decimals = max(0, -number.as_tuple().exponent)
            # an integer counted, ranked or bare ("86/74", a table cell) is exact
            if decimals == 0 and scale == 1 and figure.unit_class in ("count", "rank", "other"):
                return 0, 0.0
            return decimals, float(Decimal(1).scaleb(-decimals) * scale)
    return 0, 1.0


def _readings(digits: str) -> list[Decimal]:
    """The written number as the extractor reads it by default, as an integer, and in the
    English convention: the first that the figure's value is a power of ten of wins."""
    readings = []
    for options in ({}, {"integral": True}, {"neighbour_convention": Convention.ENGLISH}):
        try:
            readings.append(parse_number(digits, **options))
        except NumberFormatError:
            continue
    return readings
