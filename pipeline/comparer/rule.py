"""What a check is: a named rule over one document or over the whole store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pipeline.comparer.model import Finding
from pipeline.comparer.view import StoreView


@dataclass(frozen=True)
class Rule:
    name: str
    scope: str  # 'document': checks one report alone; 'store': compares reports
    check: Callable[..., Iterable[Finding]]  # (DocumentView) or (StoreView) -> findings
    also_names: tuple[str, ...] = ()  # other `rule` values its findings may carry

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.also_names)

    @property
    def module(self) -> str:
        return self.check.__module__.rsplit(".", 1)[-1]

    def run(self, store: StoreView) -> Iterable[Finding]:
        if self.scope == "store":
            yield from self.check(store)
            return
        for document in store.documents:
            yield from self.check(document)
