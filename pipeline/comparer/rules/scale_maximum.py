"""A score or rank above its maximum: "86,10 điểm/100" cannot exceed 100, "xếp thứ 22/21"
cannot be; "đạt 95 điểm" after "điểm tối đa là 10 điểm" in the same section cannot be
either. The words that make a score a ceiling are in data/scale_ceiling.tsv."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from pipeline.comparer.messages import message
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import figure_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView
from pipeline.data_files import read_tsv

CEILING_FILE = Path(__file__).parents[1] / "data" / "scale_ceiling.tsv"


@cache
def _ceiling_phrases() -> tuple[str, ...]:
    return tuple(sorted((row["phrase"] for row in read_tsv(CEILING_FILE)), key=len,
                        reverse=True))


def check(document: DocumentView) -> Iterator[Finding]:
    ceiling: MetricRow | None = None
    for metric in document.metrics:
        if metric.unit_class not in ("score", "rank"):
            continue
        if metric.unit_class == "score" and _is_ceiling(metric):
            ceiling = metric
            continue
        if metric.kind in ("other", "change") or metric.inexact:
            continue
        if metric.denominator is not None:
            if metric.value > metric.denominator:
                yield _finding(metric, metric.denominator, [metric.metric_id])
        elif (metric.unit_class == "score" and ceiling is not None
              and ceiling.section_id == metric.section_id and metric.value > ceiling.value):
            yield _finding(metric, ceiling.value, [metric.metric_id, ceiling.metric_id])


def _is_ceiling(metric: MetricRow) -> bool:
    sentence = (metric.sentence or "").lower()
    position = sentence.find(metric.raw.lower())
    before = sentence[:position].rstrip() if position >= 0 else ""
    return any(before.endswith(phrase) for phrase in _ceiling_phrases())


def _finding(metric: MetricRow, maximum: float, metric_ids: list[str]) -> Finding:
    name = "score_above_max" if metric.unit_class == "score" else "rank_above_max"
    stated, limit = figure_text(metric), figure_text(metric, maximum)
    return Finding(name, "error", metric.doc_id,
                   message(name, stated=stated, maximum=limit), metric_ids,
                   expected=maximum, observed=metric.value, tolerance=0.0,
                   arithmetic=f"{stated} > {limit}",
                   cause="typo" if metric.value / 10 <= maximum else None)


RULE = Rule("score_above_max", "document", check, also_names=("rank_above_max",))
