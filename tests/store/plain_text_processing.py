"""Per-document functions for store and batch tests, importable by spawned workers.

They run the real `pipeline.process.process_file`, slowed down on request (for the kill
test); markers in the file name make a document hang, crash or raise, to exercise the
batch runner's limits.
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pipeline.process
import pipeline.result
import pipeline.version

DELAY_VARIABLE = "BAOCAO_TEST_DELAY"  # seconds each document takes, for the kill test
DONE_VARIABLE = "BAOCAO_TEST_DONE"  # a folder where each document finished leaves a file


def process_plain_text(path: Path) -> pipeline.result.DocumentResult:
    time.sleep(float(os.environ.get(DELAY_VARIABLE, "0")))
    return pipeline.process.process_file(path)


def process_with_misbehaviour(path: Path) -> pipeline.result.DocumentResult:
    """Hangs on 'hang' in the name, dies of SIGSEGV on 'segfault', raises on 'bug'."""
    name = Path(path).name
    if "hang" in name:
        time.sleep(3600)
    if "segfault" in name:
        os.kill(os.getpid(), signal.SIGSEGV)
    if "bug" in name:
        raise ZeroDivisionError("lỗi giả lập")
    return process_plain_text(path)


def process_tiny(path: Path) -> pipeline.result.DocumentResult:
    """A document in a few microseconds: its rows made from the numbers in its text, the
    first a total of the next two ("Tổng 10 người, gồm 3 và 7"), so that the comparer has
    parts to add up. For tests of the store and of runs, where the extraction is not what
    is tested."""
    text = Path(path).read_text(encoding="utf-8")
    sha256 = pipeline.result.file_sha256(Path(path))
    doc_id = pipeline.result.doc_id_for(sha256)
    document = {"doc_id": doc_id, "path": str(path), "format": "txt", "sha256": sha256,
                "status": "ok", "text": text, "title": text.splitlines()[0],
                "report_year": 2021, "pipeline_version": pipeline.version.pipeline_version()}
    metrics = []
    for index, match in enumerate(re.finditer(r"\d+", text), 1):
        whole = f"{doc_id}-m1" if index in (2, 3) else None
        metrics.append({
            "doc_id": doc_id, "metric_id": f"{doc_id}-m{index}", "sentence": text.strip(),
            "char_start": match.start(), "char_end": match.end(), "raw": match.group(),
            "value": float(match.group()), "unit": "người", "unit_class": "count",
            "kind": "actual", "decimals": 0, "precision": 0.0, "whole_metric_id": whole,
            "part_scope": "complete" if whole else None})
    return pipeline.result.DocumentResult(doc_id, "ok",
                                           {"documents": [document], "metrics": metrics})


def process_tiny_slowly(path: Path) -> pipeline.result.DocumentResult:
    """`process_tiny` taking DELAY_VARIABLE seconds, leaving a file in DONE_VARIABLE's
    folder when done (a test waits for some documents to be finished)."""
    time.sleep(float(os.environ.get(DELAY_VARIABLE, "0")))
    result = process_tiny(path)
    if os.environ.get(DONE_VARIABLE):
        (Path(os.environ[DONE_VARIABLE]) / Path(path).name).touch()
    return result


def process_reporting_pid(path: Path) -> pipeline.result.DocumentResult:
    """A document whose title is the id of the process that read it."""
    return pipeline.result.DocumentResult(
        "pid", "ok", {"documents": [{"path": str(path), "title": str(os.getpid())}]})


def process_reporting_tool_cache(path: Path) -> pipeline.result.DocumentResult:
    """A document whose title is the tool cache folder its worker was given."""
    from pipeline.ingest import tool_cache

    folder = tool_cache.cache_folder()
    return pipeline.result.DocumentResult(
        "cache", "ok", {"documents": [{"path": str(path),
                                       "title": str(folder) if folder else None}]})


def process_asking_for_more_time(path: Path) -> pipeline.result.DocumentResult:
    """A slow document: one named "slow-<S>" takes S seconds; one named "asks-<A>-slow-<S>"
    first asks for A seconds more than the time limit, as a long scan does."""
    from pipeline import time_limit

    asked = re.search(r"asks-(\d+)", Path(path).name)
    if asked:
        time_limit.ask_for_more(float(asked.group(1)))
    time.sleep(float(re.search(r"slow-(\d+)", Path(path).name).group(1)))
    return process_plain_text(path)
