"""The version of the pipeline's code and lexicons, so that a store knows what made each row.

A re-run re-processes a document that an older pipeline read: the same file then gets the
figures that the current rules find, not those of the rules it was first read with.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pipeline", "extractors")
SUFFIXES = frozenset({".py", ".tsv", ".json", ".txt", ".csv"})


@cache
def pipeline_version() -> str:
    digest = hashlib.sha256()
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
