from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from pipeline.model import Document, Sentence
from pipeline.semantics.sentences import split_sentences
from tests.semantics.corpus import real_report_text
from tests.semantics.table_document import table_document


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(Document("t.txt", "txt", text))]


def assert_well_formed(text: str, sentences: list[Sentence]) -> None:
    covered = set()
    for previous, current in zip(sentences, sentences[1:], strict=False):
        assert previous.char_end <= current.char_start
    for s in sentences:
        assert s.char_start < s.char_end
        assert not text[s.char_start].isspace() and not text[s.char_end - 1].isspace()
        covered.update(range(s.char_start, s.char_end))
    uncovered = [i for i, c in enumerate(text) if not c.isspace() and i not in covered]
    assert uncovered == []


def test_splits_at_final_punctuation_but_not_at_semicolon():
    assert texts("Đạt 99,6% kế hoạch. Năm 2022 tiếp tục; tăng cường! Vì sao? Tốt") == [
        "Đạt 99,6% kế hoạch.", "Năm 2022 tiếp tục; tăng cường!", "Vì sao?", "Tốt"]


def test_never_splits_inside_numbers_or_legal_symbols():
    text = ("Giải quyết 15.939 lao động, trung cấp 1.225/1.800 người, kinh phí 69,991 tỷ đồng "
            "theo Nghị định số 04/2015/NĐ-CP. Thực hiện tốt.")
    assert texts(text) == [
        "Giải quyết 15.939 lao động, trung cấp 1.225/1.800 người, kinh phí 69,991 tỷ đồng "
        "theo Nghị định số 04/2015/NĐ-CP.", "Thực hiện tốt."]


def test_abbreviations_ellipsis_and_list_labels_do_not_end_a_sentence():
    assert texts("Làm việc tại TP. Huế với ThS. Lan và TS. Minh, v.v. rồi về") == [
        "Làm việc tại TP. Huế với ThS. Lan và TS. Minh, v.v. rồi về"]
    assert texts("Các hoạt động... được duy trì. Kết quả tốt") == [
        "Các hoạt động... được duy trì.", "Kết quả tốt"]
    assert texts("I. KẾT QUẢ\n1. Về chuyên môn\na. Tổng quát") == [
        "I. KẾT QUẢ", "1. Về chuyên môn", "a. Tổng quát"]


def test_line_breaks_and_glued_sentences():
    assert texts("cụ thể như sau:\n- 6 đợt\n\nnăm 2021.Đến nay, có 100% xã") == [
        "cụ thể như sau:", "- 6 đợt", "năm 2021.", "Đến nay, có 100% xã"]


def test_table_row_is_one_sentence_prefixed_by_the_header():
    rows = [["Chỉ tiêu", "Năm 2021", "Kế hoạch 2022"],
            ["Giải quyết việc làm. Lao động", "15.939", "16.300"]]
    document = table_document(rows, before="Bảng 1. Kết quả\n", after="\nHết.")
    text = document.text
    sentences = split_sentences(document)
    assert [s.text for s in sentences] == [
        "Bảng 1.", "Kết quả", "Chỉ tiêu | Năm 2021 | Kế hoạch 2022",
        "Chỉ tiêu | Năm 2021 | Kế hoạch 2022 → Giải quyết việc làm. Lao động | 15.939 | 16.300",
        "Hết."]
    row = sentences[3]
    assert text[row.char_start:row.char_end] == "Giải quyết việc làm. Lao động | 15.939 | 16.300"
    assert_well_formed(text, sentences)


@given(st.text(alphabet=st.sampled_from(list("aĐđ ừ.,;:!?…1/%\n\t ()")), max_size=80))
def test_sentences_are_sorted_disjoint_and_cover_every_visible_character(text):
    sentences = split_sentences(Document("t.txt", "txt", text))
    assert_well_formed(text, sentences)
    assert all("\n" not in s.text for s in sentences)


def test_real_report_sentences():
    text = real_report_text()
    sentences = split_sentences(Document("bao-cao-2021.txt", "txt", text))
    assert_well_formed(text, sentences)
    assert all("\n" not in text[s.char_start:s.char_end] for s in sentences)
    for symbol in ("15.939", "04/2015/NĐ-CP", "69,991", "1.225/1.800", "401,952.03"):
        for match in regex.finditer(regex.escape(symbol), text):
            inside = [s for s in sentences
                      if s.char_start <= match.start() and match.end() <= s.char_end]
            assert len(inside) == 1, symbol
    long_lines = [line for line in text.splitlines() if len(line) > 400]
    assert len(sentences) > len(text.splitlines()) - text.count("\n\n") + len(long_lines)
