"""The store as the checks see it: documents, their metrics (and citations and dates),
lookups by id.

Two sources: in-memory tables (`store_view`, for the examples and small stores), and the
DuckDB file of OUT (`database_view`), where a document's rows are read only when a check
asks for them, a block of documents at a time, and dropped again (least recently used
first) once more than `CAPACITY` rows are held: the comparer's memory is bounded whatever
the size of the store. Only the columns the checks use are read.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.comparer.model import CitationRow, DateRow, DocumentRow, MetricRow

T = TypeVar("T")
_METRIC_FIELDS = [f.name for f in fields(MetricRow)]
# the text is not read: no check uses it, and it is most of a document's bytes
_DOCUMENT_FIELDS = [f.name for f in fields(DocumentRow) if f.name != "text"]
# what a document view holds besides its metrics: table -> row class
_ROWS: dict[str, type] = {"citations": CitationRow, "dates": DateRow}
_KINDS: dict[str, type] = {"metrics": MetricRow, **_ROWS}
# in document order: metrics by offset, then as numbered ("<doc_id>-m<n>"), as `store_view`
# has them; citations and dates as stored
_ORDER = {"metrics": "m.char_start, TRY_CAST(regexp_extract(m.metric_id, '-m(\\d+)$', 1) "
                     "AS BIGINT)", "citations": "m.rowid", "dates": "m.rowid"}
BLOCK = 64  # documents read from DuckDB in one query
CAPACITY = 100_000  # rows (metrics, citations, dates) held at once


class Derived:
    """Indexes over a view that several rules use, built once on first use."""

    def derived(self, name: str, build: Callable[[], T]) -> T:
        cache = self.__dict__.setdefault("_derived", {})
        if name not in cache:
            cache[name] = build()
        return cache[name]


class DocumentView(Derived):
    """A document with its metrics, citations and dates (each in document order), given or
    read when first used."""

    def __init__(self, document: DocumentRow, metrics: list[MetricRow] | None = None,
                 citations: list[CitationRow] | None = None,
                 dates: list[DateRow] | None = None, *, cache: RowCache | None = None,
                 rank: int = 0) -> None:
        self.document = document
        self.rank = rank  # place in the store's order
        self._cache = cache
        self._rows: dict[str, list] | None = None
        if cache is None:
            self.hold({"metrics": metrics or [], "citations": citations or [],
                       "dates": dates or []})

    def _held(self, name: str) -> list:
        if self._rows is None or name not in self._rows:
            assert self._cache is not None
            self._cache.load(self, name)
        elif self._cache is not None:
            self._cache.touch(self)
        return self._rows[name]  # type: ignore[index]

    @property
    def metrics(self) -> list[MetricRow]:
        return self._held("metrics")

    @property
    def citations(self) -> list[CitationRow]:
        return self._held("citations")

    @property
    def dates(self) -> list[DateRow]:
        return self._held("dates")

    def hold(self, rows: dict[str, list]) -> None:
        """Keep these tables' rows (a cached view may hold some tables and not others)."""
        if self._rows is None:
            self._rows = {}
        self._rows.update(rows)
        if "metrics" in rows:
            self._by_id: dict[str, MetricRow] | None = None
        if "citations" in rows:
            self._citation_by_id: dict[str, CitationRow] | None = None

    def holds(self, name: str) -> bool:
        return self._rows is not None and name in self._rows

    def forget(self) -> None:
        """Drop the rows and what was derived from them; they are read again if needed."""
        self._rows = None
        self._by_id = self._citation_by_id = None
        self.__dict__.pop("_derived", None)

    @property
    def loaded(self) -> bool:
        return self._rows is not None

    @property
    def size(self) -> int:
        return sum(map(len, self._rows.values())) if self._rows else 0

    @property
    def by_id(self) -> dict[str, MetricRow]:
        metrics = self.metrics
        if self._by_id is None:
            self._by_id = {m.metric_id: m for m in metrics}
        return self._by_id

    @property
    def citation_by_id(self) -> dict[str, CitationRow]:
        citations = self.citations
        if self._citation_by_id is None:
            self._citation_by_id = {c.ref_id: c for c in citations}
        return self._citation_by_id

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
    """Every report of the store; `checked`: those whose cross-report findings are wanted
    (all of them unless the comparer re-checks only what changed)."""

    def __init__(self, documents: list[DocumentView],
                 checked: list[DocumentView] | None = None) -> None:
        self.documents = documents
        self.checked = documents if checked is None else checked
        self.cache: RowCache | None = None  # where the rows are read from, if not in memory
        self._by_doc = {d.document.doc_id: d for d in documents}

    def document(self, doc_id: str) -> DocumentView | None:
        return self._by_doc.get(doc_id)

    def metric(self, metric_id: str) -> MetricRow | None:
        doc_id = metric_id.rsplit("-m", 1)[0]
        view = self._by_doc.get(doc_id)
        return view.by_id.get(metric_id) if view else None

    def evidence(self, evidence_id: str) -> MetricRow | CitationRow | None:
        """The metric, or the citation (a reference check's evidence), of that id."""
        metric = self.metric(evidence_id)
        if metric is not None:
            return metric
        view = self._by_doc.get(evidence_id.rsplit("-r", 1)[0])
        return view.citation_by_id.get(evidence_id) if view else None


