"""Figures -> metrics: sentence, section, page, subject, period and kind of each figure."""

from __future__ import annotations

from pipeline.model import Document, DocumentInfo, Figure, Metric, Section, Sentence


def split_sentences(document: Document) -> list[Sentence]:  # placeholder
    return [Sentence(0, len(document.text), document.text)]


def annotate(document: Document, sections: list[Section], sentences: list[Sentence],
             figures: list[Figure], info: DocumentInfo) -> list[Metric]:  # placeholder
    return [Metric(figure=f, sentence="", page=document.page_of(f.char_start)) for f in figures]
