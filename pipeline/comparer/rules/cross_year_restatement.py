"""A figure restated for an earlier period ("so với năm 2022 (16.880 lao động)") against
what the report of that period stated for it (16.830 in the 2022 report).

Only the report whose year is that period, of the same series, is the reference; a figure
of a half-year is compared only with the same half-year. The two disagree only when their
intervals cannot meet. When the restated value is the value of another period of the same
indicator, the likely cause is a copy ('copied')."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.causes import likely_cause
from pipeline.comparer.linking import (
    FigurePeriod,
    counterparts,
    figure_period,
    figures,
    link_reason,
    series_documents,
    tolerance,
)
from pipeline.comparer.messages import message, unit_suffix
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import decimals_of, figure_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView, StoreView

NAME = "cross_year_restatement"


def check(store: StoreView) -> Iterator[Finding]:
    for document in store.checked:
        year = document.document.report_year
        if year is None:
            continue
        series = series_documents(store, document)
        for restated in figures(document, ["actual"]):
            period = figure_period(restated, document.document)
            if period.year is None or period.year >= year or period.granularity == "range":
                continue
            finding = _check_restated(store, document, series, restated, period)
            if finding is not None:
                yield finding


def _check_restated(store: StoreView, document: DocumentView,
                    series: list[tuple[DocumentView, str]], restated: MetricRow,
                    period: FigurePeriod) -> Finding | None:
    rivals = figures(document, ["actual"], period.key)
    for other, documents_reason in series:
        if other.document.report_year != period.year:
            continue
        found = counterparts(restated, figures(other, ["actual"], period.key), rivals)
        if not found:
            continue
        if any(restated.interval.meets(original.interval) for original, _ in found):
            return None
        original, link = found[0]
        stated_text, original_text = figure_text(restated), figure_text(original)
        cause = ("copied" if _value_of_another_period(store, document, series, restated, period)
                 else likely_cause(restated.exact, original.interval, decimals_of(restated)))
        return Finding(
            NAME, "error", restated.doc_id,
            message(NAME, period=period.label(), stated=stated_text, original=original_text,
                    unit=unit_suffix(restated.unit)),
            [restated.metric_id, original.metric_id],
            expected=original.value, observed=restated.value,
            other_doc_id=other.document.doc_id, cause=cause,
            tolerance=tolerance(restated.interval, original.interval),
            arithmetic=f"{stated_text} (nhắc lại) ≠ {original_text} (báo cáo năm "
                       f"{other.document.report_year})",
            link_reason=link_reason(link, period, documents_reason))
    return None


def _value_of_another_period(store: StoreView, document: DocumentView,
                             series: list[tuple[DocumentView, str]], restated: MetricRow,
                             period: FigurePeriod) -> bool:
    """Whether the restated value is what the series states for another period of the same
    figure (the current year's value written in the bracket, or an older year's)."""
    for view in [document, *(other for other, _ in series)]:
        others = [m for m in figures(view, ["actual"])
                  if m.metric_id != restated.metric_id
                  and (other_period := figure_period(m, view.document)).key != period.key
                  and other_period.granularity == period.granularity]
        if any(restated.interval.meets(m.interval) for m, _ in counterparts(restated, others)):
            return True
    return False


RULE = Rule(NAME, "series", check)
