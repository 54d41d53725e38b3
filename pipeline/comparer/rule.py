"""What a check is: a named rule over one document or over the whole store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.comparer.model import Finding
from pipeline.comparer.view import StoreView

SCOPES = ("document", "series", "archive")


@dataclass(frozen=True)
class Rule:
    """`scope` says what a rule's findings depend on, so that a run re-checks only what
    changed: 'document', one report alone; 'series', the reports of its series (checked for
    `StoreView.checked`, which holds whole sets of `linking.series_components`); 'archive',
    any report of the store (run over every report each time)."""

    name: str
    scope: str  # one of SCOPES
    check: Callable[..., Iterable[Finding]]  # (DocumentView) or (StoreView) -> findings
    also_names: tuple[str, ...] = ()  # other `rule` values its findings may carry

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.also_names)

    @property
    def module(self) -> str:
        return self.check.__module__.rsplit(".", 1)[-1]

    def run(self, store: StoreView) -> Iterable[Finding]:
        if self.scope != "document":
            yield from self.check(store)
            return
        for document in store.documents:
            yield from self.check(document)
