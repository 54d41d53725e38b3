"""underthesea's part-of-speech CRF (the VLSP 2017 model of `pos_tag`) on words already
segmented, with the CRF's features computed once per sentence.

underthesea's own `word2features` rebuilds every column of the sentence for each word and
each of its 22 feature templates, so a sentence costs the square of its length: it was a
fifth of a report's processing time. The features here are the same strings from the same
templates and functions (tests/semantics/test_pos_tagger.py checks them against underthesea's
on real sentences), computed in one pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import regex

# underthesea's template syntax: T[row(,row)?]([column])?(.function)?
_TEMPLATE = regex.compile(r"T\[(?P<first>-?\d+)(?:,(?P<last>-?\d+))?\]"
                          r"(?:\[(?P<column>.*)\])?(?:\.(?P<function>.*))?")
_UNTAGGED = "X"  # the tag column underthesea's predictor gives every word


@dataclass(frozen=True)
class _Template:
    syntax: str
    first: int  # rows relative to the word, as in T[-1,0]
    last: int | None
    column: int  # 0: the word, 1: its (placeholder) tag
    function: Callable[[str], object] | None


class PosTagger:
    def __init__(self) -> None:
        from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor
        from underthesea.pipeline.pos_tag.tagged_feature import (
            text_is_in_dict,
            text_isallcap,
            text_isdigit,
            text_istitle,
            text_lower,
        )

        functions: dict[str, Callable[[str], object]] = {
            "lower": text_lower, "istitle": text_istitle, "isallcap": text_isallcap,
            "isdigit": text_isdigit, "is_in_dict": text_is_in_dict}
        predictor = CRFPOSTagPredictor.Instance()
        self.model = predictor.model
        self.templates = []
        for syntax in predictor.transformer.template:
            parts = _TEMPLATE.match(syntax)
            if parts is None:
                raise ValueError(f"underthesea POS template not understood: {syntax}")
            self.templates.append(_Template(
                syntax, int(parts["first"]),
                int(parts["last"]) if parts["last"] else None,
                int(parts["column"]) if parts["column"] else 0,
                functions[parts["function"]] if parts["function"] else None))

    def features(self, words: list[str]) -> list[list[str]]:
        columns = (words, [_UNTAGGED] * len(words))
        count = len(words)
        rows = []
        for index in range(count):
            row = []
            for template in self.templates:
                first = index + template.first
                if first < 0:
                    value: object = "BOS"
                elif first >= count or (template.last is not None
                                        and index + template.last >= count):
                    value = "EOS"
                else:
                    cells = columns[template.column]
                    text = (cells[first] if template.last is None
                            else " ".join(cells[first:index + template.last + 1]))
                    value = template.function(text) if template.function else text
                row.append(f"{template.syntax}={value}")
            rows.append(row)
        return rows

    def tags(self, words: list[str]) -> list[str]:
        """The VLSP tag of each word ("N", "Np", "V", ...)."""
        return list(self.model.tag(self.features(words))) if words else []


@cache
def pos_tagger() -> PosTagger:
    return PosTagger()
