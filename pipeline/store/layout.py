"""Where things live in and next to OUT.

The lock file and the staging directories sit beside OUT (same filesystem, so renames are
atomic) rather than inside it, because OUT itself is swapped as a whole at each commit.
"""

from __future__ import annotations

from pathlib import Path

DATABASE_NAME = "baocao.duckdb"
AUDIT_NAME = "audit.html"
COMPARER_VERSION_NAME = "comparer_version.txt"  # the comparer that made `findings`
TABLES_DIR = "tables"
STAGING_MARK = ".tmp-"
RETIRED_MARK = ".old-"


def database_path(out: Path) -> Path:
    return out / DATABASE_NAME


def parquet_path(out: Path, table: str) -> Path:
    return out / TABLES_DIR / f"{table}.parquet"


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def sibling_prefix(out: Path, mark: str) -> str:
    """Name prefix of the staging (mark STAGING_MARK) or retired (RETIRED_MARK) copies of OUT."""
    return f".{out.name}{mark}"


def siblings(out: Path, mark: str) -> list[Path]:
    prefix = sibling_prefix(out, mark)
    if not out.parent.is_dir():
        return []
    return sorted(p for p in out.parent.iterdir() if p.name.startswith(prefix))


def audit_path(out: Path) -> Path:
    return out / AUDIT_NAME


def comparer_version_path(out: Path) -> Path:
    return out / COMPARER_VERSION_NAME
