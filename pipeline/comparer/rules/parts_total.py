"""Parts against their total: "gồm" and table rows must add up to the total; the parts
after "trong đó" may be only some of them, so they must not exceed it."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.intervals import total
from pipeline.comparer.messages import unit_suffix
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import figure_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.verdict import Check, judge
from pipeline.comparer.view import DocumentView


def check(document: DocumentView) -> Iterator[Finding]:
    for whole in document.metrics:
        for scope in ("complete", "subset"):
            parts = [p for p in document.parts_of(whole) if p.part_scope == scope]
            finding = _check_parts(whole, parts, subset=scope == "subset")
            if finding is not None:
                yield finding


def _check_parts(whole: MetricRow, parts: list[MetricRow], subset: bool) -> Finding | None:
    if not parts or whole.inexact or any(p.inexact for p in parts):
        return None
    written = " + ".join(figure_text(p) for p in parts)
    return judge(Check(
        rule="parts_total", stated=whole, stated_interval=whole.interval,
        computed=total([p.interval for p in parts]), decimals=whole.decimals or 0,
        message_name="parts_exceed" if subset else "parts_total",
        fields={"parts": written, "unit": unit_suffix(whole.unit)},
        metric_ids=[whole.metric_id, *(p.metric_id for p in parts)],
        arithmetic=written + (" = {computed} > {stated}" if subset
                              else " = {computed} {relation} {stated}"),
        subset=subset))


RULE = Rule("parts_total", "document", check)
