"""The store as the checks see it: documents, their metrics, lookups by id.

Two sources: in-memory tables (`store_view`, for the examples and small stores), and the
DuckDB file of OUT (`database_view`), where a document's metrics are read only when a check
asks for them, a block of documents at a time, and dropped again (least recently used
first) once more than `MetricCache.capacity` metrics are held: the comparer's memory is
bounded whatever the size of the store. Only the columns the checks use are read.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import fields
from typing import TypeVar

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.comparer.model import DocumentRow, MetricRow

T = TypeVar("T")
_METRIC_FIELDS = [f.name for f in fields(MetricRow)]
# the text is not read: no check uses it, and it is most of a document's bytes
_DOCUMENT_FIELDS = [f.name for f in fields(DocumentRow) if f.name != "text"]
BLOCK = 64  # documents read from DuckDB in one query
CAPACITY = 60_000  # metrics held at once


class Derived:
    """Indexes over a view that several rules use, built once on first use."""

    def derived(self, name: str, build: Callable[[], T]) -> T:
        cache = self.__dict__.setdefault("_derived", {})
        if name not in cache:
            cache[name] = build()
        return cache[name]


class DocumentView(Derived):
    """A document and its metrics (in document order), given or read when first used."""

    def __init__(self, document: DocumentRow, metrics: list[MetricRow] | None = None,
                 cache: MetricCache | None = None, rank: int = 0) -> None:
        self.document = document
        self.rank = rank  # place in the store's order
        self._metrics = metrics
        self._by_id: dict[str, MetricRow] | None = None
        self._cache = cache

    @property
    def metrics(self) -> list[MetricRow]:
        if self._metrics is None:
            assert self._cache is not None
            self._cache.load(self)
        elif self._cache is not None:
            self._cache.touch(self)
        return self._metrics  # type: ignore[return-value]

    def hold(self, metrics: list[MetricRow]) -> None:
        self._metrics, self._by_id = metrics, None

    def forget(self) -> None:
        """Drop the metrics and what was derived from them; they are read again if needed."""
        self._metrics, self._by_id = None, None
        self.__dict__.pop("_derived", None)

    @property
    def loaded(self) -> bool:
        return self._metrics is not None

    @property
    def by_id(self) -> dict[str, MetricRow]:
        metrics = self.metrics
        if self._by_id is None:
            self._by_id = {m.metric_id: m for m in metrics}
        return self._by_id

    def get(self, metric_id: str | None) -> MetricRow | None:
        return self.by_id.get(metric_id) if metric_id else None

    def parts_of(self, whole: MetricRow) -> list[MetricRow]:
        return self.derived("parts", self._parts_by_whole).get(whole.metric_id, [])

    def _parts_by_whole(self) -> dict[str, list[MetricRow]]:
        parts: dict[str, list[MetricRow]] = {}
        for metric in self.metrics:
            if metric.whole_metric_id:
                parts.setdefault(metric.whole_metric_id, []).append(metric)
        return parts


class StoreView(Derived):
    def __init__(self, documents: list[DocumentView]) -> None:
        self.documents = documents
        self._by_doc = {d.document.doc_id: d for d in documents}

    def document(self, doc_id: str) -> DocumentView | None:
        return self._by_doc.get(doc_id)

    def metric(self, metric_id: str) -> MetricRow | None:
        doc_id = metric_id.rsplit("-m", 1)[0]
        view = self._by_doc.get(doc_id)
        return view.by_id.get(metric_id) if view else None


class MetricCache:
    """Reads documents' metrics from DuckDB in blocks of the store's order and keeps the
    most recently used ones, up to `capacity` metrics."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, capacity: int = CAPACITY,
                 block: int = BLOCK) -> None:
        self.connection, self.capacity, self.block = connection, capacity, block
        self.documents: list[DocumentView] = []
        self._held: OrderedDict[int, DocumentView] = OrderedDict()  # rank -> view
        self._count = 0

    def load(self, view: DocumentView) -> None:
        wanted = [d for d in self.documents[view.rank:view.rank + self.block] if not d.loaded]
        ranks = [d.rank for d in wanted]
        rows = self.connection.execute(
            f"SELECT rank, {', '.join(_METRIC_FIELDS)} FROM comparer_metrics "
            "WHERE rank BETWEEN ? AND ?",
            [min(ranks), max(ranks)]).fetchall()
        by_rank: dict[int, list[MetricRow]] = defaultdict(list)
        for row in rows:
            by_rank[row[0]].append(MetricRow(*row[1:]))
        for document in wanted:
            document.hold(by_rank.get(document.rank, []))
            self._held[document.rank] = document
            self._count += len(document._metrics or [])
        self._held.move_to_end(view.rank)
        self._evict(keep=view)

    def touch(self, view: DocumentView) -> None:
        if view.rank in self._held:
            self._held.move_to_end(view.rank)

    def _evict(self, keep: DocumentView) -> None:
        while self._count > self.capacity and len(self._held) > 1:
            rank, oldest = next(iter(self._held.items()))
            if oldest is keep:
                self._held.move_to_end(rank)
                continue
            del self._held[rank]
            self._count -= len(oldest._metrics or [])
            oldest.forget()


def store_view(tables: dict[str, pa.Table]) -> StoreView:
    """Documents read without error, each with its metrics, ordered by path."""
    documents = tables["documents"]
    names = [n for n in _DOCUMENT_FIELDS if n in documents.column_names]
    rows = documents.filter(pc.equal(documents.column("status"), "ok")).select(
        names).to_pylist()
    metric_table = tables["metrics"]
    metric_names = [n for n in _METRIC_FIELDS if n in metric_table.column_names]
    by_doc: dict[str, list[MetricRow]] = defaultdict(list)
    for row in metric_table.select(metric_names).to_pylist():
        by_doc[row["doc_id"]].append(MetricRow(**row))
    views = []
    for rank, row in enumerate(sorted(rows, key=lambda r: (r["path"] or "", r["doc_id"]))):
        metrics = sorted(by_doc.get(row["doc_id"], []), key=lambda m: m.char_start)
        views.append(DocumentView(DocumentRow(**row), metrics, rank=rank))
    return StoreView(views)


def database_view(connection: duckdb.DuckDBPyConnection, capacity: int = CAPACITY
                  ) -> StoreView:
    """The documents read without error in the DuckDB store, ordered by path, their metrics
    read on demand. Makes a temporary table of the metrics in that order (DuckDB sorts on
    disk when it must), so that a block of documents is one range of it."""
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE comparer_documents AS SELECT "
        "row_number() OVER (ORDER BY path, doc_id) - 1 AS rank, "
        f"{', '.join(_DOCUMENT_FIELDS)} FROM documents WHERE status = 'ok'").fetchall()
    # in document order: by offset, then as numbered ("<doc_id>-m<n>"), like `store_view`
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE comparer_metrics AS SELECT d.rank, "
        f"{', '.join('m.' + name for name in _METRIC_FIELDS)} FROM metrics m "
        "JOIN comparer_documents d USING (doc_id) ORDER BY d.rank, m.char_start, "
        "TRY_CAST(regexp_extract(m.metric_id, '-m(\\d+)$', 1) AS BIGINT)").fetchall()
    cache = MetricCache(connection, capacity)
    rows = connection.execute(
        f"SELECT rank, {', '.join(_DOCUMENT_FIELDS)} FROM comparer_documents ORDER BY rank"
    ).fetchall()
    cache.documents = [DocumentView(DocumentRow(*row[1:]), cache=cache, rank=row[0])
                       for row in rows]
    return StoreView(cache.documents)
