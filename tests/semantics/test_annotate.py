from __future__ import annotations

import pytest

from pipeline.data_files import read_rows
from pipeline.model import (
    Document,
    DocumentInfo,
    Figure,
    Metric,
    Section,
    Sentence,
)
from pipeline.semantics.annotate import annotate
from pipeline.semantics.cues import sentence_cues
from pipeline.semantics.indicator import indicator_of
from pipeline.semantics.lexicon import DATA_DIR
from pipeline.semantics.sentences import split_sentences
from pipeline.semantics.tokens import sentence_doc
from tests.semantics.corpus import real_report_text
from tests.semantics.figure_finder import find_figures
from tests.semantics.table_document import table_document

REPORT_2021 = DocumentInfo(report_year=2021)


def data_rows(name: str) -> list[tuple[str, ...]]:
    return read_rows(DATA_DIR / name)


def metrics_of(text: str, sections: list[Section] = (), page_starts: list[int] = (),
               info: DocumentInfo = REPORT_2021) -> dict[str, Metric]:
    """Metrics of every figure of the text, by the figure as written."""
    document = Document("t.txt", "txt", text, page_starts=list(page_starts))
    figures = find_figures(text)
    metrics = annotate(document, list(sections), split_sentences(document), figures, info)
    assert [m.figure for m in metrics] == figures
    return {m.figure.raw: m for m in metrics}


def test_job_creation_and_its_attainment():
    metrics = metrics_of("Giải quyết việc làm cho 15.939 lao động đạt 99,6% so với kế hoạch.")
    jobs, attained = metrics["15.939 lao"], metrics["99,6%"]
    assert jobs.subject == "Giải quyết việc làm"
    assert (jobs.indicator, jobs.kind, jobs.period) == ("job_creation", "actual", "2021")
    assert attained.subject == "Giải quyết việc làm"
    assert (attained.indicator, attained.kind) == ("job_creation", "attainment")
    assert jobs.sentence == "Giải quyết việc làm cho 15.939 lao động đạt 99,6% so với kế hoạch."


def test_a_bare_total_counts_the_noun_its_words_name_and_its_parts_count():
    metrics = metrics_of("Đơn thư nhận được trong năm là 44 (gồm 09 đơn khiếu nại, "
                         "35 đơn kiến nghị).")
    total = metrics["44"]
    assert (total.figure.unit, total.figure.unit_class) == ("đơn", "count")
    assert metrics["09 đơn"].relation.whole is total.figure
    # the parts count another noun than the words before the bare number name: left bare
    other = metrics_of("Kết quả là 120 (gồm 50 người ở tỉnh, 70 người ở xã).")["120"]
    assert (other.figure.unit, other.figure.unit_class) == (None, "other")


def test_parts_listed_on_the_lines_after_their_total():
    metrics = metrics_of("Số lao động được giải quyết việc làm là 1.250 người, trong đó:\n"
                         "- Lao động trong tỉnh: 900 người;\n"
                         "- Lao động đi làm việc ở nước ngoài: 350 người.\n"
                         "Số hộ nghèo giảm còn 15 người.")
    total = metrics["1.250 người"].figure
    for part in ("900 người", "350 người"):
        assert metrics[part].relation.whole is total
        assert metrics[part].relation.part_scope == "subset"
    assert metrics["15 người"].relation.whole is None  # the list has ended
    # a heading's mark ("II.") ends the list too: the dash after it is not an item of it
    after_heading = metrics_of("Số lao động được giải quyết việc làm là 1.250 người, trong đó:\n"
                               "- Lao động trong tỉnh: 900 người;\n"
                               "II. KẾT QUẢ KHÁC\n- Hỗ trợ 100 người.")
    assert after_heading["900 người"].relation.whole is after_heading["1.250 người"].figure
    assert after_heading["100 người"].relation.whole is None


