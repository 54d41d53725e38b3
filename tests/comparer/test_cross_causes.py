"""The likely causes the checks across reports give: a restated value copied from another
period, a change measured from the wrong base year."""

from __future__ import annotations

from pipeline.comparer.examples import example_tables
from pipeline.comparer.rules import cross_stated_change, cross_year_restatement
from pipeline.comparer.view import store_view

HEADER = "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI\nBÁO CÁO\nKết quả thực hiện nhiệm vụ năm {year}\n" \
         "I. KẾT QUẢ\n- "


def _report(year: int, text: str) -> str:
    return HEADER.format(year=year) + text


def test_restated_value_of_another_year_is_a_copy() -> None:
    texts = [_report(2021, "Toàn tỉnh giải quyết việc làm cho 16.240 lao động."),
             _report(2022, "Toàn tỉnh giải quyết việc làm cho 16.830 lao động."),
             _report(2023, "Giải quyết việc làm cho 17.050 lao động, tăng 810 lao động so "
                           "với năm 2022 (16.240 lao động).")]
    (finding,) = cross_year_restatement.RULE.run(store_view(example_tables(texts)))
    assert (finding.cause, finding.expected, finding.observed) == ("copied", 16830, 16240)


def test_restated_value_one_digit_off_is_a_typo() -> None:
    texts = [_report(2022, "Toàn tỉnh giải quyết việc làm cho 16.830 lao động."),
             _report(2023, "Giải quyết việc làm cho 17.050 lao động, tăng 170 lao động so "
                           "với năm 2022 (16.880 lao động).")]
    store = store_view(example_tables(texts))
    (finding,) = cross_year_restatement.RULE.run(store)
    assert finding.cause == "typo"
    assert [store.metric(i).raw for i in finding.metric_ids] == ["16.880 lao động",
                                                               "16.830 lao động"]
    assert finding.other_doc_id == store.documents[0].document.doc_id
    assert finding.tolerance == 0


def test_change_from_another_base_year() -> None:
    texts = [_report(2020, "Có 1.150 lao động đi làm việc ở nước ngoài theo hợp đồng."),
             _report(2021, "Có 1.210 lao động đi làm việc ở nước ngoài theo hợp đồng."),
             _report(2022, "Đưa 1.845 lao động đi làm việc ở nước ngoài theo hợp đồng, tăng "
                           "695 lao động so với năm trước.")]
    (finding,) = cross_stated_change.RULE.run(store_view(example_tables(texts)))
    assert (finding.cause, finding.expected, finding.observed) == ("base_period", 635, 695)


def test_change_from_the_year_written() -> None:
    texts = [_report(2020, "Có 1.150 lao động đi làm việc ở nước ngoài theo hợp đồng."),
             _report(2021, "Có 1.210 lao động đi làm việc ở nước ngoài theo hợp đồng."),
             _report(2022, "Đưa 1.845 lao động đi làm việc ở nước ngoài theo hợp đồng, tăng "
                           "695 lao động so với năm 2020.")]
    assert list(cross_stated_change.RULE.run(store_view(example_tables(texts)))) == []
