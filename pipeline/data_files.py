"""Reading the tab-separated data files (lexicons, code tables, example tables) beside the code.

All of them share one format: UTF-8, one row a line, fields split at tabs, no quoting; blank
lines and lines starting with '#' are comments.
"""

from __future__ import annotations

import csv
from pathlib import Path


def data_lines(path: Path) -> list[str]:
    """The lines of a data file that are neither blank nor '#' comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def read_rows(path: Path) -> list[tuple[str, ...]]:
    """The fields of each line, trimmed; a header line, if the file has one, is the first row."""
    return [tuple(field.strip() for field in line.split("\t")) for line in data_lines(path)]


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows after the header line, as dicts keyed by the header."""
    return list(csv.DictReader(data_lines(path), delimiter="\t", quoting=csv.QUOTE_NONE))