def test_a_nested_list_breaks_down_each_item_not_the_total():
    text = ("Tổng số cán bộ được đào tạo là 120 người, gồm:\n"
            "- Cấp tỉnh: 50 người, trong đó:\n+ Nam: 30 người;\n+ Nữ: 20 người;\n"
            "- Cấp huyện: 70 người, trong đó:\n+ Nam: 40 người;\n+ Nữ: 25 người.")
    document = Document("t.txt", "txt", text)
    figures = find_figures(text)
    metrics = annotate(document, [], split_sentences(document), figures, REPORT_2021)
    whole_of = {m.figure.raw + f"@{m.figure.char_start}": m.relation.whole for m in metrics}
    total, province, district = figures[0], figures[1], figures[4]
    assert [whole_of[f"{f.raw}@{f.char_start}"] for f in figures] == [
        None, total, province, province, total, district, district]


def test_parts_listed_under_a_plan_are_that_plan():
    metrics = metrics_of("Tổng kế hoạch vốn năm 2021 là: 13.200 triệu đồng. Trong đó:\n"
                         "+ Nguồn ngân sách địa phương là 11.100 triệu đồng;\n"
                         "+ Nguồn ngân sách trung ương hỗ trợ là 2.100 triệu đồng.")
    total = metrics["13.200 triệu đồng"]
    assert total.kind == "plan"
    for part in ("11.100 triệu đồng", "2.100 triệu đồng"):
        assert (metrics[part].kind, metrics[part].relation.whole) == ("plan", total.figure)


def test_a_bracket_opened_by_a_scope_cue_holds_parts_separated_by_semicolons():
    metrics = metrics_of("Thu ngân sách 120 tỷ đồng (gồm: thu nội địa 100 tỷ đồng; thu khác "
                         "25 tỷ đồng); chi ngân sách 80 tỷ đồng.")
    total = metrics["120 tỷ đồng"].figure
    assert metrics["100 tỷ đồng"].relation.whole is total
    assert metrics["25 tỷ đồng"].relation.whole is total
    assert metrics["25 tỷ đồng"].relation.part_scope == "complete"
    assert metrics["80 tỷ đồng"].relation.whole is None


def test_support_and_its_budget_after_colons():
    metrics = metrics_of("Tính đến ngày 10/12/2021, toàn tỉnh đã thực hiện hỗ trợ: 131.489 người, "
                         "với tổng kinh phí: 69,991 tỷ đồng.")
    assert metrics["131.489 người"].subject == "hỗ trợ"
    budget = metrics["69,991 tỷ đồng"]
    assert (budget.subject, budget.indicator, budget.period) == ("tổng kinh phí", "budget", "2021")


def test_generic_verb_is_completed_by_the_words_after_the_figure():
    metrics = metrics_of("Năm 2021 có 492 lao động đi làm việc ở nước ngoài theo hợp đồng.")
    m = metrics["492 lao"]
    assert "làm việc ở nước ngoài" in m.subject and m.indicator == "labour_export"


def test_change_inherits_what_the_previous_figure_measures():
    metrics = metrics_of("Năm 2021 xảy ra 06 vụ tai nạn lao động, giảm 02 vụ so với cùng kỳ.")
    assert metrics["06 vụ"].indicator == "work_accidents"
    assert metrics["02 vụ"].indicator == "work_accidents"
    assert metrics["02 vụ"].kind == "change"


def test_words_after_a_figure_up_to_a_boundary_belong_to_it():
    metrics = metrics_of("Có 316 hộ xây mới và 1.274 hộ sửa chữa nhà.")
    assert metrics["1.274 hộ"].subject == "sửa chữa nhà"


@pytest.mark.parametrize("row", data_rows("kind_examples.tsv"), ids=lambda r: f"{r[2]}:{r[1]}")
def test_kind_and_period_examples(row):
    sentence, raw, kind, period, heading = row
    label, _, title = heading.partition(": ")
    text = sentence if heading == "-" else f"{heading}\n{sentence}"
    sections = [] if heading == "-" else [Section("s1", None, 1, label, title, label, 0, len(text))]
    document = Document("t.txt", "txt", text)
    start = text.index(raw)
    found = [f for f in find_figures(text) if f.char_start == start and f.raw == raw]
    figure = found[0] if found else Figure(
        start, start + len(raw), raw, 0.0, unit="%" if raw.endswith("%") else None,
        unit_class="percent" if raw.endswith("%") else "count")
    others = [f for f in find_figures(text)
              if f.char_end <= start or f.char_start >= figure.char_end]
    figures = sorted(others + [figure], key=lambda f: f.char_start)
    metrics = annotate(document, sections, split_sentences(document), figures, REPORT_2021)
    metric = next(m for m in metrics if m.figure is figure)
    assert (metric.kind, metric.period) == (kind, period)


