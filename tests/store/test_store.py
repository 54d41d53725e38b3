from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.store import (
    SCHEMAS,
    StoreBusyError,
    StoreWriter,
    commit,
    current_info,
    database_path,
    empty_tables,
    read_tables,
    recover,
    replace_documents,
    store_lock,
    table_path,
)
from pipeline.store.database import BUILDING_MARK, recorded_commit
from pipeline.store.layout import database_stamp_path, snapshots_dir
from pipeline.store.parts import FLUSH_DOCUMENTS
from pipeline.store.schema import table_from_rows
from pipeline.store.staging import read_document, write_document


def document_rows(doc_id: str, path: str, metrics: int = 1) -> dict[str, list[dict]]:
    return {
        "documents": [{"doc_id": doc_id, "path": path, "status": "ok", "sha256": doc_id}],
        "metrics": [{"doc_id": doc_id, "metric_id": f"{doc_id}-m{i}", "value": float(i)}
                    for i in range(1, metrics + 1)],
    }


def database_rows(out: Path, sql: str) -> list[tuple]:
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def parquet_doc_ids(out: Path, table: str = "documents") -> list[str]:
    return sorted(pd.read_parquet(table_path(out, table))["doc_id"])


def write_commits(out: Path, *batches: list[str]) -> StoreWriter:
    """One commit per batch of doc_ids, through the writer a run uses."""
    out.mkdir(parents=True, exist_ok=True)
    writer = StoreWriter(out)
    for batch in batches:
        for doc_id in batch:
            writer.add(document_rows(doc_id, f"/{doc_id}", 2))
        writer.commit()
    return writer


def test_documents_staged_by_a_cluster_are_written_a_row_group_per_flush(
        tmp_path: Path) -> None:
    """A cluster's documents come as small files, one a table: they are gathered
    into row groups of many documents (not one per document), in arrival order with the
    rows added directly (a failed document's)."""
    out = tmp_path / "out"
    out.mkdir()
    writer = StoreWriter(out)
    count = 2 * FLUSH_DOCUMENTS + 5
    for index in range(count):
        doc_id = f"d{index:03d}"
        if index == 7:
            writer.add(document_rows(doc_id, f"/{doc_id}", 1))
            continue
        folder = tmp_path / "staging" / doc_id
        write_document(document_rows(doc_id, f"/{doc_id}", 2), str(folder))
        writer.add_written(str(folder), doc_id)
    writer.commit()
    parts = sorted(table_path(out, "metrics").glob("*.parquet"))
    assert sum(pq.ParquetFile(part).num_row_groups for part in parts) == 3
    ids = [doc_id for part in parts for doc_id in pq.read_table(part)["doc_id"].to_pylist()]
    assert ids == sorted(ids) and len(ids) == 2 * count - 1
    assert parquet_doc_ids(out) == [f"d{index:03d}" for index in range(count)]


@pytest.mark.parametrize("as_url", [False, True])
def test_rows_staged_as_parquet_by_workers_of_the_former_version_are_read(
        tmp_path: Path, as_url: bool) -> None:
    """Workers of a resident cluster started before an upgrade still stage a Parquet file a
    table; their rows are read as those of current workers are, not missed (in a folder, or
    through fsspec at a URL)."""
    if as_url:
        pytest.importorskip("fsspec")
    rows = document_rows("d1", "/d1", 2)
    current, former = tmp_path / "current", tmp_path / "former"
    former.mkdir()
    for table, table_rows in rows.items():
        if table_rows:
            pq.write_table(table_from_rows(table, table_rows), former / f"{table}.parquet")
    locations = [folder.as_uri() if as_url else str(folder) for folder in (current, former)]
    write_document(rows, locations[0])
    read_current, read_former = map(read_document, locations)
    assert read_current["metrics"].num_rows == 2
    assert {name: table.to_pylist() for name, table in read_current.items()} == {
        name: table.to_pylist() for name, table in read_former.items()}


