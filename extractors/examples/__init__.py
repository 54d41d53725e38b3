"""Example tables that sit beside the extractor rules: what must parse, and to what."""

from __future__ import annotations

from pathlib import Path

from pipeline.data_files import read_tsv

EXAMPLES = Path(__file__).parent


def load_examples(name: str) -> list[dict[str, str]]:
    """Rows of `<name>.tsv` as dicts keyed by its header."""
    return read_tsv(EXAMPLES / f"{name}.tsv")
