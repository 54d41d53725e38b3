"""Targets across reports: which of target_missed / target_exceeded fires, and when neither."""

from __future__ import annotations

import pytest

from pipeline.comparer.examples import example_tables
from pipeline.comparer.rules.targets import RULE
from pipeline.comparer.view import store_view

HEADER = "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI\nBÁO CÁO\n"


def _reports(previous_result: str, target: str, result: str,
             title: str = "Kết quả thực hiện nhiệm vụ năm 2023") -> list[str]:
    return [
        f"{HEADER}Kết quả thực hiện nhiệm vụ năm 2022 và phương hướng, nhiệm vụ năm 2023\n"
        f"Phần thứ nhất\nKẾT QUẢ NĂM 2022\n- {previous_result}\n"
        f"Phần thứ hai\nPHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023\n1. {target}",
        f"{HEADER}{title}\nI. KẾT QUẢ\n- {result}",
    ]


def _rules(texts: list[str]) -> list[str]:
    return sorted(f.rule for f in RULE.run(store_view(example_tables(texts))))


@pytest.mark.parametrize(("previous", "target", "result", "expected"), [
    ("Giải quyết việc làm cho 16.830 lao động.", "Giải quyết việc làm cho 17.200 lao động.",
     "Giải quyết việc làm cho 17.050 lao động.", ["target_missed"]),
    ("Giải quyết việc làm cho 16.830 lao động.", "Giải quyết việc làm cho 17.000 lao động.",
     "Giải quyết việc làm cho 17.050 lao động.", ["target_exceeded"]),
    ("Giải quyết việc làm cho 16.830 lao động.", "Giải quyết việc làm cho 17.050 lao động.",
     "Giải quyết việc làm cho 17.050 lao động.", []),
    # less is better: a ceiling
    ("Xảy ra 08 vụ tai nạn lao động.", "Số vụ tai nạn lao động không quá 06 vụ.",
     "Xảy ra 07 vụ tai nạn lao động.", ["target_missed"]),
    ("Xảy ra 08 vụ tai nạn lao động.", "Số vụ tai nạn lao động không quá 06 vụ.",
     "Xảy ra 05 vụ tai nạn lao động.", []),  # "không quá" is a bound: 5 only meets it
    # so is "dưới"
    ("Tỷ lệ thất nghiệp khu vực thành thị là 3,1%.",
     "Tỷ lệ thất nghiệp khu vực thành thị dưới 3,0%.",
     "Tỷ lệ thất nghiệp khu vực thành thị là 2,6%.", []),
    ("Tỷ lệ thất nghiệp khu vực thành thị là 3,1%.",
     "Tỷ lệ thất nghiệp khu vực thành thị dưới 3,0%.",
     "Tỷ lệ thất nghiệp khu vực thành thị là 3,4%.", ["target_missed"]),
    # a reduction target against the stated fall, within the range
    ("Tỷ lệ hộ nghèo còn 1,86%.", "Tỷ lệ hộ nghèo giảm 0,5%-0,7%.",
     "Tỷ lệ hộ nghèo cuối năm còn 1,30%, giảm 0,56% so với năm 2022 (1,86%).", []),
    ("Tỷ lệ hộ nghèo còn 1,86%.", "Tỷ lệ hộ nghèo giảm 0,5%-0,7%.",
     "Tỷ lệ hộ nghèo cuối năm còn 1,46%, giảm 0,40% so với năm 2022 (1,86%).",
     ["target_missed"]),
])
def test_target(previous: str, target: str, result: str, expected: list[str]) -> None:
    assert _rules(_reports(previous, target, result)) == expected


def test_a_half_year_is_not_compared_with_the_years_target() -> None:
    texts = _reports("Giải quyết việc làm cho 16.830 lao động.",
                     "Giải quyết việc làm cho 17.200 lao động.",
                     "Giải quyết việc làm cho 8.420 lao động.",
                     title="Kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2023")
    assert _rules(texts) == []


def test_finding_evidence() -> None:
    texts = _reports("Giải quyết việc làm cho 16.830 lao động.",
                     "Giải quyết việc làm cho 17.200 lao động.",
                     "Giải quyết việc làm cho 17.050 lao động.")
    store = store_view(example_tables(texts))
    (finding,) = RULE.run(store)
    first, second = store.documents
    assert finding.severity == "info"
    assert finding.doc_id == second.document.doc_id
    assert finding.other_doc_id == first.document.doc_id
    assert [store.metric(i).raw for i in finding.metric_ids] == ["17.050 lao động",
                                                               "17.200 lao động"]
    assert (finding.expected, finding.observed) == (17200, 17050)
    assert "17.200" in finding.message and "17.050" in finding.message
    assert finding.link_reason.startswith("cùng chỉ tiêu job_creation")
