"""The real report, where this clone has it beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from baocao_command import REAL_CORPUS


@pytest.fixture(scope="session")
def real_corpus() -> Path:
    if not REAL_CORPUS.is_dir():
        pytest.skip(f"the real report is kept outside the project, at {REAL_CORPUS}; "
                    "it is not in this clone")
    return REAL_CORPUS
