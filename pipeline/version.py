"""Versions of the code and data files that made the store's rows.

The pipeline version (ingest to semantics) is stored per document: a re-run re-reads a
document that an older pipeline read, so the same file gets the figures the current rules
find. The comparer has its own version: changing a check recomputes the findings without
reading any document again. Upgrading how runs are scheduled and the store is kept changes
neither: a new baocao re-reads the archive only when what reads documents changed.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = frozenset({".py", ".tsv", ".json", ".txt", ".csv"})
# The comparer reads the store through the store's code, so that code is part of its version.
COMPARER_SOURCES = ("pipeline/comparer", "pipeline/store")
# Only present the store: they change neither rows nor findings.
PRESENTATION_SOURCES = ("pipeline/report", "pipeline/export", "pipeline/analysis",
                        "pipeline/cli.py")
# How documents are found, scheduled and written: not what is read from them.
RUN_SOURCES = ("pipeline/batch", "pipeline/store")
# The columns and types of the rows, which the pipeline's rows must have.
ROW_SCHEMA = ("pipeline/store/schema.py",)
PIPELINE_SOURCES = ("pipeline", "extractors")


def _source_version(folders: tuple[str, ...], excluded: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        top = ROOT / folder
        if top.is_file():  # a file named on its own counts even inside an excluded folder
            paths = [top]
        else:
            paths = sorted(path for path in top.rglob("*") if path.suffix in SUFFIXES
                           and "__pycache__" not in path.parts
                           and not _under(path.relative_to(ROOT).as_posix(), excluded))
        for path in paths:
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _under(relative: str, folders: tuple[str, ...]) -> bool:
    return any(relative == folder or relative.startswith(folder + "/") for folder in folders)


@cache
def pipeline_version() -> str:
    return _source_version(PIPELINE_SOURCES + ROW_SCHEMA,
                           COMPARER_SOURCES + PRESENTATION_SOURCES + RUN_SOURCES)


@cache
def comparer_version() -> str:
    """Changes with the checks, and with the pipeline whose rows they read."""
    return _source_version(COMPARER_SOURCES) + "-" + pipeline_version()[:6]


@cache
def presentation_version() -> str:
    """Changes with the code that lays out the audit page."""
    return _source_version(("pipeline/report",))
