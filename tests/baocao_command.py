"""Runs the `baocao` command as a user would, and reads what it stored."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.store import read_tables

REPO_ROOT = Path(__file__).resolve().parents[1]
REAL_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
SAMPLE_REPORTS = REPO_ROOT / "corpus" / "reports"
BAOCAO = [sys.executable, "-m", "pipeline.cli"]


def baocao_processing_with(process: str, folder: Path) -> list[str]:
    """The `baocao` command (to append arguments to) whose per-document function is
    `process` of tests/store/plain_text_processing.py (slowed down, misbehaving, tiny), as a
    script written in `folder`: spawned workers import the function by name."""
    script = folder / f"baocao_{process}.py"
    script.write_text(f"""
import sys
sys.path[:0] = [{str(REPO_ROOT)!r}, {str(REPO_ROOT / "tests" / "store")!r}]
from plain_text_processing import {process}
from pipeline.cli import main
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], process={process}))
""", encoding="utf-8")
    return [sys.executable, str(script)]


def baocao(*arguments: str, prefix: Sequence[str] = ()) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, *BAOCAO, *arguments], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=600)


def table(out: Path, name: str) -> list[dict]:
    """A table read from its folder of Parquet part files, rows in the store's order (by
    document path): a commit appends, so the order of the parts is the order of commits."""
    return read_tables(out)[name].to_pylist()