@pytest.mark.parametrize("row", data_rows("indicators_examples.tsv"), ids=lambda r: r[0])
def test_indicator_examples(row):
    phrase, key = row
    assert indicator_of(phrase) == (None if key == "-" else key)


def test_innermost_section_page_and_next_year_part():
    text = ("Phần thứ nhất\nI. Kết quả\nGiải quyết việc làm cho 15.939 lao động.\n"
            "Phần thứ hai\nI. CHỈ TIÊU\nGiải quyết việc làm cho 16.300 lao động.")
    first, second = text.index("Phần thứ hai"), text.index("Giải quyết việc làm cho 16")
    inner_first = text.index("I. Kết quả")
    sections = [
        Section("s1", None, 1, "Phần thứ nhất", "", "Phần thứ nhất", 0, first),
        Section("s2", "s1", 2, "I", "Kết quả", "Phần thứ nhất > I", inner_first, first),
        Section("s3", None, 1, "Phần thứ hai", "", "Phần thứ hai", first, len(text)),
        Section("s4", "s3", 2, "I", "CHỈ TIÊU", "Phần thứ hai > I", second - 12, len(text)),
    ]
    metrics = metrics_of(text, sections, page_starts=[0, first])
    done, planned = metrics["15.939 lao"], metrics["16.300 lao"]
    assert (done.section_id, done.page, done.period, done.kind) == ("s2", 1, "2021", "actual")
    assert (planned.section_id, planned.page, planned.period, planned.kind) == (
        "s4", 2, "2022", "target")
    assert planned.indicator == "job_creation"


def test_figure_outside_every_sentence_still_gets_a_metric():
    document = Document("t.txt", "txt", "Có 5 người.")
    figure = Figure(3, 10, "5 người", 5, "người", "count")
    [metric] = annotate(document, [], [], [figure], DocumentInfo())
    assert metric.sentence == "5 người" and metric.period is None and metric.page is None


def test_real_report_every_figure_is_placed():
    # Its cost against underthesea's word_tokenize is measured by `make bench`.
    text = real_report_text()
    document = Document("bao-cao-2021.txt", "txt", text)
    figures = find_figures(text)
    sentences = split_sentences(document)
    metrics = annotate(document, [], sentences, figures, REPORT_2021)

    assert len(metrics) == len(figures) > 150
    assert all(m.sentence and m.figure.raw in m.sentence for m in metrics)
    assert sum(m.subject is not None for m in metrics) / len(metrics) > 0.9
    assert sum(m.indicator is not None for m in metrics) / len(metrics) > 0.5
    by_raw = {m.figure.raw: m for m in metrics}
    assert by_raw["15.939 lao"].indicator == "job_creation"
    assert by_raw["99,6%"].kind == "attainment"
    assert by_raw["66,8%"].indicator == "trained_labour_rate"


def test_sentence_doc_keeps_the_sentence_text_and_document_offsets():
    text = "Mở đầu.  Giải quyết việc làm cho  16.240 lao động, đạt 101,5% so với kế hoạch."
    start = text.index("Giải")
    sentence = Sentence(start, len(text), text[start:])
    placed = sentence_doc(text, sentence)
    assert placed.doc.text == sentence.text
    figure_at = text.index("16.240")
    assert placed.span(figure_at, figure_at + len("16.240 lao động")).text == "16.240 lao động"
    assert all(text[w.char_start:w.char_end] == w.text for w in placed.words())


def test_cue_phrases_match_however_the_syllables_are_grouped():
    text = "Giảm 460 lao động so với năm 2019, đạt 97,5% so với kế hoạch."
    cues = sentence_cues(sentence_doc(text, Sentence(0, len(text), text)))
    found = {(c.role, text[c.char_start:c.char_end].lower()) for c in cues}
    assert {("change_before", "giảm"), ("comparison", "so với"), ("base", "kế hoạch")} <= found


