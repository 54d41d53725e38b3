"""The registry of scorers: what is compared with what, and when two values agree.

A span scorer compares the rows of one table that `pipeline.process.extract_rows` returns
with the gold records of one kind. Adding a scorer is one entry in SPAN_SCORERS (for scores
over a run's store, in RUN_SCORERS; for the comparer's findings on a set of reports, in
FINDINGS_SCORERS).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from evaluation.documents import REAL_CORPUS, REAL_GOLD, REPOSITORY, SAMPLE_REPORTS
from evaluation.gold import GoldRecord
from evaluation.matching import Score, numbers_agree


def _iso(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _key(value: object) -> str | None:
    return None if value is None else unicodedata.normalize("NFC", str(value)).strip()


def metric_agrees(gold: GoldRecord, row: dict) -> bool:
    fields = gold.fields
    return (numbers_agree(fields["value"], row.get("value"))
            and fields["unit_class"] == row.get("unit_class")
            and numbers_agree(fields.get("denominator"), row.get("denominator")))


def date_agrees(gold: GoldRecord, row: dict) -> bool:
    fields = gold.fields
    return (fields["start_date"] == _iso(row.get("start_date"))
            and fields["end_date"] == _iso(row.get("end_date"))
            and fields["granularity"] == row.get("granularity"))


def citation_agrees(gold: GoldRecord, row: dict) -> bool:
    fields = gold.fields
    return (_key(fields["ref_key"]) == _key(row.get("ref_key"))
            and fields.get("issued_date") == _iso(row.get("issued_date")))


def unit_agrees(gold: GoldRecord, row: dict) -> bool:
    """Reported for figures, not scored."""
    expected, observed = gold.fields.get("unit"), row.get("unit")
    if expected is None or observed is None:
        return expected is None and observed is None
    return _key(expected).casefold() == _key(observed).casefold()


@dataclass(frozen=True)
class SpanScorer:
    name: str  # as printed: 'figures'
    table: str  # the rows scored: extract_rows(...).rows[table]
    gold_kind: str  # the gold records scored: GoldRecord.kind
    agree: Callable[[GoldRecord, dict], bool]
    describe: Callable[[dict], str]  # a table row, in a few words, for the misses file


def _describe_metric(row: dict) -> str:
    text = f"value={row.get('value')} {row.get('unit_class')}"
    if row.get("denominator") is not None:
        text += f" /{row.get('denominator')}"
    return text + f" unit={row.get('unit')}"


def _describe_date(row: dict) -> str:
    return (f"{_iso(row.get('start_date'))}..{_iso(row.get('end_date'))} "
            f"{row.get('granularity')}")


def _describe_citation(row: dict) -> str:
    return f"{row.get('ref_key')} issued={_iso(row.get('issued_date'))}"


SPAN_SCORERS: tuple[SpanScorer, ...] = (
    SpanScorer("figures", "metrics", "metric", metric_agrees, _describe_metric),
    SpanScorer("dates", "dates", "date", date_agrees, _describe_date),
    SpanScorer("citations", "citations", "citation", citation_agrees, _describe_citation),
)


@dataclass(frozen=True)
class AttributeScorer:
    """Scores one attribute of the predictions a span scorer matched with the gold: the
    share of matched pairs where the row's field equals the gold's."""

    name: str  # as printed: 'kind'
    span_scorer: str  # whose matched pairs it reads: SpanScorer.name
    gold_field: str  # GoldRecord.fields key
    row_field: str  # table row key
    confusion: bool = False  # also print gold-vs-predicted counts (for small label sets)


ATTRIBUTE_SCORERS: tuple[AttributeScorer, ...] = (
    AttributeScorer("kind", "figures", "metric_kind", "kind", confusion=True),
    AttributeScorer("period", "figures", "period", "period"),
)


class RunScorer(Protocol):
    """Scores a table of the whole run (after the comparer) against an expectation file."""

    name: str
    table: str
    expected_path: Path

    def score(self, rows: list[dict], expected: object) -> dict[str, Score]:
        """Scores keyed by what they are for (e.g. one per check/rule)."""
        ...


def load_expected(scorer: RunScorer) -> object | None:
    if not scorer.expected_path.exists():
        return None
    return json.loads(scorer.expected_path.read_text(encoding="utf-8"))


RUN_SCORERS: tuple[RunScorer, ...] = ()


@dataclass(frozen=True)
class FindingsScorer:
    """The comparer's findings on a set of reports (read and compared together, fresh, not
    from a store) against an expectation file in the format of corpus/expected_findings.json;
    with `mutate`, the consistent arithmetic of each report is also broken one figure at a
    time. Matching needs the metrics and the text, not the findings alone: evaluation/comparer.py
    and evaluation/mutations.py."""

    name: str  # as printed: 'sample corpus'
    reports: Path  # a folder of reports, or one report
    expected_path: Path
    mutate: bool = True


FINDINGS_SCORERS: tuple[FindingsScorer, ...] = (
    FindingsScorer("sample corpus", SAMPLE_REPORTS,
                   REPOSITORY / "corpus" / "expected_findings.json"),
    FindingsScorer("bao-cao-2021 (txt)", REAL_CORPUS / "bao-cao-2021.txt",
                   REAL_GOLD / "bao-cao-2021.findings.json"),
)
