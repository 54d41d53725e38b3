"""File -> Document. One ingestor per format behind `ingest(path)`."""

from __future__ import annotations

from pathlib import Path

from pipeline.model import Document, IngestError


def detect_format(path: Path) -> str:
    """The format name from the file's extension ('txt', 'pdf', ...) or 'unknown'."""
    return Path(path).suffix.lower().lstrip(".") or "unknown"


def ingest(path: Path) -> Document:  # placeholder until the ingestors land
    raise IngestError("Chưa hỗ trợ định dạng này")
