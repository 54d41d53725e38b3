"""Plain data the checks work on: the store's rows as dataclasses, and what a check finds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pipeline.comparer.intervals import Interval


@dataclass(frozen=True)
class MetricRow:
    """One row of `metrics` (the columns the checks use)."""

    doc_id: str
    metric_id: str
    sentence: str | None
    page: int | None
    char_start: int
    char_end: int
    raw: str
    value: float
    denominator: float | None
    unit: str | None
    unit_class: str
    approx: str | None
    subject: str | None
    indicator: str | None
    period: str | None
    kind: str
    section_id: str | None = None
    value_max: float | None = None
    period_granularity: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    decimals: int | None = None
    precision: float | None = None
    delta: float | None = None
    whole_metric_id: str | None = None
    part_scope: str | None = None
    base_metric_id: str | None = None
    compared_metric_id: str | None = None
    relation: str | None = None

    @property
    def inexact(self) -> bool:
        """Qualified as approximate ("khoảng", "hơn", "gần", ...); a bare "từ" opening a
        from-to phrase ("từ 15 phòng xuống còn 11 phòng") is not."""
        return self.approx is not None and (self.approx != "từ" or self.value_max is not None)

    @property
    def interval(self) -> Interval:
        """What the written figure stands for: "85,63%" is [85,625; 85,635]."""
        return Interval.around(self.value, self.precision or 0.0)

    @property
    def signed_interval(self) -> Interval:
        """A change with its sign: "giảm 02 vụ" is -2."""
        if self.delta is not None and self.delta < 0:
            return self.interval.negated()
        return self.interval

    @property
    def exact(self) -> Decimal:
        return Decimal(repr(self.value))


@dataclass(frozen=True)
class CitationRow:
    """One row of `citations`: a mention of a numbered document. A finding about it names its
    `ref_id` among its `metric_ids`, as the evidence."""

    doc_id: str
    ref_id: str
    raw: str
    ref_key: str
    doc_type: str | None
    type_code: str | None
    number: str | None
    year: int | None
    issuer_code: str | None
    issued_date: date | None
    char_start: int
    char_end: int
    page: int | None = None
    sentence: str | None = None
    issued_date_written: bool | None = None


@dataclass(frozen=True)
class DateRow:
    """One row of `dates` (the columns the checks use)."""

    doc_id: str
    date_id: str
    raw: str
    start_date: date | None
    end_date: date | None
    granularity: str
    char_start: int
    char_end: int
    sentence: str | None = None  # where the report's own date is told by its place


@dataclass(frozen=True)
class DocumentRow:
    doc_id: str
    path: str
    format: str | None
    title: str | None
    agency: str | None
    report_year: int | None
    pipeline_version: str | None = None
    text: str | None = None


@dataclass
class Finding:
    """What a check flags. `metric_ids` are the evidence, the first one the main figure."""

    rule: str
    severity: str  # 'error' | 'warning' | 'info'
    doc_id: str
    message: str
    metric_ids: list[str]
    expected: float | None = None
    observed: float | None = None
    other_doc_id: str | None = None
    cause: str | None = None
    tolerance: float | None = None
    arithmetic: str | None = None
    link_reason: str | None = None
