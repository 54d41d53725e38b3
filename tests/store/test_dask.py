"""`baocao run --executor dask` on a real local Dask cluster (worker processes, localhost)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from plain_text_processing import (
    DELAY_VARIABLE,
    DONE_VARIABLE,
    process_asking_for_more_time,
    process_tiny_slowly,
    process_with_misbehaviour,
)

from pipeline.batch import BatchOptions, dask_executor, run_batch
from pipeline.batch.dask_executor import CONNECT_TIMEOUT, not_started_message
from pipeline.batch.pool import timeout_message
from pipeline.cli import EXIT_SOME_FAILED, EXIT_USAGE, main
from pipeline.store import SCHEMAS, database_path, read_tables

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")

SAMPLE_REPORTS = Path(__file__).resolve().parents[2] / "corpus" / "reports"
SAMPLES = ["bao-cao-2020.txt", "bao-cao-2021.docx", "bao-cao-6-thang-dau-nam-2023.md"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None, host="127.0.0.1") as local:
        yield local


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in SAMPLES:
        if not (SAMPLE_REPORTS / name).is_file():
            pytest.skip(f"sample report missing: {SAMPLE_REPORTS / name}")
        shutil.copy(SAMPLE_REPORTS / name, folder / name)
    (folder / "rong.txt").write_bytes(b"")
    return folder


def store_rows(out: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in the database and in Parquet, in a fixed order."""
    rows: dict[str, list[tuple]] = {}
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    try:
        for name, table in read_tables(out).items():
            parquet = [tuple(row.values()) for row in table.to_pylist()]
            database = connection.execute(f"SELECT * FROM {name}").fetchall()
            rows[name] = sorted(parquet, key=repr)
            assert sorted(database, key=repr) == rows[name], name
    finally:
        connection.close()
    return rows


def timed_run(*arguments: str) -> tuple[int, float]:
    start = time.perf_counter()
    status = main(["run", *arguments, "--quiet"])
    return status, time.perf_counter() - start


