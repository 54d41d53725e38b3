"""The likely cause of a stated figure that does not match what the arithmetic gives, as
deducorrect classifies a broken edit: a rounding slip, one keystroke, two swapped digits,
a sign swapped."""

from __future__ import annotations

from decimal import Decimal

from pipeline.comparer.intervals import Interval


def _digits(value: Decimal) -> str:
    text = format(abs(value).normalize(), "f")
    return text.replace(".", "").lstrip("0") or "0"


def is_one_keystroke(stated: str, correct: str) -> bool:
    """One digit typed wrong, added or left out: "5127" for "127", "14.600" for "14.500"."""
    if stated == correct:
        return False
    if len(stated) == len(correct):
        return sum(a != b for a, b in zip(stated, correct, strict=True)) == 1
    shorter, longer = sorted((stated, correct), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def is_transposition(stated: str, correct: str) -> bool:
    """Two neighbouring digits swapped: "472" for "427"."""
    if len(stated) != len(correct) or stated == correct:
        return False
    differing = [i for i, (a, b) in enumerate(zip(stated, correct, strict=True)) if a != b]
    return (len(differing) == 2 and differing[1] == differing[0] + 1
            and stated[differing[0]] == correct[differing[1]]
            and stated[differing[1]] == correct[differing[0]])


def likely_cause(stated: Decimal, computed: Interval, decimals: int = 0,
                 rounded: bool = True) -> str | None:
    """What most likely went wrong when `stated` was written for a value in `computed`;
    `rounded`: the stated figure or its inputs are rounded (not exact counts)."""
    correct = computed.middle.quantize(Decimal(1).scaleb(-decimals))
    if stated == -correct and stated != 0:
        return "sign"
    last_digit = Decimal(1).scaleb(-decimals)
    if rounded and ((computed.low - stated).copy_abs() <= last_digit
                    or (stated - computed.high).copy_abs() <= last_digit):
        return "rounding"  # off by one in the last written digit
    stated_digits, correct_digits = _digits(stated), _digits(correct)
    if is_transposition(stated_digits, correct_digits):
        return "transposition"
    if is_one_keystroke(stated_digits, correct_digits):
        return "typo"
    return None
