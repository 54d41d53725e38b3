"""Kind and period of the matched figures: gold validation, the scorer, the scan's page subset."""

import json
from pathlib import Path

import pytest

from evaluation.attributes import format_attribute_lines, format_attribute_misses, tally_attributes
from evaluation.documents import (
    REAL_CORPUS,
    REAL_GOLD,
    SAMPLE_GOLD,
    EvalDocument,
    PageSubset,
    real_report_documents,
)
from evaluation.gold import (
    FIGURE_KINDS,
    PERIOD,
    GoldFormatError,
    load_gold,
    locate,
    parse_record,
)
from evaluation.harness import DocumentEvaluation, gold_on_pages, score_scorer
from evaluation.scorers import SPAN_SCORERS
from pipeline.ingest import ingest

FIGURES = next(s for s in SPAN_SCORERS if s.name == "figures")
TEXT = ("Năm 2021 xảy ra 06 vụ tai nạn lao động, giảm 02 vụ so với cùng kỳ năm 2020 (08 vụ).\n"
        "Giải quyết việc làm cho 16.500 lao động.")


def metric(context, raw, value, metric_kind, period):
    return {"kind": "metric", "context": context, "raw": raw, "value": value,
            "unit_class": "count", "unit": raw.split(" ", 1)[1], "denominator": None,
            "metric_kind": metric_kind, "period": period}


@pytest.mark.parametrize("field, bad", [
    ("metric_kind", "result"), ("metric_kind", None), ("period", "21"), ("period", 2021),
    ("period", "2025-2021"), ("period", "2021–2025"), ("period", "2021-2025 "),
])
def test_a_metric_with_a_bad_kind_or_period_is_rejected(field, bad):
    record = metric("xảy ra 06 vụ tai", "06 vụ", 6, "actual", "2021")
    record[field] = bad
    with pytest.raises(GoldFormatError, match=field):
        parse_record(record, 1)


def test_a_metric_without_kind_and_period_is_rejected():
    record = metric("xảy ra 06 vụ tai", "06 vụ", 6, "actual", "2021")
    del record["metric_kind"], record["period"]
    with pytest.raises(GoldFormatError, match="metric_kind.*period"):
        parse_record(record, 1)


def test_a_range_period_is_accepted():
    assert parse_record(metric("xảy ra 06 vụ tai", "06 vụ", 6, "plan", "2021-2023")).fields[
        "period"] == "2021-2023"


def gold_files() -> list[Path]:
    return sorted(SAMPLE_GOLD.glob("*.jsonl")) + sorted(REAL_GOLD.glob("*.jsonl"))


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name)
def test_every_gold_metric_says_what_it_is(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        if data["kind"] == "metric":
            assert data["metric_kind"] in FIGURE_KINDS, line
            assert PERIOD.fullmatch(data["period"]), line
    assert load_gold(path)


def test_next_year_targets_of_the_sample_corpus_are_targets_of_next_year():
    """Every annual sample report's indicators in "Phần thứ hai" are next year's targets."""
    for year in (2020, 2021, 2022, 2023):
        path = next(SAMPLE_GOLD.glob(f"bao-cao-{year}.*.jsonl"))
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        targets = [r for r in records if r["kind"] == "metric" and r["metric_kind"] == "target"
                   and r["period"] == str(year + 1)]
        assert len(targets) >= 5, path.name


def evaluation_of(rows: list[dict]) -> DocumentEvaluation:
    gold = [parse_record(metric("xảy ra 06 vụ tai", "06 vụ", 6, "actual", "2021"), 1),
            parse_record(metric("giảm 02 vụ so", "02 vụ", 2, "change", "2021"), 2),
            parse_record(metric("(08 vụ)", "08 vụ", 8, "actual", "2020"), 3),
            parse_record(metric("cho 16.500 lao động", "16.500 lao động", 16500, "target",
                                "2022"), 4)]
    document = EvalDocument(Path("mau.txt"), Path("mau.txt.jsonl"), "mẫu")
    evaluation = DocumentEvaluation(document, TEXT)
    evaluation.results["figures"] = score_scorer(FIGURES, gold, rows, TEXT, set())
    return evaluation


def row(raw: str, value: float, kind: str, period: str | None) -> dict:
    start = TEXT.index(raw)
    return {"char_start": start, "char_end": start + len(raw), "raw": raw, "value": value,
            "unit_class": "count", "denominator": None, "kind": kind, "period": period}


def test_kind_and_period_are_scored_on_matched_figures_only():
    rows = [row("06 vụ", 6, "actual", "2021"), row("02 vụ", 2, "change", "2021"),
            row("08 vụ", 8, "actual", "2021"),  # period wrong: a restated 2020 figure
            row("16.500 lao động", 16500, "actual", None),  # kind and period wrong
            row("2021", 2021, "other", "2021")]  # spurious: not part of the attributes
    table = tally_attributes([evaluation_of(rows)])
    kind, period = table["mẫu", "kind"], table["mẫu", "period"]
    assert (kind.right, kind.total) == (3, 4)
    assert (period.right, period.total) == (2, 4)
    assert kind.confusion == {("actual", "actual"): 2, ("change", "change"): 1,
                              ("target", "actual"): 1}
    lines = format_attribute_lines(table)
    assert "kind đúng 3/4 (0.750)" in lines and "period đúng 2/4 (0.500)" in lines
    assert "target     (  1) → actual 1" in lines
    misses = format_attribute_misses(table)
    assert "SAI KIND  mau.txt  '16.500 lao động': gold target, dự đoán actual" in misses
    assert "SAI PERIOD  mau.txt  '08 vụ': gold 2020, dự đoán 2021" in misses
    assert "gold 2022, dự đoán –" in misses
    assert "câu: Giải quyết việc làm cho 16.500 lao động." in misses


def test_a_figure_matched_on_value_but_not_found_adds_nothing():
    table = tally_attributes([evaluation_of([row("06 vụ", 7, "actual", "2021")])])
    assert table["mẫu", "kind"].total == 0
    assert "kind đúng 0/0 (–)" in format_attribute_lines(table)


def test_the_scan_is_listed_only_when_ocr_is_wanted(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "bao-cao.jsonl").write_text("", encoding="utf-8")
    for name in ("bao-cao.txt", "bao-cao.pdf", "bao-cao-scan.pdf"):
        (tmp_path / name).write_bytes(b"x")
    with_scan, _ = real_report_documents(tmp_path, gold_dir)
    without, _ = real_report_documents(tmp_path, gold_dir, include_scan=False)
    scans = [d for d in with_scan if d.page_subset]
    assert [d.document_set for d in scans] == ["bao-cao (scan, trang 1-3)"]
    assert scans[0].page_subset == PageSubset(tmp_path / "bao-cao.pdf", 3)
    assert not any(d.page_subset for d in without) and len(without) == len(with_scan) - 1


def test_gold_on_the_first_pages_of_the_real_pdf(real_gold_path):
    pdf = REAL_CORPUS / "bao-cao-2021.pdf"
    if not pdf.exists():
        pytest.skip(f"Không có {pdf} (../shared/corpus)")
    records = load_gold(real_gold_path)
    kept, unplaced = gold_on_pages(records, PageSubset(pdf, 3))
    assert unplaced == 0
    assert 0 < len(kept) < len(records)
    document = ingest(pdf)
    end_of_page_3 = document.page_starts[3]
    kept_lines = {r.line for r in kept}
    for record in records:
        on_first_pages = locate(record, document.text).char_start < end_of_page_3
        assert (record.line in kept_lines) == on_first_pages, record.raw
