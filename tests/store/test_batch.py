from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from plain_text_processing import process_plain_text, process_with_misbehaviour

from pipeline.batch import BatchOptions, MissingPathError, discover, run_batch
from pipeline.batch.pool import timeout_message
from pipeline.store import SCHEMAS, database_path, read_tables


def options(**overrides) -> BatchOptions:
    settings = {"workers": 2, "timeout": 60.0, "progress": False, "process": process_plain_text}
    return BatchOptions(**(settings | overrides))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def store_bytes(out: Path) -> dict[str, bytes]:
    files = [database_path(out), *sorted((out / "tables").glob("*/*.parquet"))]
    return {str(file.relative_to(out)): file.read_bytes() for file in files}


def documents(out: Path) -> dict[str, tuple]:
    rows = read_tables(out)["documents"].select(["path", "doc_id", "status", "error"])
    return {Path(r["path"]).name: (r["doc_id"], r["status"], r["error"]) for r in rows.to_pylist()}


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    write(folder / "a.txt", "Năm 2021 có 15 người.\n")
    write(folder / "nested" / "b.md", "Có 7 hộ và 3 xã.\n")
    write(folder / ".hidden.txt", "ẩn 1\n")
    write(folder / "notes.csv", "không phải báo cáo 1\n")
    return folder


def test_discover_finds_documents_recursively_and_skips_hidden_other_and_out(
        reports: Path) -> None:
    out = reports / "out"
    write(out / "tables" / "old.txt", "trong OUT 1\n")
    found = [p.relative_to(reports).as_posix() for p in discover([reports], out)]
    assert found == ["a.txt", "nested/b.md"]
    with pytest.raises(MissingPathError, match="Không tìm thấy"):
        discover([reports / "missing"], out)


def test_discover_orders_by_path_parts_takes_document_names_and_follows_no_folder_link(
        reports: Path, tmp_path: Path) -> None:
    write(reports / "a" / "z.txt", "1\n")
    write(reports / "a-b.txt", "1\n")
    (reports / "folder named x.pdf").mkdir()
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere / "c.txt", "1\n")
    (reports / "link").symlink_to(elsewhere, target_is_directory=True)
    found = discover([reports], tmp_path / "out")
    assert found == sorted(found)  # Path order: "a/z.txt" before "a-b.txt"
    assert [p.relative_to(reports).as_posix() for p in found] == [
        "a/z.txt", "a-b.txt", "a.txt", "folder named x.pdf", "nested/b.md"]


