"""The comparer's evaluation: matching findings with expectation entries, and mutation testing.

Findings here are written by hand or by a small stand-in comparer, so these tests do not depend
on pipeline.comparer being complete; only `test_sample_corpus_findings` runs the real one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

import pytest

from evaluation import mutations
from evaluation.comparer import (
    Reports,
    StoreIndex,
    evaluate_comparer,
    family,
    format_comparer_section,
    load_reports,
    place_entry,
    report_paths,
    score_findings,
    score_set,
)
from evaluation.documents import REAL_CORPUS, REAL_GOLD, REPOSITORY, SAMPLE_REPORTS
from evaluation.mutations import (
    Arithmetic,
    Number,
    Relation,
    choose_mutant,
    digit_positions,
    mutate_document,
    mutation_test,
    relation_from_entry,
    relations_from_metrics,
    written_precision,
)
from evaluation.scorers import FINDINGS_SCORERS, FindingsScorer
from evaluation.text import normalize_text

# Reads a short text as a .txt report (the comparer's examples helper, no comparer rule needed).
text_document = pytest.importorskip("pipeline.comparer.examples").text_document

SAMPLE_EXPECTED = REPOSITORY / "corpus" / "expected_findings.json"
REAL_EXPECTED = REAL_GOLD / "bao-cao-2021.findings.json"
REAL_TXT = REAL_CORPUS / "bao-cao-2021.txt"

OLD = ("Báo cáo năm 2020. Giải quyết việc làm cho 1.500 lao động.\n"
       "Phương hướng năm 2021: giải quyết việc làm cho 1.600 lao động.")
NEW = ("Báo cáo năm 2021. Sở tiếp nhận 47 đơn, gồm 11 đơn khiếu nại và 36 đơn kiến nghị.\n"
       "Năm 2021 xảy ra 06 vụ tai nạn lao động, giảm 02 vụ so với năm 2020 (08 vụ).\n"
       "Tuyển sinh cao đẳng 2.045/2.500 người (đạt 81,8%).\n"
       "Biến động năm 2021 so với năm 2021 tăng 19 đối tượng.\n"
       "Giải quyết việc làm cho 1.210 lao động.")


@pytest.fixture(scope="module")
def reports() -> Reports:
    found = Reports()
    found.add("bao-cao-1.txt", text_document(OLD, "bao-cao-1.txt"), "doc1")
    found.add("bao-cao-2.txt", text_document(NEW, "bao-cao-2.txt"), "doc2")
    return found


@pytest.fixture(scope="module")
def index(reports: Reports) -> StoreIndex:
    return StoreIndex.of(reports.tables())


def metric_id(index: StoreIndex, doc_id: str, raw: str) -> str:
    return next(m["metric_id"] for m in index.metrics[doc_id] if m["raw"] == raw)


def entry(id: str, rule: str, substring: str, stated_raw: str | None, file: str = "bao-cao-2.txt",
          **more) -> dict:
    return {"id": id, "rule": rule, "file": file, "substring": substring,
            "stated_raw": stated_raw, **more}


def finding(rule: str, metric_ids: list[str], severity: str = "error", doc_id: str = "doc2",
            other_doc_id: str | None = None, **more) -> dict:
    return {"rule": rule, "severity": severity, "doc_id": doc_id, "other_doc_id": other_doc_id,
            "metric_ids": metric_ids, "message": f"{rule} ở đây", "sentence": None,
            "char_start": None, "char_end": None, **more}


# --- placing entries --------------------------------------------------------------------

def test_an_entry_is_placed_on_its_figure_whitespace_insensitively(index):
    placement = place_entry(entry("N1", "parts_total", "tiếp nhận  47\nđơn", "47 đơn"), index)
    assert placement.problem is None
    assert placement.metric["raw"] == "47 đơn" and placement.doc_id == "doc2"


def test_an_entry_whose_raw_differs_falls_back_to_the_same_number(index):
    placement = place_entry(entry("N1", "parts_total", "tiếp nhận 47 đơn", "47"), index)
    assert placement.metric["raw"] == "47 đơn"


def test_an_entry_not_in_the_text_says_why(index):
    placement = place_entry(entry("N1", "parts_total", "không có câu này", "5 người"), index)
    assert placement.metric is None and "không tìm thấy" in placement.problem
    assert "bao-cao-9.txt" in place_entry(entry("N", "parts_total", "x", "1",
                                                file="bao-cao-9.txt"), index).problem


# --- matching and scoring ---------------------------------------------------------------

def test_rule_families():
    assert family("share") == family("percentage") == "percentage"
    assert family("target_exceeded") == family("target_missed")
    assert family("parts_total") == "parts_total"


def test_slips_are_found_by_rule_family_and_figure(index):
    expected = {"findings": [
        entry("F1", "percentage", "2.045/2.500 người (đạt 81,8%)", "81,8%"),
        entry("F2", "stated_change", "giảm 02 vụ", "02 vụ"),
    ], "must_not_flag": []}
    findings = [
        finding("share", [metric_id(index, "doc2", "81,8%")]),  # the family counts
        finding("parts_total", [metric_id(index, "doc2", "02 vụ")]),  # wrong rule
    ]
    result = score_findings("t", SAMPLE_EXPECTED, expected, findings, index)
    assert result.tallies["percentage/share"].found == 1
    assert result.tallies["stated_change"].found == 0
    assert any("F2" in line for line in result.missed)
    assert [f["rule"] for f in result.unexpected] == ["parts_total"]


def test_a_slip_found_only_as_info_is_missed_unless_it_is_a_target(index):
    change = entry("F1", "stated_change", "giảm 02 vụ", "02 vụ")
    target = entry("F2", "target_missed", "cho 1.210 lao động", "1.210 lao động",
                   other_file="bao-cao-1.txt", other_substring="cho 1.600 lao động")
    findings = [finding("stated_change", [metric_id(index, "doc2", "02 vụ")], "info"),
                finding("target_missed", [metric_id(index, "doc2", "1.210 lao động"),
                                          metric_id(index, "doc1", "1.600 lao động")],
                        "info", other_doc_id="doc1")]
    result = score_findings("t", SAMPLE_EXPECTED,
                            {"findings": [change, target], "must_not_flag": []}, findings, index)
    assert result.tallies["stated_change"].found == 0
    assert "chỉ có phát hiện mức info" in result.missed[0]
    assert result.tallies["target_missed/exceeded"].found == 1


def test_a_cross_report_slip_needs_the_other_report(index):
    target = entry("F1", "target_missed", "cho 1.210 lao động", "1.210 lao động",
                   other_file="bao-cao-1.txt", other_substring="cho 1.600 lao động")
    wrong_other = [finding("target_missed", [metric_id(index, "doc2", "1.210 lao động")],
                           "info", other_doc_id="doc2")]
    result = score_findings("t", SAMPLE_EXPECTED, {"findings": [target]}, wrong_other, index)
    assert result.tallies["target_missed/exceeded"].found == 0


def test_a_slip_without_a_figure_is_found_by_its_sentence(index):
    slip = entry("F1", "self_comparison", "năm 2021 so với năm 2021", None)
    by_figure = [finding("self_comparison", [metric_id(index, "doc2", "19 đối tượng")],
                         "warning")]
    elsewhere = [finding("self_comparison", [metric_id(index, "doc2", "47 đơn")], "warning")]
    assert score_findings("t", SAMPLE_EXPECTED, {"findings": [slip]}, by_figure,
                          index).tallies["self_comparison"].found == 1
    assert score_findings("t", SAMPLE_EXPECTED, {"findings": [slip]}, elsewhere,
                          index).tallies["self_comparison"].found == 0
    start = index.texts["doc2"].index("năm 2021 so với")
    by_span = [finding("self_comparison", [], "warning", char_start=start, char_end=start + 8)]
    assert score_findings("t", SAMPLE_EXPECTED, {"findings": [slip]}, by_span,
                          index).tallies["self_comparison"].found == 1


def test_must_not_flag_counts_loud_findings_of_its_family_on_its_figure(index):
    correct = {"findings": [], "must_not_flag": [
        entry("N1", "plan_attainment", "(đạt 81,8%)", "81,8%"),
        entry("N2", "parts_total", "tiếp nhận 47 đơn", "47 đơn"),
        entry("N3", "stated_change", "giảm 02 vụ", "02 vụ"),
    ]}
    findings = [
        finding("percentage", [metric_id(index, "doc2", "81,8%")]),  # a ratio rule: flagged
        finding("parts_total", [metric_id(index, "doc2", "47 đơn")], "info"),  # info: fine
        finding("parts_total", [metric_id(index, "doc2", "02 vụ")], "warning"),  # other family
    ]
    result = score_findings("t", SAMPLE_EXPECTED, correct, findings, index)
    assert result.tallies["plan_attainment"].flagged == 1
    assert result.tallies["parts_total"].flagged == 0
    assert result.tallies["stated_change"].flagged == 0
    assert result.tallies["parts_total"].unexpected == 1
    assert len(result.unexpected) == 2 and len(result.flagged) == 1


def test_a_correct_figure_flagged_against_any_report_is_a_false_alarm(index):
    restated = entry("N1", "cross_year_restatement", "cho 1.210 lao động", "1.210 lao động",
                     other_file="bao-cao-1.txt", other_substring="cho 1.600 lao động")
    against_itself = [finding("cross_year_restatement",
                              [metric_id(index, "doc2", "1.210 lao động")], "warning",
                              other_doc_id="doc2")]
    result = score_findings("t", SAMPLE_EXPECTED, {"must_not_flag": [restated]},
                            against_itself, index)
    assert result.tallies["cross_year_restatement"].flagged == 1


def test_score_set_reports_a_failing_comparer_instead_of_stopping(reports, monkeypatch):
    def broken(tables):
        raise RuntimeError("chưa xong")

    monkeypatch.setattr("pipeline.comparer.compare", broken)
    result, _ = score_set("t", reports, SAMPLE_EXPECTED, {"findings": [], "must_not_flag": []})
    assert "chưa xong" in result.error


# --- arithmetic and digits --------------------------------------------------------------

def test_arithmetic_allows_rounding_and_nothing_more():
    ratio = Arithmetic("ratio", Number.of(85.63, 0.01), (Number.of(11.13, 0.01), Number.of(13)))
    assert ratio.consistent()  # 11,13 stands for [11,125; 11,135]
    assert not ratio.replaced(-1, Decimal("85.73")).consistent()
    assert Arithmetic("sum", Number.of(47), (Number.of(11), Number.of(36))).consistent()
    assert not Arithmetic("sum", Number.of(47), (Number.of(11), Number.of(37))).consistent()
    falling = Arithmetic("change", Number.of(-2), (Number.of(6), Number.of(8)))
    assert falling.consistent()
    assert not replace_stated(falling, 2).consistent()  # "tăng 02" for 8 -> 6
    unsigned = Arithmetic("change", Number.of(2), (Number.of(6), Number.of(8)), signed=False)
    assert unsigned.consistent()
    growth = Arithmetic("growth", Number.of(1.5, 0.1), (Number.of(660), Number.of(650.25)))
    assert growth.consistent()


def replace_stated(arithmetic: Arithmetic, value: float) -> Arithmetic:
    return arithmetic.replaced(-1, Decimal(str(value)))


def test_written_precision():
    assert written_precision("85,63%", 85.63, "percent") == Decimal("0.01")
    assert written_precision("100%", 100.0, "percent") == Decimal(1)
    assert written_precision("14.600 người", 14600.0, "count") == 0
    assert written_precision("69,991 tỷ đồng", 69_991_000_000.0, "money") == Decimal(1_000_000)
    assert written_precision("401,952.03 triệu đồng", 401_952_030_000.0, "money") \
        == Decimal(10_000)


def test_the_middle_digit_of_the_first_number_changes_first():
    text = "đạt 2.045/2.500 người"
    positions = digit_positions(text, 4, len(text))
    assert [text[p] for p in positions] == ["4", "2", "0", "5"]


def test_a_mutant_breaks_the_arithmetic_beyond_rounding():
    text = "gồm 11 đơn và 36 đơn"
    start = text.index("36")
    parts = Arithmetic("sum", Number.of(47), (Number.of(11), Number.of(36)))
    mutant = choose_mutant(text, Relation("parts_total", "N", "f", parts, 1, start, start + 6,
                                          "36 đơn"))
    assert (mutant.position, mutant.old, mutant.new, mutant.value) == (start + 1, "6", "7", 37)
    # 0,513% stays within the rounding of "5 trên 1.000" (0,45%-0,55%): the next digit is taken
    text = "5 trên 1.000 (0,503%)"
    start = text.index("0,503")
    ratio = Arithmetic("ratio", Number.of(0.503, 0.001), (Number.of(5, 1), Number.of(1000)))
    assert ratio.consistent()
    mutant = choose_mutant(text, Relation("percentage", "N", "f", ratio, -1, start, start + 6,
                                          "0,503%"))
    assert (mutant.position, mutant.value) == (start, Decimal("1.503"))


def test_mutating_a_table_cell_keeps_offsets_and_cell_text():
    document = text_document("Bảng\n| Huyện | Số |\n| A | 1.250 |\n| B | 750 |\n| Tổng | 2.000 |")
    position = document.text.index("1.250") + 3
    mutated = mutate_document(document, position, "6")
    assert "1.260" in mutated.text and len(mutated.text) == len(document.text)
    cells = [c.text for b in mutated.blocks if b.rows for row in b.rows for c in row]
    assert "1.260" in cells and "1.250" not in cells
    assert "1.250" in document.text  # the original is untouched


# --- relations ----------------------------------------------------------------------------

def test_relations_from_the_metrics_table():
    def row(i, raw, value, unit_class="count", **more):
        return {"metric_id": f"d-m{i}", "raw": raw, "value": value, "unit_class": unit_class,
                "char_start": i * 10, "char_end": i * 10 + 5, "denominator": None,
                "kind": "actual", **more}

    metrics = [row(1, "47 đơn", 47), row(2, "11 đơn", 11, whole_metric_id="d-m1"),
               row(3, "36 đơn", 36, whole_metric_id="d-m1", part_scope="complete"),
               row(4, "1.500 lao động", 1500, kind="plan"), row(5, "1.150 lao động", 1150),
               row(6, "76,7%", 76.7, "percent", kind="attainment", base_metric_id="d-m4",
                   compared_metric_id="d-m5"),
               row(7, "08 vụ", 8), row(8, "06 vụ", 6),
               row(9, "02 vụ", 2, kind="change", delta=-2, base_metric_id="d-m7",
                   compared_metric_id="d-m8"),
               row(10, "9 người", 9, whole_metric_id="d-m1", part_scope="subset")]
    relations = {r.rule: r for r in relations_from_metrics(metrics, "f")}
    assert set(relations) == {"parts_total", "plan_attainment", "stated_change"}
    assert relations["parts_total"].raw == "36 đơn"
    assert all(r.arithmetic.consistent() for r in relations.values())
    assert relations["stated_change"].arithmetic.stated.value == -2


def test_relations_from_entries_stay_inside_one_report():
    document = text_document(NEW)
    rows = Reports()
    rows.add("bao-cao-2.txt", document, "doc2")
    metrics = rows.rows["bao-cao-2.txt"]["metrics"]
    parts = entry("N1", "parts_total", "tiếp nhận 47 đơn", "47 đơn", stated=47,
                  inputs={"parts": [11, 36]})
    relation, why = relation_from_entry(parts, document, metrics)
    assert why is None and relation.raw == "36 đơn" and relation.target == 1
    change = entry("N2", "stated_change", "giảm 02 vụ", "02 vụ", stated=2,
                   inputs={"current": 6, "previous": 8, "direction": "giảm"})
    relation, _ = relation_from_entry(change, document, metrics)
    assert relation.raw == "02 vụ" and relation.arithmetic.consistent()
    elsewhere = entry("N3", "plan_attainment", "cho 1.210 lao động", "1.210 lao động",
                      stated=75.6, inputs={"numerator": 1210, "denominator": 1600,
                                           "precision": 0.1})
    assert relation_from_entry(elsewhere, document, metrics)[0] is None
    restated = entry("N4", "cross_year_restatement", "(08 vụ)", "08 vụ")
    assert relation_from_entry(restated, document, metrics) == (None, "so sánh giữa các báo cáo")


# --- mutation testing with a stand-in comparer -------------------------------------------

def sums_checker(tables) -> tuple[list[dict], None]:
    """Flags a sentence with "gồm" whose first count is not the sum of its other counts."""
    by_sentence = defaultdict(list)
    for m in tables["metrics"].to_pylist():
        if "gồm" in (m["sentence"] or ""):
            by_sentence[(m["doc_id"], m["sentence"])].append(m)
    findings = []
    for (doc_id, _), metrics in by_sentence.items():
        counts = sorted((m for m in metrics if m["unit_class"] == "count"),
                        key=lambda m: m["char_start"])
        if len(counts) >= 3 and counts[0]["value"] != sum(m["value"] for m in counts[1:]):
            findings.append(finding("parts_total", [m["metric_id"] for m in counts],
                                    doc_id=doc_id))
    return findings, None


PARTS = entry("N1", "parts_total", "tiếp nhận 47 đơn", "47 đơn", stated=47,
              inputs={"parts": [11, 36]})
CHANGE = entry("N2", "stated_change", "giảm 02 vụ", "02 vụ", stated=2,
               inputs={"current": 6, "previous": 8, "direction": "giảm"})


@pytest.fixture()
def one_report(monkeypatch) -> Reports:
    """The report, mutated from the entries alone (not the relations of its metrics table)."""
    monkeypatch.setattr(mutations, "relations_from_metrics", lambda metrics, file: iter(()))
    found = Reports()
    found.add("bao-cao-2.txt", text_document(NEW, "bao-cao-2.txt"), "doc2")
    return found


def test_mutants_caught_by_a_checker_of_their_rule(one_report, monkeypatch):
    monkeypatch.setattr(mutations, "run_compare", sums_checker)
    result = mutation_test(one_report, [PARTS, CHANGE], [], per_rule=40)
    assert result.mutants["parts_total"] == [1, 1]
    assert result.mutants["stated_change"] == [0, 1]  # the stand-in checks sums only
    assert "02 vụ' -> '03 vụ'" in result.uncaught[0]
    assert result.false_errors == {"bao-cao-2.txt": 0}


def test_a_silent_comparer_catches_nothing_and_the_cap_holds(one_report, monkeypatch):
    monkeypatch.setattr(mutations, "run_compare", lambda tables: ([], None))
    result = mutation_test(one_report, [PARTS, CHANGE], [], per_rule=1)
    assert result.mutants == {"parts_total": [0, 1], "stated_change": [0, 1]}
    result = mutation_test(one_report, [PARTS, CHANGE], [], per_rule=0)
    assert result.mutants == {} and result.skipped["vượt giới hạn đột biến mỗi quy tắc"] == 2


def test_flagged_relations_are_not_mutated_and_unexpected_errors_are_counted(one_report,
                                                                            monkeypatch):
    def always(tables):
        ids = [m["metric_id"] for m in tables["metrics"].to_pylist()
               if m["raw"] in ("36 đơn", "81,8%")]
        return [finding("parts_total", ids[:1], doc_id="doc2"),
                finding("percentage", ids[1:], doc_id="doc2")], None

    monkeypatch.setattr(mutations, "run_compare", always)
    slip = entry("F1", "percentage", "(đạt 81,8%)", "81,8%")
    result = mutation_test(one_report, [PARTS], [slip], per_rule=40)
    assert result.skipped["đã bị gắn cờ trên bản gốc"] == 1 and not result.mutants
    assert result.false_errors == {"bao-cao-2.txt": 1}  # the sum; the percentage is a slip


def test_relations_of_the_metrics_table_are_mutated_once(monkeypatch):
    found = Reports()
    found.add("bao-cao-2.txt", text_document(NEW, "bao-cao-2.txt"), "doc2")
    recorded = list(relations_from_metrics(found.rows["bao-cao-2.txt"]["metrics"], "f"))
    if not recorded:
        pytest.skip("the semantics stage records no relations yet")
    monkeypatch.setattr(mutations, "run_compare", lambda tables: ([], None))
    result = mutation_test(found, [PARTS, CHANGE], [], per_rule=40)
    assert sum(run for _, run in result.mutants.values()) == len(
        {(r.char_start, r.char_end) for r in recorded if r.arithmetic.consistent()})


def test_the_section_prints_without_a_real_report(tmp_path, monkeypatch):
    monkeypatch.setattr(mutations, "run_compare", lambda tables: ([], None))
    monkeypatch.setattr("evaluation.comparer.run_compare", lambda tables: ([], None))
    report = tmp_path / "bao-cao-2.txt"
    report.write_text(NEW, encoding="utf-8")
    expected = tmp_path / "expected.json"
    expected.write_text(json.dumps({"findings": [], "must_not_flag": [PARTS]}), encoding="utf-8")
    scorers = (FindingsScorer("thử", report, expected),
               FindingsScorer("vắng", tmp_path / "khong-co.txt", expected))
    text = format_comparer_section(evaluate_comparer(scorers, per_rule=5))
    assert text.startswith("Comparer") and "Bỏ qua vắng" in text
    assert "parts_total" in text and "Đột biến" in text


# --- the expectation files ----------------------------------------------------------------

def test_the_findings_scorers_are_registered():
    assert {s.expected_path for s in FINDINGS_SCORERS} == {SAMPLE_EXPECTED, REAL_EXPECTED}


def test_the_real_report_findings_file_places_every_entry():
    if not REAL_TXT.exists():
        pytest.skip(f"Không có báo cáo thật {REAL_TXT} (../shared/corpus)")
    expected = json.loads(REAL_EXPECTED.read_text(encoding="utf-8"))
    text = normalize_text(REAL_TXT.read_text(encoding="utf-8"))
    entries = expected["findings"] + expected["must_not_flag"]
    assert len({e["id"] for e in entries}) == len(entries)
    for item in entries:
        assert text.count(item["substring"]) == 1, item["id"]
        assert item["file"] == REAL_TXT.name
    index = StoreIndex.of(load_reports([REAL_TXT]).tables())
    for item in entries:
        placement = place_entry(item, index)
        assert placement.problem is None, (item["id"], placement.problem)
    for item in expected["must_not_flag"]:
        inputs = item["inputs"]
        if "parts" in inputs:
            assert sum(inputs["parts"]) == item["stated"], item["id"]
        elif "numerator" in inputs:
            ratio = Arithmetic("ratio", Number.of(item["stated"], inputs["precision"]),
                               (mutations.input_number(inputs["numerator"]),
                                mutations.input_number(inputs["denominator"])))
            assert ratio.consistent(), item["id"]
        elif "current" in inputs:
            change = abs(inputs["current"] - inputs["previous"])
            assert change == item["stated"], item["id"]


def test_sample_corpus_findings():
    expected = json.loads(SAMPLE_EXPECTED.read_text(encoding="utf-8"))
    result, _ = score_set("sample corpus", load_reports(report_paths(SAMPLE_REPORTS)),
                          SAMPLE_EXPECTED, expected)
    assert result.error is None
    assert result.missed == []
    found = sum(t.found for t in result.tallies.values())
    assert found == len(expected["findings"]) == 9
    assert result.flagged == []
