"""The real report, read from ../shared/corpus (never copied into the project)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

REAL_REPORT = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "bao-cao-2021.txt"


def real_report_text() -> str:
    if not REAL_REPORT.exists():
        pytest.skip(f"real report not available at {REAL_REPORT}")
    return unicodedata.normalize("NFC", REAL_REPORT.read_text(encoding="utf-8"))
