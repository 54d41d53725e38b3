"""Issue 2's acceptance: bad files beside good ones, through the real pipeline and CLI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from baocao_command import SAMPLE_REPORTS, baocao, table
from sample_files import encrypted_pdf

# Root reads any file whatever its mode; without these capabilities it is refused like anyone.
WITHOUT_READ_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
GOOD = ["bao-cao-2023.txt", "bao-cao-2021.docx"]


def make_batch(folder: Path) -> Path:
    reports = folder / "reports"
    reports.mkdir()
    for name in GOOD:
        shutil.copy(SAMPLE_REPORTS / name, reports / name)
    pdf = (SAMPLE_REPORTS / "bao-cao-2022.pdf").read_bytes()
    (reports / "empty.txt").write_bytes(b"")
    (reports / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (reports / "encrypted.pdf").write_bytes(encrypted_pdf())
    (reports / "random.pdf").write_bytes(os.urandom(4096))
    (reports / "random.docx").write_bytes(os.urandom(4096))
    (reports / "zero.doc").write_bytes(b"")
    (reports / "x.pdf").mkdir()
    secret = reports / "secret.txt"
    secret.write_text("Có 5 người.\n", encoding="utf-8")
    secret.chmod(0)
    return reports


def run_as_a_user(*arguments: str):
    if os.geteuid() != 0:
        return baocao(*arguments)
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux): a file's read permission "
                    "cannot be taken away")
    return baocao(*arguments, prefix=WITHOUT_READ_OVERRIDE)


def test_bad_files_fail_one_by_one_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    reports = make_batch(tmp_path)
    out = tmp_path / "out"
    first = run_as_a_user("run", str(reports), "-o", str(out), "--quiet")
    assert first.returncode == 1, first.stdout + first.stderr

    documents = {Path(row["path"]).name: row for row in table(out, "documents")}
    assert {name for name, row in documents.items() if row["status"] == "ok"} == set(GOOD)
    errors = {name: row["error"] for name, row in documents.items() if row["status"] == "failed"}
    assert set(errors) == {"empty.txt", "truncated.pdf", "encrypted.pdf", "random.pdf",
                           "random.docx", "zero.doc", "x.pdf", "secret.txt"}
    assert "rỗng" in errors["empty.txt"] and "rỗng" in errors["zero.doc"]
    assert "mật khẩu" in errors["encrypted.pdf"]
    assert "hỏng" in errors["truncated.pdf"]
    assert "thư mục" in errors["x.pdf"]
    assert "quyền" in errors["secret.txt"]
    for name, message in errors.items():
        assert f"{name}: {message}" in first.stdout  # the summary names each failure

    before = {name: table(out, name) for name in ("documents", "sections", "metrics")}
    second = run_as_a_user("run", str(reports), "-o", str(out), "--quiet")
    assert second.returncode == 1
    assert {name: table(out, name) for name in before} == before
