"""Figures -> metrics: each figure with its sentence, section, page, subject, indicator,
period and kind."""

from __future__ import annotations

from itertools import groupby

from pipeline.model import Document, DocumentInfo, Figure, Metric, Section, Sentence
from pipeline.semantics.context import SentenceIndex, enclosing_sections, figure_context
from pipeline.semantics.indicator import indicator_of
from pipeline.semantics.kind import figure_kind
from pipeline.semantics.period import figure_period, year_mentions
from pipeline.semantics.subject import figure_subject
from pipeline.semantics.tokens import SentenceTokens


def annotate(document: Document, sections: list[Section], sentences: list[Sentence],
             figures: list[Figure], info: DocumentInfo) -> list[Metric]:
    """One Metric per figure, in the order of the figures given."""
    index = SentenceIndex(sentences)
    tokens = SentenceTokens(document.text)
    by_figure: dict[int, Metric] = {}

    def sentence_of(figure: Figure) -> Sentence:
        found = index.containing(figure.char_start)
        return found or Sentence(figure.char_start, figure.char_end, figure.raw)

    ordered = sorted(figures, key=lambda f: f.char_start)
    for sentence, group in groupby(ordered, key=sentence_of):
        in_sentence = list(group)
        for metric in _annotate_sentence(document, sections, sentence, in_sentence,
                                         tokens, info):
            by_figure[id(metric.figure)] = metric
    return [by_figure[id(f)] for f in figures]


def _annotate_sentence(document: Document, sections: list[Section], sentence: Sentence,
                       figures: list[Figure], tokens: SentenceTokens,
                       info: DocumentInfo) -> list[Metric]:
    text = document.text
    words = tokens.of(sentence)
    mentions = year_mentions(text, sentence.char_start, sentence.char_end,
                             excluded=[(f.char_start, f.char_end) for f in figures])
    metrics = []
    window_start, previous_subject, previous_indicator = sentence.char_start, None, None
    for figure in figures:
        context = figure_context(text, figure, sentence,
                                 enclosing_sections(sections, figure.char_start))
        kind = figure_kind(context)
        subject = figure_subject(context, words, window_start, kind, previous_subject)
        indicator = indicator_of(subject, context.clause)
        if indicator is None and subject is not None and subject == previous_subject:
            indicator = previous_indicator  # "giảm 02 vụ" measures what "06 vụ ..." did
        metrics.append(Metric(
            figure=figure,
            sentence=sentence.text,
            section_id=context.sections[0].section_id if context.sections else None,
            page=document.page_of(figure.char_start),
            subject=subject,
            indicator=indicator,
            period=figure_period(context, mentions, info.report_year),
            kind=kind,
        ))
        window_start, previous_subject, previous_indicator = figure.char_end, subject, indicator
    return metrics
