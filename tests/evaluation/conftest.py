from pathlib import Path

import pytest

from evaluation.documents import REAL_CORPUS, REAL_GOLD
from evaluation.text import normalize_text

REAL_TXT = REAL_CORPUS / "bao-cao-2021.txt"
REAL_GOLD_FILE = REAL_GOLD / "bao-cao-2021.jsonl"


@pytest.fixture(scope="session")
def real_text() -> str:
    if not REAL_TXT.exists():
        pytest.skip(f"Không có báo cáo thật {REAL_TXT} (../shared/corpus)")
    return normalize_text(REAL_TXT.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def real_gold_path() -> Path:
    return REAL_GOLD_FILE
