"""The report's period, the later period's tasks part, plain-text tables and word splits."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.model import Document, DocumentInfo, Section
from pipeline.semantics.report_part import report_period
from pipeline.semantics.tables import cell_headers
from pipeline.semantics.tokens import split_after_closed_phrases
from tests.semantics.test_annotate import metrics_of

HALF_YEAR = DocumentInfo(title="Báo cáo kết quả 6 tháng đầu năm 2024; nhiệm vụ 6 tháng cuối "
                               "năm 2024", report_year=2024)


def two_part_report(heading: str, info: DocumentInfo) -> dict:
    text = f"I. Kết quả\nGiải quyết việc làm cho 610 lao động.\n{heading}\n" \
           "Giải quyết việc làm cho 650 lao động."
    second = text.index(heading)
    sections = [Section("s1", None, 1, "I", "Kết quả", "I", 0, second),
                Section("s2", None, 1, "II", heading[4:], "II", second, len(text))]
    return metrics_of(text, sections, info=info)


@pytest.mark.parametrize(("heading", "info", "kind", "period"), [
    ("II. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2024", HALF_YEAR, "target", "2024"),
    ("II. Phương hướng, nhiệm vụ năm 2025", HALF_YEAR, "target", "2025"),
    # the half the report covers is not a later period
    ("II. Nhiệm vụ đã thực hiện 6 tháng đầu năm 2024", HALF_YEAR, "actual", "2024"),
    # a whole-year report: its second half is not later
    ("II. Nhiệm vụ 6 tháng cuối năm 2024", DocumentInfo(report_year=2024), "actual", "2024"),
    ("II. Kết quả nổi bật năm 2025", DocumentInfo(report_year=2024), "actual", "2025"),
])
def test_tasks_heading_of_a_later_period_holds_targets(heading, info, kind, period):
    metrics = two_part_report(heading, info)
    assert (metrics["610 lao"].kind, metrics["610 lao"].period) == ("actual", "2024")
    assert (metrics["650 lao"].kind, metrics["650 lao"].period) == (kind, period)


def test_report_period_from_title_then_opening_text():
    assert report_period("", [], HALF_YEAR).end == date(2024, 6, 30)
    opening = "BÁO CÁO NHANH\nTình hình thực hiện nhiệm vụ Quý I/2025 như sau:\n1. Việc làm"
    sections = [Section("s1", None, 1, "1", "Việc làm", "1", opening.index("1. "), len(opening))]
    quarter = report_period(opening, sections, DocumentInfo(title="Báo cáo nhanh",
                                                            report_year=2025))
    assert quarter.end == date(2025, 3, 31)
    assert report_period("", [], DocumentInfo(report_year=2023)).end == date(2023, 12, 31)
    assert report_period("", [], DocumentInfo()).end is None


def test_plain_text_table_cells_have_row_and_column_headers():
    text = ("Bảng 1\nChỉ tiêu | Đơn vị | Kế hoạch năm | Thực hiện | Đạt so với KH (%)"
            " | So cùng kỳ (%)\nTạo việc làm | Người | 20.000 | 5.100 | 25,5 | 3,2\nHết.")
    document = Document("t.txt", "txt", text)
    assert cell_headers(document, text.index("5.100")) == ("Tạo việc làm", "Thực hiện")
    assert cell_headers(document, text.index("Tạo")) == (None, "Chỉ tiêu")
    assert cell_headers(document, text.index("Kế hoạch")) == (None, None)  # the header row
    assert cell_headers(document, text.index("Hết")) == (None, None)
    metrics = metrics_of(text)
    assert [metrics[raw].kind for raw in ("20.000", "5.100", "25,5", "3,2")] == [
        "plan", "actual", "attainment", "change"]


def test_a_word_glued_after_a_closed_phrase_is_split():
    assert split_after_closed_phrases(["so", "với", "cùng", "kỳ giảm", "03"]) == [
        "so", "với", "cùng", "kỳ", "giảm", "03"]
    assert split_after_closed_phrases(["Cùng kỳ", "năm"]) == ["Cùng kỳ", "năm"]
    assert split_after_closed_phrases(["thị trường", "lao động"]) == ["thị trường", "lao động"]
