"""One-to-one matching of predicted spans to gold spans (tests/gold/GUIDELINES.md).

A prediction matches a gold item when their spans overlap and their values agree; among
the candidate pairs, the ones with the largest overlap are taken first (greedy).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Item:
    """A span in a document's text with what was said about it (gold record or table row)."""

    char_start: int
    char_end: int
    payload: Any


@dataclass
class Matching:
    pairs: list[tuple[Item, Item]] = field(default_factory=list)  # (gold, predicted)
    missed: list[Item] = field(default_factory=list)  # gold without a prediction
    spurious: list[Item] = field(default_factory=list)  # predictions without gold


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, other: Score) -> Score:
        return Score(self.true_positives + other.true_positives,
                     self.false_positives + other.false_positives,
                     self.false_negatives + other.false_negatives)

    @property
    def precision(self) -> float | None:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @classmethod
    def of(cls, matching: Matching) -> Score:
        return cls(len(matching.pairs), len(matching.spurious), len(matching.missed))


def overlap(a: Item, b: Item) -> int:
    return min(a.char_end, b.char_end) - max(a.char_start, b.char_start)


def numbers_agree(expected: float | None, observed: float | None,
                  relative_tolerance: float = 1e-9) -> bool:
    if expected is None or observed is None:
        return expected is None and observed is None
    return math.isclose(float(expected), float(observed), rel_tol=relative_tolerance,
                        abs_tol=1e-12)


def match(gold: list[Item], predicted: list[Item],
          agree: Callable[[Any, Any], bool]) -> Matching:
    """Pairs each gold item with at most one prediction and the reverse."""
    candidates = [
        (overlap(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if overlap(g, p) > 0 and agree(g.payload, p.payload)
    ]
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    gold_taken: set[int] = set()
    predicted_taken: set[int] = set()
    result = Matching()
    for _, gi, pi in candidates:
        if gi in gold_taken or pi in predicted_taken:
            continue
        gold_taken.add(gi)
        predicted_taken.add(pi)
        result.pairs.append((gold[gi], predicted[pi]))
    result.missed = [g for i, g in enumerate(gold) if i not in gold_taken]
    result.spurious = [p for i, p in enumerate(predicted) if i not in predicted_taken]
    return result
