"""Batch runs: many files through `process_file` in parallel, into the store."""

from pipeline.batch.dask_executor import ExecutorUnavailableError, dask_available
from pipeline.batch.discover import DOCUMENT_SUFFIXES, MissingPathError, discover
from pipeline.batch.run import (
    DEFAULT_COMMIT_EVERY,
    DEFAULT_COMMIT_SECONDS,
    DEFAULT_TIMEOUT,
    BatchOptions,
    OutputNotWritableError,
    RunSummary,
    run_batch,
)

__all__ = [
    "DEFAULT_COMMIT_EVERY", "DEFAULT_COMMIT_SECONDS", "DEFAULT_TIMEOUT",
    "DOCUMENT_SUFFIXES", "BatchOptions", "ExecutorUnavailableError",
    "MissingPathError", "OutputNotWritableError", "RunSummary", "dask_available", "discover",
    "run_batch",
]
