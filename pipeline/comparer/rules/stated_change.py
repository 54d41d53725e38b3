"""A stated change against its two values: "06 vụ, giảm 02 vụ so với cùng kỳ (08 vụ)" must
be 6 - 8; "tăng 12 vụ (86/74)" must be 86 - 74; "tăng 7,45%" of a count, (this - base) /
base. A bracket pair that appears again in the document for another period was likely
copied from it."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.intervals import Interval
from pipeline.comparer.messages import unit_suffix
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import figure_text
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


def _check_change(document: DocumentView, change: MetricRow, compared: MetricRow,
                  base: MetricRow) -> Finding | None:
    if change.relation == "pair":
        if not compared.denominator:
            return None
        current, previous = compared.interval, Interval.around(compared.denominator,
                                                               compared.precision or 0)
        current_text = figure_text(compared)
        previous_text = figure_text(compared, compared.denominator)
        metric_ids, message_name = [change.metric_id, compared.metric_id], "change_pair"
    else:
        current, previous = compared.interval, base.interval
        current_text = figure_text(compared)
        previous_text = figure_text(base)
        metric_ids = [change.metric_id, compared.metric_id, base.metric_id]
        message_name = "stated_change"
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
    if change.relation == "pair" and _pair_repeated(document, compared):
        finding.cause = "copied"
    return finding


def _pair_repeated(document: DocumentView, pair: MetricRow) -> bool:
    return any(m.metric_id != pair.metric_id and m.raw == pair.raw
               and m.period != pair.period for m in document.metrics)


RULE = Rule("stated_change", "document", check)
