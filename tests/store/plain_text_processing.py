"""Per-document functions for store and batch tests, importable by spawned workers.

They run the real `pipeline.process.process_file` with two stand-ins installed, so the
tests do not depend on stages still being written: a plain-text ingest, and a figure finder
that takes every run of digits as a count. Markers in the file name make a document
hang, crash or raise, to exercise the batch runner's limits.
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path
from types import SimpleNamespace

import pipeline.process
from pipeline.model import Document, Figure, IngestError

DELAY_VARIABLE = "BAOCAO_TEST_DELAY"  # seconds each document takes, for the kill test


def plain_text_ingest(path: Path) -> Document:
    path = Path(path)
    if path.suffix.lower() not in (".txt", ".md"):
        raise IngestError("Chưa hỗ trợ định dạng này")
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("Tệp rỗng")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IngestError("Không giải mã được văn bản") from error
    return Document(str(path), path.suffix.lower().lstrip("."), text, encoding="utf-8")


def digit_figures(text: str, taken=()) -> list[Figure]:
    return [Figure(m.start(), m.end(), m.group(), float(m.group()), unit="đơn vị",
                   unit_class="count") for m in re.finditer(r"\d+", text)]


def process_plain_text(path: Path) -> pipeline.process.DocumentResult:
    pipeline.process.ingest = plain_text_ingest
    pipeline.process.quantity_extractor = SimpleNamespace(extract=digit_figures)
    time.sleep(float(os.environ.get(DELAY_VARIABLE, "0")))
    return pipeline.process.process_file(path)


def process_with_misbehaviour(path: Path) -> pipeline.process.DocumentResult:
    """Hangs on 'hang' in the name, dies of SIGSEGV on 'segfault', raises on 'bug'."""
    name = Path(path).name
    if "hang" in name:
        time.sleep(3600)
    if "segfault" in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "bug" in name:
        raise ZeroDivisionError("lỗi giả lập")
    return process_plain_text(path)
