"""Write the store so that a run killed at any instant leaves the previous one whole.

The new OUT is built in a staging directory beside OUT, then the two directories are
exchanged in one atomic step (Linux renameat2 RENAME_EXCHANGE). Where the filesystem cannot
exchange, OUT is renamed aside, the staging directory renamed in, and the aside copy
removed; `recover` puts it back if a run died between those two renames.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipeline.store.layout import (
    DATABASE_NAME,
    RETIRED_MARK,
    STAGING_MARK,
    TABLES_DIR,
    database_path,
    parquet_path,
    sibling_prefix,
    siblings,
)
from pipeline.store.tables import Tables
from pipeline.store.views import create_views

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_OWN_ENTRIES = {DATABASE_NAME, TABLES_DIR}


def recover(out: Path) -> None:
    """Undo what a killed run left beside OUT. Call with the store lock held."""
    retired = siblings(out, RETIRED_MARK)
    if not out.exists() and retired:
        os.rename(retired[-1], out)
    for leftover in siblings(out, STAGING_MARK) + siblings(out, RETIRED_MARK):
        shutil.rmtree(leftover, ignore_errors=True)


def commit(out: Path, tables: Tables, files: dict[str, str] | None = None) -> None:
    """Replace the store in OUT by `tables` and the text `files` (name -> content, e.g. the
    audit page), all in one step. Call with the store lock held."""
    staging = out.parent / (sibling_prefix(out, STAGING_MARK) + f"{os.getpid()}-"
                            + secrets.token_hex(4))
    staging.mkdir()
    try:
        write_tables(staging, tables)
        for name, content in (files or {}).items():
            (staging / name).write_text(content, encoding="utf-8")
            _sync_file(staging / name)
        _carry_over(out, staging)
        _sync_directory(staging)
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after the swap it holds the old store


def write_tables(directory: Path, tables: Tables) -> None:
    """Parquet files and the DuckDB file for `tables`, flushed to disk."""
    parquet_path(directory, "_").parent.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        path = parquet_path(directory, name)
        pq.write_table(table, path)
        _sync_file(path)
    _sync_directory(parquet_path(directory, "_").parent)
    database = database_path(directory)
    connection = duckdb.connect(str(database))
    try:
        for name, table in tables.items():
            connection.register("incoming", table)
            connection.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
            connection.unregister("incoming")
        create_views(connection)
        connection.execute("CHECKPOINT")
    finally:
        connection.close()
    _sync_file(database)


def _carry_over(out: Path, staging: Path) -> None:
    """Whatever else lives in OUT (audit.html, notes) follows, as hard links: no copying."""
    if not out.is_dir():
        return
    for entry in out.iterdir():
        if entry.name in _OWN_ENTRIES or (staging / entry.name).exists():
            continue
        target = staging / entry.name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True, copy_function=os.link)
        elif entry.is_symlink():
            os.symlink(os.readlink(entry), target)
        else:
            os.link(entry, target)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
    elif not _exchange(staging, out):
        retired = out.parent / (sibling_prefix(out, RETIRED_MARK) + staging.name)
        os.rename(out, retired)
        os.rename(staging, out)
        os.rename(retired, staging)  # so the caller's cleanup removes it
    _sync_directory(out.parent)


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


def _sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_directory(path: Path) -> None:
    _sync_file(path)
