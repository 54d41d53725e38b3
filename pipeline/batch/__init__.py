"""Batch runs: many files through `process_file` in parallel, into the store.

`run_batch` and the Dask executor are imported on first use: every pool worker imports this
package (for `pipeline.batch.pool`), and must not load the store, the comparer and the audit
page that only the parent needs.
"""

from importlib import import_module

from pipeline.batch.discover import DOCUMENT_SUFFIXES, MissingPathError, discover
from pipeline.batch.options import (
    DEFAULT_COMMIT_EVERY,
    DEFAULT_COMMIT_SECONDS,
    DEFAULT_TIMEOUT,
    BatchOptions,
    ExecutorUnavailableError,
    OutputNotWritableError,
    RunSummary,
)

_IMPORTED_ON_USE = {"run_batch": "run", "dask_available": "dask_executor"}

__all__ = [
    "DEFAULT_COMMIT_EVERY", "DEFAULT_COMMIT_SECONDS", "DEFAULT_TIMEOUT",
    "DOCUMENT_SUFFIXES", "BatchOptions", "ExecutorUnavailableError",
    "MissingPathError", "OutputNotWritableError", "RunSummary", "dask_available", "discover",
    "run_batch",
]


def __getattr__(name: str) -> object:
    if name not in _IMPORTED_ON_USE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_IMPORTED_ON_USE[name]}"), name)
