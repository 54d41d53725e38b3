"""The store as the checks see it: documents, their metrics, lookups by id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TypeVar

import pyarrow as pa

from pipeline.comparer.model import CitationRow, DateRow, DocumentRow, MetricRow

T = TypeVar("T")
_METRIC_FIELDS = [f.name for f in fields(MetricRow)]
_DOCUMENT_FIELDS = [f.name for f in fields(DocumentRow)]
_ROWS = {"citations": CitationRow, "dates": DateRow}  # read when the store has them


class Derived:
    """Indexes over a view that several rules use, built once on first use."""

    def derived(self, name: str, build: Callable[[], T]) -> T:
        cache = self.__dict__.setdefault("_derived", {})
        if name not in cache:
            cache[name] = build()
        return cache[name]


@dataclass
class DocumentView(Derived):
    document: DocumentRow
    metrics: list[MetricRow]  # in document order
    by_id: dict[str, MetricRow] = field(default_factory=dict)
    citations: list[CitationRow] = field(default_factory=list)  # in document order
    dates: list[DateRow] = field(default_factory=list)  # in document order

    def __post_init__(self) -> None:
        self.by_id = {m.metric_id: m for m in self.metrics}
        self.citation_by_id = {c.ref_id: c for c in self.citations}

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


@dataclass
class StoreView(Derived):
    documents: list[DocumentView]

    def __post_init__(self) -> None:
        self._by_doc = {d.document.doc_id: d for d in self.documents}

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


def store_view(tables: dict[str, pa.Table]) -> StoreView:
    """Documents read without error, each with its metrics, ordered by path."""
    documents = tables["documents"]
    names = [n for n in _DOCUMENT_FIELDS if n in documents.column_names]
    rows = documents.filter(pa.compute.equal(documents.column("status"), "ok")).select(
        names).to_pylist()
    metric_table = tables["metrics"]
    metric_names = [n for n in _METRIC_FIELDS if n in metric_table.column_names]
    by_doc: dict[str, list[MetricRow]] = defaultdict(list)
    for row in metric_table.select(metric_names).to_pylist():
        by_doc[row["doc_id"]].append(MetricRow(**row))
    others = {name: _rows_by_doc(tables[name], kind) for name, kind in _ROWS.items()
              if name in tables}
    views = []
    for row in sorted(rows, key=lambda r: (r["path"] or "", r["doc_id"])):
        metrics = sorted(by_doc.get(row["doc_id"], []), key=lambda m: m.char_start)
        views.append(DocumentView(DocumentRow(**row), metrics, **{
            name: by_id.get(row["doc_id"], []) for name, by_id in others.items()}))
    return StoreView(views)


def _rows_by_doc(table: pa.Table, kind: type) -> dict[str, list]:
    names = [f.name for f in fields(kind) if f.name in table.column_names]
    by_doc: dict[str, list] = defaultdict(list)
    for row in table.select(names).to_pylist():
        by_doc[row["doc_id"]].append(kind(**row))
    return {doc_id: sorted(found, key=lambda r: r.char_start) for doc_id, found in by_doc.items()}
