"""A `baocao run` killed with SIGKILL at any moment leaves the previous store whole."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from plain_text_processing import DELAY_VARIABLE

from pipeline.store import read_tables, recover, store_lock
from tests.baocao_command import baocao_processing_with


def write_reports(folder: Path, version: int, count: int) -> None:
    folder.mkdir(exist_ok=True)
    for index in range(count):
        (folder / f"r{index}.txt").write_text(f"Bản {version}: có {index} người.\n",
                                              encoding="utf-8")


def stored_state(out: Path) -> tuple[frozenset, frozenset]:
    """(doc_ids in Parquet, doc_ids in DuckDB); both must be readable."""
    parquet = frozenset(read_tables(out)["documents"].column("doc_id").to_pylist())
    connection = duckdb.connect(str(out / "baocao.duckdb"), read_only=True)
    try:
        database = frozenset(r[0] for r in connection.execute("SELECT doc_id FROM documents")
                             .fetchall())
    finally:
        connection.close()
    return parquet, database


def wait_for_staging(out: Path, run: subprocess.Popen) -> None:
    """Until the run starts building its next snapshot."""
    snapshots = out / ".store" / "snapshots"
    while run.poll() is None and not any(p.name.startswith(".tmp-")
                                         for p in snapshots.iterdir()):
        time.sleep(0.0005)


@pytest.mark.slow
def test_sigkill_at_any_point_keeps_the_previous_store(tmp_path: Path) -> None:
    baocao_slow = baocao_processing_with("process_plain_text", tmp_path)
    reports, out, pristine = tmp_path / "reports", tmp_path / "out", tmp_path / "pristine"
    write_reports(reports, 1, 6)
    command = [*baocao_slow, "run", str(reports), "-o", str(out),
               "--workers", "2", "--quiet"]
    environment = os.environ | {DELAY_VARIABLE: "0.1"}
    assert subprocess.run(command, env=environment, capture_output=True).returncode == 0
    old_state = stored_state(out)
    assert len(old_state[0]) == 6
    shutil.copytree(out, pristine)

    write_reports(reports, 2, 8)  # every file changes, two are new
    started = time.monotonic()
    assert subprocess.run(command, env=environment, capture_output=True).returncode == 0
    full_run = time.monotonic() - started
    new_state = stored_state(out)
    assert new_state != old_state and len(new_state[0]) == 8

    # Kills spread over the run, then kills aimed at the commit: as soon as the run starts
    # building its snapshot, and a few milliseconds later.
    moments = [("time", full_run * fraction) for fraction in (0.4, 1.0)]
    moments += [("staging", pause) for pause in (0.0, 0.01, 0.05)]
    outcomes = set()
    for trigger, seconds in moments:
        shutil.rmtree(out)
        shutil.copytree(pristine, out)
        run = subprocess.Popen(command, env=environment, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if trigger == "staging":
            wait_for_staging(out, run)
        time.sleep(seconds)
        os.killpg(run.pid, signal.SIGKILL)  # the run and its workers, mid-flight
        run.wait()
        parquet, database = stored_state(out)  # each form whole old, or whole new
        assert parquet in (old_state[0], new_state[0]), (trigger, seconds)
        assert database in (old_state[1], new_state[1]), (trigger, seconds)
        with store_lock(out):
            recover(out)  # what the next run does first: both forms at the last commit
        state = stored_state(out)
        assert state in (old_state, new_state), (trigger, seconds)
        outcomes.add("old" if state == old_state else "new")
    assert "old" in outcomes

    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert stored_state(out) == new_state
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == [
        ".out.lock"]  # a killed run's staging directory is gone
