"""The store's tables as Arrow tables: read them from OUT, and the in-memory form the
comparer's examples and the evaluation build small stores with.

A run never holds the store in memory: it reads only the columns of `documents` it needs
to plan (`stored_documents`), and the comparer reads DuckDB (see pipeline/comparer/view.py).
`read_tables` is for small stores, tests and notebooks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.store.layout import legacy_parquet_path, table_path
from pipeline.store.parts import keep_mask, part_files, parts_in, repathed
from pipeline.store.schema import SCHEMAS, conform, empty_table, table_from_rows
from pipeline.store.snapshot import current_snapshot

Tables = dict[str, pa.Table]
PLAN_COLUMNS = ["doc_id", "path", "sha256", "status", "pipeline_version"]


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    path: str
    sha256: str | None
    status: str
    pipeline_version: str | None
    part: str | None = None  # the part file holding its rows


def read_table(out: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """One table of the store in OUT (either layout), or some of its columns; empty when
    there is none. Part files are read one by one with `ParquetFile`: `pyarrow.dataset`
    imports pandas, half the time of a run that has nothing to do."""
    folder, legacy = table_path(out, name), legacy_parquet_path(out, name)
    if folder.is_dir():
        parts = [conform(name, pq.ParquetFile(part).read()) for part in parts_in(folder)]
        table = pa.concat_tables(parts) if parts else empty_table(name)
    elif legacy.exists():
        table = conform(name, pq.read_table(legacy))
    else:
        table = empty_table(name)
    return table.select(columns) if columns is not None else table


def read_tables(out: Path) -> Tables:
    """Every table of the store in OUT, rows ordered by document path."""
    return _ordered({name: read_table(out, name) for name in SCHEMAS})


def stored_documents(out: Path) -> list[StoredDocument]:
    """What a run needs to know of the stored documents: only the planning columns."""
    snapshot = current_snapshot(out)
    if snapshot is None:
        legacy = legacy_parquet_path(out, "documents")
        rows = pq.read_table(legacy, columns=PLAN_COLUMNS).to_pylist() if legacy.exists() else []
        return [StoredDocument(**row) for row in rows]
    documents = []
    for part in part_files(snapshot, "documents"):
        rows = pq.ParquetFile(part).read(columns=PLAN_COLUMNS).to_pylist()
        documents += [StoredDocument(**row, part=part.name) for row in rows]
    return documents


def empty_tables() -> Tables:
    return {name: empty_table(name) for name in SCHEMAS}


def replace_documents(tables: Tables, removed: Iterable[str],
                      added: Iterable[dict[str, list[dict]]],
                      moved: dict[str, str] | None = None) -> Tables:
    """New in-memory tables: rows of the `removed` doc_ids dropped, `added` rows (one dict of
    table -> rows per document) appended, documents `moved` (doc_id -> new path) re-pathed.

    Findings that cite a removed document go too: they are stale once it changes.
    Rows are ordered by document path, then as the document produced them, so the same
    content always gives the same tables.
    """
    removed = set(removed)
    added = list(added)
    removed |= {row["doc_id"] for rows in added for row in rows.get("documents", [])}
    value_set = pa.array(sorted(removed), pa.string())
    result: Tables = {}
    for name, table in tables.items():
        kept = table.filter(keep_mask(name, table, value_set)) if removed else table
        new_rows = [row for rows in added for row in rows.get(name, [])]
        result[name] = pa.concat_tables([kept, table_from_rows(name, new_rows)])
    if moved:
        result["documents"] = repathed(result["documents"], moved)
    return _ordered(result)


def _ordered(tables: Tables) -> Tables:
    documents = tables["documents"]
    doc_ids = documents.column("doc_id").to_pylist()
    paths = documents.column("path").to_pylist()
    rank = {doc_id: position for position, (_, doc_id) in enumerate(
        sorted(zip(paths, doc_ids, strict=True), key=lambda pair: (pair[0] or "", pair[1])))}
    ordered: Tables = {}
    for name, table in tables.items():
        keys = table.column("doc_id").to_pylist()
        order = sorted(range(len(keys)), key=lambda i: rank.get(keys[i], len(rank)))
        ordered[name] = table.take(pa.array(order, pa.int64()))
    return ordered
