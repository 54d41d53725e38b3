"""The same indicator and period stated twice in one report with different values: "Giải
quyết việc làm cho 16.240 lao động" in the summary, "giải quyết việc làm cho 16.420 lao
động" in the detail. Indicators are broad (many budgets are "budget"), so two figures
count as the same only when their subjects are the same words too (at least MIN_WORDS of
them, case- and diacritic-insensitive), neither breaks down or is part of another, and
they stand in different sentences of one section: the same words in two sections are
mostly two populations ("số hồ sơ giải quyết trễ hạn" of the departments, then of the
communes)."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.intervals import Interval
from pipeline.comparer.linking import fold
from pipeline.comparer.messages import message, unit_suffix
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import figure_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView

MIN_WORDS = 4  # "tổng kinh phí" names the budget of many programmes


def check(document: DocumentView) -> Iterator[Finding]:
    wholes = {m.whole_metric_id for m in document.metrics if m.whole_metric_id}
    seen: dict[tuple, MetricRow] = {}
    for metric in document.metrics:
        key = _key(metric)
        if key is None or metric.metric_id in wholes or metric.whole_metric_id:
            continue
        first = seen.setdefault(key, metric)
        if first is metric or first.sentence == metric.sentence:
            continue
        if Interval.around(first.value, first.precision or 0).meets(metric.interval):
            continue
        unit = unit_suffix(metric.unit)
        first_text = figure_text(first) + unit
        second_text = figure_text(metric) + unit
        yield Finding("conflicting_values", "warning", metric.doc_id,
                      message("conflicting_values", indicator=metric.subject,
                              period=metric.period, first=first_text, second=second_text),
                      [metric.metric_id, first.metric_id], expected=first.value,
                      observed=metric.value, arithmetic=f"{second_text} ≠ {first_text}",
                      tolerance=float(max(first.precision or 0, metric.precision or 0) / 2))


def _key(metric: MetricRow) -> tuple | None:
    if (metric.kind != "actual" or not metric.indicator or not metric.subject
            or metric.inexact or " | " in (metric.sentence or "")):
        return None
    subject = fold(metric.subject)
    if len(subject.split()) < MIN_WORDS:
        return None
    return (metric.indicator, subject, metric.unit, metric.period,
            metric.period_granularity, metric.section_id)


RULE = Rule("conflicting_values", "document", check)
