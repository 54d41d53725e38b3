"""Every input that cannot be read gives IngestError with a Vietnamese message."""

from __future__ import annotations

import os
import random
import unicodedata
from pathlib import Path

import pytest
from sample_files import encrypted_pdf

from pipeline.ingest import ingest, ocr, office
from pipeline.model import IngestError, MissingToolError
from pipeline.process import process_file
from tests.ingest.conftest import corpus_file


def is_vietnamese_letter(char: str) -> bool:
    return char == "đ" or (char.isalpha() and not char.isascii()
                           and bool(unicodedata.decomposition(char)))


def ingest_error(path: Path, **kwargs) -> str:
    with pytest.raises(IngestError) as caught:
        ingest(path, **kwargs)
    message = str(caught.value)
    assert any(is_vietnamese_letter(char) for char in message.lower()), message
    return message


def random_bytes(size: int) -> bytes:
    return random.Random(7).randbytes(size)


@pytest.mark.parametrize("name", ["rong.txt", "rong.pdf", "rong.docx", "rong.doc", "rong.md"])
def test_empty_file(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(b"")
    assert "Tệp rỗng" in ingest_error(path)


def test_unknown_extension(tmp_path: Path):
    path = tmp_path / "bang.csv"
    path.write_bytes(b"PK\x03\x04")
    assert "Không hỗ trợ định dạng" in ingest_error(path)
    bare = tmp_path / "khongduoi"
    bare.write_text("Báo cáo", encoding="utf-8")
    assert "không biết định dạng" in ingest_error(bare)


def test_missing_file(tmp_path: Path):
    assert "Không tìm thấy" in ingest_error(tmp_path / "khong-co.pdf")


def test_directory_named_like_a_pdf(tmp_path: Path):
    folder = tmp_path / "x.pdf"
    folder.mkdir()
    assert "thư mục" in ingest_error(folder)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root reads files whatever their permissions")
def test_file_without_read_permission(tmp_path: Path):
    path = tmp_path / "bi-khoa.txt"
    path.write_text("Báo cáo", encoding="utf-8")
    path.chmod(0)
    try:
        assert "quyền đọc" in ingest_error(path)
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize("name", ["rac.pdf", "rac.docx"])
def test_random_bytes(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(random_bytes(4096))
    assert "hỏng" in ingest_error(path)


def test_binary_junk_under_a_text_extension(tmp_path: Path):
    path = tmp_path / "rac.txt"
    path.write_bytes(random_bytes(4096))
    assert "nhị phân" in ingest_error(path)


def test_too_large(tmp_path: Path):
    path = tmp_path / "lon.txt"
    path.write_text("Báo cáo năm 2023. " * 1000, encoding="utf-8")
    assert "quá lớn" in ingest_error(path, max_bytes=1000)


def test_truncated_pdf(tmp_path: Path):
    data = corpus_file("bao-cao-2021.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "PDF bị hỏng hoặc không đầy đủ" in ingest_error(path)


def test_encrypted_pdf(tmp_path: Path):
    path = tmp_path / "mat-khau.pdf"
    path.write_bytes(encrypted_pdf())
    assert "mật khẩu" in ingest_error(path)


def test_doc_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "LibreOffice" in ingest_error(path)
    with pytest.raises(MissingToolError) as caught:
        ingest(path)
    assert caught.value.install == "LibreOffice (Debian: libreoffice-writer)"
    result = process_file(path)  # in a run: a failed document, its message in Vietnamese
    assert result.status == "failed"
    assert result.rows["documents"][0]["error"].startswith("Cần cài LibreOffice")


def test_random_bytes_named_doc_are_not_converted(tmp_path: Path):
    path = tmp_path / "rac.doc"
    path.write_bytes(random_bytes(4096))
    assert "hỏng" in ingest_error(path)


def test_scan_without_tesseract(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(ocr, "_tesseract_ready", lambda: "chưa cài Tesseract")
    with pytest.raises(MissingToolError) as caught:
        ocr.require_tesseract()
    assert "tesseract-ocr-vie" in caught.value.install
    message = ingest_error(corpus_file("bao-cao-2021-scan.pdf"))
    assert "Tesseract" in message and "tiếng Việt" in message

