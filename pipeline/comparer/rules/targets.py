"""An annual actual against the target the previous report set for that year: 17.050 jobs
in 2023 against the 17.200 the 2022 report set ('target_missed', info), or beyond it
('target_exceeded', info).

Where less is better (poverty rate, accidents, unemployment: data/lower_is_better.tsv) a
target is a ceiling. A target stated as a fall ("Tỷ lệ hộ nghèo giảm 0,4%-0,6%") is compared
with the stated fall of that year, never with the rate itself; a range target is met
anywhere within it. "dưới 3,2%" and "trên 90%" are bounds: reaching past them is only meeting
them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from pipeline.comparer.intervals import Interval
from pipeline.comparer.linking import (
    DATA,
    best_counterpart,
    figure_period,
    figures,
    fold,
    follows_decrease,
    has_phrase,
    link_reason,
    series_documents,
    sign_of_change,
    tolerance,
)
from pipeline.comparer.messages import message, unit_suffix
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import figure_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import StoreView
from pipeline.data_files import read_tsv

MISSED, EXCEEDED = "target_missed", "target_exceeded"


@cache
def _lower_is_better() -> tuple[frozenset[str], tuple[str, ...]]:
    rows = read_tsv(DATA / "lower_is_better.tsv")
    return (frozenset(r["value"] for r in rows if r["kind"] == "indicator"),
            tuple(fold(r["value"]) for r in rows if r["kind"] == "subject"))


def lower_is_better(metric: MetricRow) -> bool:
    indicators, subject_words = _lower_is_better()
    if metric.indicator in indicators:
        return True
    subject = f" {fold(metric.subject)} "
    return any(f" {word} " in subject for word in subject_words)


@dataclass(frozen=True)
class Target:
    figure: MetricRow
    interval: Interval  # the target, a range when written as one
    reduction: bool  # a fall to reach: compared with the year's stated change
    ceiling: bool  # less is better
    bound: bool  # "dưới"/"trên": only one side counts

    @classmethod
    def of(cls, figure: MetricRow) -> Target:
        low = figure.interval
        high = (Interval.around(figure.value_max, figure.precision or 0.0)
                if figure.value_max is not None else low)
        approx = fold(figure.approx)
        reduction = follows_decrease(figure)
        upper = bool(approx) and has_phrase(approx, "upper_bound") is not None
        lower = bool(approx) and has_phrase(approx, "lower_bound") is not None
        ceiling = not reduction and (upper or (lower_is_better(figure) and not lower))
        return cls(figure, Interval(low.low, high.high), reduction, ceiling, upper or lower)


def check(store: StoreView) -> Iterator[Finding]:
    for document in store.checked:
        year = document.document.report_year
        if year is None:
            continue
        for other, documents_reason in series_documents(store, document):
            if other.document.report_year != year - 1:
                continue
            targets = figures(other, ["target"], ("year", year, None))
            for figure in targets:
                target = Target.of(figure)
                kinds = ["change"] if target.reduction else ["actual"]
                found = best_counterpart(figure, figures(document, kinds, ("year", year, None)),
                                         targets)
                if found is None:
                    continue
                actual, link = found
                finding = _judge(target, actual)
                if finding is None:
                    continue
                finding.other_doc_id = other.document.doc_id
                finding.link_reason = link_reason(
                    link, figure_period(actual, document.document), documents_reason)
                yield finding


def _achieved(target: Target, actual: MetricRow) -> Interval | None:
    """What the year achieved, on the target's scale: for a fall, how much it fell."""
    if not target.reduction:
        return actual.interval
    sign = sign_of_change(actual)
    if sign is None:
        return None
    return actual.interval if sign < 0 else actual.interval.negated()


def _judge(target: Target, actual: MetricRow) -> Finding | None:
    achieved = _achieved(target, actual)
    if achieved is None:
        return None
    wanted = target.interval
    if target.ceiling:
        missed, beyond = achieved.low > wanted.high, achieved.high < wanted.low
    else:
        missed, beyond = achieved.high < wanted.low, achieved.low > wanted.high
    if target.bound:
        beyond = False
    if not (missed or beyond):
        return None
    name = MISSED if missed else EXCEEDED
    figure = target.figure
    target_text = figure_text(figure)
    if figure.value_max is not None:
        target_text += "–" + figure_text(figure, figure.value_max)
    reduction_word = "giảm " if target.reduction else ""
    actual_text = reduction_word + figure_text(actual, achieved.middle)
    relevant = wanted.high if target.ceiling else wanted.low
    if not missed:
        relevant = wanted.low if target.ceiling else wanted.high
    return Finding(
        name, "info", actual.doc_id,
        message(name, period=figure.period, target=reduction_word + target_text,
                actual=actual_text, unit=unit_suffix(actual.unit)),
        [actual.metric_id, figure.metric_id],
        expected=float(relevant), observed=float(achieved.middle),
        tolerance=tolerance(achieved, figure.interval),
        arithmetic=f"{actual_text} {_relation(target, missed)} {reduction_word}{target_text}"
                   f" ({'càng thấp càng tốt' if target.ceiling else 'càng cao càng tốt'})")


def _relation(target: Target, missed: bool) -> str:
    below = missed != target.ceiling
    return "<" if below else ">"


RULE = Rule(MISSED, "series", check, also_names=(EXCEEDED,))
