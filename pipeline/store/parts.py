"""Part files: the Parquet files a table's folder is made of.

Every part holds whole documents, and the rows of one document in every table are in parts
of the same name (`part-<commit>-<n>.parquet` in each table's folder), so replacing a
document rewrites only the parts named after the one that holds it. Parts are written and
read a row group at a time: nothing needs a whole table in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.store.layout import TABLES_DIR
from pipeline.store.schema import SCHEMAS, conform, table_from_rows
from pipeline.store.snapshot import sync_file

PART_PREFIX = "part-"
FLUSH_DOCUMENTS = 50  # a row group every so many documents ...
FLUSH_BYTES = 32 << 20  # ... or about so many bytes of text, whichever comes first
ROW_BYTES = 200  # a row's size besides its document text, for the estimate


def table_folder(snapshot: Path, table: str) -> Path:
    return snapshot / TABLES_DIR / table


def part_files(snapshot: Path, table: str) -> list[Path]:
    return parts_in(table_folder(snapshot, table))


def parts_in(folder: Path) -> list[Path]:
    """The part files of a table's folder, in name order (none when there is no folder)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(PART_PREFIX))


def part_name(commit: str, label: str) -> str:
    return f"{PART_PREFIX}{commit}-{label}.parquet"


class PartWriter:
    """Rows of documents as they arrive, written as row groups of one new part per table."""

    def __init__(self, snapshot: Path, name: str) -> None:
        self.snapshot, self.name = snapshot, name
        self._rows: dict[str, list[dict]] = {table: [] for table in SCHEMAS}
        # tables of rows already in Arrow (written by a cluster's workers), and the rows
        # added before each, in arrival order
        self._tables: dict[str, list[pa.Table]] = {table: [] for table in SCHEMAS}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._documents = 0
        self._bytes = 0

    def add(self, rows: dict[str, list[dict]]) -> None:
        for table, table_rows in rows.items():
            self._rows[table].extend(table_rows)
            self._bytes += ROW_BYTES * len(table_rows)
        self._bytes += sum(len(row.get("text") or "") for row in rows.get("documents", []))
        self._document_added()

    def add_tables(self, tables: dict[str, pa.Table]) -> None:
        """One document's rows written elsewhere (`staging.write_document`), copied in."""
        for table, rows in tables.items():
            self._rows_to_table(table)
            self._tables[table].append(conform(table, rows))
            self._bytes += rows.nbytes
        self._document_added()

    def _document_added(self) -> None:
        self._documents += 1
        if self._documents >= FLUSH_DOCUMENTS or self._bytes >= FLUSH_BYTES:
            self.flush()

    def _rows_to_table(self, table: str) -> None:
        if self._rows[table]:
            self._tables[table].append(table_from_rows(table, self._rows[table]))
            self._rows[table] = []

    def _flush_table(self, table: str) -> None:
        self._rows_to_table(table)
        if self._tables[table]:
            self._writer(table).write_table(pa.concat_tables(self._tables[table]))
            self._tables[table].clear()

    def flush(self) -> None:
        for table in self._rows:
            self._flush_table(table)
        self._documents = self._bytes = 0

    def close(self) -> dict[str, Path]:
        """The finished part of every table that got rows, on disk."""
        self.flush()
        written = {}
        for table, writer in self._writers.items():
            writer.close()
            written[table] = table_folder(self.snapshot, table) / self.name
            sync_file(written[table])
        self._writers.clear()
        return written

    def abort(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def _writer(self, table: str) -> pq.ParquetWriter:
        if table not in self._writers:
            path = table_folder(self.snapshot, table) / self.name
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writers[table] = pq.ParquetWriter(path, SCHEMAS[table])
        return self._writers[table]


def rewrite(source: Path, target: Path, table: str, removed: set[str],
            moved: dict[str, str]) -> list[str]:
    """`source` without the rows of `removed` doc_ids (and findings citing them), documents
    `moved` re-pathed, into `target` when any row is left. The doc_ids kept, in order."""
    kept: list[str] = []
    writer = None
    value_set = pa.array(sorted(removed), pa.string())
    for batch in pq.ParquetFile(source).iter_batches():
        rows = conform(table, pa.Table.from_batches([batch]))
        if removed:
            rows = rows.filter(keep_mask(table, rows, value_set))
        if moved and table == "documents":
            rows = repathed(rows, moved)
        if rows.num_rows == 0:
            continue
        kept += rows.column("doc_id").to_pylist()
        if writer is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(target, SCHEMAS[table])
        writer.write_table(rows)
    if writer is not None:
        writer.close()
        sync_file(target)
    return kept


def concatenate(sources: Iterable[Path], target: Path, table: str) -> None:
    """One part from several, a row group at a time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with pq.ParquetWriter(target, SCHEMAS[table]) as writer:
        for source in sources:
            for batch in pq.ParquetFile(source).iter_batches():
                writer.write_table(conform(table, pa.Table.from_batches([batch])))
    sync_file(target)


def write_empty(snapshot: Path, table: str, name: str) -> Path:
    """A part with no rows: a table's folder always holds a file with its schema."""
    path = table_folder(snapshot, table) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(SCHEMAS[table].empty_table(), path)
    sync_file(path)
    return path


def keep_mask(table: str, rows: pa.Table, value_set: pa.Array) -> pa.Array:
    """Rows not of the doc_ids in `value_set` (findings: citing none of them either)."""
    import pyarrow.compute as pc  # slow to import, and a run that replaces nothing needs none

    mask = pc.invert(pc.fill_null(pc.is_in(rows.column("doc_id"), value_set=value_set), False))
    if table == "findings":
        other = pc.fill_null(pc.is_in(rows.column("other_doc_id"), value_set=value_set), False)
        mask = pc.and_(mask, pc.invert(other))
    return mask


def repathed(documents: pa.Table, moved: dict[str, str]) -> pa.Table:
    """Documents with the new path of those `moved` (doc_id -> path)."""
    paths = [moved.get(doc_id, path) for doc_id, path in zip(
        documents.column("doc_id").to_pylist(), documents.column("path").to_pylist(),
        strict=True)]
    index = documents.schema.get_field_index("path")
    return documents.set_column(index, "path", pa.array(paths, pa.string()))
