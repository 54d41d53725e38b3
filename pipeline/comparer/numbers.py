"""Numbers written the Vietnamese way in findings: "14.500", "85,2", "-2"."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from pipeline.comparer.intervals import Interval, to_decimal


def vietnamese(value: float | Decimal, decimals: int = 0) -> str:
    number = to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = format(abs(number), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def interval_text(interval: Interval, decimals: int) -> str:
    """"85,2" for a point, "[81,8; 81,9]" for a range wider than the last digit."""
    low, high = vietnamese(interval.low, decimals), vietnamese(interval.high, decimals)
    return low if low == high else f"[{low}; {high}]"
