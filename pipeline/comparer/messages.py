"""Findings' messages in plain Vietnamese, from the templates in data/messages.tsv."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.data_files import read_tsv

MESSAGES_FILE = Path(__file__).with_name("data") / "messages.tsv"


@cache
def _templates() -> dict[str, str]:
    return {row["message"]: row["template"] for row in read_tsv(MESSAGES_FILE)}


def message(name: str, **fields: object) -> str:
    return _templates()[name].format(**fields)


def unit_suffix(unit: str | None) -> str:
    """" lao động" after a count; nothing for '%' (the templates write it) or no unit."""
    return f" {unit}" if unit and unit != "%" else ""
