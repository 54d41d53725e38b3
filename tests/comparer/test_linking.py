"""Linking reports and figures across the store: folding, subjects, periods, series."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.comparer.linking import (
    DocumentPeriod,
    counterparts,
    document_period,
    figure_period,
    fold,
    is_draft,
    link_figures,
    same_series,
    subject_key,
    subject_similarity,
)
from pipeline.comparer.model import DocumentRow, MetricRow


def metric(metric_id: str = "d1-m1", *, value: float = 10, raw: str = "10 lao động",
           unit: str | None = "lao động", unit_class: str = "count",
           subject: str | None = "giải quyết việc làm", indicator: str | None = None,
           period: str | None = "2022", kind: str = "actual", sentence: str | None = None,
           **extra: object) -> MetricRow:
    return MetricRow(doc_id=metric_id.rsplit("-m", 1)[0], metric_id=metric_id,
                     sentence=sentence or f"Có {raw}.", page=None, char_start=0, char_end=1,
                     raw=raw, value=value, denominator=None, unit=unit, unit_class=unit_class,
                     approx=None, subject=subject, indicator=indicator, period=period,
                     kind=kind, **extra)  # type: ignore[arg-type]


def document(title: str | None, agency: str | None = "Sở Lao động – Thương binh và Xã hội",
             year: int | None = 2022, path: str = "bao-cao.txt") -> DocumentRow:
    return DocumentRow("d1", path, "txt", title, agency, year)


@pytest.mark.parametrize(("a", "b"), [
    ("Tỷ lệ hộ nghèo", "tỉ lệ hộ nghèo"),
    ("TỶ LỆ HỘ NGHÈO", "ty le ho ngheo"),
    ("Quý I", "quí i"),
    ("Kỹ thuật", "kĩ thuật"),
    ("Đề án", "de an"),
])
def test_fold_makes_spellings_one(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_what_differs() -> None:
    assert fold("tay") != fold("tai")
    assert fold("thủy") == "thuy"


def test_subject_key_drops_generic_words_but_not_the_so_of_ho_so() -> None:
    assert subject_key("Tỷ lệ hộ nghèo toàn tỉnh cuối") == "ho ngheo"
    assert subject_key("Số người tham gia bảo hiểm xã hội") == "nguoi tham gia bao hiem xa hoi"
    assert subject_key("hồ sơ trực tuyến") == "ho so truc tuyen"


@pytest.mark.parametrize(("a", "b"), [
    ("Số người tham gia bảo hiểm xã hội", "người tham gia bảo hiểm xã hội"),  # rewording
    ("giải quyết việc làm", "giai quyet viec lam"),  # diacritics lost
    ("giải quyết việc làm", "giải quyết việc lam mới"),  # typo and a word added
    ("tài khoản định danh điện tử được kích hoạt", "số tài khoản định danh điện tử kích hoạt"),
])
def test_subjects_alike_link(a: str, b: str) -> None:
    assert subject_similarity(a, b) >= 85


@pytest.mark.parametrize(("a", "b"), [
    ("cuộc thanh tra", "cuộc kiểm tra"),
    ("đơn kiến nghị", "đơn khiếu nại"),
    ("hồ sơ", "hồ sơ đăng ký khai sinh"),  # one word is too weak to link on
    ("tỷ lệ", "tỷ lệ hộ nghèo"),
])
def test_subjects_unlike_do_not_link(a: str, b: str) -> None:
    assert subject_similarity(a, b) < 85


def test_figures_link_by_indicator_or_subject_and_need_the_same_unit() -> None:
    jobs = metric("a-m1", indicator="job_creation")
    assert link_figures(jobs, metric("b-m1", indicator="job_creation", subject="việc làm mới"))
    assert link_figures(jobs, metric("b-m1", indicator="labour_export")) is None
    assert link_figures(jobs, metric("b-m1", subject="giai quyet viec lam")) is not None
    assert link_figures(jobs, metric("b-m1", indicator="job_creation", unit="người")) is None
    reason = link_figures(metric("a-m1"), metric("b-m1", subject="giai quyet viec lam"))
    assert reason is not None and reason.reason.startswith("chủ đề giống 100%")


def test_a_weak_indicator_link_counts_only_when_it_is_the_one_figure() -> None:
    gifts = metric("a-m1", unit="VND", unit_class="money", indicator="budget",
                   subject="tổng kinh phí quà tặng")
    spent = [metric("b-m1", unit="VND", unit_class="money", indicator="budget",
                    subject="kinh phí trợ cấp xã hội"),
             metric("b-m2", unit="VND", unit_class="money", indicator="budget",
                    subject="dự toán chi ngân sách")]
    assert counterparts(gifts, spent) == []
    assert len(counterparts(gifts, spent[:1])) == 1


@pytest.mark.parametrize(("title", "expected"), [
    ("Báo cáo kết quả thực hiện nhiệm vụ năm 2022", DocumentPeriod("year", 2022)),
    ("Báo cáo kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2023 và phương hướng, nhiệm vụ "
     "6 tháng cuối năm 2023", DocumentPeriod("half", 2022, 1)),
    ("Báo cáo công tác cải cách hành chính quý I năm 2026", DocumentPeriod("quarter", 2022, 1)),
    ("Báo cáo kết quả triển khai Đề án 06 tháng 8/2025", DocumentPeriod("month", 2022, 8)),
])
def test_document_period_from_title(title: str, expected: DocumentPeriod) -> None:
    assert document_period(document(title)) == expected


def test_figure_period_null_granularity() -> None:
    annual = document("Báo cáo kết quả năm 2022")
    assert figure_period(metric(), annual).key == ("year", 2022, None)
    half = document("Báo cáo 6 tháng đầu năm 2023", year=2023)
    assert figure_period(metric(period="2022"), half).key == ("half", 2022, 1)
    assert figure_period(metric(period="2021-2025"), annual).granularity == "range"
    month = document("Báo cáo tháng 8/2025", year=2025)
    running = metric(period="2025", raw="2.725.227 tài khoản",
                     sentence="Lũy kế đến nay có 2.725.227 tài khoản được kích hoạt.")
    period = figure_period(running, month)
    assert period.granularity == "cumulative" and period.end == date(2025, 8, 31)


def test_figure_period_granularity_from_the_row() -> None:
    row = metric(period="2023", period_granularity="quarter",
                 period_start=date(2023, 4, 1), period_end=date(2023, 6, 30))
    assert figure_period(row, document("Báo cáo năm 2023")).key == ("quarter", 2023, 2)


def test_series_by_agency_or_title() -> None:
    assert same_series(document("A"), document("B"))
    assert same_series(document("A"), document("B", agency="Sở Y tế")) is None
    eighth = document("Báo cáo kết quả triển khai Đề án 06 trên địa bàn tỉnh tháng 8/2025", None)
    ninth = document("BÁO CÁO KẾT QUẢ TRIỂN KHAI ĐỀ ÁN 06 TRÊN ĐỊA BÀN TỈNH THÁNG 9/2025", None)
    assert same_series(eighth, ninth)
    assert same_series(eighth, document("Báo cáo tình hình kinh tế - xã hội tháng 9", None)) \
        is None


def test_draft_by_path_or_title() -> None:
    assert is_draft(document("Báo cáo", path="DU THAO BC CCHC QUY I.docx"))
    assert is_draft(document("Dự thảo báo cáo"))
    assert not is_draft(document("Báo cáo", path="Báo cáo CCHC Quý I.docx"))


def test_the_same_office_of_two_provinces_is_two_series() -> None:
    # the names score above the agency threshold; the place after "tỉnh" tells them apart
    first = "Sở Lao động – Thương binh và Xã hội tỉnh Hà Lâm"
    assert same_series(document("A", agency=first), document("B", agency=first))
    assert same_series(document("A", agency=first), document(
        "B", agency="Sở Lao động – Thương binh và Xã hội tỉnh Lộc Giang")) is None
