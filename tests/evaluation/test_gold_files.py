"""The gold files follow tests/gold/GUIDELINES.md: typed fields, contexts found exactly once."""

from collections import defaultdict
from datetime import date

import pytest

from evaluation.documents import REAL_CORPUS, SAMPLE_GOLD, SAMPLE_REPORTS
from evaluation.gold import GoldFormatError, load_gold, locate, parse_record, validate
from evaluation.harness import nfd_gold_lines
from pipeline.ingest import ingest


def test_a_record_with_a_mistyped_field_is_rejected():
    record = {"kind": "metric", "context": "đạt 99,6% so với", "raw": "99,6%", "value": "99.6",
              "unit_class": "percent", "unit": "%", "denominator": None}
    with pytest.raises(GoldFormatError, match="value"):
        parse_record(record, 1)


def test_a_record_whose_raw_is_not_in_its_context_is_rejected():
    record = {"kind": "citation", "context": "Quyết định số 62/QĐ-LĐTBXH ngày", "raw": "63/QĐ",
              "ref_key": "63/QĐ", "issued_date": None}
    with pytest.raises(GoldFormatError, match="raw"):
        parse_record(record, 1)


def test_locate_tolerates_other_whitespace_and_uses_nth():
    record = parse_record({"kind": "metric", "context": "giảm 37 người, giảm 37 học viên",
                           "raw": "37", "nth": 2, "value": 37, "unit_class": "count",
                           "unit": "học viên", "denominator": None,
                           "metric_kind": "change", "period": "2021"})
    text = "Trong năm 2021, giảm\n37 người,  giảm 37 học viên cai nghiện."
    place = locate(record, text)
    assert place is not None
    assert text[place.char_start:place.char_end] == "37"
    assert place.char_start == text.rindex("37")


def test_locate_refuses_a_context_found_twice():
    record = parse_record({"kind": "metric", "context": "có 100%", "raw": "100%", "value": 100,
                           "unit_class": "percent", "unit": "%", "denominator": None,
                           "metric_kind": "share", "period": "2021"})
    assert locate(record, "có 100% xã; có 100% phường") is None


def test_real_gold_contexts_occur_once_and_place_raw(real_text, real_gold_path):
    records = load_gold(real_gold_path)
    assert validate(records, real_text) == []
    spans = []
    for record in records:
        place = locate(record, real_text)
        assert real_text[place.char_start:place.char_end] == record.raw
        spans.append((place.char_start, place.char_end, record.kind))
    spans.sort()
    for (_, end, kind), (start, _, next_kind) in zip(spans, spans[1:], strict=False):
        assert end <= start or kind != next_kind, "two gold records of one kind overlap"


def test_real_gold_fields_are_consistent(real_gold_path):
    records = load_gold(real_gold_path)
    issued = defaultdict(set)
    for record in records:
        fields = record.fields
        if record.kind == "date":
            start, end = date.fromisoformat(fields["start_date"]), date.fromisoformat(
                fields["end_date"])
            assert start <= end, record.raw
            if fields["granularity"] == "day":
                assert start == end, record.raw
        elif record.kind == "citation":
            issued[fields["ref_key"]].add(fields["issued_date"])
        elif fields["unit_class"] == "money":
            assert fields["unit"] == "VND", record.raw
        elif fields["unit_class"] == "percent":
            assert fields["unit"] == "%", record.raw
    assert {key: dates for key, dates in issued.items() if len(dates) > 1} == {}


def test_real_gold_covers_the_nfd_stretch_and_the_english_number(real_text, real_gold_path):
    records = load_gold(real_gold_path)
    assert nfd_gold_lines(records, REAL_CORPUS / "bao-cao-2021.txt")
    english = [r for r in records if r.raw == "401,952.03 triệu đồng"]
    assert [r.fields["value"] for r in english] == [401952030000]


def sample_gold_files():
    return sorted(SAMPLE_GOLD.glob("*.jsonl")) if SAMPLE_GOLD.is_dir() else []


@pytest.mark.parametrize("gold_path", sample_gold_files(), ids=lambda p: p.name)
def test_sample_gold_contexts_occur_once(gold_path):
    report = SAMPLE_REPORTS / gold_path.stem
    if not report.exists():
        pytest.skip(f"Chưa có báo cáo {report.name} cho tệp gold này")
    records = load_gold(gold_path)
    document = ingest(report)
    assert validate(records, document.text) == []
