"""Plain text (.txt, .md) -> Document: one block per non-empty line."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.blocks import classify_line
from pipeline.ingest.builder import DocumentBuilder
from pipeline.ingest.encoding import decode_text
from pipeline.ingest.normalize import normalize_text
from pipeline.model import Document


def ingest_text(path: Path, format_name: str) -> Document:
    decoded = decode_text(path.read_bytes())
    builder = DocumentBuilder(str(path), format_name, encoding=decoded.encoding)
    for line in normalize_text(decoded.text).split("\n"):
        if line.strip():
            builder.add_text(classify_line(line), line)
    return builder.build()