def test_table_cell_takes_the_kind_of_its_column():
    rows = [["Đơn vị", "Kế hoạch năm 2021", "Thực hiện năm 2021"],
            ["Huyện Kim Sa", "1.950", "1.940"]]
    document = table_document(rows)
    figures = [f for f in find_figures(document.text) if f.raw in ("1.950", "1.940")]
    metrics = annotate(document, [], split_sentences(document), figures, REPORT_2021)
    assert [(m.figure.raw, m.kind, m.period) for m in metrics] == [
        ("1.950", "plan", "2021"), ("1.940", "actual", "2021")]


def test_a_row_whose_label_names_a_plan_holds_plan_figures_in_a_results_column():
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu"],
            ["1", "Dự toán chi thường xuyên được giao", "Triệu đồng", "45.300"],
            ["2", "Số đã chi", "Triệu đồng", "41.870"]]
    document = table_document(rows)
    figures = [f for f in find_figures(document.text) if f.raw in ("45.300", "41.870")]
    metrics = annotate(document, [], split_sentences(document), figures, REPORT_2021)
    assert [(m.figure.raw, m.kind) for m in metrics] == [
        ("45.300", "plan"), ("41.870", "actual")]


def test_a_note_cell_of_words_is_read_as_prose_not_as_the_rows_label():
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"],
            ["1", "Số cán bộ có mặt", "Người", "1.204",
             "Có mặt: 1.204 (cấp tỉnh: 388, cấp xã: 816)"]]
    document = table_document(rows)
    figures = [f for f in find_figures(document.text) if f.raw in ("1.204", "388", "816")]
    metrics = annotate(document, [], split_sentences(document), figures, REPORT_2021)
    assert [(m.figure.raw, m.kind) for m in metrics] == [
        ("1.204", "actual"), ("1.204", "actual"), ("388", "actual"), ("816", "actual")]


def test_a_list_item_heading_is_not_the_period_of_its_own_figures():
    text = ("Phần thứ nhất Kết quả năm 2020\n"
            "- Giải quyết việc làm cho 15.120 lao động, giảm 460 lao động so với năm 2019 "
            "(15.580 lao động).")
    item = text.index("- Giải")
    sections = [Section("s1", None, 1, "Phần thứ nhất", "Kết quả năm 2020", "Phần thứ nhất",
                        0, len(text)),
                Section("s2", "s1", 2, "-", text[item + 2:], "Phần thứ nhất > -", item,
                        len(text))]
    metrics = metrics_of(text, sections, info=DocumentInfo(report_year=2020))
    assert [(m.kind, m.period) for m in metrics.values()] == [
        ("actual", "2020"), ("change", "2020"), ("actual", "2019")]
    assert metrics["15.120 lao"].section_id == "s2"


def test_attainment_column_and_a_figure_inside_a_label_cell():
    rows = [["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ đạt (%)"],
            ["1", "Trẻ em học 2 buổi/ngày", "90", "93,6", "104,0"]]
    text = "\n".join(" | ".join(row) for row in rows)
    document = Document("t.txt", "txt", text)
    figures = [f for f in find_figures(text) if f.raw.split()[0] in ("2", "90", "93,6", "104,0")]
    metrics = annotate(document, [], split_sentences(document), figures, REPORT_2021)
    assert [(m.figure.raw.split()[0], m.kind) for m in metrics] == [
        ("2", "other"), ("90", "plan"), ("93,6", "actual"), ("104,0", "attainment")]


def test_a_change_in_a_table_cell_is_a_change_whatever_its_column():
    rows = [["Địa bàn", "Số vụ", "So với cùng kỳ", "Ghi chú"],
            ["Xã Bình An", "56", "giảm 11 vụ", "tăng 2 vụ"]]
    text = "\n".join(" | ".join(row) for row in rows)
    document = Document("t.txt", "txt", text)
    figures = [f for f in find_figures(text) if f.raw in ("56", "11 vụ", "2 vụ")]
    metrics = annotate(document, [], split_sentences(document), figures, REPORT_2021)
    assert [(m.figure.raw, m.kind) for m in metrics] == [
        ("56", "actual"), ("11 vụ", "change"), ("2 vụ", "change")]


def test_a_cell_separator_is_never_part_of_a_word():
    text = "Xã Bình An | 56 | giảm 11 vụ"
    doc = sentence_doc(text, Sentence(0, len(text), text))
    assert "|" in [t.text for t in doc.words()]
    assert all("|" not in t.text or t.text == "|" for t in doc.words())