def test_second_run_skips_everything_and_leaves_the_store_byte_identical(
        reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch([reports], out, options())
    assert (len(first.processed), len(first.skipped), first.failed) == (2, 0, [])
    before = store_bytes(out)
    second = run_batch([reports], out, options())
    assert (second.processed, len(second.skipped), second.failed) == ([], 2, [])
    assert store_bytes(out) == before
    metrics = read_tables(out)["metrics"]
    assert sorted(metrics.column("value").to_pylist()) == [3.0, 7.0, 15.0]  # 2021 is a date


def test_a_changed_file_replaces_its_rows_and_keeps_the_others(reports: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([reports], out, options())
    old_id = documents(out)["a.txt"][0]
    write(reports / "a.txt", "Năm 2022 có 40 người và 2 xã.\n")
    summary = run_batch([reports], out, options())
    assert len(summary.processed) == 1 and len(summary.skipped) == 1
    new_id = documents(out)["a.txt"][0]
    assert new_id != old_id
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    values = connection.execute(
        "SELECT d.path, m.value FROM metrics m JOIN documents d USING (doc_id) "
        "ORDER BY d.path, m.char_start").fetchall()
    assert [(Path(path).name, value) for path, value in values] == [
        ("a.txt", 40.0), ("a.txt", 2.0), ("b.md", 7.0), ("b.md", 3.0)]
    assert connection.execute(
        "SELECT count(*) FROM metrics WHERE doc_id = ?", [old_id]).fetchone() == (0,)


def test_same_content_is_one_document_and_a_moved_file_keeps_its_rows(
        reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(reports / "copy.txt", (reports / "a.txt").read_text(encoding="utf-8"))
    summary = run_batch([reports], out, options())
    assert [Path(p).name for p, why in summary.skipped] == ["copy.txt"]
    assert sorted(documents(out)) == ["a.txt", "b.md"]
    (reports / "nested" / "b.md").rename(reports / "b-moved.md")
    summary = run_batch([reports], out, options())
    assert summary.processed == [] and summary.failed == []
    assert sorted(documents(out)) == ["a.txt", "b-moved.md"]


def test_bad_files_fail_one_by_one_beside_good_ones(reports: Path, tmp_path: Path) -> None:
    write(reports / "empty.txt", "")
    (reports / "random.pdf").write_bytes(os.urandom(512))
    (reports / "random.docx").write_bytes(os.urandom(512))
    (reports / "zero.doc").write_bytes(b"")
    (reports / "folder.pdf").mkdir()
    (reports / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    out = tmp_path / "out"
    summary = run_batch([reports], out, options())
    assert len(summary.processed) == 2
    failed = {Path(path).name for path, _ in summary.failed}
    assert failed == {"empty.txt", "random.pdf", "random.docx", "zero.doc", "gone.txt",
                      "folder.pdf"}
    stored = documents(out)
    for name in failed:
        _, status, error = stored[name]
        assert status == "failed" and error
    assert stored["gone.txt"][2].startswith("Không tìm thấy tệp")
    assert stored["folder.pdf"][2].startswith("Đường dẫn là một thư mục")
    before = read_tables(out)
    again = run_batch([reports], out, options())
    assert len(again.failed) == 6 and len(again.skipped) == 2  # failures are retried
    after = read_tables(out)
    assert all(after[name].equals(before[name]) for name in SCHEMAS)


def test_a_failed_document_is_retried_and_can_succeed(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(reports / "late.txt", "")
    assert len(run_batch([reports], out, options()).failed) == 1
    write(reports / "late.txt", "Có 9 người.\n")
    summary = run_batch([reports], out, options())
    assert [Path(p).name for p in summary.processed] == ["late.txt"]
    assert documents(out)["late.txt"][1] == "ok"
    assert len(documents(out)) == 3


def test_hung_crashed_and_buggy_documents_fail_and_the_batch_goes_on(
        reports: Path, tmp_path: Path) -> None:
    for name in ("hang.txt", "segfault.txt", "bug.txt"):
        write(reports / name, f"{name} 1\n")
    summary = run_batch([reports], tmp_path / "out",
                        options(timeout=15.0, process=process_with_misbehaviour))
    messages = {Path(path).name: message for path, message in summary.failed}
    assert messages == {
        "hang.txt": timeout_message(15.0),
        "segfault.txt": "Tiến trình xử lý bị dừng đột ngột (tín hiệu SIGSEGV)",
        "bug.txt": "Lỗi khi xử lý (ZeroDivisionError): lỗi giả lập",
    }
    assert len(summary.processed) == 2


def test_a_document_that_asks_for_more_time_gets_it_and_one_that_does_not_fails(
        tmp_path: Path) -> None:
    """A long scan asks for time for its pages (pipeline.time_limit); a document that is
    just slow is still stopped at the limit, with a message that says how to allow more."""
    from plain_text_processing import process_asking_for_more_time

    reports = tmp_path / "reports"
    for name in ("asks-30-slow-4.txt", "slow-4.txt"):
        write(reports / name, f"Có 9 người ({name}).\n")
    summary = run_batch([reports], tmp_path / "out",
                        options(timeout=2.0, process=process_asking_for_more_time))
    assert [Path(path).name for path, _ in summary.failed] == ["slow-4.txt"]
    assert "--timeout" in summary.failed[0][1]
    assert [Path(path).name for path in summary.processed] == ["asks-30-slow-4.txt"]


class _CommitFailsAsOnAFullDisk:
    """A DuckDB connection whose COMMIT fails as it does when the disk is full: the
    transaction is over, and the error says why."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection

    def execute(self, sql: str, *args: object) -> object:
        if sql == "COMMIT":
            self.connection.execute("ROLLBACK")
            raise duckdb.TransactionException(
                'Failed to commit: Could not write file "baocao.duckdb.wal": '
                "No space left on device")
        return self.connection.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.connection, name)


def test_a_store_that_cannot_be_written_keeps_its_last_commit_and_the_run_says_why(
        reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import EXIT_USAGE, main
    from pipeline.store import writer

    out = tmp_path / "out"
    run_batch([reports], out, options())
    before = documents(out)
    write(reports / "c.txt", "Có 4 người.\n")
    connect = writer.connect

    @contextmanager
    def failing_connect(*args: object, **kwargs: object) -> Iterator[object]:
        with connect(*args, **kwargs) as connection:
            yield _CommitFailsAsOnAFullDisk(connection)

    monkeypatch.setattr(writer, "connect", failing_connect)
    assert main(["run", str(reports), "-o", str(out), "--quiet", "--workers", "1"]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert "Không ghi được kho" in error and "No space left on device" in error
    assert "Traceback" not in error
    assert documents(out) == before
    monkeypatch.undo()
    summary = run_batch([reports], out, options())
    assert [Path(path).name for path in summary.processed] == ["c.txt"]
    assert set(documents(out)) == set(before) | {"c.txt"}


def test_a_folder_that_cannot_be_listed_is_reported_and_the_others_are_processed(
        reports: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """As a folder without read permission, or on a failing network drive (as root, a
    permission is no obstacle, so the listing is made to fail)."""
    from pipeline.cli import EXIT_SOME_FAILED, main

    blocked = reports / "nested"
    scandir = os.scandir

    def failing_scandir(path: object = ".") -> object:
        if Path(path) == blocked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", failing_scandir)
    status = main(["run", str(reports), "-o", str(tmp_path / "out"), "--quiet",
                   "--workers", "1"])
    printed = capsys.readouterr().out
    assert status == EXIT_SOME_FAILED
    assert f"LỖI {blocked}: Không đọc được thư mục (Permission denied)" in printed
    assert set(documents(tmp_path / "out")) == {"a.txt"}
    with pytest.raises(PermissionError):  # asked for no list of such folders: raised
        discover([reports], tmp_path / "out")


def test_file_names_that_are_not_utf8_are_stored_escaped_and_known_again(
        tmp_path: Path) -> None:
    """Names in Windows-1258 bytes (an archive unpacked from another system): the run
    stores them with \\xNN for the bytes that are not UTF-8, and the next run skips them."""
    folder = tmp_path / "reports"
    folder.mkdir()
    named = os.fsdecode(bytes(folder) + b"/b\xe1o c\xe1o 2021.txt")
    empty = os.fsdecode(bytes(folder) + b"/r\xf4ng.txt")
    Path(named).write_text("Năm 2021 có 15 người.\n", encoding="utf-8")
    Path(empty).write_bytes(b"")
    first = run_batch([folder], tmp_path / "out", options())
    assert sorted(Path(p).name for p in first.processed) == ["b\\xe1o c\\xe1o 2021.txt"]
    assert [Path(p).name for p, _ in first.failed] == ["r\\xf4ng.txt"]
    assert documents(tmp_path / "out")["b\\xe1o c\\xe1o 2021.txt"][1] == "ok"
    second = run_batch([folder], tmp_path / "out", options())
    assert second.processed == [] and len(second.skipped) == 1


def test_a_worker_is_replaced_after_its_share_of_documents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from plain_text_processing import process_reporting_pid

    from pipeline.batch import pool

    monkeypatch.setattr(pool, "DOCUMENTS_PER_WORKER", 3)
    paths = [write(tmp_path / f"{index}.txt", f"{index}\n") for index in range(7)]
    outcomes = list(pool.run_pool(paths, process_reporting_pid, workers=1, timeout=60))
    assert sorted(o.path for o in outcomes) == sorted(paths)
    readers = [o.result.rows["documents"][0]["title"] for o in outcomes if o.result]
    assert len(readers) == 7
    assert [readers.count(pid) for pid in dict.fromkeys(readers)] == [3, 3, 1]


def test_the_workers_of_a_run_keep_their_tool_cache_in_the_store(tmp_path: Path) -> None:
    from plain_text_processing import process_reporting_tool_cache

    from pipeline.batch.run import _outcomes
    from pipeline.store.layout import tool_cache_dir

    paths = [write(tmp_path / "a.txt", "1\n")]
    cache = tool_cache_dir(tmp_path / "out")
    outcomes = list(_outcomes(paths, options(process=process_reporting_tool_cache),
                              str(tmp_path / "incoming"), cache))
    assert [o.result.rows["documents"][0]["title"] for o in outcomes] == [str(cache)]


def test_the_parent_loads_no_models_and_a_run_with_nothing_to_do_no_comparer(tmp_path: Path):
    # Only the workers read documents: the parent imports neither the extractors nor spaCy.
    # A run that finds nothing changed needs neither the comparer, the audit page, pandas,
    # pyarrow's compute functions nor DuckDB (the commit its file holds is on its stamp).
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(root / "corpus" / "reports" / "bao-cao-2023.txt", reports)
    script = ("import sys\nfrom pathlib import Path\n"
              "from pipeline.batch import BatchOptions, run_batch\n"
              f"summary = run_batch([Path({str(reports)!r})], Path({str(tmp_path / 'out')!r}), "
              "BatchOptions(workers=1, progress=False))\n"
              "print(len(summary.processed), *(name in sys.modules for name in ("
              "'pipeline.process', 'spacy', 'pipeline.comparer', 'pipeline.report', 'pandas', "
              "'pyarrow.compute', 'duckdb')))\n")

    def run() -> list[str]:
        return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True, cwd=root).stdout.split()

    assert run() == ["1", "False", "False", "True", "True", "True", "True", "True"]
    assert run() == ["0", "False", "False", "False", "False", "False", "False", "False"]