def test_an_empty_store_has_every_table_with_its_columns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    commit(out, empty_tables())
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    for name, schema in SCHEMAS.items():
        columns = [row[0] for row in connection.execute(f"DESCRIBE {name}").fetchall()]
        assert columns == schema.names
        assert connection.execute(f"SELECT count(*) FROM {name}").fetchall() == [(0,)]
        parts = list(table_path(out, name).glob("part-*.parquet"))
        assert parts and all(pq.read_schema(p).names == schema.names for p in parts)
        assert pq.read_table(table_path(out, name)).num_rows == 0
    list_type = connection.execute(
        "SELECT data_type FROM information_schema.columns "
        "WHERE table_name = 'findings' AND column_name = 'metric_ids'").fetchall()
    assert list_type == [("VARCHAR[]",)]


def test_replacing_a_document_removes_its_old_rows_and_keeps_the_others(tmp_path: Path) -> None:
    tables = replace_documents(empty_tables(), [], [document_rows("b", "/b", 2),
                                                    document_rows("a", "/a", 3)])
    assert tables["documents"].column("path").to_pylist() == ["/a", "/b"]
    assert tables["metrics"].column("doc_id").to_pylist() == ["a"] * 3 + ["b"] * 2
    tables = replace_documents(tables, ["a"], [document_rows("c", "/a", 1)])
    assert tables["documents"].column("doc_id").to_pylist() == ["c", "b"]
    assert tables["metrics"].column("metric_id").to_pylist() == ["c-m1", "b-m1", "b-m2"]


def test_findings_citing_a_replaced_document_are_dropped() -> None:
    tables = replace_documents(empty_tables(), [], [document_rows("a", "/a"),
                                                    document_rows("b", "/b")])
    findings = [{"finding_id": "f1", "doc_id": "a", "other_doc_id": None, "metric_ids": ["a-m1"]},
                {"finding_id": "f2", "doc_id": "b", "other_doc_id": "a", "metric_ids": []},
                {"finding_id": "f3", "doc_id": "b", "other_doc_id": None, "metric_ids": []}]
    tables = replace_documents(tables, [], [{"findings": findings}])
    tables = replace_documents(tables, ["a"], [])
    assert tables["findings"].column("finding_id").to_pylist() == ["f3"]


