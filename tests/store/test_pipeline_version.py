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


def test_run_machinery_and_presentation_change_no_pipeline_version(
        tmp_path: Path, monkeypatch) -> None:
    """Upgrading how runs are scheduled or the store is kept re-reads no document; the
    rows' schema and what reads documents do; the comparer follows the store's code."""
    import pipeline.version as version

    sources = ["pipeline/semantics/annotate.py", "extractors/dates.py",
               "extractors/examples/dates.tsv", "pipeline/store/schema.py",
               "pipeline/store/writer.py", "pipeline/batch/run.py", "pipeline/cli.py",
               "pipeline/report/render.py", "pipeline/comparer/rules.py"]
    for source in sources:
        (tmp_path / source).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / source).write_text("# 1\n", encoding="utf-8")
    monkeypatch.setattr(version, "ROOT", tmp_path)

    def versions() -> tuple[str, str]:
        return (version.pipeline_version.__wrapped__(),
                version._source_version(version.COMPARER_SOURCES))

    changed = {}
    for source in sources:
        before = versions()
        (tmp_path / source).write_text("# 2\n", encoding="utf-8")
        after = versions()
        changed[source] = tuple(name for name, old, new in
                                zip(("pipeline", "comparer"), before, after, strict=True)
                                if old != new)
    assert changed == {
        "pipeline/semantics/annotate.py": ("pipeline",),
        "extractors/dates.py": ("pipeline",),
        "extractors/examples/dates.tsv": ("pipeline",),
        "pipeline/store/schema.py": ("pipeline", "comparer"),
        "pipeline/store/writer.py": ("comparer",),
        "pipeline/batch/run.py": (),
        "pipeline/cli.py": (),
        "pipeline/report/render.py": (),
        "pipeline/comparer/rules.py": ("comparer",),
    }
