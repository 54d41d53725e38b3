"""What a batch run is asked to do and what it reports back: plain data, importable without
the store or the models (the command line builds its parser from these defaults)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.batch.pool import ProcessFunction

DEFAULT_TIMEOUT = 300.0
DEFAULT_COMMIT_EVERY = 500  # documents
DEFAULT_COMMIT_SECONDS = 300.0


class OutputNotWritableError(Exception):
    """OUT cannot be created or written."""


class ExecutorUnavailableError(Exception):
    """The chosen executor cannot run here."""


@dataclass
class RunSummary:
    processed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (folder, message)
    findings: dict[str, int] = field(default_factory=dict)  # severity -> count, whole store
    notices: list[str] = field(default_factory=list)  # e.g. the store was migrated


@dataclass
class BatchOptions:
    workers: int = 1
    timeout: float = DEFAULT_TIMEOUT
    executor: str = "local"  # 'local' | 'dask'
    scheduler: str | None = None
    progress: bool = True
    process: ProcessFunction | None = None  # None: pipeline.process.process_file, in workers
    commit_every: int = DEFAULT_COMMIT_EVERY
    commit_seconds: float = DEFAULT_COMMIT_SECONDS
    staging: str | None = None  # where a cluster's workers write rows (None: OUT/.store/incoming)
