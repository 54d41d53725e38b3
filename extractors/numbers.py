"""Reading numbers as Vietnamese reports write them: digits in either convention, and words.

Vietnamese style groups thousands with "." and marks decimals with "," ("15.939", "0,45");
English style does the opposite ("401,952.03"). Both can appear in one paragraph, so the
convention is decided per number from its shape, then from its unit and its neighbours
when the shape alone cannot tell ("10,865 hộ" is 10865 households, "10,865 tỷ đồng" is
10.865 billion).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path

import regex

from pipeline.data_files import read_rows

LEXICON_DIR = Path(__file__).parent / "lexicons"

# A run of digits with "." or "," between digit groups; a separator must be followed by a
# digit, so "năm 2021." stops before the full stop. No nested quantifiers: linear time.
DIGITS_PATTERN = r"\d+(?:[.,]\d+)*"
MAX_DIGITS = 30  # longer digit runs are identifiers or noise, never a quantity
_SEPARATOR = regex.compile(r"[.,]")


@cache
def read_lexicon(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a lexicon in extractors/lexicons, without its header line."""
    return tuple(read_rows(LEXICON_DIR / name)[1:])


class Convention(Enum):
    """Which mark is the decimal mark."""

    VIETNAMESE = ","  # "1.234,5"
    ENGLISH = "."  # "1,234.5"


class NumberFormatError(ValueError):
    """Digits that are not a well-formed number (e.g. "1.2.3", a section label)."""


@dataclass(frozen=True)
class NumberShape:
    """What the separators of a written number say about its convention."""

    convention: Convention | None  # None: the shape alone cannot tell
    ambiguous_separator: str | None  # the single separator of "15.939" / "69,991"


def number_shape(raw: str) -> NumberShape:
    """Classify the separators of `raw` (digits with "." and ",")."""
    separators = [char for char in raw if char in ".,"]
    if len(raw) - len(separators) > MAX_DIGITS:
        raise NumberFormatError(raw)
    groups = _SEPARATOR.split(raw)
    if not separators:
        return NumberShape(Convention.VIETNAMESE, None)
    if "." in separators and "," in separators:
        decimal_mark = separators[-1]
        if separators.count(decimal_mark) != 1:
            raise NumberFormatError(raw)
        _check_grouping(raw, groups[:-1])
        return NumberShape(Convention(decimal_mark), None)
    separator = separators[0]
    if len(separators) > 1:
        _check_grouping(raw, groups)
        return NumberShape(Convention.ENGLISH if separator == "," else Convention.VIETNAMESE, None)
    if len(groups[1]) != 3 or groups[0].startswith("0") and groups[0] != "0":
        # "8,6" "0,45" "75.91": only a decimal mark leaves other than three digits;
        # "0,123" cannot group thousands.
        return NumberShape(Convention.VIETNAMESE if separator == "," else Convention.ENGLISH, None)
    if groups[0] == "0":
        return NumberShape(Convention.VIETNAMESE if separator == "," else Convention.ENGLISH, None)
    return NumberShape(None, separator)


def _check_grouping(raw: str, groups: Sequence[str]) -> None:
    if not groups or len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:]):
        raise NumberFormatError(raw)


def parse_number(
    raw: str,
    *,
    integral: bool = False,
    neighbour_convention: Convention | None = None,
) -> Decimal:
    """The value of digits written in either convention.

    A lone "." before three digits groups thousands ("15.939"). A lone "," before three
    digits ("69,991") is a decimal mark unless `integral` (the unit cannot be fractional,
    a count of people) or `neighbour_convention` is English (the surrounding numbers are
    written "401,952.03"). Every other shape tells its convention itself.
    """
    shape = number_shape(raw)
    convention = shape.convention
    if convention is None:
        if integral or shape.ambiguous_separator == ".":
            # "15.939": a Vietnamese report writes thousands so even beside English-style
            # money; only a comma ("69,991") is left to the unit and the neighbours
            return Decimal(raw.replace(shape.ambiguous_separator or "", ""))
        convention = neighbour_convention or Convention.VIETNAMESE
    decimal_mark = convention.value
    grouping_mark = "," if decimal_mark == "." else "."
    return Decimal(raw.replace(grouping_mark, "").replace(decimal_mark, "."))


# ---- number words ------------------------------------------------------------------------


@cache
def number_word_table() -> dict[str, tuple[int, str]]:
    return {word: (int(value), role)
            for word, value, role, *_ in read_lexicon("number_words.tsv")}


@cache
def lone_word_rules() -> dict[str, str]:
    """When a number word alone before a noun is a figure (the `alone` column of
    number_words.tsv): 'noun', 'unit', 'sibling' or 'never'."""
    return {word: alone for word, _, _, alone in read_lexicon("number_words.tsv")}


def number_words_pattern() -> str:
    """Alternation of the number words, longest first, as whole words."""
    words = sorted(number_word_table(), key=len, reverse=True)
    return r"(?<!\p{L})(?:" + "|".join(regex.escape(word) for word in words) + r")(?!\p{L})"


def parse_number_words(words: Sequence[str]) -> Decimal | None:
    """The value of Vietnamese number words ("hai mươi mốt" -> 21), None when not a number.

    Handles mười/mươi, mốt/tư/lăm after tens, linh/lẻ, trăm, the scale words (nghìn,
    triệu, tỷ, also stacked: "nghìn tỷ") and "phẩy" for the decimal part.
    """
    table = number_word_table()
    words = [word.lower() for word in words]
    if not words or any(word not in table for word in words):
        return None
    if "phẩy" in words:
        cut = words.index("phẩy")
        whole, fraction = parse_number_words(words[:cut]), _fraction_digits(words[cut + 1:])
        if whole is None or fraction is None:
            return None
        return whole + fraction
    total = Decimal(0)
    group = 0  # the part below the next scale word (< 1000)
    digit: int | None = None
    previous_role = ""
    for word in words:
        value, role = table[word]
        if role in ("digit", "digit_after_tens"):
            if digit is not None or role == "digit_after_tens" and previous_role not in (
                    "tens", "ten"):
                return None
            digit = value
        elif role == "ten":
            if digit is not None or group % 100:
                return None
            group += 10
        elif role == "tens":
            if digit is None or digit < 2:
                return None
            group += digit * 10
            digit = None
        elif role == "hundred":
            if digit is None or group:
                return None
            group, digit = digit * 100, None
        elif role == "link":
            if previous_role != "hundred":
                return None
        elif role == "scale":
            group += digit or 0
            digit = None
            if group == 0:
                if total == 0:
                    return None
                total *= value  # "một nghìn tỷ"
            else:
                total += group * value
            group = 0
        else:
            return None
        previous_role = role
    if previous_role in ("link",):
        return None
    return total + group + (digit or 0)


def _fraction_digits(words: Sequence[str]) -> Decimal | None:
    """"sáu" -> 0.6, "không năm" -> 0.05, "hai lăm" -> 0.25."""
    table = number_word_table()
    if not words or any(table[word][1] not in ("digit", "digit_after_tens") for word in words):
        return None
    digits = "".join(str(table[word][0]) for word in words)
    return Decimal("0." + digits)
