"""The harness scores table rows against gold placed in a text, NFD stretch included."""

from datetime import date
from pathlib import Path

from evaluation.documents import EvalDocument
from evaluation.gold import parse_record
from evaluation.harness import DocumentEvaluation, score_scorer
from evaluation.report import format_misses, format_table
from evaluation.scorers import SPAN_SCORERS

TEXT = "Năm 2021 đạt 99,6% kế hoạch.\nChỉ tiêu: 100% đơn vị; 08 đoàn viên."
DATES = next(s for s in SPAN_SCORERS if s.name == "dates")
FIGURES = next(s for s in SPAN_SCORERS if s.name == "figures")


def figure(context, raw, value, unit_class, unit, line, metric_kind="actual", period="2021"):
    return parse_record({"kind": "metric", "context": context, "raw": raw, "value": value,
                         "unit_class": unit_class, "unit": unit, "denominator": None,
                         "metric_kind": metric_kind, "period": period}, line)


GOLD = [
    figure("đạt 99,6% kế", "99,6%", 99.6, "percent", "%", 1),
    figure("tiêu: 100% đơn", "100%", 100, "percent", "%", 2),
    figure("08 đoàn viên", "08 đoàn viên", 8, "count", "đoàn viên", 3),
    figure("không có trong văn bản 5 người", "5 người", 5, "count", "người", 4),
]


def row(raw, value, unit_class, unit):
    start = TEXT.index(raw)
    return {"char_start": start, "char_end": start + len(raw), "raw": raw, "value": value,
            "unit_class": unit_class, "unit": unit, "denominator": None}


def test_figures_scored_with_unit_and_nfd_stretch():
    rows = [row("99,6%", 99.6, "percent", "%"), row("100%", 100.0, "percent", "phần trăm"),
            row("08 đoàn viên", 8.0, "other", None), row("2021", 2021.0, "other", None)]
    result = score_scorer(FIGURES, GOLD, rows, TEXT, nfd_lines={2, 3})
    score = result.score
    assert (score.true_positives, score.false_positives, score.false_negatives) == (2, 2, 2)
    assert [r.line for r in result.unlocated] == [4]
    assert result.units == (1, 2)
    nfd = result.nfd_score  # gold lines 2 and 3; the spurious '08 đoàn viên' lies inside
    assert (nfd.true_positives, nfd.false_positives, nfd.false_negatives) == (1, 1, 1)


def test_dates_compare_iso_strings_with_date_objects():
    gold = [parse_record({"kind": "date", "context": "Năm 2021 đạt", "raw": "Năm 2021",
                          "start_date": "2021-01-01", "end_date": "2021-12-31",
                          "granularity": "year"}, 1)]
    rows = [{"char_start": 0, "char_end": 8, "raw": "Năm 2021", "start_date": date(2021, 1, 1),
             "end_date": date(2021, 12, 31), "granularity": "year"}]
    assert score_scorer(DATES, gold, rows, TEXT, set()).score.f1 == 1.0


def test_report_lists_misses_with_their_sentence():
    document = EvalDocument(path=Path("mau.txt"), gold_path=Path("mau.txt.jsonl"),
                            document_set="mẫu")
    evaluation = DocumentEvaluation(document, TEXT)
    evaluation.results["figures"] = score_scorer(FIGURES, GOLD, [], TEXT, set())
    misses = format_misses([evaluation])
    assert "BỎ SÓT  '99,6%'" in misses and "câu: Năm 2021 đạt 99,6% kế hoạch." in misses
    assert "KHÔNG ĐỊNH VỊ  '5 người'" in misses
    assert "mẫu" in format_table([evaluation])
