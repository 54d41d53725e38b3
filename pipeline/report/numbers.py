"""Numbers written the Vietnamese way: "14.500", "81,8", "0,05"."""

from __future__ import annotations

import math

_SWAP = str.maketrans(",.", ".,")


def vietnamese_number(value: float | None, decimals: int = 6) -> str | None:
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.translate(_SWAP)
