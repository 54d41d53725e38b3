"""`baocao findings -o OUT`: the findings, most severe first, in three formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from report_samples import sample_tables

from pipeline.cli import main
from pipeline.store import write_tables


@pytest.fixture
def store(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    write_tables(out, sample_tables())
    return out


def test_table_most_severe_first_with_whole_messages(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["findings", "-o", str(store)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [cell.strip() for cell in lines[0].split("|")] == [
        "severity", "rule", "document", "page", "message"]
    rows = [[cell.strip() for cell in line.split("|")] for line in lines[2:-1]]
    assert [row[:4] for row in rows] == [
        ["error", "parts_total", "bao-cao-2022.pdf", "1"],
        ["warning", "percentage", "bao-cao-2022.pdf", "3"],
        ["warning", "cross_year_restatement", "bao-cao-2023.txt", "NULL"],
        ["info", "target_exceeded", "bao-cao-2023.txt", "NULL"],
    ]
    assert rows[0][4] == ("Tổng các thành phần 2.150 + 1.420 + 10.930 là 14.500, nhưng số "
                          "tổng ghi 14.600 người.")
    assert lines[-1] == "(4 dòng)"


def test_csv_json_and_severity_filter(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["findings", "-o", str(store), "--format", "csv", "--severity", "warning"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["severity", "rule", "document", "page", "message"]
    assert [row[1] for row in rows[1:]] == ["percentage", "cross_year_restatement"]
    assert main(["findings", "-o", str(store), "--format", "json",
                 "--severity", "info", "error"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [(r["severity"], r["document"], r["page"]) for r in records] == [
        ("error", "bao-cao-2022.pdf", 1), ("info", "bao-cao-2023.txt", None)]


def test_no_store_is_exit_2_in_vietnamese(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["findings", "-o", str(tmp_path / "nothing")]) == 2
    assert "Chưa có kho dữ liệu" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["findings", "-o", str(tmp_path), "--severity", "fatal"])
    assert exit_info.value.code == 2
