"""The structure stage's Vietnamese word lists, read from the tsv files in `data/`."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pipeline.data_files import read_tsv

DATA_DIR = Path(__file__).parent / "data"


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `data/<name>.tsv` as dicts keyed by the header."""
    return tuple(read_tsv(DATA_DIR / f"{name}.tsv"))


def column(name: str, key: str) -> tuple[str, ...]:
    """One column of a data table, in file order."""
    return tuple(row[key] for row in read_table(name))


def alternation(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first so that 'Chi cục' wins over 'Cục'."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
