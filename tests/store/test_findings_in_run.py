"""The comparer runs after every batch over the whole store; its findings and the audit page
land in the same commit, and a new comparer refreshes them without reading documents again."""

from __future__ import annotations

from pathlib import Path

from plain_text_processing import process_plain_text

from pipeline.batch import BatchOptions, run_batch
from pipeline.store import read_tables
from pipeline.store.layout import audit_path, comparer_version_path
from pipeline.version import comparer_version

SLIP = "Năm 2021 tổ chức 24 cuộc, gồm 10 cuộc thanh tra và 15 cuộc kiểm tra.\n"


def options() -> BatchOptions:
    return BatchOptions(workers=1, timeout=120.0, progress=False, process=process_plain_text)


def rules(out: Path) -> list[str]:
    return read_tables(out)["findings"].column("rule").to_pylist()


def test_a_run_writes_findings_and_the_audit_page(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SLIP, encoding="utf-8")
    summary = run_batch([tmp_path / "in"], tmp_path / "out", options())
    assert rules(tmp_path / "out") == ["parts_total"]
    assert summary.findings == {"error": 1}
    page = audit_path(tmp_path / "out").read_text(encoding="utf-8")
    assert "parts_total" in page and "24 cuộc" in page
    assert comparer_version_path(tmp_path / "out").read_text() == comparer_version()


def test_findings_follow_the_whole_store_when_a_document_is_fixed(tmp_path: Path) -> None:
    report = tmp_path / "in" / "a.txt"
    report.parent.mkdir()
    report.write_text(SLIP, encoding="utf-8")
    run_batch([report.parent], tmp_path / "out", options())
    report.write_text(SLIP.replace("15 cuộc", "14 cuộc"), encoding="utf-8")
    run_batch([report.parent], tmp_path / "out", options())
    assert rules(tmp_path / "out") == []


def test_another_comparer_refreshes_findings_without_reading_documents(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SLIP, encoding="utf-8")
    out = tmp_path / "out"
    run_batch([tmp_path / "in"], out, options())
    comparer_version_path(out).write_text("an older comparer", encoding="utf-8")
    audit_path(out).unlink()
    summary = run_batch([tmp_path / "in"], out, options())
    assert summary.processed == [] and len(summary.skipped) == 1
    assert rules(out) == ["parts_total"] and audit_path(out).exists()
    assert comparer_version_path(out).read_text() == comparer_version()
