"""A document read by another version of the pipeline is read again."""

from __future__ import annotations

from pathlib import Path

from pipeline.batch.plan import make_plan
from pipeline.result import file_sha256
from pipeline.store import StoredDocument
from pipeline.version import pipeline_version


def stored(path: Path, version: str | None) -> StoredDocument:
    sha256 = file_sha256(path)
    return StoredDocument(sha256[:16], str(path), sha256, "ok", version)


def test_an_unchanged_file_is_skipped_only_when_this_pipeline_read_it(tmp_path: Path) -> None:
    report = tmp_path / "bao-cao.txt"
    report.write_text("Có 5 người.\n", encoding="utf-8")
    same = make_plan([report], [stored(report, "v1")], version="v1")
    assert same.to_process == [] and same.skipped == [(str(report), "không đổi")]
    newer = make_plan([report], [stored(report, "v1")], version="v2")
    assert newer.to_process == [report] and newer.removed == {file_sha256(report)[:16]}
    unknown = make_plan([report], [stored(report, None)], version="v2")  # a store from before
    assert unknown.to_process == [report]


def test_the_version_is_a_short_hash_computed_once() -> None:
    version = pipeline_version()
    assert len(version) == 12 and int(version, 16) >= 0
    assert pipeline_version() == version  # computed once per process
