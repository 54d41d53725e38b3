"""Subjects of figures (pipeline/semantics/subject.py) on data/subject_examples.tsv, with the
figures found by the real quantity extractor."""

from __future__ import annotations

import pytest

from extractors.quantities import extract
from pipeline.model import Document, DocumentInfo
from pipeline.semantics.annotate import annotate
from pipeline.semantics.lexicon import subject_words
from pipeline.semantics.sentences import split_sentences
from pipeline.semantics.tables import table_grids
from tests.semantics.corpus import real_report_text
from tests.semantics.table_document import table_document
from tests.semantics.test_annotate import data_rows

REPORT_2022 = DocumentInfo(report_year=2022)
GLUE = ("cho", "với", "của", "là", "đã", "được", "và", "có", "đạt", "trong", "tại", "theo")


def subject_of(sentence: str, raw: str) -> str | None:
    document = Document("t.txt", "txt", sentence)
    figures = extract(sentence)
    start = sentence.index(raw)
    found = [f for f in figures if f.char_start == start]
    assert found, f"the extractor finds no figure at {raw!r}"
    metrics = annotate(document, [], split_sentences(document), figures, REPORT_2022)
    return next(m.subject for m in metrics if m.figure is found[0])


@pytest.mark.parametrize("row", data_rows("subject_examples.tsv"), ids=lambda r: r[1])
def test_subject_examples(row):
    sentence, raw, expected = row
    assert subject_of(sentence, raw) == expected


def test_a_table_cell_is_its_row_and_column_headers():
    rows = [["Đơn vị", "Kế hoạch (lao động)", "Thực hiện (lao động)"],
            ["Huyện Kim Sa", "1.950", "1.940"]]
    document = table_document(rows)
    figures = [f for f in extract(document.text, tables=table_grids(document))
               if f.raw in ("1.950", "1.940")]
    metrics = annotate(document, [], split_sentences(document), figures, REPORT_2022)
    assert [m.subject for m in metrics] == ["Huyện Kim Sa – Kế hoạch (lao động)",
                                            "Huyện Kim Sa – Thực hiện (lao động)"]


def test_real_report_subjects_are_short_and_start_with_no_glue():
    text = real_report_text()
    document = Document("bao-cao-2021.txt", "txt", text)
    figures = extract(text, tables=table_grids(document))
    metrics = annotate(document, [], split_sentences(document), figures,
                       DocumentInfo(report_year=2021))
    subjects = [m.subject for m in metrics if m.subject]
    short = sum(1 <= len(s.split()) <= 6 for s in subjects) / len(subjects)
    glued = [s for s in subjects if s.split()[0].lower() in GLUE]
    assert short > 0.85, short
    assert not glued
    assert sum(m.indicator is not None for m in metrics) / len(metrics) > 0.65


def test_examples_glue_words_are_trimmed_by_the_lexicon():
    assert set(GLUE) <= subject_words("trim") | subject_words("weak")
