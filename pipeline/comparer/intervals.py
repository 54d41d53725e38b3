"""A written figure as the interval it stands for (the Calc 1.1 model of XBRL).

"85,63%" stands for [85,625; 85,635]; "14.600 người", a count, for exactly 14.600. Sums,
differences and ratios of intervals are intervals; two figures disagree only when their
intervals cannot meet. Exact decimal arithmetic throughout: floats are turned into the
decimal they were written as (repr), never compared for equality.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext


def to_decimal(value: float | int | Decimal) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(value))


@dataclass(frozen=True)
class Interval:
    low: Decimal
    high: Decimal

    @classmethod
    def around(cls, value: float | Decimal, precision: float | Decimal) -> Interval:
        """The values that round to `value` when written with a last digit worth
        `precision` (0: exact)."""
        centre, half = to_decimal(value), to_decimal(precision) / 2
        return cls(centre - half, centre + half)

    @classmethod
    def exact(cls, value: float | Decimal) -> Interval:
        centre = to_decimal(value)
        return cls(centre, centre)

    @property
    def width(self) -> Decimal:
        return self.high - self.low

    @property
    def middle(self) -> Decimal:
        return (self.low + self.high) / 2

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low)

    def negated(self) -> Interval:
        return Interval(-self.high, -self.low)

    def scaled(self, factor: Decimal | int) -> Interval:
        ends = (self.low * factor, self.high * factor)
        return Interval(min(ends), max(ends))

    def divided_by(self, other: Interval) -> Interval | None:
        """self / other; None when `other` may be zero."""
        if other.low <= 0 <= other.high:
            return None
        with localcontext() as context:
            context.prec = 28
            ends = [a / b for a in (self.low, self.high) for b in (other.low, other.high)]
        return Interval(min(ends), max(ends))

    def meets(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high



def total(intervals: list[Interval]) -> Interval:
    result = Interval.exact(0)
    for interval in intervals:
        result = result + interval
    return result
