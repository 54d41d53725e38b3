"""What the extractor tests share: the real report, and timing an extractor."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

REAL_REPORT = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "bao-cao-2021.txt"


def real_report() -> str:
    """The real report's text, NFC with no-break spaces as spaces (skips when it is absent)."""
    if not REAL_REPORT.exists():
        pytest.skip(f"không có báo cáo thật tại {REAL_REPORT} (thư mục ../shared/corpus)")
    text = REAL_REPORT.read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ")


# Speed is measured by `make bench`; this bound only catches catastrophic backtracking, which
# turns the few seconds a megabyte takes into minutes or hours.
BACKTRACKING_GUARD = 60.0


def seconds_to_extract_a_megabyte_of(unit: str, extract: Callable[[str], object]) -> float:
    """Seconds `extract` takes on `unit` repeated to one megabyte (adversarial input)."""
    text = unit * (1_000_000 // len(unit.encode()))
    started = time.perf_counter()
    extract(text)
    return time.perf_counter() - started


