"""The structure stage's Vietnamese word lists, read from the tsv files in `data/`."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `data/<name>.tsv` as dicts keyed by the header; '#' lines are comments."""
    with open(DATA_DIR / f"{name}.tsv", encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t"))


def column(name: str, key: str) -> tuple[str, ...]:
    """One column of a data table, in file order."""
    return tuple(row[key] for row in read_table(name))


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so that 'Chi cục' wins over 'Cục'."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
