"""Accuracy of what is said about the matched figures (kind, period), per document set."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from evaluation.harness import DocumentEvaluation
from evaluation.matching import Item
from evaluation.scorers import ATTRIBUTE_SCORERS, AttributeScorer
from evaluation.text import sentence_around

MISSING = "–"  # a row without the field


def attribute_label(value: object) -> str:
    return MISSING if value is None or value == "" else str(value)


@dataclass
class Mismatch:
    evaluation: DocumentEvaluation
    gold: Item
    predicted: Item


@dataclass
class AttributeTally:
    right: int = 0
    total: int = 0
    confusion: Counter = field(default_factory=Counter)  # (gold label, predicted label) -> n
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None


def tally_attributes(evaluations: list[DocumentEvaluation],
                     scorers: tuple[AttributeScorer, ...] = ATTRIBUTE_SCORERS
                     ) -> dict[tuple[str, str], AttributeTally]:
    """(document set, attribute scorer name) -> tally over the matched pairs, in the order
    the sets first appear."""
    table: dict[tuple[str, str], AttributeTally] = {}
    for evaluation in evaluations:
        for scorer in scorers:
            result = evaluation.results.get(scorer.span_scorer)
            if result is None:
                continue
            tally = table.setdefault((evaluation.document.document_set, scorer.name),
                                     AttributeTally())
            for gold, predicted in result.matching.pairs:
                expected = attribute_label(gold.payload.fields.get(scorer.gold_field))
                observed = attribute_label(predicted.payload.get(scorer.row_field))
                tally.total += 1
                tally.confusion[expected, observed] += 1
                if expected == observed:
                    tally.right += 1
                else:
                    tally.mismatches.append(Mismatch(evaluation, gold, predicted))
    return table


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def format_attribute_lines(table: dict[tuple[str, str], AttributeTally],
                           scorers: tuple[AttributeScorer, ...] = ATTRIBUTE_SCORERS) -> str:
    """'kind đúng 150/184 (0.815)' per set, and for confusion scorers the predicted labels
    of each gold label."""
    if not table:
        return ""
    width = max(len(document_set) for document_set, _ in table)
    lines = ["Thuộc tính của các số liệu khớp (loại, kỳ):"]
    for (document_set, name), tally in table.items():
        lines.append(f"  {document_set:<{width}}  {name} đúng {tally.right}/{tally.total} "
                     f"({_ratio(tally.accuracy)})")
    for scorer in (s for s in scorers if s.confusion):
        lines.append("")
        lines.append(f"Nhầm lẫn {scorer.name}: gold → dự đoán (số lượng):")
        for (document_set, name), tally in table.items():
            if name != scorer.name or not tally.total:
                continue
            lines.append(f"  {document_set}")
            for expected in sorted({g for g, _ in tally.confusion}):
                row = {p: n for (g, p), n in tally.confusion.items() if g == expected}
                cells = ", ".join(f"{p} {n}" for p, n in sorted(row.items(),
                                                                key=lambda c: (-c[1], c[0])))
                lines.append(f"    {expected:<10} ({sum(row.values()):3d}) → {cells}")
    return "\n".join(lines)


def format_attribute_misses(table: dict[tuple[str, str], AttributeTally],
                            scorers: tuple[AttributeScorer, ...] = ATTRIBUTE_SCORERS) -> str:
    """Every matched figure whose attribute is wrong, with its sentence."""
    by_name = {s.name: s for s in scorers}
    lines: list[str] = []
    for (document_set, name), tally in table.items():
        if not tally.mismatches:
            continue
        scorer = by_name[name]
        lines.append(f"=== {name} sai: {document_set} ({len(tally.mismatches)})")
        for mismatch in tally.mismatches:
            gold, row = mismatch.gold.payload, mismatch.predicted.payload
            sentence = sentence_around(mismatch.evaluation.text, mismatch.gold.char_start,
                                       mismatch.gold.char_end)
            lines.append(
                f"SAI {name.upper()}  {mismatch.evaluation.document.path.name}  {gold.raw!r}: "
                f"gold {attribute_label(gold.fields.get(scorer.gold_field))}, "
                f"dự đoán {attribute_label(row.get(scorer.row_field))}"
                f"\n    câu: {sentence}")
        lines.append("")
    return "\n".join(lines)
