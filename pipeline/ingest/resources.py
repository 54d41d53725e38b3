"""Loading the data files of this package (lexicons, code tables, patterns)."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _data_lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated data file with a header line; '#' lines are comments."""
    return list(csv.DictReader(_data_lines(name), delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def read_word_list(name: str) -> frozenset[str]:
    return frozenset(line.strip() for line in _data_lines(name))


@cache
def read_json(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
