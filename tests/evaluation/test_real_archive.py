"""The real archive set: its manifest, its gold placed in each document, and its scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.documents import (
    REAL_ARCHIVE,
    REAL_ARCHIVE_GOLD,
    read_manifest,
    real_archive_documents,
)
from evaluation.gold import load_gold, locate, validate
from evaluation.harness import evaluate_document
from evaluation.report import format_document_lines
from pipeline.ingest import ingest

MANIFEST = REAL_ARCHIVE_GOLD / "MANIFEST.tsv"


def manifest_entries():
    return read_manifest(MANIFEST) if MANIFEST.exists() else []


def test_manifest_names_each_gold_file_once_and_every_gold_file_is_listed():
    entries = manifest_entries()
    assert entries, f"{MANIFEST} lists no document"
    names = [entry.gold for entry in entries]
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(p.name for p in REAL_ARCHIVE_GOLD.glob("*.jsonl"))
    for entry in entries:
        assert load_gold(REAL_ARCHIVE_GOLD / entry.gold), entry.gold
        assert not Path(entry.source).is_absolute() and ".." not in Path(entry.source).parts


@pytest.mark.parametrize("entry", manifest_entries(), ids=lambda entry: entry.gold)
def test_gold_contexts_occur_once_in_their_document(entry):
    source = REAL_ARCHIVE / entry.source
    if not source.exists():
        pytest.skip(f"Không có tài liệu thật {source} (../shared/real)")
    records = load_gold(REAL_ARCHIVE_GOLD / entry.gold)
    text = ingest(source).text
    assert validate(records, text) == []
    for record in records:
        place = locate(record, text)
        assert "".join(text[place.char_start:place.char_end].split()) == "".join(
            record.raw.split()), record.line


REPORT = ("BÁO CÁO\nKết quả tháng 8/2025\nThực hiện Kế hoạch số 12/KH-UBND ngày 05/3/2025, "
          "toàn xã đã tiếp nhận 1.540 hồ sơ trực tuyến/1.720 tổng hồ sơ tiếp nhận, "
          "đạt tỷ lệ 89,5%.\n")


def _record(kind: str, context: str, raw: str, **fields) -> str:
    return json.dumps({"kind": kind, "context": context, "raw": raw, **fields},
                      ensure_ascii=False)


def _archive(tmp_path: Path) -> tuple[Path, Path]:
    archive, gold = tmp_path / "real", tmp_path / "gold"
    (archive / "thang-8").mkdir(parents=True)
    gold.mkdir()
    (archive / "thang-8" / "bao cao.txt").write_text(REPORT, encoding="utf-8")
    figure = {"unit": "hồ sơ", "period": "2025"}
    (gold / "bao-cao.jsonl").write_text("\n".join([
        _record("metric", "nhận 1.540 hồ sơ trực tuyến/1.720 tổng", "1.540 hồ sơ trực tuyến/1.720",
                value=1540, unit_class="count", denominator=1720, metric_kind="actual", **figure),
        _record("metric", "đạt tỷ lệ 89,5%", "89,5%", value=89.5, unit_class="percent", unit="%",
                denominator=None, metric_kind="actual", period="2025"),
        _record("date", "ngày 05/3/2025, toàn", "05/3/2025", start_date="2025-03-05",
                end_date="2025-03-05", granularity="day"),
        _record("citation", "Kế hoạch số 12/KH-UBND ngày", "Kế hoạch số 12/KH-UBND",
                ref_key="12/KH-UBND", issued_date="2025-03-05"),
    ]) + "\n", encoding="utf-8")
    (gold / "MANIFEST.tsv").write_text(
        "gold\tsource\nbao-cao.jsonl\tthang-8/bao cao.txt\n"
        "mat.jsonl\tthang-9/khong co.docx\n", encoding="utf-8")
    return archive, gold


def test_the_set_is_scored_per_extractor_and_a_missing_source_is_skipped(tmp_path):
    archive, gold = _archive(tmp_path)
    documents, notices = real_archive_documents(archive, gold, "kho thử")
    assert [d.path.name for d in documents] == ["bao cao.txt"]
    assert len(notices) == 1 and "thang-9/khong co.docx" in notices[0]
    evaluation = evaluate_document(documents[0])
    assert evaluation.error is None
    scores = {name: result.score for name, result in evaluation.results.items()}
    assert set(scores) == {"figures", "dates", "citations"}
    assert scores["citations"].true_positives == 1
    assert scores["dates"].false_negatives == 0
    assert scores["figures"].false_negatives == 0
    lines = format_document_lines([evaluation], "kho thử")
    assert "bao cao.txt" in lines and "citations" in lines


def test_an_absent_archive_is_a_notice_not_an_error(tmp_path):
    documents, notices = real_archive_documents(tmp_path / "khong-co", REAL_ARCHIVE_GOLD)
    assert documents == [] and "khong-co" in notices[0]


def test_a_manifest_without_its_columns_is_refused(tmp_path):
    manifest = tmp_path / "MANIFEST.tsv"
    manifest.write_text("tep\tnguon\na.jsonl\tb.docx\n", encoding="utf-8")
    with pytest.raises(ValueError, match="gold"):
        read_manifest(manifest)
