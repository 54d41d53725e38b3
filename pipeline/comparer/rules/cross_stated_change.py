"""A stated change whose base is not in its own sentence ("tăng 60 lao động so với năm
trước") against the actuals of the two periods: this report's for its period, and the one
the report of the base period stated. A change whose base is restated in its sentence is the
within-report check's (stated_change), and the restated base the restatement check's.

The base is the year written after the change ("so với năm 2021"), or the previous period
("so với năm trước", "so với cùng kỳ"); a change with neither is not checked. When the change
matches another base year instead, the likely cause is 'base_period'."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from pipeline.comparer.causes import likely_cause
from pipeline.comparer.intervals import Interval
from pipeline.comparer.linking import (
    FigurePeriod,
    best_counterpart,
    clause_after,
    figure_period,
    figures,
    fold,
    link_reason,
    series_documents,
    sign_of_change,
    tolerance,
)
from pipeline.comparer.linking import (
    words as linking_words,
)
from pipeline.comparer.messages import message, unit_suffix
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import decimals_of, figure_text, interval_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView, StoreView

NAME = "cross_stated_change"
INCREASE, DECREASE = "tăng", "giảm"


def base_period(change: MetricRow, period: FigurePeriod) -> FigurePeriod | None:
    """The period the change is measured against, from the words right after it."""
    after = fold(clause_after(change))
    after = " ".join(after.split()[:8])
    for cue in linking_words("base_year"):
        match = re.search(rf"(?:^| ){re.escape(cue)} ((?:19|20)\d\d)(?: |$)", after)
        if match:
            return FigurePeriod(period.granularity, int(match.group(1)), period.index,
                                text=match.group(1))
    for cue in linking_words("base_previous"):
        if f" {cue} " in f" {after} " and period.year is not None:
            previous = period.year - 1
            return FigurePeriod(period.granularity, previous, period.index, text=str(previous))
    return None


def check(store: StoreView) -> Iterator[Finding]:
    for document in store.checked:
        if document.document.report_year is None:
            continue
        series = series_documents(store, document)
        for change in figures(document, ["change"]):
            if change.inexact or change.base_metric_id or change.relation in ("pair",
                                                                             "relative"):
                continue
            period = figure_period(change, document.document)
            if period.granularity != "year" or period.year is None:
                continue
            base = base_period(change, period)
            if base is None or _base_in_sentence(document, change, base):
                continue
            finding = _check_change(document, series, change, period, base)
            if finding is not None:
                yield finding


def _base_in_sentence(document: DocumentView, change: MetricRow, base: FigurePeriod) -> bool:
    same_sentence = [m for m in document.metrics
                     if m.sentence == change.sentence and m.metric_id != change.metric_id
                     and figure_period(m, document.document).key == base.key]
    return best_counterpart(change, same_sentence) is not None


def _current(document: DocumentView, change: MetricRow, period: FigurePeriod
             ) -> MetricRow | None:
    compared = document.get(change.compared_metric_id)
    if compared is not None:
        return compared
    actuals = figures(document, ["actual"], period.key)
    in_sentence = [m for m in actuals if m.sentence == change.sentence]
    rivals = figures(document, ["change"], period.key)
    found = (best_counterpart(change, in_sentence, rivals)
             or best_counterpart(change, actuals, rivals))
    return found[0] if found else None


def _actual_of(series: list[tuple[DocumentView, str]], change: MetricRow, period: FigurePeriod,
               rivals: list[MetricRow]) -> tuple[MetricRow, DocumentView, str] | None:
    for other, reason in series:
        if other.document.report_year != period.year:
            continue
        found = best_counterpart(change, figures(other, ["actual"], period.key), rivals)
        if found:
            return found[0], other, reason
    return None


def _check_change(document: DocumentView, series: list[tuple[DocumentView, str]],
                  change: MetricRow, period: FigurePeriod, base: FigurePeriod
                  ) -> Finding | None:
    current = _current(document, change, period)
    previous = _actual_of(series, change, base, figures(document, ["change"], period.key))
    if current is None or previous is None:
        return None
    original, other, documents_reason = previous
    computed = current.interval - original.interval
    sign = sign_of_change(change)
    if change.unit_class == "rank" or sign is None:
        # "tăng 02 bậc" is a smaller rank number; with no direction, compare sizes
        sign = -1 if computed.middle < 0 else 1
    stated = change.interval if sign > 0 else change.interval.negated()
    if stated.meets(computed):
        return None
    decimals = decimals_of(change)
    cause = ("base_period" if _matches_other_base(series, change, current, stated, period, base)
             else likely_cause(stated.middle, computed, decimals))
    current_text, previous_text = figure_text(current), figure_text(original)
    def write(value: Decimal) -> str:
        return figure_text(change, value)

    computed_text = interval_text(_magnitude(computed), write)
    stated_text = write(abs(stated.middle))
    link = best_counterpart(change, [original])
    reason = link_reason(link[1], base, documents_reason) if link else documents_reason
    return Finding(
        NAME, "error", change.doc_id,
        message(NAME, previous=f"{previous_text}, {base.label()}", current=current_text,
                computed_direction=DECREASE if computed.middle < 0 else INCREASE,
                computed=computed_text,
                stated_direction=DECREASE if stated.middle < 0 else INCREASE,
                stated=stated_text, unit=unit_suffix(change.unit)),
        [change.metric_id, current.metric_id, original.metric_id],
        expected=float(computed.middle), observed=float(stated.middle),
        other_doc_id=other.document.doc_id, cause=cause,
        tolerance=tolerance(current.interval, original.interval, change.interval),
        arithmetic=f"{current_text} - {previous_text} = {interval_text(computed, write)}"
                   f" ≠ {write(stated.middle)}",
        link_reason=reason)


def _magnitude(interval: Interval) -> Interval:
    return interval.negated() if interval.high <= 0 else interval


def _matches_other_base(series: list[tuple[DocumentView, str]], change: MetricRow,
                        current: MetricRow, stated: Interval, period: FigurePeriod,
                        base: FigurePeriod) -> bool:
    """Whether the stated change is the change from another earlier year's actual."""
    for other, _ in series:
        year = other.document.report_year
        if year is None or year == base.year or period.year is None or year >= period.year:
            continue
        found = best_counterpart(change, figures(other, ["actual"], ("year", year, None)))
        if found and stated.meets(current.interval - found[0].interval):
            return True
    return False


RULE = Rule(NAME, "series", check)
