"""A store written before part files existed (`OUT/tables/<table>.parquet`, one file a
table), moved into the current layout on the next run, with a message saying so.

The old files become the first snapshot (copied a row group at a time, columns added since
filled with nulls), the DuckDB file is rebuilt from it in one transaction, then the real
`tables` folder is exchanged with the symlink in one rename. A run killed half-way leaves the
old layout, which the next run migrates again.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
from pathlib import Path

from pipeline.store.database import DatabaseChange, rebuild_database
from pipeline.store.layout import (
    AUDIT_NAME,
    COMMIT_NAME,
    COMPARER_VERSION_NAME,
    CURRENT_NAME,
    SNAPSHOTS_DIR,
    STORE_DIR,
    TABLES_DIR,
    comparer_version_path,
    legacy_parquet_path,
    snapshots_dir,
    store_dir,
)
from pipeline.store.parts import concatenate, part_files, part_name, table_folder, write_empty
from pipeline.store.schema import SCHEMAS
from pipeline.store.snapshot import (
    CommitInfo,
    link_file,
    new_staging,
    next_commit,
    point_to,
    publish,
    read_info,
    sync_file,
)

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
OLD_STAGING_MARK, OLD_RETIRED_MARK = ".tmp-", ".old-"  # the former staging copies of OUT
LEFTOVER_MARK = ".tables-former-"


def is_legacy(out: Path) -> bool:
    tables = out / TABLES_DIR
    return (tables.is_dir() and not tables.is_symlink()
            and legacy_parquet_path(out, "documents").is_file())


def repair_copy(out: Path) -> None:
    """A store copied with its symlinks followed (`cp -rL`, `shutil.copytree`) has real
    folders where the pointers were: make them pointers to the copied snapshot again."""
    current = store_dir(out) / CURRENT_NAME
    if not current.is_dir() or current.is_symlink() or not (current / COMMIT_NAME).is_file():
        return
    commit = read_info(current).commit
    snapshot = snapshots_dir(out) / commit
    if snapshot.is_dir():
        shutil.rmtree(current)
    else:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        os.rename(current, snapshot)
    os.symlink(f"{SNAPSHOTS_DIR}/{commit}", current)
    tables = out / TABLES_DIR
    if tables.is_dir() and not tables.is_symlink():
        _exchange_tables_folder(out, commit)
    point_to(out, commit)


def migrate(out: Path) -> str | None:
    """Move a store of the former layout into the current one. Returns the message to show
    (Vietnamese), None when OUT has no such store. Call with the store lock held."""
    _recover_former_siblings(out)
    repair_copy(out)
    if not is_legacy(out):
        return None
    commit = next_commit(None)
    staging = new_staging(out, commit)
    for table in SCHEMAS:
        source = legacy_parquet_path(out, table)
        name = part_name(commit, "0")
        if source.exists():
            concatenate([source], table_folder(staging, table) / name, table)
        else:
            write_empty(staging, table, name)
    for name in (AUDIT_NAME, COMPARER_VERSION_NAME):
        if (out / name).is_file():
            link_file(out / name, staging / name)
    version_file = comparer_version_path(out)
    version = version_file.read_text(encoding="utf-8") if version_file.is_file() else None
    has_findings = legacy_parquet_path(out, "findings").exists()
    info = CommitInfo(commit, commit, commit if has_findings else None, version)
    snapshot = publish(staging, info)
    rebuild_database(out, {t: part_files(snapshot, t) for t in SCHEMAS}, DatabaseChange.of(info))
    _exchange_tables_folder(out, commit)
    point_to(out, commit)
    return (f"Kho {out} ở định dạng cũ (mỗi bảng một tệp tables/<bảng>.parquet) đã được "
            f"chuyển sang định dạng mới: mỗi bảng là thư mục tables/<bảng>/ gồm các tệp "
            f"part-*.parquet (pandas, Polars, Spark và DuckDB đọc thư mục như một bảng). "
            f"Dữ liệu giữ nguyên.")


def remove_leftovers(out: Path) -> None:
    """The former `tables` folder, if a migration died before deleting it."""
    if out.is_dir():
        for entry in out.iterdir():
            if entry.name.startswith(LEFTOVER_MARK):
                shutil.rmtree(entry, ignore_errors=True)


def _exchange_tables_folder(out: Path, commit: str) -> None:
    """OUT/tables, a real folder, becomes the symlink in one step where the system can."""
    current = store_dir(out) / CURRENT_NAME
    if not current.is_symlink():
        os.symlink(f"{SNAPSHOTS_DIR}/{commit}", current)
    link = out / f"{LEFTOVER_MARK}{secrets.token_hex(4)}"
    os.symlink(f"{STORE_DIR}/{CURRENT_NAME}/{TABLES_DIR}", link)
    tables = out / TABLES_DIR
    if not _exchange(link, tables):
        aside = out / f"{LEFTOVER_MARK}{secrets.token_hex(4)}"
        os.rename(tables, aside)
        os.rename(link, tables)
        link = aside
    sync_file(out)
    shutil.rmtree(link, ignore_errors=True)  # now the former folder


def _recover_former_siblings(out: Path) -> None:
    """What a run of the former code, killed, left beside OUT: its staging copy (removed),
    or OUT renamed aside (put back)."""
    if not out.parent.is_dir():
        return
    prefix = f".{out.name}"
    retired = sorted(p for p in out.parent.iterdir()
                     if p.name.startswith(prefix + OLD_RETIRED_MARK))
    if not out.exists() and retired:
        os.rename(retired[-1], out)
    for leftover in out.parent.iterdir():
        if leftover.name.startswith((prefix + OLD_STAGING_MARK, prefix + OLD_RETIRED_MARK)):
            shutil.rmtree(leftover, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths; False where the system cannot (then nothing was changed)."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))

