from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipeline.store import (
    SCHEMAS,
    StoreBusyError,
    commit,
    database_path,
    empty_tables,
    parquet_path,
    read_tables,
    recover,
    replace_documents,
    store_lock,
)
from pipeline.store.layout import RETIRED_MARK, STAGING_MARK, sibling_prefix


def document_rows(doc_id: str, path: str, metrics: int = 1) -> dict[str, list[dict]]:
    return {
        "documents": [{"doc_id": doc_id, "path": path, "status": "ok", "sha256": doc_id}],
        "metrics": [{"doc_id": doc_id, "metric_id": f"{doc_id}-m{i}", "value": float(i)}
                    for i in range(1, metrics + 1)],
    }


def test_an_empty_store_has_every_table_with_its_columns(tmp_path: Path) -> None:
    out = tmp_path / "out"
    commit(out, empty_tables())
    connection = duckdb.connect(str(database_path(out)), read_only=True)
    for name, schema in SCHEMAS.items():
        columns = [row[0] for row in connection.execute(f"DESCRIBE {name}").fetchall()]
        assert columns == schema.names
        assert connection.execute(f"SELECT count(*) FROM {name}").fetchone() == (0,)
        assert pq.read_schema(parquet_path(out, name)).names == schema.names
    list_type = connection.execute(
        "SELECT data_type FROM information_schema.columns "
        "WHERE table_name = 'findings' AND column_name = 'metric_ids'").fetchone()
    assert list_type == ("VARCHAR[]",)


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
    (out / "audit.html").write_text("<p>kiểm tra</p>", encoding="utf-8")
    commit(out, replace_documents(read_tables(out), [], [document_rows("b", "/b", 1)]))
    assert (out / "audit.html").read_text(encoding="utf-8") == "<p>kiểm tra</p>"
    assert read_tables(out)["metrics"].num_rows == 3
    rows = duckdb.connect(str(database_path(out)), read_only=True).execute(
        "SELECT doc_id, count(*) FROM metrics GROUP BY ALL ORDER BY 1").fetchall()
    assert rows == [("a", 2), ("b", 1)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging left behind


def test_recover_removes_a_killed_runs_staging_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    commit(out, empty_tables())
    stale = tmp_path / (sibling_prefix(out, STAGING_MARK) + "123-dead")
    (stale / "tables").mkdir(parents=True)
    recover(out)
    assert not stale.exists()
    assert read_tables(out)["documents"].num_rows == 0


def test_recover_restores_out_when_a_run_died_between_two_renames(tmp_path: Path) -> None:
    out = tmp_path / "out"
    commit(out, replace_documents(empty_tables(), [], [document_rows("a", "/a")]))
    out.rename(tmp_path / (sibling_prefix(out, RETIRED_MARK) + "x"))
    recover(out)
    assert read_tables(out)["documents"].column("doc_id").to_pylist() == ["a"]


def test_commit_without_an_atomic_exchange_falls_back_to_renames(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipeline.store.atomic._exchange", lambda first, second: False)
    out = tmp_path / "out"
    commit(out, replace_documents(empty_tables(), [], [document_rows("a", "/a")]))
    commit(out, replace_documents(read_tables(out), [], [document_rows("b", "/b")]))
    assert read_tables(out)["documents"].column("doc_id").to_pylist() == ["a", "b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_failed_write_leaves_the_previous_store(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    commit(out, replace_documents(empty_tables(), [], [document_rows("a", "/a")]))

    def broken_write(directory: Path, tables: dict) -> None:
        (directory / "tables").mkdir()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pipeline.store.atomic.write_tables", broken_write)
    with pytest.raises(OSError):
        commit(out, empty_tables())
    assert read_tables(out)["documents"].column("doc_id").to_pylist() == ["a"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_second_writer_is_refused_while_the_lock_is_held(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with store_lock(out):
        with pytest.raises(StoreBusyError, match="Một lần chạy khác"):
            with store_lock(out):
                pass
    with store_lock(out):  # released
        pass
