"""Commits: the store brought from one consistent state to the next.

A writer collects what happens between two commits (documents added as they arrive,
documents removed or moved) and `commit` makes it one step, in this order:

1. the next snapshot is built under a hidden name: the new part files (already written
   row group by row group as documents arrived), the parts that held a removed or moved
   document rewritten without it, every other part hard-linked from the current snapshot;
2. it is published under its commit id (a rename; it is not yet current);
3. the DuckDB file is brought to the same commit in one transaction (rows of removed
   documents deleted, new parts inserted, `store_state.commit_id` set);
4. `.store/current` is switched to the new snapshot (a rename of a symlink), and snapshots
   older than the previous one are deleted.

A crash before 3 leaves the previous commit everywhere (`recover` deletes the published
snapshot that DuckDB never recorded); a crash between 3 and 4 leaves DuckDB one commit
ahead of the Parquet pointer, and `recover` moves the pointer forward. Each reader sees a
whole commit: DuckDB readers the one before 3 or after it, Parquet readers the one before
4 or after it.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.store.database import (
    DatabaseChange,
    apply,
    connect,
    database_commit,
    rebuild_database,
)
from pipeline.store.layout import (
    AUDIT_NAME,
    AUDIT_SECTIONS_NAME,
    COMPARER_VERSION_NAME,
    COMPARISON_NAME,
    database_path,
)
from pipeline.store.parts import (
    PartWriter,
    concatenate,
    part_files,
    part_name,
    rewrite,
    table_folder,
    write_empty,
)
from pipeline.store.schema import SCHEMAS
from pipeline.store.snapshot import (
    CommitInfo,
    collect_garbage,
    current_info,
    current_snapshot,
    link_file,
    new_staging,
    next_commit,
    point_to,
    publish,
    snapshot_path,
    sync_file,
)
from pipeline.store.staging import delete_staged, read_document
from pipeline.store.tables import stored_documents

COMPACT_BELOW = 1000  # documents: a part with fewer is small ...
COMPACT_WHEN = 8  # ... and this many small parts are merged by `compact`
# files a commit keeps unless given anew
PASSED_ON = (AUDIT_NAME, COMPARER_VERSION_NAME, COMPARISON_NAME, AUDIT_SECTIONS_NAME)


_T = TypeVar("_T")


class StoreWriteError(OSError):
    """Writing the store failed (a full disk, an I/O error); it holds its last commit."""


def _writing(method: Callable[..., _T]) -> Callable[..., _T]:
    """A writer's method whose failures of the disk or the file system (OSError, and
    DuckDB's errors: DuckDB is loaded only by a run that writes) are a StoreWriteError
    saying so in Vietnamese."""
    @functools.wraps(method)
    def wrapper(self: StoreWriter, *args: object, **kwargs: object) -> _T:
        failures = (OSError, *_duckdb_errors())
        try:
            return method(self, *args, **kwargs)
        except StoreWriteError:  # said already, by a method this one called
            raise
        except failures as error:
            raise StoreWriteError(
                f"Không ghi được kho {self.out}: {error}. Kho vẫn giữ lần ghi trước; hãy "
                "giải phóng chỗ trống (nếu đĩa đầy) rồi chạy lại: các tệp đã ghi không phải "
                "đọc lại") from error
    return wrapper


def _duckdb_errors() -> tuple[type[Exception], ...]:
    if "duckdb" not in sys.modules:
        return ()
    # imported, not taken from sys.modules: another thread (the run's imports ahead of the
    # commit) may still be importing it, and `import` waits for that to finish
    import duckdb

    return (duckdb.Error,)


class StoreWriter:
    """The one writer of OUT (hold the store lock, and call `recover` first)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.info = current_info(out)
        self.part_of = {d.doc_id: d.part for d in stored_documents(out) if d.part}
        self._reset()

    def _reset(self) -> None:
        self._removed: set[str] = set()
        self._moved: dict[str, str] = {}
        self._added: set[str] = set()
        self._written: list[str] = []  # folders of workers' rows, copied into this commit
        self._staging: Path | None = None
        self._parts: PartWriter | None = None
        self._commit = next_commit(self.info.commit if self.info else None)

    @property
    def pending(self) -> int:
        """Documents added since the last commit."""
        return len(self._added)

    @property
    def changed(self) -> bool:
        return bool(self._added or self._removed or self._moved)

    @_writing
    def add(self, rows: dict[str, list[dict]], replaces: str | None = None) -> None:
        """One document's rows; `replaces`: the doc_id of the rows it supersedes."""
        doc_id = rows["documents"][0]["doc_id"]
        if "findings" in rows:
            raise ValueError("findings are the comparer's: pass them to commit()")
        self._before_add(doc_id, replaces)
        self._part_writer().add(rows)
        self._added.add(doc_id)

    def _before_add(self, doc_id: str, replaces: str | None) -> None:
        if doc_id in self._added:
            raise ValueError(f"document {doc_id} added twice in one commit")
        for old in (replaces, doc_id):
            if old is not None and old in self.part_of:
                self._removed.add(old)

    def _part_writer(self) -> PartWriter:
        if self._parts is None:
            self._parts = PartWriter(self._staging_dir(), part_name(self._commit, "0"))
        return self._parts

    @_writing
    def add_written(self, folder: str, doc_id: str, replaces: str | None = None) -> None:
        """One document whose rows a worker wrote into `folder` (`staging.write_document`:
        a path or an fsspec URL); they are copied into this commit's part."""
        self._before_add(doc_id, replaces)
        self._part_writer().add_tables(read_document(folder))
        self._added.add(doc_id)
        self._written.append(folder)

    def remove(self, doc_ids: set[str]) -> None:
        self._removed |= {d for d in doc_ids if d in self.part_of}

    def move(self, moved: dict[str, str]) -> None:
        self._moved |= {d: path for d, path in moved.items() if d in self.part_of}

    @_writing
    def commit(self, findings: pa.Table | None = None, files: dict[str, str] | None = None,
               comparer_version: str | None = None) -> CommitInfo:
        """Make everything since the last commit one commit. `findings`: the comparer's
        table for this commit's documents (with `files`, the audit page and the comparer
        version), or None to keep the previous findings, less those citing removed
        documents."""
        staging = self._staging_dir()
        try:
            new_parts = self._parts.close() if self._parts else {}
            renamed = self._carry_parts(staging)
            findings_parts = self._findings(staging, findings)
            for name, content in (files or {}).items():
                (staging / name).write_text(content, encoding="utf-8")
                sync_file(staging / name)
            self._pass_on_files(staging, files or {})
            for table in SCHEMAS:
                if not part_files(staging, table):
                    write_empty(staging, table, part_name(self._commit, "empty"))
            info = self._next_info(findings is not None, comparer_version)
            snapshot = publish(staging, info)
        except BaseException:
            if self._parts:
                self._parts.abort()
            raise

        def published_path(path: Path) -> Path:
            return snapshot / path.relative_to(staging)

        new_parts = {table: published_path(path) for table, path in new_parts.items()}
        change = DatabaseChange.of(
            info, removed=set(self._removed), moved=dict(self._moved),
            parts={t: [p] for t, p in new_parts.items()},
            findings=[published_path(p) for p in findings_parts] if findings_parts else None)
        self._update_database(change)
        point_to(self.out, info.commit)
        collect_garbage(self.out)
        self._remember(renamed, new_parts)
        for folder in self._written:
            delete_staged(folder)
        self.info = info
        self._reset()
        return info

    @_writing
    def compact(self) -> CommitInfo | None:
        """Merge small parts (a separate commit, rows unchanged) when there are many."""
        snapshot = current_snapshot(self.out)
        if snapshot is None or self.changed:
            return None
        sizes = {p.name: pq.read_metadata(p).num_rows for p in part_files(snapshot, "documents")}
        small = sorted(name for name, rows in sizes.items() if rows < COMPACT_BELOW)
        if len(small) < COMPACT_WHEN:
            return None
        groups, group, count = [], [], 0
        for name in small:
            group.append(name)
            count += sizes[name]
            if count >= COMPACT_BELOW:
                groups.append(group)
                group, count = [], 0
        if group:
            groups.append(group)
        staging = self._staging_dir()
        merged_into = {name: part_name(self._commit, f"c{index}")
                       for index, names in enumerate(groups) for name in names}
        for table in SCHEMAS:
            sources: dict[str, list[Path]] = {}
            for part in part_files(snapshot, table):
                target = merged_into.get(part.name)
                if target is None:
                    link_file(part, table_folder(staging, table) / part.name)
                else:
                    sources.setdefault(target, []).append(part)
            for target, parts in sources.items():
                concatenate(parts, table_folder(staging, table) / target, table)
        self._pass_on_files(staging, {})
        for doc_id, part in self.part_of.items():
            if part in merged_into:
                self.part_of[doc_id] = merged_into[part]
        info = self._next_info(False, None)
        publish(staging, info)
        self._update_database(DatabaseChange.of(info))
        point_to(self.out, info.commit)
        collect_garbage(self.out)
        self.info = info
        self._reset()
        return info

    def abort(self) -> None:
        """Leave the store as it was: what was written since the last commit is dropped."""
        if self._parts:
            self._parts.abort()
        self._reset()
        collect_garbage(self.out)

    # --- the steps of a commit ---------------------------------------------------------

    def _staging_dir(self) -> Path:
        if self._staging is None:
            self._staging = new_staging(self.out, self._commit)
        return self._staging

    def _carry_parts(self, staging: Path) -> dict[str, tuple[str, list[str]]]:
        """Parts of the current snapshot into the new one: linked, or rewritten without the
        removed documents. Returns old part -> (new part, doc_ids it kept)."""
        snapshot = current_snapshot(self.out)
        if snapshot is None:
            return {}
        touched = {self.part_of[d] for d in self._removed | set(self._moved)}
        renamed = {old: part_name(self._commit, f"r{index}")
                   for index, old in enumerate(sorted(touched))}
        kept: dict[str, tuple[str, list[str]]] = {}
        for table in SCHEMAS:
            if table == "findings":
                continue
            for part in part_files(snapshot, table):
                target_name = renamed.get(part.name)
                if target_name is None:
                    link_file(part, table_folder(staging, table) / part.name)
                    continue
                doc_ids = rewrite(part, table_folder(staging, table) / target_name, table,
                                  self._removed, self._moved)
                if table == "documents":
                    kept[part.name] = (target_name, doc_ids)
        return kept

    def _findings(self, staging: Path, findings: pa.Table | None) -> list[Path] | None:
        """The findings' part: the new table, or the current one less what cites removed
        documents. Returns the new table's files (for DuckDB), None when carried over."""
        target = table_folder(staging, "findings") / part_name(self._commit, "0")
        if findings is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(findings, target)
            sync_file(target)
            return [target]
        snapshot = current_snapshot(self.out)
        for index, part in enumerate(part_files(snapshot, "findings") if snapshot else []):
            if self._removed:
                rewrite(part, target.with_name(part_name(self._commit, f"r{index}")),
                        "findings", self._removed, {})
            else:
                link_file(part, table_folder(staging, "findings") / part.name)
        return None

    def _pass_on_files(self, staging: Path, given: dict[str, str]) -> None:
        snapshot = current_snapshot(self.out)
        for name in PASSED_ON:
            if name not in given and snapshot is not None and (snapshot / name).exists():
                link_file(snapshot / name, staging / name)

    def _next_info(self, new_findings: bool, comparer_version: str | None) -> CommitInfo:
        previous = self.info
        tables_changed = self.changed or previous is None
        data_commit = self._commit if tables_changed else previous.data_commit
        if new_findings:
            return CommitInfo(self._commit, data_commit, data_commit, comparer_version)
        return CommitInfo(self._commit, data_commit,
                          previous.findings_of if previous else None,
                          previous.comparer_version if previous else None)

    def _update_database(self, change: DatabaseChange) -> None:
        previous = self.info.commit if self.info else None
        existed = database_path(self.out).exists()
        if existed and previous is not None:
            with connect(self.out) as connection:
                if database_commit(connection) == previous:
                    apply(connection, change)
                    return
        snapshot = snapshot_path(self.out, change.commit)
        rebuild_database(self.out, {t: part_files(snapshot, t) for t in SCHEMAS}, change)

    def _remember(self, renamed: dict[str, tuple[str, list[str]]],
                  new_parts: dict[str, Path]) -> None:
        for doc_id in self._removed:
            self.part_of.pop(doc_id, None)
        for new_name, doc_ids in renamed.values():
            for doc_id in doc_ids:
                self.part_of[doc_id] = new_name
        if "documents" in new_parts:
            for doc_id in self._added:
                self.part_of[doc_id] = new_parts["documents"].name
