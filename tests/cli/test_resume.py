"""A run of 500 documents killed (SIGKILL) at random moments, several times, and started
again each time, ends with the same store as a run never interrupted; each restart reads
only the documents its predecessors had not committed."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.store import SCHEMAS
from tests.baocao_command import baocao_processing_with

DOCUMENTS = 500
KILLS = 5


def write_reports(folder: Path) -> None:
    folder.mkdir()
    for index in range(DOCUMENTS):
        whole, part = 10 + index % 17, index % 5
        other = whole - part - (index % 3 == 0)  # every third report does not add up
        (folder / f"bao-cao-{index:03d}.txt").write_text(
            f"Báo cáo\nTổng {whole} người, gồm {part} và {other}.\nMã {index}.\n",
            encoding="utf-8")


def parquet_tables(out: Path) -> dict[str, list[str]]:
    """Every table as pandas reads its folder, rows sorted."""
    return {name: sorted(map(repr, pd.read_parquet(out / "tables" / name)
                             .astype(object).itertuples(index=False, name=None)))
            for name in SCHEMAS}


def database_tables(out: Path) -> dict[str, list[str]]:
    connection = duckdb.connect(str(out / "baocao.duckdb"), read_only=True)
    try:
        return {name: sorted(map(repr, connection.execute(f"SELECT * FROM {name}").fetchall()))
                for name in SCHEMAS}
    finally:
        connection.close()


def committed(out: Path) -> tuple[set[str], set[str]]:
    """The documents in Parquet and in DuckDB; each form must be a whole commit: every
    document with all its rows (four figures each), no rows of another."""
    connection = duckdb.connect(str(out / "baocao.duckdb"), read_only=True)
    try:
        database = {name: [row[0] for row in connection.execute(
            f"SELECT doc_id FROM {name}").fetchall()] for name in ("documents", "metrics")}
    finally:
        connection.close()
    parquet = {name: list(pd.read_parquet(out / "tables" / name, columns=["doc_id"])["doc_id"])
               for name in ("documents", "metrics")}
    for form in (parquet, database):
        documents = set(form["documents"])
        assert len(documents) == len(form["documents"])
        assert sorted(form["metrics"]) == sorted(list(documents) * 4)
    return set(parquet["documents"]), set(database["documents"])


@pytest.mark.slow
def test_a_run_killed_at_random_moments_resumes_to_the_store_of_an_uninterrupted_run(
        tmp_path: Path) -> None:
    baocao_tiny = baocao_processing_with("process_tiny", tmp_path)
    reports = tmp_path / "reports"
    write_reports(reports)

    def command(out: Path) -> list[str]:
        return [*baocao_tiny, "run", str(reports), "-o", str(out),
                "--workers", "2", "--quiet", "--commit-every", "25"]

    started = time.monotonic()
    reference = subprocess.run(command(tmp_path / "reference"), capture_output=True, text=True)
    full_run = time.monotonic() - started
    assert reference.returncode == 0, reference.stderr
    expected = parquet_tables(tmp_path / "reference")
    assert len(expected["documents"]) == DOCUMENTS and expected["findings"]

    out = tmp_path / "out"
    chance = random.Random(8)
    stored = 0
    for kill in range(KILLS):
        run = subprocess.Popen(command(out), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.05, 0.6) * full_run)
        if kill == KILLS - 1 and stored == 0:
            # every kill so far came before a first commit (a slow machine): the last one
            # waits for one, so that resuming from a commit is tested too
            deadline = time.monotonic() + 2 * full_run
            while not (out / "baocao.duckdb").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        os.killpg(run.pid, signal.SIGKILL)  # the run and its workers, mid-flight
        run.wait()
        if not (out / "baocao.duckdb").exists():
            continue  # killed before its first commit
        in_parquet, in_database = committed(out)
        assert in_parquet <= in_database  # DuckDB commits first; the pointer follows
        assert len(in_database) >= stored  # a commit is never lost
        stored = len(in_database)

    final = subprocess.run(command(out), capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    skipped = int(re.search(r"bỏ qua: (\d+)", final.stdout).group(1))
    assert skipped == stored > 0  # only what was not committed is read again
    assert parquet_tables(out) == expected
    assert database_tables(out) == database_tables(tmp_path / "reference")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == [
        ".out.lock"]
