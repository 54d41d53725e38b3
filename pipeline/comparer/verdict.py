"""One way for every arithmetic check to decide and to report: the stated figure against
the value its inputs give, both as intervals (Calc 1.1).

- the intervals cannot meet: a finding (error, or the rule's severity), with the likely
  cause;
- they meet, but the stated figure is not what the inputs give once rounded as written:
  consistent only because of rounding, an `info` finding saying which tolerance allowed it;
- otherwise nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pipeline.comparer.causes import likely_cause
from pipeline.comparer.intervals import Interval
from pipeline.comparer.messages import message
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import figure_text, interval_text, vietnamese


@dataclass(frozen=True)
class Check:
    """A stated figure, what its inputs compute, and how to explain a mismatch."""

    rule: str
    stated: MetricRow  # the main evidence: the figure that is checked
    stated_interval: Interval
    computed: Interval
    decimals: int  # as the stated figure is written
    message_name: str
    fields: dict  # the template's fields, besides `computed` and `stated`
    metric_ids: list[str]
    arithmetic: str  # the computation, with '{computed}' and '{stated}' to fill in
    severity: str = "error"
    subset: bool = False  # the stated figure only bounds the computed one from above
    other_doc_id: str | None = None
    link_reason: str | None = None
    direction_in_words: bool = False  # the message says "tăng"/"giảm": show magnitudes


def judge(check: Check) -> Finding | None:
    stated, computed = check.stated_interval, check.computed
    meets = computed.low <= stated.high if check.subset else stated.meets(computed)
    def write(value: Decimal) -> str:
        return figure_text(check.stated, value)

    computed_text = interval_text(computed, write)
    stated_text = write(stated.middle)
    tolerance = float(max(stated.width, computed.width) / 2)
    if not meets:
        cause = likely_cause(stated.middle, computed, check.decimals,
                             rounded=stated.width > 0 or computed.width > 0)
        # one unit of the last written digit off a rounded figure ("77,95%" for 77,9598%):
        # truncated instead of rounded, a slip of presentation, not of the figures
        severity = "info" if stated.width > 0 and cause == "rounding" else check.severity
        if check.direction_in_words:
            text = message(check.message_name, stated=write(abs(stated.middle)),
                           computed=interval_text(_magnitude(computed), write),
                           **check.fields)
        else:
            text = message(check.message_name, computed=computed_text, stated=stated_text,
                           **check.fields)
        return Finding(check.rule, severity, check.stated.doc_id, text,
                       check.metric_ids, expected=float(computed.middle),
                       observed=float(stated.middle), cause=cause, tolerance=tolerance,
                       arithmetic=check.arithmetic.format(computed=computed_text,
                                                          stated=stated_text, relation="≠"),
                       other_doc_id=check.other_doc_id, link_reason=check.link_reason)
    if check.subset or _rounds_to(computed.middle, check.decimals) == stated.middle:
        return None
    detail = check.arithmetic.format(computed=computed_text, stated=stated_text, relation="≈")
    return Finding(check.rule, "info", check.stated.doc_id,
                   message("rounding_only", detail=detail,
                           tolerance=vietnamese(Decimal(repr(tolerance)), check.decimals + 1)),
                   check.metric_ids, expected=float(computed.middle),
                   observed=float(stated.middle), cause="rounding", tolerance=tolerance,
                   arithmetic=detail, other_doc_id=check.other_doc_id,
                   link_reason=check.link_reason)


def _rounds_to(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _magnitude(interval: Interval) -> Interval:
    return interval.negated() if interval.high <= 0 else interval
