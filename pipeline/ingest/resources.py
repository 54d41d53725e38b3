"""Loading the data files of this package (lexicons, code tables, patterns)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pipeline import data_files

DATA_DIR = Path(__file__).parent / "data"


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a data file with a header line, as dicts keyed by the header."""
    return data_files.read_tsv(DATA_DIR / name)


@cache
def read_word_list(name: str) -> frozenset[str]:
    return frozenset(line.strip() for line in data_files.data_lines(DATA_DIR / name))


@cache
def read_json(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
