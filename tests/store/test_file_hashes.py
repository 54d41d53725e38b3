"""The memo of input files' hashes: reused while a file's status is unchanged, never for a
file that changed or was written too recently to tell."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from pipeline.batch import BatchOptions, run_batch
from pipeline.batch.hashes import FileHashes
from pipeline.store.layout import file_hashes_path


def settled(path: Path, text: str) -> Path:
    """A file written an hour ago, as an archive's files are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))
    time.sleep(0.01)  # its change time (set now) then lies before the reading
    return path


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files whose content is read for their hash."""
    import pipeline.batch.hashes as hashes

    read: list[Path] = []
    original = hashes.sha256_or_none
    monkeypatch.setattr(hashes, "sha256_or_none", lambda path: read.append(path) or original(path))
    monkeypatch.setattr(hashes, "SETTLED_SECONDS", 0.0)
    return read


def test_a_file_unchanged_since_its_hash_was_kept_is_not_read_again(
        tmp_path: Path, reads: list[Path]) -> None:
    report = settled(tmp_path / "a.txt", "Có 15 người.\n")
    memo = tmp_path / "memo.json"
    first = FileHashes(memo)
    assert first.sha256(report) == sha256("Có 15 người.\n")
    first.save()
    assert FileHashes(memo).sha256(report) == sha256("Có 15 người.\n")
    assert reads == [report]


def test_a_file_rewritten_with_its_size_and_modification_time_restored_is_read_again(
        tmp_path: Path, reads: list[Path]) -> None:
    report = settled(tmp_path / "a.txt", "Có 15 người.\n")
    memo = tmp_path / "memo.json"
    hashes = FileHashes(memo)
    hashes.sha256(report)
    hashes.save()
    status = report.stat()
    report.write_text("Có 16 người.\n", encoding="utf-8")  # same size
    os.utime(report, ns=(status.st_atime_ns, status.st_mtime_ns))  # the change time moves
    assert FileHashes(memo).sha256(report) == sha256("Có 16 người.\n")
    assert reads == [report, report]


def test_a_file_written_just_before_it_is_read_is_not_remembered(
        tmp_path: Path, reads: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.batch.hashes.SETTLED_SECONDS", 3600.0)
    report = tmp_path / "a.txt"
    report.write_text("Có 15 người.\n", encoding="utf-8")
    memo = tmp_path / "memo.json"
    hashes = FileHashes(memo)
    hashes.sha256(report)
    hashes.save()
    assert not memo.exists()
    FileHashes(memo).sha256(report)
    assert reads == [report, report]


def test_an_unreadable_memo_is_read_as_none(tmp_path: Path, reads: list[Path]) -> None:
    report = settled(tmp_path / "a.txt", "Có 15 người.\n")
    memo = tmp_path / "memo.json"
    memo.write_text('{"x": [1, 2', encoding="utf-8")
    assert FileHashes(memo).sha256(report) == sha256("Có 15 người.\n")
    assert FileHashes(memo).sha256(tmp_path / "missing.txt") is None
    assert reads == [report]


def test_a_rerun_with_nothing_changed_reads_no_input_file(
        tmp_path: Path, reads: list[Path]) -> None:
    reports = tmp_path / "reports"
    settled(reports / "a.txt", "Năm 2021 có 15 người.\n")
    settled(reports / "b.md", "Có 7 hộ và 3 xã.\n")
    out = tmp_path / "out"
    options = BatchOptions(workers=1, progress=False)
    run_batch([reports], out, options)
    assert len(reads) == 2 and file_hashes_path(out).exists()
    second = run_batch([reports], out, options)
    assert (second.processed, len(second.skipped), len(reads)) == ([], 2, 2)
    settled(reports / "a.txt", "Năm 2021 có 16 người.\n")
    third = run_batch([reports], out, options)
    assert third.processed == [str(reports / "a.txt")]
    assert reads[2:] == [reports / "a.txt"]
