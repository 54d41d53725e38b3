"""The second held-out gold is well-formed and fits what pipeline.ingest reads from its reports."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from evaluation.documents import heldout_documents
from evaluation.gold import load_gold, locate, parse_record, validate
from pipeline.ingest import ingest

HELDOUT2 = Path(__file__).resolve().parent


def _load_builder():
    spec = importlib.util.spec_from_file_location("heldout2_build", HELDOUT2 / "build_heldout2.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


builder = _load_builder()
REPORTS = builder.HELDOUT2_REPORTS


def _ids(report) -> str:
    return report.output


@pytest.fixture(scope="module")
def ingested() -> dict[str, str]:
    return {r.output: ingest(builder.REPORTS / r.output).text for r in REPORTS}


@pytest.mark.parametrize("report", REPORTS, ids=_ids)
def test_every_record_is_typed(report):
    lines = builder.gold_path(report).read_text(encoding="utf-8").splitlines()
    assert lines
    for number, line in enumerate(lines, 1):
        parse_record(json.loads(line), number)  # raises on a missing or mistyped field


@pytest.mark.parametrize("report", REPORTS, ids=_ids)
def test_every_context_occurs_once_in_the_ingested_text(report, ingested):
    records = load_gold(builder.gold_path(report))
    assert validate(records, ingested[report.output]) == []


@pytest.mark.parametrize("report", REPORTS, ids=_ids)
def test_every_raw_lands_on_its_own_text(report, ingested):
    text = ingested[report.output]
    for record in load_gold(builder.gold_path(report)):
        place = locate(record, text)
        assert place is not None, record.context
        assert "".join(text[place.char_start:place.char_end].split()) == \
            "".join(record.raw.split()), record.raw


@pytest.mark.parametrize("report", REPORTS, ids=_ids)
def test_each_report_has_all_three_kinds_in_useful_numbers(report):
    kinds = [r.kind for r in load_gold(builder.gold_path(report))]
    assert 50 <= kinds.count("metric") <= 90
    assert kinds.count("date") >= 15
    assert kinds.count("citation") >= 5


def test_every_figure_kind_and_a_school_year_period_are_represented():
    records = [r for report in REPORTS for r in load_gold(builder.gold_path(report))
               if r.kind == "metric"]
    assert {r.fields["metric_kind"] for r in records} == {
        "actual", "target", "plan", "change", "share", "attainment", "other"}
    assert "2023-2024" in {r.fields["period"] for r in records}


def test_reports_and_gold_are_current_with_their_sources():
    assert builder.stale() == []


def test_the_harness_scores_every_report_as_the_held_out_2_set():
    documents, notices = heldout_documents(builder.REPORTS, builder.HELDOUT2 / "gold",
                                           "held-out 2")
    assert notices == []
    assert {d.path.name for d in documents} == {r.output for r in REPORTS}
    assert {d.document_set for d in documents} == {"held-out 2"}
