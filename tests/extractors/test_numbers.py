"""extractors.numbers: digits in both conventions and Vietnamese number words."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.examples import load_examples
from extractors.numbers import (
    Convention,
    NumberFormatError,
    lone_word_rules,
    number_shape,
    number_word_table,
    parse_number,
    parse_number_words,
)

EXAMPLES = load_examples("numbers")


def _parse(how: str, raw: str) -> Decimal | None:
    if how == "words":
        return parse_number_words(raw.split())
    return parse_number(raw, integral=how == "digits_integral",
                        neighbour_convention=Convention.ENGLISH if how == "digits_english"
                        else None)


@pytest.mark.parametrize("row", EXAMPLES, ids=lambda row: f"{row['how']}:{row['raw']}")
def test_example_table(row: dict[str, str]) -> None:
    if row["expected"] == "error":
        with pytest.raises(NumberFormatError):
            _parse(row["how"], row["raw"])
    elif row["expected"] == "none":
        assert _parse(row["how"], row["raw"]) is None
    else:
        assert _parse(row["how"], row["raw"]) == Decimal(row["expected"])


def test_shape_tells_convention_only_when_it_can() -> None:
    assert number_shape("401,952.03").convention is Convention.ENGLISH
    assert number_shape("1.234,5").convention is Convention.VIETNAMESE
    ambiguous = number_shape("69,991")
    assert ambiguous.convention is None and ambiguous.ambiguous_separator == ","


def test_integral_unit_overrides_neighbours() -> None:
    # a count is never fractional, whatever convention the paragraph uses
    assert parse_number("1.225", integral=True, neighbour_convention=Convention.ENGLISH) == 1225


def test_number_words_ignore_case() -> None:
    assert parse_number_words(["Mười", "Lăm"]) == 15


def test_every_number_word_says_when_it_stands_alone() -> None:
    rules = lone_word_rules()
    assert set(rules) == set(number_word_table())
    assert set(rules.values()) <= {"noun", "unit", "sibling", "never"}
    # the ambiguous ones: the article, the year, the negation; small digits count nouns
    assert (rules["một"], rules["năm"], rules["không"]) == ("sibling", "unit", "never")
    assert {rules[word] for word in ("hai", "ba", "bốn", "mười")} == {"noun"}
