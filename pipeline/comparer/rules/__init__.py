"""The checks, one module a rule, each exposing `RULE` (a pipeline.comparer.rule.Rule) and
tested by its table of examples in pipeline/comparer/examples/<module>.tsv."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from pipeline.comparer.rule import Rule


@cache
def all_rules() -> tuple[Rule, ...]:
    rules = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        rules.append(loaded.RULE)
    return tuple(rules)
