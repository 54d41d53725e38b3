from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from plain_text_processing import process_plain_text

from pipeline.batch import dask_available
from pipeline.cli import main
from pipeline.store import store_lock

ROOT = Path(__file__).resolve().parents[2]


def baocao(*arguments: str) -> int:
    return main(list(arguments), process=process_plain_text)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text("Năm 2021 có 15 người.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Có 7 hộ, 3 xã.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert baocao("run", str(folder), "-o", str(out), "--workers", "2", "--quiet") == 0
    return out


SQL = "SELECT regexp_extract(path, '[^/]+$') AS name, value FROM metrics " \
      "JOIN documents USING (doc_id) ORDER BY name, char_start"


def test_query_formats(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert baocao("query", "-o", str(store), SQL, "--format", "csv") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["name", "value"], ["a.txt", "15.0"], ["b.txt", "7.0"], ["b.txt", "3.0"]]
    assert baocao("query", "-o", str(store), SQL, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out)[1] == {"name": "b.txt", "value": 7.0}
    assert baocao("query", "-o", str(store), SQL) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["name", "|", "value"]
    assert lines[2].split() == ["a.txt", "|", "15.0"]
    assert lines[-1] == "(3 dòng)"


def test_query_is_read_only(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert baocao("query", "-o", str(store), "DELETE FROM metrics") == 2
    assert "Câu SQL không chạy được" in capsys.readouterr().err
    assert baocao("query", "-o", str(store), "SELECT count(*) AS n FROM metrics",
                  "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 3}]


def test_run_summary_and_exit_1_when_some_documents_fail(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text("Có 5 người.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert baocao("run", str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"),
                  "-o", str(out), "--quiet") == 1
    printed = capsys.readouterr().out
    assert "Đã xử lý: 1, bỏ qua: 0, lỗi: 1" in printed
    assert f"LỖI {tmp_path / 'empty.txt'}: Tệp rỗng" in printed
    assert baocao("run", str(tmp_path / "good.txt"), "-o", str(out), "--quiet") == 0
    assert "Đã xử lý: 0, bỏ qua: 1, lỗi: 0" in capsys.readouterr().out


@pytest.mark.parametrize("arguments, message", [
    (["run", "{missing}", "-o", "{out}"], "Không tìm thấy đường dẫn"),
    (["run", "{tmp}", "-o", "{file}"], "OUT không phải là thư mục"),
    (["run", "{tmp}", "-o", "{file}/out"], "Không tạo được thư mục"),
    (["run", "{tmp}", "-o", "{out}", "--workers", "0"], "số nguyên dương"),
    (["run", "{tmp}", "-o", "{out}", "--timeout", "-1"], "số dương"),
    (["run", "{tmp}", "-o", "{out}", "--executor", "dask"], "--scheduler"),
    (["run", "{tmp}"], "lỗi cú pháp lệnh"),
    (["query", "-o", "{out}", "SELECT 1"], "Chưa có kho dữ liệu"),
    (["inspect", "{missing}"], "Không tìm thấy tệp"),
    (["frobnicate"], "lỗi cú pháp lệnh"),
])
def test_wrong_commands_exit_2_with_a_vietnamese_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str],
        message: str) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    names = {"missing": tmp_path / "missing.txt", "out": tmp_path / "out",
             "file": tmp_path / "file", "tmp": tmp_path}
    filled = [argument.format(**names) for argument in arguments]
    try:
        status = baocao(*filled)
    except SystemExit as exit_:  # argparse's own errors
        status = exit_.code
    assert status == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(dask_available(), reason="dask.distributed is installed here")
def test_dask_executor_without_dask_exits_2(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    status = baocao("run", str(tmp_path), "-o", str(tmp_path / "out"), "--executor", "dask",
                    "--scheduler", "tcp://127.0.0.1:8786")
    assert status == 2
    assert "Chưa cài dask.distributed" in capsys.readouterr().err


def test_a_second_concurrent_run_exits_2(store: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with store_lock(store):
        status = baocao("run", str(tmp_path / "reports"), "-o", str(store), "--quiet")
    assert status == 2
    assert "Một lần chạy khác đang ghi vào" in capsys.readouterr().err


def test_inspect_prints_what_was_read_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.txt"
    report.write_text("I. Kết quả\n1. Việc làm\nCó 5 người.\n", encoding="utf-8")
    assert baocao("inspect", str(report)) == 0
    printed = capsys.readouterr().out.splitlines()
    assert "Định dạng: txt" in printed and "Mã hóa: utf-8" in printed
    assert "Số trang: —" in printed
    assert printed[-3:] == ["Mục (2):", "  I. Kết quả", "    1. Việc làm"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]


def test_a_pool_worker_does_not_import_the_store_or_the_comparer() -> None:
    # A spawned worker imports the parent's __main__ (this module, for `baocao`) and the pool:
    # what only the parent needs would cost every worker its memory.
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, pipeline.cli, pipeline.batch.pool; "
         "print(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    heavy = {"duckdb", "pyarrow", "pandas", "pipeline.store", "pipeline.comparer",
             "pipeline.report"}
    assert heavy.isdisjoint(loaded)
