"""What processing one document gives the batch: its rows, or a failure row; and the
content hash a document is known by. Kept apart from `pipeline.process` so that a batch
with nothing to process does not load the extractors and their models."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.model import detect_format
from pipeline.version import pipeline_version


@dataclass
class DocumentResult:
    """The rows one document contributes to each table."""

    doc_id: str
    status: str
    rows: dict[str, list[dict]] = field(default_factory=dict)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def doc_id_for(sha256: str) -> str:
    return sha256[:16]


def sha256_or_none(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None  # ingest says, in words a person understands, why it cannot be read


def path_text(path: Path | str) -> str:
    """A file's path as the store writes it (UTF-8): as it is, but for the bytes of a name
    that are not UTF-8 (an archive unpacked from a disk of another system, its names in
    Windows-1258 or TCVN3), written \\xNN, so that the same file always gives the same text."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def failed_result(path: Path, sha256: str | None, message: str) -> DocumentResult:
    # Keyed by path, not content: many bad files share one content (every empty file does),
    # and each needs its own row saying what is wrong with it.
    doc_id = "path-" + hashlib.sha256(path_text(path).encode()).hexdigest()[:11]
    row = {
        "doc_id": doc_id, "path": path_text(path), "format": detect_format(path), "sha256": sha256,
        "status": "failed", "error": message, "pages": None, "text": None, "title": None,
        "agency": None, "report_year": None, "encoding": None,
        "pipeline_version": pipeline_version(),
    }
    return DocumentResult(doc_id, "failed", {"documents": [row]})
