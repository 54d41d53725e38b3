"""A reader's request for more time than a file's limit in a batch gives: a long scan needs
every page read by OCR, which the time limit per file (there to stop a file that hangs) does
not foresee. Whoever runs the reader may listen (`listening`): a batch's worker passes the
request on to what keeps the deadlines; a reader run alone is asked by no one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_LISTENER: ContextVar[Callable[[float], None] | None] = ContextVar("time_limit", default=None)


def ask_for_more(seconds: float) -> None:
    """Ask for `seconds` more than the file's time limit."""
    listener = _LISTENER.get()
    if listener is not None and seconds > 0:
        listener(seconds)


@contextmanager
def listening(listener: Callable[[float], None]) -> Iterator[None]:
    """Within: `ask_for_more` calls `listener` with the seconds asked for."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)
