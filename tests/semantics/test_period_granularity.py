"""The period of each figure with its granularity and days: the example table, the carry of
a year through a paragraph, a half-year report, the part on the next period, and the real
monthly series of ../shared/real (skipped when absent)."""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path

import pytest

from extractors.dates import extract as extract_dates
from pipeline.data_files import read_tsv
from pipeline.ingest import ingest
from pipeline.model import Document, DocumentInfo, Metric, Section
from pipeline.process import extract_rows
from pipeline.semantics.annotate import annotate
from pipeline.semantics.lexicon import DATA_DIR
from pipeline.semantics.report_part import (
    PeriodSpan,
    ReportPeriod,
    calendar_span,
    running_total,
)
from pipeline.semantics.sentences import split_sentences
from tests.semantics.figure_finder import find_figures

ROOT = Path(__file__).resolve().parents[2]
HALF_YEAR_REPORT = ROOT / "corpus" / "reports" / "bao-cao-6-thang-dau-nam-2023.md"
REAL = ROOT.parent / "shared" / "real"
MONTHLY_FOLDERS = {8: REAL / "de-an-06-thang-8", 9: REAL / "de-an-06-thang-9"}
EXAMPLES = read_tsv(DATA_DIR / "period_examples.tsv")


def metrics_of(text: str, info: DocumentInfo, sections: list[Section] = ()) -> list[Metric]:
    document = Document("t.txt", "txt", text)
    return annotate(document, list(sections), split_sentences(document), find_figures(text),
                    info, extract_dates(text))


def metric_at(metrics: list[Metric], text: str, written: str) -> Metric:
    start = text.index(written)
    return next(m for m in metrics if m.figure.char_start == start)


def placed(metric: Metric) -> tuple[str | None, str | None, str, str]:
    def day(value: date | None) -> str:
        return value.isoformat() if value else "-"
    return (metric.period, metric.period_granularity, day(metric.period_start),
            day(metric.period_end))


@pytest.mark.parametrize("row", EXAMPLES, ids=[f"{r['figure']}|{r['text'][:40]}" for r in EXAMPLES])
def test_example_table(row: dict[str, str]) -> None:
    info = DocumentInfo(title=row["report"], report_year=int(row["report_year"]))
    metric = metric_at(metrics_of(row["text"], info), row["text"], row["figure"])
    assert placed(metric) == (row["period"], row["granularity"], row["start"], row["end"])


def test_example_table_covers_every_granularity() -> None:
    assert {row["granularity"] for row in EXAMPLES} == {
        "year", "half", "quarter", "month", "cumulative", "range"}


def test_calendar_spans_and_running_totals() -> None:
    assert calendar_span(date(2024, 7, 1), date(2024, 12, 31)).granularity == "half"
    assert calendar_span(date(2024, 10, 1), date(2024, 12, 31)).granularity == "quarter"
    assert calendar_span(date(2024, 2, 1), date(2024, 2, 29)).granularity == "month"
    assert calendar_span(date(2024, 1, 1), date(2024, 9, 30)).granularity == "cumulative"
    assert calendar_span(date(2024, 5, 1), date(2024, 6, 15)).granularity == "range"
    assert calendar_span(date(2021, 1, 1), date(2025, 12, 31)).granularity == "range"
    assert running_total(date(2023, 1, 1), date(2023, 3, 31)).granularity == "quarter"
    assert running_total(None, date(2023, 6, 30)) == PeriodSpan("cumulative", None,
                                                                date(2023, 6, 30))
    month = PeriodSpan("month", date(2024, 2, 1), date(2024, 2, 29))
    assert month.shifted(-1) == PeriodSpan("month", date(2023, 2, 1), date(2023, 2, 28))


@pytest.mark.parametrize(("report", "following"), [
    (ReportPeriod(2023, date(2023, 6, 30), date(2023, 1, 1), "half"),
     PeriodSpan("half", date(2023, 7, 1), date(2023, 12, 31))),
    (ReportPeriod(2025, date(2025, 12, 31), date(2025, 10, 1), "quarter"),
     PeriodSpan("quarter", date(2026, 1, 1), date(2026, 3, 31))),
    (ReportPeriod(2025, date(2025, 9, 30), date(2025, 9, 1), "month"),
     PeriodSpan("month", date(2025, 10, 1), date(2025, 10, 31))),
    (ReportPeriod(2025, date(2025, 9, 30), date(2025, 1, 1), "cumulative"),
     PeriodSpan("quarter", date(2025, 10, 1), date(2025, 12, 31))),
    (ReportPeriod(2021, date(2021, 12, 31), date(2021, 1, 1), "year"),
     PeriodSpan("year", date(2022, 1, 1), date(2022, 12, 31))),
])
def test_the_period_after_the_report_has_the_same_length(report, following) -> None:
    assert report.next_span() == following


