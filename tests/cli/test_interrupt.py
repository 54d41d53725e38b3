"""Ctrl-C during a run (SIGINT to the run and its workers, as a terminal sends it): the
files finished are kept as one more commit, the run says so without a traceback and exits
with 130, and the next run reads only the other files."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from tests.baocao_command import baocao_processing_with

DOCUMENTS = 40


def stored_documents(out: Path) -> int:
    connection = duckdb.connect(str(out / "baocao.duckdb"), read_only=True)
    try:
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.slow
def test_ctrl_c_keeps_the_files_finished_and_the_next_run_reads_only_the_others(
        tmp_path: Path) -> None:
    from plain_text_processing import DELAY_VARIABLE, DONE_VARIABLE

    reports, done, out = tmp_path / "reports", tmp_path / "done", tmp_path / "out"
    reports.mkdir()
    done.mkdir()
    for index in range(DOCUMENTS):
        (reports / f"bao-cao-{index:02d}.txt").write_text(
            f"Báo cáo\nTổng {10 + index} người, gồm 4 và {6 + index}.\n", encoding="utf-8")
    command = [*baocao_processing_with("process_tiny_slowly", tmp_path), "run", str(reports),
               "-o", str(out),
               "--workers", "2", "--quiet", "--commit-every", "1000"]
    # SIGINT as a terminal has it: a test run in the background of a script inherits it
    # ignored, and the run would rightly ignore it too
    run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True,
                           env=os.environ | {DELAY_VARIABLE: "0.3", DONE_VARIABLE: str(done)},
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while len(list(done.iterdir())) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGINT)
    _, error = run.communicate(timeout=120)
    assert run.returncode == 130, error
    assert "đã dừng theo yêu cầu" in error and "Traceback" not in error
    kept = stored_documents(out)  # no commit point came before Ctrl-C: this is its commit
    assert 0 < kept < DOCUMENTS

    final = subprocess.run(command, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    assert int(re.search(r"bỏ qua: (\d+)", final.stdout).group(1)) == kept
    assert stored_documents(out) == DOCUMENTS
