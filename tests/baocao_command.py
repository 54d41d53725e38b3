"""Runs the `baocao` command as a user would, and reads what it stored."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pyarrow.parquet as pq

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
SAMPLE_REPORTS = REPO_ROOT / "corpus" / "reports"
BAOCAO = [sys.executable, "-m", "pipeline.cli"]


def baocao(*arguments: str, prefix: Sequence[str] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, *BAOCAO, *arguments], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=600)


def table(out: Path, name: str) -> list[dict]:
    """A table as any Parquet reader sees it: the folder of its part files, as one table."""
    return pq.read_table(out / "tables" / name).to_pylist()