DECADE_REPORT = DocumentInfo(title="Báo cáo tổng kết 10 năm công tác phòng, chống ma túy "
                                   "giai đoạn 2015-2024", report_year=2024)


def test_the_year_a_paragraph_opens_with_holds_for_its_later_sentences() -> None:
    text = ("Năm 2017, đã phát hiện 86 vụ, khởi tố 70 bị can. So với năm 2016 tăng 12 vụ.\n"
            "Năm 2018, đã phát hiện 90 vụ. So với năm 2017 tăng 4 vụ.\n"
            "So với năm 2018 giảm 5 vụ.")
    metrics = metrics_of(text, DECADE_REPORT)
    assert placed(metric_at(metrics, text, "12 vụ"))[:2] == ("2017", "year")
    assert placed(metric_at(metrics, text, "4 vụ")) == ("2018", "year", "2018-01-01",
                                                        "2018-12-31")
    # a new paragraph states no year: the report's
    assert metric_at(metrics, text, "5 vụ").period == "2024"


def test_a_year_inside_a_noun_phrase_is_not_carried() -> None:
    text = ("Chỉ số cải cách hành chính năm 2019 của Sở đạt 80,42 điểm. "
            "Có 115 thủ tục được niêm yết công khai.")
    metrics = metrics_of(text, DocumentInfo(report_year=2020))
    assert metric_at(metrics, text, "80,42").period == "2019"
    assert placed(metric_at(metrics, text, "115 thủ")) == ("2020", "year", "2020-01-01",
                                                           "2020-12-31")


def test_a_month_or_a_day_a_paragraph_opens_with_holds_for_its_later_sentences() -> None:
    info = DocumentInfo(title="Báo cáo kết quả tháng 9/2025", report_year=2025)
    text = ("Tính đến ngày 15/9/2025, đã thu nhận 3.830.878 hồ sơ. Kích hoạt 2.180.590 tài "
            "khoản.\nTrong tháng 8/2025, tiếp nhận 3.090 hồ sơ. Trả kết quả 2.341 hồ sơ.")
    metrics = metrics_of(text, info)
    assert placed(metric_at(metrics, text, "2.180.590")) == ("2025", "cumulative", "-",
                                                             "2025-09-15")
    assert placed(metric_at(metrics, text, "2.341")) == ("2025", "month", "2025-08-01",
                                                         "2025-08-31")


@pytest.mark.parametrize(("info", "heading", "expected"), [
    (DocumentInfo(title="Báo cáo kết quả 6 tháng đầu năm 2023", report_year=2023),
     "Phần thứ hai", ("2023", "half", "2023-07-01", "2023-12-31")),
    (DocumentInfo(title="Báo cáo kết quả triển khai Đề án 06 tháng 9/2025", report_year=2025),
     "III. PHƯƠNG HƯỚNG, NHIỆM VỤ TRONG THỜI GIAN TỚI",
     ("2025", "month", "2025-10-01", "2025-10-31")),
    (DocumentInfo(title="Báo cáo kết quả thực hiện nhiệm vụ năm 2021", report_year=2021),
     "Phần thứ hai", ("2022", "year", "2022-01-01", "2022-12-31")),
    (DocumentInfo(title="Báo cáo kết quả 6 tháng đầu năm 2023", report_year=2023),
     "Phần thứ hai. NHIỆM VỤ 6 THÁNG CUỐI NĂM 2023", ("2023", "half", "2023-07-01",
                                                      "2023-12-31")),
])
def test_targets_of_the_next_part_are_of_the_period_after_the_report(info, heading,
                                                                       expected) -> None:
    text = f"I. Kết quả\nTiếp nhận 610 hồ sơ.\n{heading}\nPhấn đấu tiếp nhận 650 hồ sơ."
    second = text.index(heading)
    label, _, title = heading.partition(". ")
    sections = [Section("s1", None, 1, "I", "Kết quả", "I", 0, second),
                Section("s2", None, 1, label, title, label, second, len(text))]
    metrics = metrics_of(text, info, sections)
    target = metric_at(metrics, text, "650")
    assert target.kind == "target" and placed(target) == expected


