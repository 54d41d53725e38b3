"""A draft and its final that state different values for the same figure
('draft_final_differs', info: a final may rightly update its draft, but an auditor wants to
see what changed; two figures that exchanged their values are one finding).

The draft is the report of the same series and period whose path or title says "dự thảo".
A figure of the final is matched to the draft's figure in the same place of the same
sentence (the sentences alike once their numbers are masked: a final mostly keeps the
draft's wording); where the sentence was reworded, to the one draft figure linked by
indicator or subject."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rapidfuzz import fuzz

from pipeline.comparer.linking import (
    FigureLink,
    counterparts,
    document_period,
    figure_period,
    fold,
    is_draft,
    link_figures,
    link_reason,
    series_documents,
    tolerance,
)
from pipeline.comparer.messages import message, unit_suffix
from pipeline.comparer.model import Finding, MetricRow
from pipeline.comparer.numbers import figure_text
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView, StoreView

NAME = "draft_final_differs"
SENTENCE_THRESHOLD = 90.0


def _masked(sentence: str | None) -> str:
    return re.sub(r"\d+(?:[.,]\d+)*", "#", fold(sentence))


def check(store: StoreView) -> Iterator[Finding]:
    for final in store.checked:
        if is_draft(final.document) or final.document.report_year is None:
            continue
        for draft, reason in series_documents(store, final):
            if (is_draft(draft.document)
                    and draft.document.report_year == final.document.report_year
                    and document_period(draft.document) == document_period(final.document)):
                yield from _compare(final, draft, reason)


def _by_sentence(metrics: list[MetricRow]) -> dict[str, list[MetricRow]]:
    grouped: dict[str, list[MetricRow]] = {}
    for metric in metrics:
        grouped.setdefault(metric.sentence or "", []).append(metric)
    return grouped


def _compare(final: DocumentView, draft: DocumentView, documents_reason: str
             ) -> Iterator[Finding]:
    draft_sentences = _by_sentence(draft.metrics)
    masked_drafts = {sentence: _masked(sentence) for sentence in draft_sentences}
    differing: list[tuple[MetricRow, MetricRow, FigureLink]] = []
    for sentence, metrics in _by_sentence(final.metrics).items():
        masked = _masked(sentence)
        best, score, plain = None, 0.0, 0.0
        for draft_sentence, draft_masked in masked_drafts.items():
            ratio = fuzz.ratio(masked, draft_masked)
            if ratio < score:
                continue
            # rows alike but for their numbers ("từ 10% - dưới 30%"): the closest as written
            as_written = fuzz.ratio(fold(sentence), fold(draft_sentence))
            if ratio > score or as_written > plain:
                best, score, plain = draft_sentence, ratio, as_written
        aligned = best is not None and score >= SENTENCE_THRESHOLD
        if aligned:
            pairs = _aligned(metrics, draft_sentences[best], score)
        else:
            pairs = _linked(final, draft, metrics)
        for figure, original, link in pairs:
            if (figure.kind == "other" or figure.kind != original.kind
                    or figure.interval.meets(original.interval)):
                continue
            # a reworded sentence may state the value in another place; in the same wording,
            # a value moved to another place is a change ("tiếp nhận 98, giải quyết 120")
            if not aligned and any(figure.interval.meets(m.interval)
                                   for m in draft_sentences[original.sentence or ""]):
                continue
            differing.append((figure, original, link))
    partners = _swaps(differing)
    for index, (figure, original, link) in enumerate(differing):
        if index not in partners:
            yield _finding(final, draft, figure, original, link, documents_reason)
        elif partners[index] > index:
            yield _swap_finding(final, draft, differing[index], differing[partners[index]],
                                documents_reason)


def _swaps(differing: list[tuple[MetricRow, MetricRow, FigureLink]]) -> dict[int, int]:
    """Pairs of figures that exchanged their values between the draft and the final (each
    has the other's draft value, as two table rows' numbers swapped): one slip, one finding.
    Each index maps to its partner's."""
    partners: dict[int, int] = {}
    for first, (figure, original, _) in enumerate(differing):
        if first in partners:
            continue
        for second in range(first + 1, len(differing)):
            other, other_original, _ = differing[second]
            if (second not in partners and figure.unit == other.unit
                    and figure.interval.meets(other_original.interval)
                    and other.interval.meets(original.interval)):
                partners[first], partners[second] = second, first
                break
    return partners


