"""The sample corpus: committed outputs match their sources, gold and findings fit the text."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"


def _load_build():
    spec = importlib.util.spec_from_file_location("corpus_build", CORPUS / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)  # puts corpus/ on sys.path for its helpers
    return module


build = _load_build()
annotated_source = sys.modules["annotated_source"]
expected_findings = sys.modules["expected_findings"]
flat = annotated_source.collapse_whitespace


@pytest.fixture(scope="module")
def committed_texts() -> dict[str, str]:
    return {spec.output: spec.read(CORPUS / "reports" / spec.output) for spec in build.REPORTS}


@pytest.mark.parametrize("spec", build.REPORTS, ids=lambda spec: spec.output)
def test_committed_report_matches_its_source(spec, committed_texts):
    rendered = build.load_report(spec).text
    assert build.comparable_text(committed_texts[spec.output]) == \
        build.comparable_text(rendered), (
        f"{spec.output} is stale: run .venv/bin/python corpus/build.py")


def test_rebuild_gives_the_committed_gold_and_text_files(tmp_path):
    build.build(tmp_path, make_pdf=False)
    for spec in build.REPORTS:
        gold = f"{spec.output}.jsonl"
        assert (tmp_path / "gold" / gold).read_text(encoding="utf-8") == \
            (CORPUS / "gold" / gold).read_text(encoding="utf-8"), f"{gold} is stale"
        if spec.output.endswith(".txt"):
            assert (tmp_path / "reports" / spec.output).read_bytes() == \
                (CORPUS / "reports" / spec.output).read_bytes()


def test_2020_report_is_tcvn3_not_utf8():
    data = (CORPUS / "reports" / "bao-cao-2020.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "Thương binh và Xã hội" in build.decode_legacy(data, "tcvn3")


def gold_records(name: str) -> list[dict]:
    lines = (CORPUS / "gold" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def rendered_texts() -> dict[str, str]:
    """The sources' plain text: what pipeline.ingest reads from the committed reports (the
    tests above check that the two agree)."""
    return {spec.output: build.load_report(spec).text for spec in build.REPORTS}


def assert_contexts_unique(name: str, text: str) -> None:
    text = flat(text)
    for record in gold_records(name):
        context = flat(record["context"])
        assert annotated_source.count_occurrences(context, text) == 1, record
        assert context.count(record["raw"]) >= record.get("nth", 1), record


@pytest.mark.parametrize("spec", build.REPORTS, ids=lambda spec: spec.output)
def test_every_gold_context_occurs_once_and_holds_its_raw(spec, rendered_texts):
    assert {record["kind"] for record in gold_records(spec.output)} == \
        {"metric", "date", "citation"}
    assert_contexts_unique(spec.output, rendered_texts[spec.output])


@pytest.mark.parametrize("spec", build.REPORTS, ids=lambda spec: spec.output)
def test_gold_contexts_are_unique_in_the_ingested_text(spec):
    from pipeline.ingest import ingest
    from pipeline.model import IngestError

    try:
        document = ingest(CORPUS / "reports" / spec.output)
    except IngestError as error:
        pytest.skip(f"pipeline.ingest cannot read {spec.output} yet: {error}")
    assert_contexts_unique(spec.output, document.text)


def test_expected_findings_fit_the_reports(rendered_texts):
    findings = json.loads((CORPUS / "expected_findings.json").read_text(encoding="utf-8"))
    assert expected_findings.check_findings(findings, rendered_texts) == []
    rules = {entry["rule"] for entry in findings["findings"]}
    assert rules == set(expected_findings.RULES)
    assert {entry["rule"] for entry in findings["must_not_flag"]} == rules


def test_findings_check_rejects_a_wrong_fixture(rendered_texts):
    findings = json.loads((CORPUS / "expected_findings.json").read_text(encoding="utf-8"))
    percentage = next(e for e in findings["findings"] if e["rule"] == "percentage")

    claims_consistent = copy.deepcopy(findings)
    claims_consistent["must_not_flag"].append(percentage)
    assert any("phải là phát hiện" in p
               for p in expected_findings.check_findings(claims_consistent, rendered_texts))

    missing_text = copy.deepcopy(findings)
    missing_text["findings"][0]["substring"] = "câu không có trong báo cáo"
    assert any("không xuất hiện" in p
               for p in expected_findings.check_findings(missing_text, rendered_texts))

    wrong_arithmetic = copy.deepcopy(findings)
    wrong_arithmetic["findings"][0]["computed"] += 10
    assert any("tính ra" in p
               for p in expected_findings.check_findings(wrong_arithmetic, rendered_texts))


# ---- the annotation language -------------------------------------------------------

def single_mention(source: str) -> dict:
    report = annotated_source.render("t", source)
    records = annotated_source.gold_records(report)
    assert len(records) == 1
    return records[0]


@pytest.mark.parametrize("source, expected", [
    ("chi {{401,952.03 triệu đồng|money|fmt=en}} cho",
     {"value": 401952030000, "unit": "VND", "unit_class": "money"}),
    ("tổng {{69,991 tỷ đồng|money}} hỗ trợ", {"value": 69991000000}),
    ("hoàn thành {{35/35 nhiệm vụ|count}} giao", {"value": 35, "denominator": 35,
                                                  "unit": "nhiệm vụ"}),
    ("giảm {{1,0%-1,5%|percent}} mỗi năm", {"value": 1.0, "value_max": 1.5, "unit": "%"}),
    ("với {{hơn 8,6 tỷ đồng|money}} quà", {"value": 8600000000, "approx": "hơn"}),
    ("có {{mười lăm người|count|value=15|unit=người}} tham gia", {"value": 15, "unit": "người"}),
    ("xếp {{thứ 17/21|rank}} sở", {"value": 17, "denominator": 21, "unit_class": "rank"}),
])
def test_metric_values_from_raw(source, expected):
    record = single_mention(source.replace("}}", f"{ROLE}}}}}"))
    assert {key: record.get(key) for key in expected} == expected


ROLE = "|kind=actual|period=2021"  # what every metric mark must also say


def test_kind_and_period_flow_into_the_gold():
    record = single_mention("giảm {{02 vụ|count|kind=change|period=2021}} so với")
    assert (record["metric_kind"], record["period"]) == ("change", "2021")
    assert single_mention("({{08 vụ|count|kind=actual|period=2020}})")["period"] == "2020"


@pytest.mark.parametrize("options", ["", "|kind=actual", "|period=2021", "|kind=real|period=2021",
                                     "|kind=plan|period=21"])
def test_a_metric_mark_without_a_valid_kind_and_period_fails(options):
    with pytest.raises(annotated_source.SourceError, match="kind=|period="):
        single_mention(f"có {{{{06 vụ|count{options}}}}} tai nạn")


@pytest.mark.parametrize("raw, start, end, granularity", [
    ("ngày 09 tháng 01 năm 2015", "2015-01-09", "2015-01-09", "day"),
    ("19/01/2021", "2021-01-19", "2021-01-19", "day"),
    ("tháng 12/2021", "2021-12-01", "2021-12-31", "month"),
    ("tháng 2 năm 2024", "2024-02-01", "2024-02-29", "month"),
    ("Quý I/2022", "2022-01-01", "2022-03-31", "quarter"),
    ("Năm 2022", "2022-01-01", "2022-12-31", "year"),
    ("giai đoạn 2021-2025", "2021-01-01", "2025-12-31", "range"),
    ("từ năm 2021 đến năm 2023", "2021-01-01", "2023-12-31", "range"),
    ("(26/3/1975-26/3/2021)", "1975-03-26", "2021-03-26", "range"),
    ("6 tháng đầu năm 2022", "2022-01-01", "2022-06-30", "range"),
])
def test_date_values_from_raw(raw, start, end, granularity):
    record = single_mention(f"xem {{{{{raw}|date}}}} nhé")
    assert (record["start_date"], record["end_date"], record["granularity"]) == \
        (start, end, granularity)


def test_short_citation_takes_the_issue_date_of_its_full_mention():
    report = annotated_source.render("t", (
        "Theo {{Kết luận 192-KL/TU|cite}} ngày {{28/5/2021|date}} của Tỉnh ủy.\n"
        "Sở tiếp tục thực hiện {{Kết luận 192-KL/TU|cite}} trong năm tới.\n"))
    citations = [r for r in annotated_source.gold_records(report) if r["kind"] == "citation"]
    assert [(c["ref_key"], c["issued_date"]) for c in citations] == \
        [("192-KL/TU", "2021-05-28")] * 2
    assert citations[0]["context"] != citations[1]["context"]


def test_unannotated_digits_fail_the_build():
    with pytest.raises(annotated_source.SourceError, match="chưa được chú thích"):
        annotated_source.render("t", "1. Có {{5 người|count}} và 7 hộ.\n")


def test_a_mention_whose_line_repeats_has_no_unique_context():
    source = "Đạt {{99,6%|percent}} kế hoạch.\nĐạt {{99,6%|percent}} kế hoạch.\n"
    with pytest.raises(annotated_source.SourceError, match="ngữ cảnh duy nhất"):
        annotated_source.gold_records(annotated_source.render("t", source))


def test_table_rows_become_cells_with_mentions_at_the_right_offsets():
    report = annotated_source.render("t", "| Huyện A | {{1.250|count|unit=lao động}} |\n")
    assert report.lines[0].cells == ["Huyện A", "1.250"]
    assert report.lines[0].text == "Huyện A | 1.250"
    mention = report.mentions[0]
    assert report.text[mention.char_start:mention.char_end] == "1.250"
