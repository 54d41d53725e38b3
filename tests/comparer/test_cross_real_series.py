"""The real monthly series (../shared/real/de-an-06-thang-8 and -9, read-only, never copied):
the figures of one indicator are linked across the two months, each to the one in its own
place, and no running total is taken to fall."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.comparer.linking import best_counterpart, figure_period
from pipeline.comparer.rules import all_rules
from pipeline.comparer.view import StoreView, store_view
from pipeline.process import process_file
from pipeline.store import empty_tables, replace_documents

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
FINALS = [REAL / "de-an-06-thang-8" / "BAO CAO DE AN 06 THANG 8.docx",
          REAL / "de-an-06-thang-9" / "BÁO CÁO ĐỀ ÁN 06 thang 9.docx"]
MODULES = {"cross_year_restatement", "cross_stated_change", "cumulative", "targets",
           "draft_final"}

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not all(p.exists() for p in FINALS),
                                 reason="the real archive (../shared/real) is not here")]


@cache
def _store() -> StoreView:
    return store_view(replace_documents(empty_tables(), [],
                                        [process_file(path).rows for path in FINALS]))


def _linked(raw: str) -> str | None:
    """The August figure linked to September's `raw`."""
    august, september = _store().documents[0], _store().documents[1]
    if "9" not in (september.document.title or ""):
        august, september = september, august
    figure = next(m for m in september.metrics if m.raw == raw)
    granularity = figure_period(figure, september.document).granularity
    same = [m for m in september.metrics if m.kind == figure.kind
            and figure_period(m, september.document).granularity == granularity]
    candidates = [m for m in august.metrics if m.kind == figure.kind
                  and figure_period(m, august.document).granularity == granularity]
    found = best_counterpart(figure, candidates, same)
    return found[0].raw if found else None


@pytest.mark.parametrize(("september", "august"), [
    ("2.725.227 tài khoản", "2.707.729 tài khoản"),  # accounts registered
    ("2.180.590 tài khoản", "2.171.425 tài khoản"),  # accounts activated, same sentence
    ("17 mô hình", "17 mô hình"),  # "17 mô hình ..., 16 mô hình ..., 01 mô hình"
    ("16 mô hình", "16 mô hình"),
    ("01 mô hình", "01 mô hình"),
    ("12.197 hồ sơ", "10.029 hồ sơ"),  # judicial records on VNeID, not another "phát sinh"
])
def test_figures_linked_across_months(september: str, august: str) -> None:
    assert _linked(september) == august


def test_no_error_or_warning_across_the_months() -> None:
    store = _store()
    loud = [f for rule in all_rules() if rule.module in MODULES for f in rule.run(store)
            if f.severity in ("error", "warning")]
    assert loud == []
