"""The DuckDB file, brought from one commit to the next in one transaction.

Rows of removed documents are deleted and the new part files inserted (DuckDB reads them
from disk, so nothing is held in Python), and the `store_state` row records the commit, so
that after a crash `recover` knows which snapshot of the Parquet tables the file matches.
The file is opened only for the time of a commit: `baocao query` waits for it (see
`connect`), and reads the previous commit or the next, never a mixture.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from pipeline.store.layout import database_path, database_stamp_path, store_dir
from pipeline.store.schema import SCHEMAS, empty_table
from pipeline.store.snapshot import CommitInfo
from pipeline.store.views import create_views

if TYPE_CHECKING:
    import duckdb

STATE_TABLE = "store_state"
BUILDING_MARK = ".new-database-"  # a DuckDB file being built, in OUT/.store
MEMORY_LIMIT = "256MB"
BUSY_WAIT = 120.0  # seconds a writer waits for readers to close the file
DOCUMENT_TABLES = tuple(name for name in SCHEMAS if name != "findings")


class DatabaseBusyError(Exception):
    """Another program keeps the DuckDB file open."""


@dataclass
class DatabaseChange:
    commit: str
    data_commit: str
    findings_of: str | None
    comparer_version: str | None
    removed: set[str] = field(default_factory=set)  # doc_ids whose rows go
    moved: dict[str, str] = field(default_factory=dict)  # doc_id -> new path
    parts: dict[str, list[Path]] = field(default_factory=dict)  # table -> new part files
    findings: list[Path] | None = None  # the new findings table, when recomputed

    @classmethod
    def of(cls, info: CommitInfo, **changes: object) -> DatabaseChange:
        return cls(info.commit, info.data_commit, info.findings_of, info.comparer_version,
                   **changes)  # type: ignore[arg-type]


@contextmanager
def connect(out: Path, read_only: bool = False, wait: float = BUSY_WAIT,
            file: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to OUT's DuckDB file (or to `file`, one being built for OUT), waiting
    while another process holds its lock. DuckDB is imported here, not with the store: a
    run with nothing to do needs none."""
    import duckdb

    stamped = file is None and not read_only
    if stamped:  # the file may change from here on: its stamp no longer holds
        database_stamp_path(out).unlink(missing_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            connection = duckdb.connect(str(file or database_path(out)), read_only=read_only)
            break
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() > deadline:
                raise DatabaseBusyError(
                    f"Tệp {database_path(out)} đang được chương trình khác mở; hãy đóng "
                    f"kết nối đó rồi chạy lại ({error})") from error
            time.sleep(0.2)
    recorded = None
    try:
        connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        if store_dir(out).is_dir() and os.access(store_dir(out), os.W_OK):
            # what does not fit the memory limit (a sort of a large store) goes to disk
            connection.execute(f"SET temp_directory = '{store_dir(out) / 'duckdb-tmp'}'")
        yield connection
        recorded = database_commit(connection) if stamped else None
    finally:
        connection.close()
    if recorded is not None:
        _stamp(out, recorded)


def rebuild_database(out: Path, tables: dict[str, list[Path]], change: DatabaseChange) -> None:
    """OUT's DuckDB file holding `tables` (table -> part files) as `change.commit`. An
    existing file is rebuilt in one transaction; a new one is built under another name and
    renamed into place once whole, so that a reader, or a run killed meanwhile, never finds
    a file without its tables."""
    if database_path(out).exists():
        with connect(out) as connection:
            rebuild(connection, tables, change)
        return
    building = store_dir(out) / f"{BUILDING_MARK}{secrets.token_hex(4)}"
    try:
        with connect(out, file=building) as connection:
            rebuild(connection, tables, change)
        os.replace(building, database_path(out))
    finally:
        building.unlink(missing_ok=True)
    _stamp(out, change.commit)


def remove_unfinished(out: Path) -> None:
    """DuckDB files a killed run was building."""
    if store_dir(out).is_dir():
        for leftover in store_dir(out).glob(f"{BUILDING_MARK}*"):
            leftover.unlink(missing_ok=True)


def recorded_commit(out: Path) -> str | None:
    """The commit OUT's DuckDB file holds (None without a file or a recorded commit): from
    the stamp its last writer left while the file is as that writer closed it (no DuckDB
    to import or open), else read from the file."""
    if not database_path(out).exists():
        return None
    stamped = _stamped_commit(out)
    if stamped is not None:
        return stamped
    with connect(out, read_only=True) as connection:
        return database_commit(connection)


def _file_state(path: Path) -> list[int]:
    status = path.stat()  # ctime too: restoring a copy with its old mtime changes it
    return [status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def _stamp(out: Path, commit: str) -> None:
    if not store_dir(out).is_dir():
        return
    stamp = database_stamp_path(out)
    written = stamp.with_name(f".{stamp.name}-{os.getpid()}")
    written.write_text(json.dumps({"commit": commit,
                                   "file": _file_state(database_path(out))}), encoding="utf-8")
    os.replace(written, stamp)


def _stamped_commit(out: Path) -> str | None:
    """The stamp's commit, if the file is unchanged since: same inode, size and times of
    last change, and no write-ahead log (a transaction the file does not hold yet)."""
    database = database_path(out)
    try:
        stamp = json.loads(database_stamp_path(out).read_text(encoding="utf-8"))
        if Path(f"{database}.wal").exists() or stamp["file"] != _file_state(database):
            return None
        return stamp["commit"] if isinstance(stamp["commit"], str) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def database_commit(connection: duckdb.DuckDBPyConnection) -> str | None:
    if not _has_table(connection, STATE_TABLE):
        return None
    rows = connection.execute(f"SELECT commit_id FROM {STATE_TABLE}").fetchall()
    return rows[0][0] if rows else None


def apply(connection: duckdb.DuckDBPyConnection, change: DatabaseChange) -> None:
    """Bring the file to `change.commit`: all of it, or (on any error) none of it."""
    with _transaction(connection):
        _ensure_tables(connection)
        if change.removed:
            connection.register("removed_ids", pa.table({"doc_id": sorted(change.removed)}))
            for name in DOCUMENT_TABLES:
                connection.execute(f"DELETE FROM {name} WHERE doc_id IN "
                                   "(SELECT doc_id FROM removed_ids)")
            if change.findings is None:
                connection.execute("DELETE FROM findings WHERE doc_id IN (SELECT doc_id FROM "
                                   "removed_ids) OR other_doc_id IN (SELECT doc_id FROM "
                                   "removed_ids)")
            connection.unregister("removed_ids")
        if change.moved:
            connection.register("moved_paths", pa.table({
                "doc_id": list(change.moved), "path": list(change.moved.values())}))
            connection.execute("UPDATE documents SET path = moved_paths.path FROM moved_paths "
                               "WHERE documents.doc_id = moved_paths.doc_id")
            connection.unregister("moved_paths")
        for name, files in change.parts.items():
            _insert_files(connection, name, files)
        if change.findings is not None:
            connection.execute("DELETE FROM findings")
            _insert_files(connection, "findings", change.findings)
        connection.execute(f"DELETE FROM {STATE_TABLE}")
        _record(connection, change)


def rebuild(connection: duckdb.DuckDBPyConnection, tables: dict[str, list[Path]],
            change: DatabaseChange) -> None:
    """Every table anew from part files (a new store, or a file to bring back)."""
    with _transaction(connection):
        for name in [*SCHEMAS, STATE_TABLE]:
            connection.execute(f"DROP TABLE IF EXISTS {name}")
        _ensure_tables(connection)
        for name, files in tables.items():
            _insert_files(connection, name, files)
        _record(connection, change)


@contextmanager
def _transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One commit's transaction: the views made anew at its end, all of it or none of it
    written, then checkpointed so that the file alone holds the commit."""
    connection.execute("BEGIN TRANSACTION")
    try:
        yield
        after_write(connection)
        connection.execute("COMMIT")
    except BaseException:
        import duckdb

        try:
            connection.execute("ROLLBACK")
        except duckdb.TransactionException:  # a COMMIT that failed has ended it already
            pass
        raise
    connection.execute("CHECKPOINT")


def after_write(connection: duckdb.DuckDBPyConnection) -> None:
    """Runs in the commit's transaction once its tables are written: what is derived from
    them in DuckDB (the views)."""
    create_views(connection)


def _insert_files(connection: duckdb.DuckDBPyConnection, name: str, files: list[Path]) -> None:
    # by name: part files written before a column was added lack it (null in the table)
    if files:
        connection.execute(f"INSERT INTO {name} BY NAME SELECT * FROM "
                           "read_parquet(?, union_by_name = true)", [[str(f) for f in files]])


def _ensure_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Every table of the schema, with every column: a column added since the file was
    written is added, null in the rows already there."""
    for name in SCHEMAS:
        connection.register("empty_rows", empty_table(name))
        if not _has_table(connection, name):
            connection.execute(f"CREATE TABLE {name} AS SELECT * FROM empty_rows")
        else:
            present = {row[0] for row in connection.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND table_schema = 'main'", [name]).fetchall()}
            for column, type_name in connection.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_name = 'empty_rows'").fetchall():
                if column not in present:
                    connection.execute(f'ALTER TABLE {name} ADD COLUMN "{column}" {type_name}')
        connection.unregister("empty_rows")
    connection.execute(f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (commit_id VARCHAR, "
                       "data_commit VARCHAR, findings_of VARCHAR, comparer_version VARCHAR, "
                       "committed_at TIMESTAMP)")


def _record(connection: duckdb.DuckDBPyConnection, change: DatabaseChange) -> None:
    connection.execute(f"INSERT INTO {STATE_TABLE} VALUES (?, ?, ?, ?, now())",
                       [change.commit, change.data_commit, change.findings_of,
                        change.comparer_version])


def _has_table(connection: duckdb.DuckDBPyConnection, name: str) -> bool:
    return connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
        "AND table_schema = 'main'", [name]).fetchall()[0][0] > 0