def test_commit_round_trips_and_keeps_other_files_in_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    commit(out, replace_documents(empty_tables(), [], [document_rows("a", "/a", 2)]))
    (out / "notes.txt").write_text("ghi chú", encoding="utf-8")
    commit(out, replace_documents(read_tables(out), [], [document_rows("b", "/b", 1)]))
    assert (out / "notes.txt").read_text(encoding="utf-8") == "ghi chú"
    assert read_tables(out)["metrics"].num_rows == 3
    assert database_rows(out, "SELECT doc_id, count(*) FROM metrics GROUP BY ALL "
                              "ORDER BY 1") == [("a", 2), ("b", 1)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing beside OUT
    # any reader of a folder of Parquet files reads each table whole
    assert database_rows(out, f"SELECT count(*) FROM read_parquet("
                              f"'{table_path(out, 'metrics')}/*.parquet')") == [(3,)]


def test_a_commit_appends_parts_and_replacing_a_document_rewrites_only_its_part(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer = write_commits(out, ["a", "b"], ["c"])
    parts = sorted(table_path(out, "metrics").glob("part-*.parquet"))
    assert len(parts) == 2
    inode_of_c = os.stat(parts[1]).st_ino
    writer.add(document_rows("a2", "/a", 1), replaces="a")
    writer.commit()
    assert parquet_doc_ids(out) == ["a2", "b", "c"]
    assert parquet_doc_ids(out, "metrics") == ["a2", "b", "b", "c", "c"]
    assert database_rows(out, "SELECT doc_id FROM metrics ORDER BY 1") == [
        ("a2",), ("b",), ("b",), ("c",), ("c",)]
    after = {p.name: os.stat(p).st_ino for p in table_path(out, "metrics").glob("*.parquet")}
    assert after[parts[1].name] == inode_of_c  # the part of "c" was not rewritten
    assert parts[0].name not in after  # the part of "a" and "b" was
    assert current_info(out).commit == "00000003"
    assert database_rows(out, "SELECT commit_id FROM store_state") == [("00000003",)]


def test_a_run_killed_before_its_database_transaction_leaves_the_previous_commit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    writer = write_commits(out, ["a"])
    writer.add(document_rows("b", "/b"))
    monkeypatch.setattr("pipeline.store.writer.apply",
                        lambda *arguments: (_ for _ in ()).throw(OSError(28, "đĩa đầy")))
    with pytest.raises(OSError):
        writer.commit()
    assert parquet_doc_ids(out) == ["a"]
    assert not database_stamp_path(out).exists()  # opened for writing: the stamp went
    assert recorded_commit(out) == "00000001"
    recover(out)
    assert parquet_doc_ids(out) == ["a"]
    assert database_rows(out, "SELECT doc_id FROM documents") == [("a",)]
    assert sorted(p.name for p in snapshots_dir(out).iterdir()) == ["00000001"]


def test_a_run_killed_between_database_and_pointer_is_rolled_forward(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    writer = write_commits(out, ["a"])
    writer.add(document_rows("b", "/b"))
    monkeypatch.setattr("pipeline.store.writer.point_to",
                        lambda *arguments: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        writer.commit()
    assert parquet_doc_ids(out) == ["a"]  # readers of Parquet still see the previous commit
    assert database_rows(out, "SELECT doc_id FROM documents ORDER BY 1") == [("a",), ("b",)]
    monkeypatch.undo()
    recover(out)
    assert parquet_doc_ids(out) == ["a", "b"]
    assert current_info(out).commit == "00000002"


def test_the_commit_the_database_holds_is_read_from_its_stamp_while_the_file_is_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write_commits(out, ["a"], ["b"])
    with monkeypatch.context() as patched:  # the stamp alone answers: no connection
        patched.setattr("pipeline.store.database.connect", None)
        assert recorded_commit(out) == "00000002"
    connection = duckdb.connect(str(database_path(out)))  # another writer, outside the store
    connection.execute("UPDATE store_state SET commit_id = '00000001'")
    connection.close()
    assert recorded_commit(out) == "00000001"
    recover(out)
    assert current_info(out).commit == "00000001"


def test_a_first_commit_killed_while_its_database_is_built_leaves_no_database_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr("pipeline.store.database.rebuild",
                        lambda *arguments: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_commits(out, ["a"])
    assert not database_path(out).exists()  # a reader finds no store, not one without tables
    assert not list((out / ".store").glob(f"{BUILDING_MARK}*"))
    monkeypatch.undo()
    (out / ".store" / f"{BUILDING_MARK}0000").write_bytes(b"killed")  # by SIGKILL: left
    recover(out)
    assert not list((out / ".store").glob(f"{BUILDING_MARK}*"))
    write_commits(out, ["a"])
    assert database_rows(out, "SELECT doc_id FROM documents") == [("a",)]


def test_a_deleted_database_is_rebuilt_from_the_parquet_tables(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_commits(out, ["a", "b"])
    database_path(out).unlink()
    recover(out)
    assert database_rows(out, "SELECT count(*) FROM metrics") == [(4,)]


def test_compaction_merges_small_parts_in_a_commit_of_its_own(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer = write_commits(out, *[[f"d{i}"] for i in range(10)])
    before = read_tables(out)
    info = writer.compact()
    assert info is not None and info.commit == "00000011"
    assert len(list(table_path(out, "metrics").glob("part-*.parquet"))) == 1
    after = read_tables(out)
    assert all(after[name].equals(before[name]) for name in SCHEMAS)
    assert database_rows(out, "SELECT count(*) FROM metrics") == [(20,)]
    writer.add(document_rows("d3b", "/d3", 1), replaces="d3")  # still replaceable
    writer.commit()
    assert "d3" not in parquet_doc_ids(out) and "d3b" in parquet_doc_ids(out)


def test_a_second_writer_is_refused_while_the_lock_is_held(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with store_lock(out):
        with pytest.raises(StoreBusyError, match="Một lần chạy khác"):
            with store_lock(out):
                pass
    with store_lock(out):  # released
        pass
