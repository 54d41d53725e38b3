"""Per-document functions for store and batch tests, importable by spawned workers.

They run the real `pipeline.process.process_file`, slowed down on request (for the kill
test); markers in the file name make a document hang, crash or raise, to exercise the
batch runner's limits.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pipeline.process

DELAY_VARIABLE = "BAOCAO_TEST_DELAY"  # seconds each document takes, for the kill test


def process_plain_text(path: Path) -> pipeline.process.DocumentResult:
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