def _aligned(metrics: list[MetricRow], draft_metrics: list[MetricRow], score: float
             ) -> list[tuple[MetricRow, MetricRow, FigureLink]]:
    """The figures in the same place of two alike sentences, when both have as many."""
    if len(metrics) != len(draft_metrics):
        return []
    pairs = []
    for figure, original in zip(metrics, draft_metrics, strict=True):
        link = link_figures(figure, original)
        if link is None and figure.unit_class == original.unit_class:
            link = FigureLink(False, score, "")
        if link is not None:
            reason = f"câu giống {score:.0f}% trong dự thảo, cùng đơn vị " \
                     f"{figure.unit or figure.unit_class}"
            pairs.append((figure, original, FigureLink(link.by_indicator, score, reason)))
    return pairs


def _linked(final: DocumentView, draft: DocumentView, metrics: list[MetricRow]
            ) -> list[tuple[MetricRow, MetricRow, FigureLink]]:
    pairs = []
    for figure in metrics:
        if figure.kind == "other":
            continue
        period = figure_period(figure, final.document).key
        candidates = [m for m in draft.metrics if m.kind == figure.kind
                      and figure_period(m, draft.document).key == period]
        rivals = [m for m in final.metrics if m.kind == figure.kind
                  and figure_period(m, final.document).key == period]
        found = [(m, link) for m, link in counterparts(figure, candidates, rivals)
                 if link.strong]
        if len(found) == 1:
            pairs.append((figure, *found[0]))
    return pairs


def _finding(final: DocumentView, draft: DocumentView, figure: MetricRow, original: MetricRow,
             link: FigureLink, documents_reason: str) -> Finding:
    final_text, draft_text = figure_text(figure), figure_text(original)
    period = figure_period(figure, final.document)
    return Finding(
        NAME, "info", figure.doc_id,
        message(NAME, draft=draft_text, final=final_text, unit=unit_suffix(figure.unit)),
        [figure.metric_id, original.metric_id],
        expected=original.value, observed=figure.value,
        other_doc_id=draft.document.doc_id,
        tolerance=tolerance(figure.interval, original.interval),
        arithmetic=f"{final_text} (bản chính thức) ≠ {draft_text} (dự thảo)",
        link_reason=link_reason(link, period, documents_reason))


def _swap_finding(final: DocumentView, draft: DocumentView,
                  first: tuple[MetricRow, MetricRow, FigureLink],
                  second: tuple[MetricRow, MetricRow, FigureLink],
                  documents_reason: str) -> Finding:
    (figure, original, link), (other, other_original, _) = first, second
    finals = [figure_text(figure), figure_text(other)]
    drafts = [figure_text(original), figure_text(other_original)]
    period = figure_period(figure, final.document)
    return Finding(
        NAME, "info", figure.doc_id,
        message("draft_final_swapped", draft_first=drafts[0], draft_second=drafts[1],
                final_first=finals[0], final_second=finals[1], unit=unit_suffix(figure.unit)),
        [figure.metric_id, other.metric_id, original.metric_id, other_original.metric_id],
        expected=original.value, observed=figure.value,
        other_doc_id=draft.document.doc_id,
        tolerance=tolerance(figure.interval, original.interval),
        arithmetic=f"{finals[0]}, {finals[1]} (bản chính thức) ⇄ {drafts[0]}, {drafts[1]} "
                   f"(dự thảo)",
        link_reason=link_reason(link, period, documents_reason))


RULE = Rule(NAME, "series", check)
