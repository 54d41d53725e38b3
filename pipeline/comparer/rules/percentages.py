"""A percentage against its numerator and denominator:
- of the ratio right before it ("2.045/2.500 người (đạt 85,2%)") -> rule `percentage`;
- of a part over a stated whole ("233 ..., có 13 ... chiếm 5,86%") -> rule `share`;
- an attainment against the plan of its sentence ("đạt 79,3% kế hoạch năm (1.500 lao
  động)") or, when the sentence states none, against the target the previous report of the
  same agency set for that period and indicator -> rule `plan_attainment`.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.intervals import Interval
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import denominator_text, figure_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.verdict import Check, judge
from pipeline.comparer.view import DocumentView, StoreView

HUNDRED = Interval.exact(100)


def check(store: StoreView) -> Iterator[Finding]:
    targets = _targets_by_report(store)
    for document in store.checked:
        for percent in document.metrics:
            if percent.unit_class != "percent" or percent.inexact or not percent.relation:
                continue
            finding = _check_percent(document, percent, targets)
            if finding is not None:
                yield finding


def _check_percent(document: DocumentView, percent: MetricRow,
                   targets: dict[tuple, list[MetricRow]]) -> Finding | None:
    compared = document.get(percent.compared_metric_id)
    base = document.get(percent.base_metric_id)
    if compared is None or compared.inexact:
        return None
    if percent.relation == "ratio" and compared.denominator:
        numerator = compared.interval
        denominator = Interval.around(compared.denominator, compared.precision or 0)
        return _judge("percentage", "percentage", percent, numerator, denominator,
                      {"numerator": figure_text(compared, compared.value),
                       "denominator": denominator_text(compared)},
                      [percent.metric_id, compared.metric_id])
    if percent.relation == "share" and base is not None and not base.inexact:
        whole_value = base.denominator if base.denominator else base.value
        return _judge("share", "share", percent, compared.interval,
                      Interval.around(whole_value, base.precision or 0),
                      {"part": figure_text(compared, compared.value),
                       "whole": figure_text(base, whole_value)},
                      [percent.metric_id, compared.metric_id, base.metric_id],
                      severity="warning")
    if percent.relation == "attainment":
        other_doc_id = None
        if base is None:
            base = _previous_target(document, compared, targets)
            other_doc_id = base.doc_id if base is not None else None
        if base is None or base.inexact:
            return None
        return _judge("plan_attainment", "plan_attainment", percent, compared.interval,
                      base.interval, {"actual": figure_text(compared, compared.value),
                                      "plan": figure_text(base, base.value)},
                      [percent.metric_id, compared.metric_id, base.metric_id],
                      other_doc_id=other_doc_id)
    return None


def _judge(rule: str, message_name: str, percent: MetricRow, numerator: Interval,
           denominator: Interval, fields: dict, metric_ids: list[str],
           severity: str = "error", other_doc_id: str | None = None) -> Finding | None:
    ratio = numerator.divided_by(denominator)
    if ratio is None:
        return None
    computed = ratio.scaled(100)
    names = list(fields.values())
    return judge(Check(
        rule=rule, stated=percent, stated_interval=percent.interval, computed=computed,
        decimals=percent.decimals or 0, message_name=message_name, fields=fields,
        metric_ids=metric_ids, severity=severity, other_doc_id=other_doc_id,
        arithmetic=f"{names[0]} / {names[1]} × 100 = {{computed}} {{relation}} {{stated}}",
        link_reason=("kế hoạch lấy từ chỉ tiêu báo cáo kỳ trước đặt cho cùng chỉ tiêu, cùng kỳ"
                     if other_doc_id else None)))


def _targets_by_report(store: StoreView) -> dict[tuple, list[MetricRow]]:
    """Targets by (agency, report year, indicator, unit, period)."""
    targets: dict[tuple, list[MetricRow]] = {}
    for document in store.checked:
        info = document.document
        if not info.agency:  # without an author, no report is the previous one of a series
            continue
        for metric in document.metrics:
            if metric.kind == "target" and metric.indicator and not metric.inexact:
                key = (info.agency, info.report_year, metric.indicator, metric.unit,
                       metric.period)
                targets.setdefault(key, []).append(metric)
    return targets


def _previous_target(document: DocumentView, actual: MetricRow,
                     targets: dict[tuple, list[MetricRow]]) -> MetricRow | None:
    """The one target the previous report set for the actual's indicator and period."""
    info = document.document
    if not info.agency or not actual.indicator or not actual.period or not actual.period.isdigit():
        return None
    key = (info.agency, int(actual.period) - 1, actual.indicator, actual.unit, actual.period)
    found = targets.get(key, [])
    values = {m.value for m in found}
    return found[0] if len(values) == 1 else None


RULE = Rule("percentage", "series", check, also_names=("share", "plan_attainment"))
