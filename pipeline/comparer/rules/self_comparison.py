"""A period compared with itself: "Tình hình biến động năm 2021 so với năm 2021 tăng 19
đối tượng" (one of the two years is wrong, so is the change). Years and comparison bases
are found as the period semantics finds them (pipeline.semantics.period.year_mentions)."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.messages import message
from pipeline.comparer.model import Finding
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView
from pipeline.semantics.period import year_mentions

# characters between the two years: "Năm 2023 xảy ra 05 vụ, giảm 02 vụ so với cùng kỳ năm 2023"
MAX_GAP = 120


def check(document: DocumentView) -> Iterator[Finding]:
    by_sentence: dict[str, list] = {}
    for metric in document.metrics:
        if metric.sentence:
            by_sentence.setdefault(metric.sentence, []).append(metric)
    for sentence, metrics in by_sentence.items():
        mentions = year_mentions(sentence, 0, len(sentence))
        for first, second in zip(mentions, mentions[1:], strict=False):
            if (second.is_comparison_base and not first.is_comparison_base
                    and first.period == second.period
                    and second.char_start - first.char_end <= MAX_GAP
                    and ";" not in sentence[first.char_end:second.char_start]):
                phrase = sentence[first.char_start - 4 if first.char_start >= 4 else 0:
                                  second.char_end].strip()
                changes = [m for m in metrics if m.kind == "change"] or metrics
                yield Finding("self_comparison", "error", document.document.doc_id,
                              message("self_comparison", phrase=phrase),
                              [m.metric_id for m in changes], arithmetic=phrase,
                              cause="base_period")
                break


RULE = Rule("self_comparison", "document", check)