def test_half_year_report() -> None:
    document = ingest(HALF_YEAR_REPORT)
    rows = extract_rows(document, "h", None).rows["metrics"]
    by_raw = {row["raw"]: row for row in rows}
    actuals = [row for row in rows if row["kind"] in ("actual", "attainment", "change")
               and row["period"] == "2023"]
    assert len(actuals) >= 10
    assert all((row["period_granularity"], row["period_start"], row["period_end"])
               == ("half", date(2023, 1, 1), date(2023, 6, 30)) for row in actuals)
    earlier = by_raw["03 vụ"]  # "cùng kỳ năm 2022 (03 vụ)": the first half of 2022
    assert (earlier["period"], earlier["period_granularity"], earlier["period_start"],
            earlier["period_end"]) == ("2022", "half", date(2022, 1, 1), date(2022, 6, 30))
    for plan in ("17.200 lao động", "15.000 người"):  # "kế hoạch năm (...)": a year's plan
        assert (by_raw[plan]["kind"], by_raw[plan]["period_granularity"],
                by_raw[plan]["period_end"]) == ("plan", "year", date(2023, 12, 31))


# --- the real monthly series -----------------------------------------------------------------

def _month_end(month: int) -> date:
    return date(2025, month, calendar.monthrange(2025, month)[1])


@pytest.fixture(scope="module")
def monthly_reports() -> dict[int, list[list[dict]]]:
    """The metrics rows of each report (final and "tính đến" version) of each month."""
    if not all(folder.is_dir() for folder in MONTHLY_FOLDERS.values()):
        pytest.skip(f"không có chuỗi báo cáo tháng thật tại {REAL} (thư mục ../shared/real)")
    reports: dict[int, list[list[dict]]] = {}
    for month, folder in MONTHLY_FOLDERS.items():
        for path in sorted(folder.glob("*.docx")):
            rows = extract_rows(ingest(path), path.stem, None).rows
            if rows["documents"][0]["title"]:  # a report, not a submission note
                reports.setdefault(month, []).append(rows["metrics"])
    return reports


def _opens_with(row: dict, words: str) -> bool:
    sentence = row["sentence"].lstrip("-+ ")
    if len(sentence) > 3 and sentence[1] == ")":
        sentence = sentence[3:]
    return sentence.rpartition(": ")[2].lower().startswith(words)


def test_real_monthly_reports_give_every_figure_a_period(monthly_reports) -> None:
    for month, reports in monthly_reports.items():
        for rows in reports:
            assert rows and all(row["period_granularity"] for row in rows)
            actuals = [row for row in rows if row["kind"] == "actual"]
            # the month's own figures, and running totals up to a day of the month
            of_month = [row for row in actuals if row["period_granularity"] == "month"]
            assert len(of_month) > 20
            assert all(row["period_start"] == date(2025, month, 1)
                       and row["period_end"] == _month_end(month) for row in of_month)
            totals = [row for row in actuals if row["period_granularity"] == "cumulative"]
            assert len(totals) > 20
            assert all(row["period_end"].month == month for row in totals)


def test_real_monthly_reports_running_totals_and_months_by_cue(monthly_reports) -> None:
    for month, reports in monthly_reports.items():
        for rows in reports:
            for row in rows:
                if _opens_with(row, "trong tháng,"):
                    assert (row["period_granularity"], row["period_start"]) == (
                        "month", date(2025, month, 1)), row["sentence"]
                elif _opens_with(row, "đến nay") or _opens_with(row, "tính đến nay"):
                    assert (row["period_granularity"], row["period_start"],
                            row["period_end"]) == ("cumulative", None, _month_end(month))
                elif _opens_with(row, "tính đến ngày"):
                    assert row["period_granularity"] == "cumulative"
                    assert row["period_end"].month == month and row["period_end"].day < 28
            targets = [row for row in rows if row["kind"] == "target"
                       and row["period_granularity"] == "month"]
            assert targets and all(row["period_start"] == date(2025, month + 1, 1)
                                   for row in targets)


def test_real_september_running_totals_follow_august_ones(monthly_reports) -> None:
    """The same running total in both months: same sentence opening, unit and subject, with
    September's counted up to a later day."""
    def keyed(rows: list[dict]) -> dict[tuple, dict]:
        return {(row["subject"], row["unit"], row["sentence"][:40]): row for row in rows
                if row["period_granularity"] == "cumulative" and row["kind"] == "actual"}

    august, september = keyed(monthly_reports[8][0]), keyed(monthly_reports[9][0])
    pairs = [(august[key], september[key]) for key in august.keys() & september.keys()]
    assert len(pairs) >= 10
    assert all(earlier["period_end"] < later["period_end"] for earlier, later in pairs)
