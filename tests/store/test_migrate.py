"""A store written before part files (OUT/tables/<table>.parquet, one file a table, and a
DuckDB file made from them) is read as it is, and migrated by the next run with a message."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
from plain_text_processing import process_tiny

from pipeline.batch import BatchOptions, run_batch
from pipeline.cli import print_summary
from pipeline.store import database_path, empty_tables, read_tables, replace_documents
from pipeline.store.layout import legacy_parquet_path


def write_former_store(out: Path) -> None:
    """The layout of the former code: one Parquet file a table, metrics without the
    columns added since (`relation`), the same tables in DuckDB, the audit page."""
    tables = replace_documents(empty_tables(), [], [
        {"documents": [{"doc_id": "old1", "path": "/kho/cu.txt", "status": "ok",
                        "sha256": "x", "pipeline_version": "cu"}],
         "metrics": [{"doc_id": "old1", "metric_id": "old1-m1", "value": 7.0}]}])
    tables["metrics"] = tables["metrics"].drop_columns(["relation"])
    (out / "tables").mkdir(parents=True)
    connection = duckdb.connect(str(database_path(out)))
    for name, table in tables.items():
        pq.write_table(table, legacy_parquet_path(out, name))
        connection.register("incoming", table)
        connection.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
        connection.unregister("incoming")
    connection.close()
    (out / "audit.html").write_text("<p>trang cũ</p>", encoding="utf-8")
    (out / "comparer_version.txt").write_text("cu", encoding="utf-8")


def test_a_former_store_is_read_as_it_is(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_former_store(out)
    tables = read_tables(out)
    assert tables["documents"].column("doc_id").to_pylist() == ["old1"]
    assert tables["metrics"].column("relation").to_pylist() == [None]


def test_the_next_run_migrates_a_former_store_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_former_store(out)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "moi.txt").write_text("Báo cáo\nTổng 5 người, gồm 2 và 3.\nMã 1.\n",
                                     encoding="utf-8")
    summary = run_batch([reports], out, BatchOptions(progress=False, process=process_tiny))
    assert len(summary.notices) == 1 and "định dạng cũ" in summary.notices[0]
    printed = io.StringIO()
    print_summary(summary, printed)
    assert "đã được chuyển sang định dạng mới" in printed.getvalue()
    assert not legacy_parquet_path(out, "documents").exists()
    assert (out / "tables").is_symlink()
    documents = pq.read_table(out / "tables" / "documents").column("path").to_pylist()
    assert sorted(documents) == ["/kho/cu.txt", str(reports / "moi.txt")]
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    assert connection.execute("SELECT count(*) FROM metrics").fetchall() == [(1 + 4,)]
    assert "relation" in [r[0] for r in connection.execute("DESCRIBE metrics").fetchall()]
    connection.close()
    assert "trang cũ" not in (out / "audit.html").read_text(encoding="utf-8")  # recomputed
    again = run_batch([reports], out, BatchOptions(progress=False, process=process_tiny))
    assert again.notices == [] and len(again.skipped) == 1


def test_a_column_added_since_a_store_was_written_is_added_null(tmp_path: Path) -> None:
    """A store written before `citations.issued_date_written`, in its DuckDB file and its
    part files: the next run adds the column (null in the rows already there) and fills it
    in the rows it writes."""
    from plain_text_processing import process_plain_text

    reports, out = tmp_path / "reports", tmp_path / "out"
    reports.mkdir()
    citation = "Thực hiện Quyết định số {}/QĐ-UBND ngày 19/01/2021 của UBND tỉnh.\n"
    (reports / "cu.txt").write_text("Báo cáo\n" + citation.format(62), encoding="utf-8")
    options = BatchOptions(workers=1, progress=False, process=process_plain_text)
    run_batch([reports], out, options)
    connection = duckdb.connect(str(database_path(out)))
    connection.execute("ALTER TABLE citations DROP COLUMN issued_date_written")
    connection.close()
    for part in (out / "tables" / "citations").glob("part-*.parquet"):
        pq.write_table(pq.read_table(part).drop_columns(["issued_date_written"]), part)

    (reports / "moi.txt").write_text("Báo cáo mới\n" + citation.format(63), encoding="utf-8")
    summary = run_batch([reports], out, options)
    assert len(summary.processed) == 1 and not summary.failed
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    rows = connection.execute("SELECT ref_key, issued_date_written FROM citations "
                              "ORDER BY ref_key").fetchall()
    connection.close()
    assert rows == [("62/QĐ-UBND", None), ("63/QĐ-UBND", True)]
    assert sorted(read_tables(out)["citations"].column("issued_date_written").to_pylist(),
                  key=str) == [None, True]
