"""A stated change against its two values: "06 vụ, giảm 02 vụ so với cùng kỳ (08 vụ)" must
be 6 - 8; "tăng 12 vụ (86/74)" must be 86 - 74; "tăng 7,45%" of a count, (this - base) /
base. The first number of a "(this/previous)" pair must also be what the report stated for
that period ("Năm 2018, đã phát hiện 95 vụ ... tăng 9 vụ (86/74)" is not). A pair that
appears again in the document for another period was likely copied from it."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.intervals import Interval
from pipeline.comparer.messages import unit_suffix
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import denominator_text, figure_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.verdict import Check, judge
from pipeline.comparer.view import DocumentView

INCREASE, DECREASE = "tăng", "giảm"


def check(document: DocumentView) -> Iterator[Finding]:
    for change in document.metrics:
        if change.kind != "change" or change.delta is None or change.inexact:
            continue
        compared = document.get(change.compared_metric_id)
        base = document.get(change.base_metric_id)
        if compared is None or base is None or compared.inexact or base.inexact:
            continue
        finding = _check_change(document, change, compared, base)
        if finding is not None:
            yield finding
        if change.relation == "pair":
            finding = _check_pair_against_stated(document, change, compared)
            if finding is not None:
                yield finding


def _check_pair_against_stated(document: DocumentView, change: MetricRow,
                               pair: MetricRow) -> Finding | None:
    """The pair's first number against the actual the same section stated for its period
    before it."""
    stated = [m for m in document.metrics if m.char_start < pair.char_start
              and m.kind == "actual" and m.denominator is None
              and (m.unit == pair.unit or pair.unit is None)  # "(86/74)" after "tăng 12 vụ"
              and m.period == pair.period and m.section_id == pair.section_id
              and m.metric_id not in (change.compared_metric_id, change.base_metric_id,
                                      change.metric_id)]
    if not stated or stated[-1].inexact:
        return None
    actual = stated[-1]
    finding = judge(Check(
        rule="stated_change", stated=pair, stated_interval=pair.interval,
        computed=actual.interval, decimals=pair.decimals or 0, message_name="pair_value",
        fields={"period": pair.period, "pair": "/".join(_pair_text(document, change)),
                "unit": unit_suffix(pair.unit)},
        metric_ids=[pair.metric_id, actual.metric_id, change.metric_id],
        arithmetic=f"{figure_text(pair)} {{relation}} {figure_text(actual)}"))
    if finding is not None and _pair_repeated(document, change):
        finding.cause = "copied"
    return finding


def _check_change(document: DocumentView, change: MetricRow, compared: MetricRow,
                  base: MetricRow) -> Finding | None:
    if compared.metric_id == base.metric_id:  # a pair read as one ratio "86/74"
        if not compared.denominator:
            return None
        current, previous = compared.interval, Interval.around(compared.denominator,
                                                               compared.precision or 0)
        current_text = figure_text(compared)
        previous_text = denominator_text(compared)
        metric_ids = [change.metric_id, compared.metric_id]
    else:
        current, previous = compared.interval, base.interval
        current_text = figure_text(compared)
        previous_text = figure_text(base)
        metric_ids = [change.metric_id, compared.metric_id, base.metric_id]
    message_name = "change_pair" if change.relation == "pair" else "stated_change"
    computed = current - previous
    if change.relation == "relative":
        ratio = computed.divided_by(previous)
        if ratio is None:
            return None
        computed = ratio.scaled(100)
    stated = change.signed_interval
    decimals = change.decimals or 0
    direction = DECREASE if computed.middle < 0 else INCREASE
    finding = judge(Check(
        rule="stated_change", stated=change, stated_interval=stated, computed=computed,
        decimals=decimals, message_name=message_name,
        fields={"current": current_text, "previous": previous_text,
                "computed_direction": direction,
                "stated_direction": DECREASE if stated.middle < 0 else INCREASE,
                "unit": unit_suffix(change.unit)},
        metric_ids=metric_ids, direction_in_words=True,
        arithmetic=f"{current_text} - {previous_text} = {{computed}} {{relation}} {{stated}}"))
    if finding is None:
        return None
    if change.relation == "pair" and _pair_repeated(document, change):
        finding.cause = "copied"
    return finding


def _pair_text(document: DocumentView, change: MetricRow) -> tuple[str, ...]:
    """The pair as written: ("86/74",) for one ratio, ("86", "74") for two figures."""
    ids = dict.fromkeys([change.compared_metric_id, change.base_metric_id])
    return tuple(m.raw for m in map(document.get, ids) if m is not None)


def _pair_repeated(document: DocumentView, change: MetricRow) -> bool:
    """Whether the same pair is written after a change of another period."""
    pair = _pair_text(document, change)
    return any(m.relation == "pair" and m.metric_id != change.metric_id
               and m.period != change.period and _pair_text(document, m) == pair
               for m in document.metrics)


RULE = Rule("stated_change", "document", check)
