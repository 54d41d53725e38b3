"""Runs the pipeline on each evaluated document and matches its rows with the gold."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field

from evaluation.documents import EvalDocument, PageSubset
from evaluation.gold import GoldRecord, Located, load_gold, locate
from evaluation.matching import Item, Matching, Score, match
from evaluation.scorers import SPAN_SCORERS, SpanScorer, unit_agrees
from evaluation.text import non_nfc_line_spans, normalize_text
from pipeline.ingest import ingest
from pipeline.model import IngestError
from pipeline.process import extract_rows
from pipeline.result import file_sha256


@dataclass
class ScorerResult:
    matching: Matching
    unlocated: list[GoldRecord]  # gold whose context is not in this form's text: misses
    nfd_lines: set[int]  # gold file lines of the records inside the NFD stretch
    nfd_region: tuple[int, int] | None  # the stretch in this form's text

    @property
    def score(self) -> Score:
        return Score.of(self.matching).add(Score(0, 0, len(self.unlocated)))

    @property
    def nfd_score(self) -> Score:
        """The score on the NFD stretch alone: its gold, and predictions inside it."""
        true_positives = sum(1 for g, _ in self.matching.pairs if g.payload.line in self.nfd_lines)
        missed = sum(1 for g in self.matching.missed if g.payload.line in self.nfd_lines)
        missed += sum(1 for r in self.unlocated if r.line in self.nfd_lines)
        spurious = 0
        if self.nfd_region:
            start, end = self.nfd_region
            spurious = sum(1 for p in self.matching.spurious
                           if p.char_start < end and p.char_end > start)
        return Score(true_positives, spurious, missed)

    @property
    def units(self) -> tuple[int, int]:
        """(matched figures whose unit is right, matched figures)."""
        right = sum(1 for g, p in self.matching.pairs if unit_agrees(g.payload, p.payload))
        return right, len(self.matching.pairs)


@dataclass
class DocumentEvaluation:
    document: EvalDocument
    text: str = ""
    results: dict[str, ScorerResult] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    error: str | None = None
    error_detail: str | None = None


def nfd_gold_lines(records: list[GoldRecord], source_txt) -> set[int]:
    """Gold records whose context lies on a line the source .txt wrote in NFD."""
    if source_txt is None:
        return set()
    try:
        raw = source_txt.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # a legacy encoding: no NFD stretch to speak of
        return set()
    spans = non_nfc_line_spans(raw)
    text = normalize_text(raw)
    lines = set()
    for record in records:
        located = locate(record, text)
        if located and any(s <= located.char_start < e for s, e in spans):
            lines.add(record.line)
    return lines


def gold_on_pages(records: list[GoldRecord], subset: PageSubset) -> tuple[list[GoldRecord], int]:
    """The records whose context lies on pages 1..subset.last_page of the reference form,
    and how many could not be placed in that form at all (left out)."""
    reference = ingest(subset.reference)
    kept, unplaced = [], 0
    for record in records:
        place = locate(record, reference.text)
        if place is None:
            unplaced += 1
        elif (reference.page_of(place.char_start) or 1) <= subset.last_page:
            kept.append(record)
    return kept, unplaced


def score_scorer(scorer: SpanScorer, gold: list[GoldRecord], rows: list[dict], text: str,
                 nfd_lines: set[int]) -> ScorerResult:
    located: list[Located] = []
    unlocated: list[GoldRecord] = []
    for record in gold:
        if record.kind != scorer.gold_kind:
            continue
        place = locate(record, text)
        if place is None:
            unlocated.append(record)
        else:
            located.append(place)
    gold_items = [Item(p.char_start, p.char_end, p.record) for p in located]
    predicted = [Item(row["char_start"], row["char_end"], row) for row in rows
                 if row.get("char_start") is not None and row.get("char_end") is not None]
    nfd_spans = [(p.char_start, p.char_end) for p in located if p.record.line in nfd_lines]
    region = (min(s for s, _ in nfd_spans), max(e for _, e in nfd_spans)) if nfd_spans else None
    return ScorerResult(match(gold_items, predicted, scorer.agree), unlocated,
                        {line for line in nfd_lines}, region)


def evaluate_document(document: EvalDocument,
                      scorers: tuple[SpanScorer, ...] = SPAN_SCORERS) -> DocumentEvaluation:
    evaluation = DocumentEvaluation(document)
    try:
        gold = load_gold(document.gold_path)
        if document.page_subset:
            gold, unplaced = gold_on_pages(gold, document.page_subset)
            subset = document.page_subset
            evaluation.notices.append(
                f"{document.document_set}: chấm {len(gold)} bản ghi gold nằm ở trang "
                f"1-{subset.last_page} của {subset.reference.name}"
                + (f" ({unplaced} bản ghi không định vị được trong tệp đó)" if unplaced else ""))
        loaded = ingest(document.path)
    except (IngestError, ValueError) as error:
        evaluation.error = f"{document.path.name}: {error}"
        return evaluation
    evaluation.text = loaded.text
    try:
        result = extract_rows(loaded, document.path.name, file_sha256(document.path))
    except Exception as error:  # an extractor bug must not stop the other documents
        evaluation.error = f"{document.path.name}: pipeline lỗi: {error!r}"
        evaluation.error_detail = traceback.format_exc()
        return evaluation
    nfd_lines = nfd_gold_lines(gold, document.nfd_source)
    for scorer in scorers:
        rows = result.rows.get(scorer.table, [])
        evaluation.results[scorer.name] = score_scorer(scorer, gold, rows, loaded.text, nfd_lines)
    return evaluation
