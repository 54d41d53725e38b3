"""Every rule's table of examples (pipeline/comparer/examples/<rule>.tsv): the examples that
must fire do, at their severity, and those that must stay silent raise no error or warning."""

from __future__ import annotations

import pytest

from pipeline.comparer import compare
from pipeline.comparer.examples import EXAMPLES_DIR, Example, example_tables, examples
from pipeline.comparer.rules import all_rules

RULE_MODULES = sorted(path.stem for path in EXAMPLES_DIR.glob("*.tsv"))
CASES = [pytest.param(example, id=f"{example.rule_module}-{number}-{example.expect}")
         for module in RULE_MODULES for number, example in enumerate(examples(module), 1)]


def test_every_rule_has_examples_that_fire_and_that_stay_silent() -> None:
    assert {rule.module for rule in all_rules()} == set(RULE_MODULES)
    for module in RULE_MODULES:
        assert {example.expect for example in examples(module)} == {"fires", "silent"}, module


@pytest.mark.parametrize("example", CASES)
def test_example(example: Example) -> None:
    names = {name for rule in all_rules() if rule.module == example.rule_module
             for name in rule.names}
    findings = compare(example_tables(example.documents)).to_pylist()
    own = [f for f in findings if f["rule"] in names]
    if example.expect == "fires":
        assert example.severity in [f["severity"] for f in own], (example.note, findings)
    else:
        loud = [f for f in own if f["severity"] in ("error", "warning")]
        assert not loud, (example.note, loud)
