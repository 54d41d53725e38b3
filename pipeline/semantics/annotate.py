"""Figures -> metrics: each figure with its sentence, section, page, subject, indicator,
period and kind."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from extractors.dates import extract as extract_dates
from pipeline.model import (
    DateMention,
    Document,
    DocumentInfo,
    Figure,
    Metric,
    Section,
    Sentence,
)
from pipeline.semantics.context import SentenceIndex, enclosing_sections, figure_context
from pipeline.semantics.cues import Cue, sentence_cues
from pipeline.semantics.indicator import indicator_of
from pipeline.semantics.kind import SentenceFigures, figure_kind
from pipeline.semantics.listed_parts import ListedPart, listed_parts
from pipeline.semantics.period import DocumentPeriods, year_mentions
from pipeline.semantics.relations import opens_bracket, relate_sentence, relate_tables
from pipeline.semantics.report_part import ReportPeriod, in_next_period_part, report_period
from pipeline.semantics.subject import figure_subject, table_subject
from pipeline.semantics.tables import cell_headers, is_label_cell
from pipeline.semantics.tokens import SentenceTokens

RELATION_KINDS = frozenset({"attainment", "change"})  # they relate two figures: not a whole


def annotate(document: Document, sections: list[Section], sentences: list[Sentence],
             figures: list[Figure], info: DocumentInfo,
             dates: list[DateMention] | None = None) -> list[Metric]:
    """One Metric per figure, in the order of the figures given. `dates` are the document's
    date mentions (extractors.dates), found here when not given."""
    index = SentenceIndex(sentences)
    tokens = SentenceTokens(document.text)
    by_figure: dict[int, Metric] = {}
    report = report_period(document.text, sections, info)
    periods = DocumentPeriods(document, sentences, figures, report,
                              extract_dates(document.text) if dates is None else dates)

    def sentence_of(figure: Figure) -> Sentence:
        found = index.containing(figure.char_start)
        return found or Sentence(figure.char_start, figure.char_end, figure.raw)

    ordered = sorted(figures, key=lambda f: f.char_start)
    listed = listed_parts(document.text, ordered)

    def listed_whole(figure: Figure) -> tuple[Figure, str] | None:
        """The total a list item's figure breaks down, with its kind (annotated before)."""
        part = listed.get(id(figure))
        return (part.whole, by_figure[id(part.whole)].kind) if part else None

    for sentence, group in groupby(ordered, key=sentence_of):
        in_sentence = list(group)
        for metric in _annotate_sentence(document, sections, sentence, in_sentence,
                                         tokens, report, periods, listed_whole):
            by_figure[id(metric.figure)] = metric
    metrics = [by_figure[id(f)] for f in figures]
    _relate_listed(metrics, listed, by_figure)
    relate_tables(document, metrics)
    _measures_of_compared(metrics)
    return metrics


def _relate_listed(metrics: list[Metric], listed: dict[int, ListedPart],
                   by_figure: dict[int, Metric]) -> None:
    """Listed parts of the kind of their total (a part that says it is a plan of an actual
    total is no part of it) become its parts."""
    for metric in metrics:
        part = listed.get(id(metric.figure))
        if part is None or metric.relation.whole is not None:
            continue
        if metric.kind == by_figure[id(part.whole)].kind:
            metric.relation.whole, metric.relation.part_scope = part.whole, part.scope


def _measures_of_compared(metrics: list[Metric]) -> None:
    """A change or an attainment, and its base, measure what the compared figure does: in
    "Tiêm phòng gia súc, gia cầm 398.386 con, tăng 11.484 con so với năm 2020 (386.902 con)"
    both 11.484 and 386.902 are vaccinations, whatever words stand right before them; the
    comparer links 386.902 to the 2020 report's figure by that subject."""
    by_figure = {id(m.figure): m for m in metrics}
    for metric in metrics:
        relation = metric.relation
        if metric.kind not in RELATION_KINDS or relation.compared is None:
            continue
        compared = by_figure.get(id(relation.compared))
        if compared is None or compared.subject is None:
            continue
        for figure in (metric.figure, relation.base):
            measured = by_figure.get(id(figure)) if figure is not None else None
            if measured is not None and measured is not compared:
                measured.subject, measured.indicator = compared.subject, compared.indicator


