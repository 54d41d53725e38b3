"""Running totals ("lũy kế", "tính đến ..."): one that falls from a month's (quarter's)
report to the next for the same figure ('cumulative_decrease', warning), and one that is not
the sum of its periods when every period since the start of the year is in the store
('cumulative_sum', error)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from pipeline.comparer.causes import likely_cause
from pipeline.comparer.intervals import total
from pipeline.comparer.linking import (
    FigurePeriod,
    best_counterpart,
    figure_period,
    figures,
    link_reason,
    series_by_period,
    tolerance,
)
from pipeline.comparer.messages import message, unit_suffix
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import decimals_of, figure_text, interval_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView, StoreView

SUM, DECREASE = "cumulative_sum", "cumulative_decrease"
RUNNING_KINDS = ("actual",)
# which sub-periods make up a running total ending with a given month
PARTS = (("month", 1), ("quarter", 3), ("half", 6))


SPANS = ("cumulative", "quarter", "half", "year")  # figures that may sum shorter periods


def check(store: StoreView) -> Iterator[Finding]:
    for document in store.checked:
        by_period = series_by_period(store, document, RUNNING_KINDS)
        of_period: dict[tuple, list[MetricRow]] = {}
        for metric in figures(document, RUNNING_KINDS):
            of_period.setdefault(figure_period(metric, document.document).key, []).append(metric)
        for running in figures(document, RUNNING_KINDS):
            period = figure_period(running, document.document)
            if period.granularity not in SPANS or period.end is None:
                continue
            rivals = of_period[period.key]
            if period.granularity == "cumulative":
                finding = _decrease(document, by_period.get(period.key, []), running, period,
                                    rivals)
                if finding is not None:
                    yield finding
            # "lũy kế từ đầu năm" to the end of March is the first quarter's figure: it too
            # must be the sum of its months when they are in the store
            finding = _sum(document, by_period, running, period, rivals)
            if finding is not None:
                yield finding


def _decrease(document: DocumentView, series: list[tuple[DocumentView, str]],
              running: MetricRow, period: FigurePeriod, rivals: list[MetricRow]
              ) -> Finding | None:
    """Against the latest earlier running total of the same figure (`series`: the reports
    of the series with running totals of its year)."""
    end = period.end or date.max
    earlier: list[tuple[date, MetricRow, FigurePeriod, DocumentView, str]] = []
    for other, reason in series:
        if other is document:
            continue
        ends = {m.metric_id: p for m in figures(other, RUNNING_KINDS)
                if (p := figure_period(m, other.document)).key == period.key
                and p.end is not None and p.end < end}
        found = best_counterpart(running, [m for m in other.metrics if m.metric_id in ends],
                                 rivals)
        if found:
            previous_period = ends[found[0].metric_id]
            earlier.append((previous_period.end or date.min, found[0], previous_period, other,
                            reason))
    if not earlier:
        return None
    _, previous, previous_period, other, documents_reason = max(earlier, key=lambda e: e[0])
    if running.interval.high >= previous.interval.low:
        return None
    link = best_counterpart(running, [previous])
    current_text, previous_text = figure_text(running), figure_text(previous)
    return Finding(
        DECREASE, "warning", running.doc_id,
        message(DECREASE, previous=previous_text, previous_period=previous_period.label(),
                current=current_text, current_period=period.label(),
                unit=unit_suffix(running.unit)),
        [running.metric_id, previous.metric_id],
        expected=previous.value, observed=running.value,
        other_doc_id=other.document.doc_id,
        cause=likely_cause(running.exact, previous.interval, decimals_of(running)),
        tolerance=tolerance(running.interval, previous.interval),
        arithmetic=f"{current_text} ({period.label()}) < {previous_text} "
                   f"({previous_period.label()})",
        link_reason=link_reason(link[1], period, documents_reason) if link else None)


def _sum(document: DocumentView, by_period: dict[tuple, list[tuple[DocumentView, str]]],
         running: MetricRow, period: FigurePeriod, rivals: list[MetricRow]) -> Finding | None:
    """Against the sum of the months (quarters, halves) from January to its end, looked for
    in the report itself first, then in its series in order."""
    if period.end is None or period.year is None or (
            running.period_start is not None
            and (running.period_start.month, running.period_start.day) != (1, 1)):
        return None
    for granularity, months in PARTS:
        if period.end.month % months:
            continue
        wanted = range(1, period.end.month // months + 1)
        if len(wanted) < 2:
            continue
        parts: dict[int, tuple[MetricRow, DocumentView, str | None]] = {}
        for index in wanted:
            key = (granularity, period.year, index)
            views = [(document, None), *((view, reason) for view, reason
                                         in by_period.get(key, []) if view is not document)]
            for view, reason in views:
                found = best_counterpart(running, figures(view, RUNNING_KINDS, key), rivals)
                if found:
                    parts[index] = (found[0], view, reason)
                    break
            if index not in parts:
                break  # a period missing: these parts make no sum
        if len(parts) != len(wanted):
            continue
        ordered = [parts[index] for index in wanted]
        computed = total([m.interval for m, _, _ in ordered])
        if running.interval.meets(computed):
            return None
        decimals = decimals_of(running)
        texts = [figure_text(m) for m, _, _ in ordered]
        stated_text = figure_text(running)

        def write(value: Decimal) -> str:
            return figure_text(running, value)
        other = next((v for _, v, _ in ordered if v is not document), None)
        reason = next((r for _, _, r in ordered if r), None)
        link = best_counterpart(running, [ordered[-1][0]])
        return Finding(
            SUM, "error", running.doc_id,
            message(SUM, stated=stated_text, parts=" + ".join(texts),
                    computed=interval_text(computed, write), unit=unit_suffix(running.unit)),
            [running.metric_id, *(m.metric_id for m, _, _ in ordered)],
            expected=float(computed.middle), observed=running.value,
            other_doc_id=other.document.doc_id if other else None,
            cause=likely_cause(running.exact, computed, decimals),
            tolerance=tolerance(running.interval, computed),
            arithmetic=f"{' + '.join(texts)} = {interval_text(computed, write)} ≠ "
                       f"{stated_text}",
            link_reason=link_reason(link[1], period, reason) if link else reason)
    return None


RULE = Rule(SUM, "series", check, also_names=(DECREASE,))