@pytest.mark.parametrize("staging", [None, "fsspec"])
def test_dask_run_stores_the_same_rows_as_a_local_run(
        staging: str | None, cluster: distributed.LocalCluster, batch: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Workers write the rows into OUT/.store/incoming, or through fsspec to a URL (a file://
    one here, as an s3:// one would be written)."""
    area = tmp_path / "staging"
    extra = ["--staging", area.as_uri()] if staging else []
    dask_status, dask_seconds = timed_run(str(batch), "-o", str(tmp_path / "dask"),
                                          "--executor", "dask",
                                          "--scheduler", cluster.scheduler_address, *extra)
    if staging:
        assert area.is_dir() and not any(p.is_file() for p in area.rglob("*"))  # copied, removed
    local_status, local_seconds = timed_run(str(batch), "-o", str(tmp_path / "local"),
                                            "--workers", "2")
    print(f"\nlocal {local_seconds:.2f} s, dask {dask_seconds:.2f} s")
    assert local_status == dask_status == EXIT_SOME_FAILED
    local, on_dask = store_rows(tmp_path / "local"), store_rows(tmp_path / "dask")
    versions = {read_tables(out)["documents"].column("pipeline_version")[0].as_py()
                for out in (tmp_path / "local", tmp_path / "dask")}
    assert len(versions) == 1, "the pipeline's source changed during the test: run it again"
    assert set(on_dask) == set(SCHEMAS)
    for name in SCHEMAS:
        assert on_dask[name] == local[name], name
    assert local["metrics"], "the sample reports gave no figures"

    documents = {Path(row["path"]).name: row
                 for row in read_tables(tmp_path / "dask")["documents"].to_pylist()}
    assert {name: row["status"] for name, row in documents.items()} == (
        {name: "ok" for name in SAMPLES} | {"rong.txt": "failed"})
    error = documents["rong.txt"]["error"]
    assert error and any(letter in error for letter in "ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệ")
    assert f"rong.txt: {error}" in capsys.readouterr().out


def free_port_address() -> str:
    with socket.socket() as probe:  # a port nothing listens on once it is closed
        probe.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{probe.getsockname()[1]}"


def test_dask_tasks_keep_the_tool_cache_of_a_shared_out_and_none_otherwise(
        cluster: distributed.LocalCluster, tmp_path: Path) -> None:
    from plain_text_processing import process_reporting_tool_cache

    from pipeline.batch.run import _outcomes

    report = tmp_path / "a.txt"
    report.write_text("1\n", encoding="utf-8")
    cache = tmp_path / "out" / ".store" / "tool-cache"
    titles = {}
    for staging in (None, (tmp_path / "staging").as_uri()):
        options = BatchOptions(executor="dask", scheduler=cluster.scheduler_address,
                               process=process_reporting_tool_cache, staging=staging)
        outcomes = list(_outcomes([report], options, str(tmp_path / "incoming"), cache))
        titles[staging is None] = outcomes[0].result.rows["documents"][0]["title"]
    assert titles == {True: str(cache), False: None}


@pytest.mark.parametrize(("address", "message"), [
    (None, "Không kết nối được tới bộ lập lịch Dask"),
    ("khong-co-cong", "Địa chỉ bộ lập lịch Dask không hợp lệ"),
])
def test_a_wrong_scheduler_address_is_exit_2_with_a_clear_message_quickly(
        address: str | None, message: str, batch: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    status, seconds = timed_run(str(batch), "-o", str(tmp_path / "out"), "--executor", "dask",
                                "--scheduler", address or free_port_address())
    assert status == EXIT_USAGE
    assert seconds < CONNECT_TIMEOUT + 5
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out" / "tables").exists()


def test_a_document_over_the_time_limit_fails_and_the_run_returns(
        cluster: distributed.LocalCluster, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "hang.txt").write_text("Có 5 người.\n", encoding="utf-8")
    (folder / "good.txt").write_text("Có 7 hộ.\n", encoding="utf-8")
    (folder / "bug.txt").write_text("Có 3 xã.\n", encoding="utf-8")
    options = BatchOptions(executor="dask", scheduler=cluster.scheduler_address, timeout=3.0,
                           progress=False, process=process_with_misbehaviour)
    with distributed.Client(cluster.scheduler_address) as client:
        workers_before = set(client.run(os.getpid).values())
        start = time.perf_counter()
        summary = run_batch([folder], tmp_path / "out", options)
        assert time.perf_counter() - start < 30
        # the worker that hung is replaced by a new process; the other one is not
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            workers_after = set(client.run(os.getpid).values())
            if workers_after != workers_before and len(workers_after) == 2:
                break
            time.sleep(0.5)
        assert len(workers_after - workers_before) == 1 and len(workers_after) == 2
        # the hung document was not handed on to the other worker: both run a task at once
        for worker in client.scheduler_info()["workers"]:
            assert client.submit(os.getpid, workers=[worker], pure=False).result(timeout=20)
    failed = {Path(path).name: message for path, message in summary.failed}
    assert failed["hang.txt"] == timeout_message(3.0)
    assert "ZeroDivisionError" in failed["bug.txt"]
    assert [Path(path).name for path in summary.processed] == ["good.txt"]


def test_a_document_that_asks_for_more_time_gets_it_on_a_cluster(
        cluster: distributed.LocalCluster, tmp_path: Path) -> None:
    """Over its 2 s limit (it takes 4 s), the document is not stopped: it asked for 30 s
    more. (The hang test above shows that a document which does not ask is stopped.)"""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "asks-30-slow-4.txt").write_text("Có 9 người.\n", encoding="utf-8")
    options = BatchOptions(executor="dask", scheduler=cluster.scheduler_address, timeout=2.0,
                           progress=False, process=process_asking_for_more_time)
    with distributed.Client(cluster.scheduler_address) as client:
        # as on a cluster that has run before: a cold worker (or one an earlier test
        # restarted) takes more than the 2 s limit to import the pipeline, and its file would
        # fail as never started
        client.wait_for_workers(2, timeout=120)
        client.run(exec, "import plain_text_processing")
    start = time.perf_counter()
    summary = run_batch([folder], tmp_path / "out", options)
    assert time.perf_counter() - start > 4
    assert summary.failed == []
    assert [Path(path).name for path in summary.processed] == ["asks-30-slow-4.txt"]


def test_a_file_name_that_is_not_utf8_is_processed_on_a_cluster(
        cluster: distributed.LocalCluster, tmp_path: Path) -> None:
    """The scheduler's messages carry UTF-8 only: the worker names the file as the store
    does (pipeline.result.path_text); with its raw name it never said it had started."""
    folder = tmp_path / "reports"
    folder.mkdir()
    Path(os.fsdecode(bytes(folder) + b"/b\xe1o c\xe1o.txt")).write_text(
        "Có 5 người.\n", encoding="utf-8")
    options = BatchOptions(executor="dask", scheduler=cluster.scheduler_address, timeout=60.0,
                           progress=False)
    start = time.perf_counter()
    summary = run_batch([folder], tmp_path / "out", options)
    assert time.perf_counter() - start < 50
    assert [Path(path).name for path in summary.processed] == ["b\\xe1o c\\xe1o.txt"]
    assert summary.failed == []


def interrupt_once_finished(done: Path, count: int) -> None:
    """Ctrl-C to this process (its main thread) once `count` documents are finished."""
    deadline = time.monotonic() + 120
    while len(list(done.iterdir())) < count:
        if time.monotonic() > deadline:
            return
        time.sleep(0.02)
    signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)


def test_ctrl_c_on_a_cluster_keeps_the_files_finished(
        cluster: distributed.LocalCluster, tmp_path: Path) -> None:
    reports, done, out = tmp_path / "reports", tmp_path / "done", tmp_path / "out"
    reports.mkdir()
    done.mkdir()
    documents = 30
    for index in range(documents):
        (reports / f"bao-cao-{index:02d}.txt").write_text(
            f"Báo cáo\nTổng {10 + index} người, gồm 4 và {6 + index}.\n", encoding="utf-8")
    options = BatchOptions(executor="dask", scheduler=cluster.scheduler_address, timeout=60.0,
                           progress=False, process=process_tiny_slowly)
    slowly = {DELAY_VARIABLE: "0.3", DONE_VARIABLE: str(done)}
    with distributed.Client(cluster.scheduler_address) as client:
        client.wait_for_workers(2, timeout=120)
        client.run(exec, f"import os, plain_text_processing; os.environ.update({slowly!r})")
        # SIGINT as a terminal has it, also when the tests run in a script's background
        ignored = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            interrupter = threading.Thread(target=interrupt_once_finished, args=(done, 4))
            interrupter.start()
            with pytest.raises(KeyboardInterrupt):
                run_batch([reports], out, options)
            interrupter.join()
        finally:
            signal.signal(signal.SIGINT, ignored)
            client.run(exec, f"import os; [os.environ.pop(name) for name in {list(slowly)!r}]")
    kept = len(read_tables(out)["documents"])
    assert 0 < kept < documents  # no commit point came before Ctrl-C: this is its commit

    summary = run_batch([reports], out, options)
    assert len(summary.skipped) == kept and not summary.failed
    assert len(store_rows(out)["documents"]) == documents


def test_documents_no_worker_starts_fail_after_the_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Those not submitted yet (beyond QUEUED_AHEAD) fail with the submitted ones, at once."""
    monkeypatch.setattr(dask_executor, "QUEUED_AHEAD", 2)
    names = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    for name in names:
        (tmp_path / name).write_text(f"Có 5 người ({name}).\n", encoding="utf-8")
    with distributed.LocalCluster(n_workers=0, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as empty:
        options = BatchOptions(executor="dask", scheduler=empty.scheduler_address,
                               timeout=2.0, progress=False)
        start = time.monotonic()
        summary = run_batch([tmp_path], tmp_path / "out", options)
        seconds = time.monotonic() - start
    assert sorted(summary.failed) == [(str(tmp_path / name), not_started_message(2.0))
                                      for name in names]
    assert seconds < 2.5 * 2.0  # one time limit (and the run), not one a window of documents


def test_an_archive_larger_than_the_documents_queued_ahead_is_read_whole(
        cluster: distributed.LocalCluster, batch: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents are submitted a few at a time as workers start them: every one is read,
    and the store is the one a local run makes."""
    monkeypatch.setattr(dask_executor, "QUEUED_AHEAD", 2)
    options = BatchOptions(executor="dask", scheduler=cluster.scheduler_address,
                           progress=False)
    summary = run_batch([batch], tmp_path / "dask", options)
    assert len(summary.processed) == len(SAMPLES) and len(summary.failed) == 1
    run_batch([batch], tmp_path / "local", BatchOptions(workers=2, progress=False))
    assert store_rows(tmp_path / "dask") == store_rows(tmp_path / "local")


def test_workers_with_dask_is_refused_with_a_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["run", str(tmp_path), "-o", str(tmp_path / "out"), "--executor", "dask",
                   "--scheduler", free_port_address(), "--workers", "4"])
    assert status == EXIT_USAGE
    assert "--workers không dùng với --executor dask" in capsys.readouterr().err


def test_a_staging_url_without_its_filesystem_package_is_refused_with_a_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("fsspec")
    try:
        import s3fs  # noqa: F401
        pytest.skip("s3fs is installed here: s3:// staging is usable")
    except ImportError:
        pass
    status = main(["run", str(tmp_path), "-o", str(tmp_path / "out"), "--executor", "dask",
                   "--scheduler", free_port_address(), "--staging", "s3://kho/tam"])
    assert status == EXIT_USAGE
    assert "chưa cài s3fs (pip install s3fs)" in capsys.readouterr().err


def test_staging_only_with_dask(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["run", str(tmp_path), "-o", str(tmp_path / "out"),
                   "--staging", (tmp_path / "tam").as_uri()])
    assert status == EXIT_USAGE
    assert "--staging chỉ dùng với --executor dask" in capsys.readouterr().err