def _annotate_sentence(document: Document, sections: list[Section], sentence: Sentence,
                       figures: list[Figure], tokens: SentenceTokens,
                       report: ReportPeriod, periods: DocumentPeriods,
                       listed_whole: Callable[[Figure], tuple[Figure, str] | None],
                       ) -> list[Metric]:
    text = document.text
    sentence_doc = tokens.of(sentence)
    contexts = [figure_context(text, figure, sentence,
                               enclosing_sections(sections, figure.char_start))
                for figure in figures]
    for context in contexts:
        sentence_doc.tag(context.clause_start, context.clause_end)
    words = sentence_doc.words()
    cues = sentence_cues(sentence_doc)
    mentions = year_mentions(text, sentence.char_start, sentence.char_end,
                             excluded=[(f.char_start, f.char_end) for f in figures])
    metrics: list[Metric] = []
    window_start, previous_subject, previous_indicator = sentence.char_start, None, None
    for figure, context in zip(figures, contexts, strict=True):
        previous = metrics[-1] if metrics else None
        row_header, column_header = cell_headers(document, figure.char_start)
        in_words = column_header is not None and is_label_cell(document, figure.raw,
                                                               figure.char_start)
        # a cell of words beside the row's label (a "Ghi chú" note: "Số người có mặt:
        # 57.024 (cấp tỉnh: 15.971 ...)") is read as prose, not by its column
        in_note = in_words and row_header is not None
        around = SentenceFigures(
            cues=cues,
            previous=previous.figure if previous else None,
            previous_kind=previous.kind if previous else None,
            whole=_whole_of_part(text, figure, cues, metrics) or listed_whole(figure),
            next_year_part=in_next_period_part(context, report),
            column_header=None if in_note else column_header,
            row_header=row_header,
            in_label_cell=in_words and not in_note,
            earlier=tuple((m.figure, m.kind) for m in metrics),
        )
        kind = figure_kind(context, around)
        subject = (table_subject(row_header, column_header) if column_header is not None
                   else figure_subject(context, words, window_start, kind, previous_subject))
        indicator = indicator_of(subject, context.clause)
        if indicator is None and subject is not None and subject == previous_subject:
            indicator = previous_indicator  # "giảm 02 vụ" measures what "06 vụ ..." did
        placed = periods.of(context, mentions)
        metrics.append(Metric(
            figure=figure,
            sentence=sentence.text,
            section_id=context.sections[0].section_id if context.sections else None,
            page=document.page_of(figure.char_start),
            subject=subject,
            indicator=indicator,
            period=placed.period,
            kind=kind,
            period_granularity=placed.span.granularity,
            period_start=placed.span.start,
            period_end=placed.span.end,
        ))
        window_start, previous_subject, previous_indicator = figure.char_end, subject, indicator
    relate_sentence(text, sentence, metrics, cues)
    return metrics


def _in_brackets(text: str, figure: Figure, scope: Cue) -> bool:
    """Whether a bracket opened before the figure is still open at the scope cue: "(2.100
    lao động)" restates a plan, it is not what "trong đó" breaks down."""
    opened = text.rfind("(", 0, figure.char_start)
    return (opened > text.rfind(")", 0, figure.char_start)
            and ")" in text[figure.char_end:scope.char_start])


def _reaches(text: str, scope: Cue, figure: Figure) -> bool:
    """Whether a scope cue still holds at the figure: no ";" between them, or the cue opens
    a bracket not closed before it ("(gồm: A; B)")."""
    between = text[scope.char_end:figure.char_start]
    return ";" not in between or (opens_bracket(text, scope) and ")" not in between)


def _whole_of_part(text: str, figure: Figure, cues: list[Cue],
                   earlier: list[Metric]) -> tuple[Figure, str] | None:
    """The figure that a "trong đó"/"gồm" before this one breaks down, with its kind."""
    scopes = [c for c in cues if c.role == "part_scope" and c.char_end <= figure.char_start
              and _reaches(text, c, figure)]
    if not scopes:
        return None
    scope = scopes[-1]
    wholes = [m for m in earlier if m.figure.char_end <= scope.char_start
              and m.kind not in RELATION_KINDS and not _in_brackets(text, m.figure, scope)]
    return (wholes[-1].figure, wholes[-1].kind) if wholes else None