class RowCache:
    """Reads documents' rows from DuckDB in blocks of the store's order and keeps the most
    recently used ones, up to `capacity` rows."""

    def __init__(self, connection: duckdb.DuckDBPyConnection, capacity: int,
                 block: int) -> None:
        self.connection, self.capacity, self.block = connection, capacity, block
        self.documents: list[DocumentView] = []
        self._held: OrderedDict[int, DocumentView] = OrderedDict()  # rank -> view
        self._count = 0
        self._copied: dict[str, set[int] | None] = {}  # table -> ranks copied (None: all)
        self._only: dict[str, set[int]] = {}

    def only(self, names: tuple[str, ...], ranks: set[int]) -> None:
        """Read `names`' rows only for the documents of these ranks (what a comparison that
        re-checks a few reports needs): the temporary copy is made of those alone."""
        for name in names:
            self._only[name] = set(ranks)

    def _copy(self, name: str) -> None:
        """The temporary table of `name`'s rows in the store's order, made on first use."""
        ranks = self._only.get(name)
        if ranks is not None:
            self.connection.register("comparer_ranks", pa.table(
                {"rank": pa.array(sorted(ranks), pa.int64())}))
        _ordered_copy(self.connection, name, _KINDS[name], _ORDER[name],
                      "comparer_ranks" if ranks is not None else None)
        if ranks is not None:
            self.connection.unregister("comparer_ranks")
        self._copied[name] = ranks

    def load(self, view: DocumentView, name: str) -> None:
        """`name`'s rows of the block of documents from `view` on that lack them (a check
        that reads only citations does not read metrics)."""
        if name not in self._copied:
            self._copy(name)
        copied = self._copied[name]
        if copied is not None and view.rank not in copied:
            raise LookupError(f"{name} of {view.document.doc_id} were not read for this "
                              "comparison")
        wanted = [d for d in self.documents[view.rank:view.rank + self.block]
                  if not d.holds(name) and (copied is None or d.rank in copied)]
        low, high = min(d.rank for d in wanted), max(d.rank for d in wanted)
        kind = _KINDS[name]
        columns = [f.name for f in fields(kind)]
        rows = self.connection.execute(
            f"SELECT rank, {', '.join(columns)} FROM comparer_{name} "
            "WHERE rank BETWEEN ? AND ?", [low, high]).fetchall()
        grouped: dict[int, list] = defaultdict(list)
        for row in rows:
            grouped[row[0]].append(kind(*row[1:]))
        for document in wanted:
            before = document.size
            document.hold({name: grouped.get(document.rank, [])})
            self._held[document.rank] = document
            self._held.move_to_end(document.rank)
            self._count += document.size - before
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
            self._count -= oldest.size
            oldest.forget()


def store_view(tables: dict[str, pa.Table]) -> StoreView:
    """Documents read without error, each with its rows, ordered by path."""
    documents = tables["documents"]
    names = [n for n in _DOCUMENT_FIELDS if n in documents.column_names]
    rows = documents.filter(pc.equal(documents.column("status"), "ok")).select(
        names).to_pylist()
    metrics = _rows_by_doc(tables["metrics"], MetricRow)
    others = {name: _rows_by_doc(tables[name], kind) for name, kind in _ROWS.items()
              if name in tables}
    views = []
    for rank, row in enumerate(sorted(rows, key=lambda r: (r["path"] or "", r["doc_id"]))):
        doc_metrics = sorted(metrics.get(row["doc_id"], []), key=lambda m: m.char_start)
        views.append(DocumentView(DocumentRow(**row), doc_metrics, rank=rank, **{
            name: by_id.get(row["doc_id"], []) for name, by_id in others.items()}))
    return StoreView(views)


def _rows_by_doc(table: pa.Table, kind: type) -> dict[str, list]:
    names = [f.name for f in fields(kind) if f.name in table.column_names]
    by_doc: dict[str, list] = defaultdict(list)
    for row in table.select(names).to_pylist():
        by_doc[row["doc_id"]].append(kind(**row))
    return by_doc


def database_view(connection: duckdb.DuckDBPyConnection, capacity: int | None = None,
                  block: int | None = None) -> StoreView:
    """The documents read without error in the DuckDB store, ordered by path, their rows
    read on demand. Makes temporary tables of the rows in that order (DuckDB sorts on disk
    when it must), so that a block of documents is one range of them."""
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE comparer_documents AS SELECT "
        "row_number() OVER (ORDER BY path, doc_id) - 1 AS rank, "
        f"{', '.join(_DOCUMENT_FIELDS)} FROM documents WHERE status = 'ok'").fetchall()
    cache = RowCache(connection, capacity or CAPACITY, block or BLOCK)
    rows = connection.execute(
        f"SELECT rank, {', '.join(_DOCUMENT_FIELDS)} FROM comparer_documents ORDER BY rank"
    ).fetchall()
    cache.documents = [DocumentView(DocumentRow(*row[1:]), cache=cache, rank=row[0])
                       for row in rows]
    store = StoreView(cache.documents)
    store.cache = cache
    return store


def _ordered_copy(connection: duckdb.DuckDBPyConnection, name: str, kind: Any,
                  order: str, ranks: str | None = None) -> None:
    columns = ", ".join(f"m.{f.name}" for f in fields(kind))
    only = f"WHERE d.rank IN (SELECT rank FROM {ranks}) " if ranks else ""
    connection.execute(
        f"CREATE OR REPLACE TEMP TABLE comparer_{name} AS SELECT d.rank, {columns} "
        f"FROM {name} m JOIN comparer_documents d USING (doc_id) {only}"
        f"ORDER BY d.rank, {order}").fetchall()
