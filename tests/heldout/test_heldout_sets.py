"""Every held-out set's gold is well-formed and fits what pipeline.ingest reads from its reports."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from evaluation.documents import HELDOUT_SETS, heldout_documents
from evaluation.gold import load_gold, locate, parse_record, validate
from pipeline.ingest import ingest

TESTS = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path) -> ModuleType:
    if name not in sys.modules:  # the builders are scripts, not a package
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


builder = _load("heldout_build", TESTS / "heldout" / "build_heldout.py")
NAMES = {folder: name for name, folder in HELDOUT_SETS.items()}
# (name make eval prints, folder, reports)
SETS = [(NAMES[folder], folder, reports) for folder, reports in builder.SETS.items()]
REPORTS = [pytest.param(folder, report, id=report.output)
           for _, folder, reports in SETS for report in reports]


class _Ingested(dict):
    """Report name -> ingested text, each report read once, when a test first needs it: a
    report whose tool is missing here (LibreOffice for the .doc) skips its own tests only."""

    def __missing__(self, name: str) -> str:
        folder = next(folder for _, folder, reports in SETS
                      for report in reports if report.output == name)
        self[name] = ingest(folder / "reports" / name).text
        return self[name]


@pytest.fixture(scope="module")
def ingested() -> dict[str, str]:
    return _Ingested()


@pytest.mark.parametrize("folder, report", REPORTS)
def test_every_record_is_typed(folder: Path, report) -> None:
    lines = builder.gold_path(report, folder).read_text(encoding="utf-8").splitlines()
    assert lines
    for number, line in enumerate(lines, 1):
        parse_record(json.loads(line), number)  # raises on a missing or mistyped field


@pytest.mark.parametrize("folder, report", REPORTS)
def test_every_context_occurs_once_in_the_ingested_text(folder: Path, report, ingested) -> None:
    assert validate(load_gold(builder.gold_path(report, folder)), ingested[report.output]) == []


@pytest.mark.parametrize("folder, report", REPORTS)
def test_every_raw_lands_on_its_own_text(folder: Path, report, ingested) -> None:
    text = ingested[report.output]
    for record in load_gold(builder.gold_path(report, folder)):
        place = locate(record, text)
        assert place is not None, record.context
        assert "".join(text[place.char_start:place.char_end].split()) == \
            "".join(record.raw.split()), record.raw


@pytest.mark.parametrize("folder, report", REPORTS)
def test_each_report_has_all_three_kinds_in_useful_numbers(folder: Path, report) -> None:
    kinds = [r.kind for r in load_gold(builder.gold_path(report, folder))]
    assert kinds.count("metric") >= 50
    assert kinds.count("date") >= 15
    assert kinds.count("citation") >= 5


@pytest.mark.parametrize("name, folder, reports", SETS, ids=[s[0] for s in SETS])
def test_every_figure_kind_is_represented(name: str, folder: Path, reports) -> None:
    records = [r for report in reports for r in load_gold(builder.gold_path(report, folder))
               if r.kind == "metric"]
    assert {r.fields["metric_kind"] for r in records} == {
        "actual", "target", "plan", "change", "share", "attainment", "other"}


@pytest.mark.parametrize("folder, report", REPORTS)
def test_report_and_gold_are_current_with_their_sources(folder: Path, report) -> None:
    # one report at a time: the .doc, which needs LibreOffice, skips alone on a bare machine
    assert builder.stale((report,), folder) == []


@pytest.mark.parametrize("name, folder, reports", SETS, ids=[s[0] for s in SETS])
def test_the_harness_scores_every_report_as_its_set(name: str, folder: Path, reports) -> None:
    documents, notices = heldout_documents(name)
    assert notices == []
    assert {d.path.name for d in documents} == {r.output for r in reports}
    assert {d.document_set for d in documents} == {name}
