"""Versions of the code and data files that made the store's rows.

The pipeline version (ingest to semantics) is stored per document: a re-run re-reads a
document that an older pipeline read, so the same file gets the figures the current rules
find. The comparer has its own version: changing a check recomputes the findings without
reading any document again.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = frozenset({".py", ".tsv", ".json", ".txt", ".csv"})
COMPARER_SOURCES = ("pipeline/comparer",)
# The report and the CLI only present the store: they change neither rows nor findings.
PRESENTATION_SOURCES = ("pipeline/report", "pipeline/cli.py")
PIPELINE_SOURCES = ("pipeline", "extractors")


def _source_version(folders: tuple[str, ...], excluded: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    skipped = [ROOT / path for path in excluded]
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if (path.suffix in SUFFIXES and "__pycache__" not in path.parts
                    and not any(path == s or s in path.parents for s in skipped)):
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def pipeline_version() -> str:
    return _source_version(PIPELINE_SOURCES, COMPARER_SOURCES + PRESENTATION_SOURCES)


@cache
def comparer_version() -> str:
    """Changes with the checks, and with the pipeline whose rows they read."""
    return _source_version(COMPARER_SOURCES) + "-" + pipeline_version()[:6]
