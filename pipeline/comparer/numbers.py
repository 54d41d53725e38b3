"""Numbers written the Vietnamese way in findings: "14.500", "85,2", "-2"."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from pipeline.comparer.intervals import Interval, to_decimal
from pipeline.comparer.model import MetricRow
from pipeline.data_files import read_tsv

SCALES_FILE = Path(__file__).with_name("data") / "money_scales.tsv"


def vietnamese(value: float | Decimal, decimals: int = 0) -> str:
    number = to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = format(abs(number), "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def shown(value: float | None, decimals: int = 6) -> str | None:
    """A computed value for people: at most `decimals` decimals, no trailing zeros
    ("81,8", "16.190"); None for a missing value."""
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = vietnamese(value, decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return "0" if text == "-0" else text


def interval_text(interval: Interval, write: Callable[[Decimal], str]) -> str:
    """"85,2%" for a point, "[81,8%; 81,9%]" for a range wider than the last written digit;
    `write` writes one value (figure_text of the figure it is compared with)."""
    low, high = write(interval.low), write(interval.high)
    return low if low == high else f"[{low}; {high}]"


def decimals_of(metric: MetricRow) -> int:
    """Decimals as written (the semantics records them on every figure)."""
    return metric.decimals or 0


@cache
def _money_scales() -> dict[Decimal, str]:
    return {Decimal(row["scale"]): row["word"] for row in read_tsv(SCALES_FILE)}


def figure_text(metric: MetricRow, value: float | Decimal | None = None) -> str:
    """A value (the metric's own by default) written as the metric is: "16.830", "1,86%",
    "168,15 tỷ" for money written in billions."""
    number = to_decimal(metric.value if value is None else value)
    decimals = decimals_of(metric)
    if metric.unit_class == "money" and metric.precision:
        scale = (to_decimal(metric.precision) * Decimal(10) ** decimals).normalize()
        word = _money_scales().get(scale)
        if word:
            return f"{vietnamese(number / scale, decimals)} {word}"
    return vietnamese(number, decimals) + ("%" if metric.unit == "%" else "")


def denominator_text(metric: MetricRow) -> str:
    """The second number of "11,13/13 điểm" as written ("13"), else the value written as the
    first one is."""
    match = re.search(r"/\s*(\d[\d.,]*\d|\d)", metric.raw or "")
    return match.group(1) if match else figure_text(metric, metric.denominator)
