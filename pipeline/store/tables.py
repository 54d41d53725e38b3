"""The store's tables in memory: read them from OUT, replace documents' rows, keep an order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.store.layout import parquet_path
from pipeline.store.schema import SCHEMAS, conform, empty_table, table_from_rows

Tables = dict[str, pa.Table]


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    path: str
    sha256: str | None
    status: str
    pipeline_version: str | None


def read_tables(out) -> Tables:
    """The tables of the store in OUT; a missing store (or table) reads as empty tables."""
    tables: Tables = {}
    for name in SCHEMAS:
        path = parquet_path(out, name)
        tables[name] = conform(name, pq.read_table(path)) if path.exists() else empty_table(name)
    return tables


def empty_tables() -> Tables:
    return {name: empty_table(name) for name in SCHEMAS}


def stored_documents(tables: Tables) -> list[StoredDocument]:
    columns = tables["documents"].select(
        ["doc_id", "path", "sha256", "status", "pipeline_version"]).to_pylist()
    return [StoredDocument(**row) for row in columns]


def replace_documents(tables: Tables, removed: Iterable[str],
                      added: Iterable[dict[str, list[dict]]],
                      moved: dict[str, str] | None = None) -> Tables:
    """New tables: rows of the `removed` doc_ids dropped, `added` rows (one dict of table ->
    rows per document) appended, documents `moved` (doc_id -> new path) re-pathed.

    Findings that cite a removed document go too: they are stale once it changes.
    Rows are ordered by document path, then as the document produced them, so the same
    content always gives the same tables.
    """
    removed = set(removed)
    added = list(added)
    removed |= {row["doc_id"] for rows in added for row in rows.get("documents", [])}
    result: Tables = {}
    for name, table in tables.items():
        kept = table.filter(_keep_mask(name, table, removed)) if removed else table
        new_rows = [row for rows in added for row in rows.get(name, [])]
        result[name] = pa.concat_tables([kept, table_from_rows(name, new_rows)])
    if moved:
        result["documents"] = _move_documents(result["documents"], moved)
    return _ordered(result)


def _keep_mask(name: str, table: pa.Table, removed: set[str]) -> pa.Array:
    value_set = pa.array(sorted(removed), pa.string())
    mask = pc.invert(pc.fill_null(pc.is_in(table.column("doc_id"), value_set=value_set), False))
    if name == "findings":
        other = pc.fill_null(pc.is_in(table.column("other_doc_id"), value_set=value_set), False)
        mask = pc.and_(mask, pc.invert(other))
    return mask


def _move_documents(documents: pa.Table, moved: dict[str, str]) -> pa.Table:
    paths = [moved.get(doc_id, path) for doc_id, path in zip(
        documents.column("doc_id").to_pylist(), documents.column("path").to_pylist(),
        strict=True)]
    index = documents.schema.get_field_index("path")
    return documents.set_column(index, "path", pa.array(paths, pa.string()))


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
