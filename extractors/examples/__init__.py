"""Example tables that sit beside the extractor rules: what must parse, and to what."""

from __future__ import annotations

import csv
from pathlib import Path

EXAMPLES = Path(__file__).parent


def load_examples(name: str) -> list[dict[str, str]]:
    """Rows of `<name>.tsv` as dicts; lines starting with '#' are comments."""
    with open(EXAMPLES / f"{name}.tsv", encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t"))
