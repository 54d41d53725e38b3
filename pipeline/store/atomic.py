"""Keep the store whole: bring it back to its last commit after a crash, and write a whole
store from in-memory tables (tests, tools) through the same commit as a run.

See writer.py for the order of a commit's steps and why any crash leaves a commit whole.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.store.database import (
    DatabaseChange,
    rebuild_database,
    recorded_commit,
    remove_unfinished,
)
from pipeline.store.layout import COMPARER_VERSION_NAME, incoming_dir, store_dir
from pipeline.store.migrate import remove_leftovers
from pipeline.store.parts import part_files
from pipeline.store.schema import SCHEMAS
from pipeline.store.snapshot import (
    collect_garbage,
    current_info,
    current_snapshot,
    point_to,
    published,
)
from pipeline.store.tables import Tables
from pipeline.store.writer import StoreWriter


def recover(out: Path) -> None:
    """Bring OUT to its last whole commit. Call with the store lock held.

    The DuckDB file records the last commit (it is written before the pointer is switched):
    when the pointer lags behind it, the pointer moves forward; snapshots published after it
    (a run killed before its DuckDB transaction) are deleted; a DuckDB file that is missing
    or matches no snapshot is rebuilt from the current snapshot."""
    remove_leftovers(out)
    if not store_dir(out).is_dir():
        return
    shutil.rmtree(incoming_dir(out), ignore_errors=True)  # rows of documents not committed
    remove_unfinished(out)
    recorded = recorded_commit(out)
    info = current_info(out)
    if recorded is not None and recorded in published(out) and (
            info is None or info.commit != recorded):
        point_to(out, recorded)
        info = current_info(out)
    collect_garbage(out)
    if info is not None and recorded != info.commit:
        snapshot = current_snapshot(out)
        rebuild_database(out, {t: part_files(snapshot, t) for t in SCHEMAS},
                         DatabaseChange.of(info))


def commit(out: Path, tables: Tables, files: dict[str, str] | None = None) -> None:
    """Replace the store in OUT by `tables` and the text `files` (name -> content, e.g. the
    audit page), in one commit. Call with the store lock held."""
    out.mkdir(parents=True, exist_ok=True)
    recover(out)
    writer = StoreWriter(out)
    writer.remove(set(writer.part_of))
    for rows in _by_document(tables):
        writer.add(rows)
    files = files or {}
    writer.commit(findings=tables.get("findings", SCHEMAS["findings"].empty_table()),
                  files=files, comparer_version=files.get(COMPARER_VERSION_NAME))


def write_tables(directory: Path, tables: Tables) -> None:
    """A store in `directory` holding `tables` (parquet parts and the DuckDB file)."""
    commit(directory, tables)


def _by_document(tables: Tables) -> list[dict[str, list[dict]]]:
    documents: dict[str, dict[str, list[dict]]] = {}
    for row in tables["documents"].to_pylist():
        documents[row["doc_id"]] = {"documents": [row]}
    for name, table in tables.items():
        if name in ("documents", "findings"):
            continue
        for row in table.to_pylist():
            documents[row["doc_id"]].setdefault(name, []).append(row)
    return list(documents.values())

