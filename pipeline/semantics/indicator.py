"""Canonical indicator key of a figure, from data/indicators.tsv ('job_creation', ...)."""

from __future__ import annotations

from pipeline.semantics.lexicon import indicator_patterns


def indicator_of(*texts: str | None) -> str | None:
    """The key of the first indicator pattern found in the first text that has one.

    Texts go from the most to the least specific: the subject, then the clause.
    """
    for text in texts:
        if not text:
            continue
        for key, pattern in indicator_patterns():
            if pattern.search(text):
                return key
    return None
