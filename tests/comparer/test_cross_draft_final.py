"""A draft and its final: what is linked, and what raises nothing."""

from __future__ import annotations

import pytest

from pipeline.comparer.examples import Example, example_tables, examples
from pipeline.comparer.rules.draft_final import RULE
from pipeline.comparer.view import store_view


def test_silent_examples_raise_nothing_at_all() -> None:
    for example in examples("draft_final"):
        found = list(RULE.run(store_view(example_tables(example.documents))))
        assert bool(found) == (example.expect == "fires"), (example.note, found)


def test_the_final_is_the_main_evidence() -> None:
    example = examples("draft_final")[0]
    store = store_view(example_tables(example.documents))
    draft, final = store.documents
    findings = list(RULE.run(store))
    assert {f.doc_id for f in findings} == {final.document.doc_id}
    assert {f.other_doc_id for f in findings} == {draft.document.doc_id}
    jobs = next(f for f in findings if f.expected == 17020)
    assert jobs.observed == 17050
    assert jobs.link_reason.startswith("câu giống")


@pytest.mark.parametrize("example", [e for e in examples("draft_final") if "swapped" in e.note],
                         ids=lambda example: example.note)
def test_two_figures_that_exchanged_their_values_are_one_finding(example: Example) -> None:
    store = store_view(example_tables(example.documents))
    draft, final = store.documents
    [finding] = RULE.run(store)
    assert finding.message == ("Hai số đổi chỗ cho nhau: dự thảo ghi 98 và 120, "
                               "bản chính thức ghi 120 và 98 hồ sơ.")
    assert [m.split("-")[0] for m in finding.metric_ids] == [
        final.document.doc_id] * 2 + [draft.document.doc_id] * 2
    assert (finding.expected, finding.observed) == (98, 120)
