"""Where things live in and next to OUT.

```
OUT/baocao.duckdb                  every table, updated in place one transaction a commit
OUT/tables -> .store/current/tables                  (symlink)
OUT/audit.html -> .store/current/audit.html          (symlink)
OUT/comparer_version.txt -> .store/current/comparer_version.txt
OUT/.store/current -> snapshots/<commit>             the pointer, switched by one rename
OUT/.store/snapshots/<commit>/tables/<table>/part-*.parquet   (hard links, never changed)
OUT/.store/snapshots/<commit>/COMMIT                 the snapshot's commit id
OUT/.store/snapshots/<commit>/comparison.json        what the last comparison checked
OUT/.store/snapshots/.tmp-*                          a snapshot being built
OUT/.store/incoming/*/<table>.parquet                a document a cluster's worker wrote
OUT/.store/database_stamp.json                       the commit the DuckDB file holds
OUT/.store/file_hashes.json                          the input files' hashes, by their status
OUT/.store/tool-cache/<tool>/<xx>/<key>             what OCR or LibreOffice made of a file
```

The lock file sits beside OUT. A store written before the part files existed has
`OUT/tables/<table>.parquet` files in a real `tables` directory (see migrate.py).
"""

from __future__ import annotations

from pathlib import Path

DATABASE_NAME = "baocao.duckdb"
AUDIT_NAME = "audit.html"
COMPARER_VERSION_NAME = "comparer_version.txt"  # the comparer that made `findings`
COMPARISON_NAME = "comparison.json"  # what that comparison checked (pipeline.comparer)
AUDIT_SECTIONS_NAME = "audit_sections.json"  # the page's sections, for the next page to reuse
TABLES_DIR = "tables"
STORE_DIR = ".store"
SNAPSHOTS_DIR = "snapshots"
CURRENT_NAME = "current"
COMMIT_NAME = "COMMIT"
STAGING_MARK = ".tmp-"
# what OUT shows of the current snapshot, each as a symlink through `.store/current`
POINTED = (TABLES_DIR, AUDIT_NAME, COMPARER_VERSION_NAME)


def database_path(out: Path) -> Path:
    return out / DATABASE_NAME


def table_path(out: Path, table: str) -> Path:
    """The folder of a table's part files (any Parquet reader reads it as one table)."""
    return out / TABLES_DIR / table


def legacy_parquet_path(out: Path, table: str) -> Path:
    """Where a store written before part files kept a table: one file."""
    return out / TABLES_DIR / f"{table}.parquet"


def store_dir(out: Path) -> Path:
    return out / STORE_DIR


def snapshots_dir(out: Path) -> Path:
    return out / STORE_DIR / SNAPSHOTS_DIR


def current_path(out: Path) -> Path:
    return out / STORE_DIR / CURRENT_NAME


def incoming_dir(out: Path) -> Path:
    """Where the workers of a cluster write the rows of the documents they read."""
    return out / STORE_DIR / "incoming"


def database_stamp_path(out: Path) -> Path:
    """The commit the DuckDB file holds and the file's state when its writer closed it."""
    return out / STORE_DIR / "database_stamp.json"


def file_hashes_path(out: Path) -> Path:
    """The SHA-256 of the files runs were given, with each file's status (pipeline.batch)."""
    return out / STORE_DIR / "file_hashes.json"


def tool_cache_dir(out: Path) -> Path:
    """Where the workers of a run keep what OCR and LibreOffice made of the files they read
    (pipeline/ingest/tool_cache.py)."""
    return out / STORE_DIR / "tool-cache"


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def audit_path(out: Path) -> Path:
    return out / AUDIT_NAME


def comparer_version_path(out: Path) -> Path:
    return out / COMPARER_VERSION_NAME


def audit_sections_path(out: Path) -> Path:
    """The audit page's sections by key (pipeline.report), kept for the next page."""
    return current_path(out) / AUDIT_SECTIONS_NAME


def comparison_path(out: Path) -> Path:
    """What the comparison that made the current findings checked (not shown in OUT)."""
    return current_path(out) / COMPARISON_NAME
