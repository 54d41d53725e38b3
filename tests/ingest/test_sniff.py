"""Formats are recognized by content: a file's name only decides where its bytes say nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.ingest import encode_legacy, ingest
from pipeline.ingest.sniff import content_format, sniff_format
from tests.ingest.conftest import REPO_ROOT

SAMPLE_PDF = REPO_ROOT / "corpus" / "reports" / "bao-cao-2022.pdf"
RTF = (r"{\rtf1\ansi\ansicpg1258\deff0{\fonttbl{\f0 Times New Roman;}}"
       r"\f0 Gi\u7843?i quy\u7871?t vi\u7879?c l\u224?m cho 12.345 lao \u273?\u7897?ng.\par}")
HTML = """<!DOCTYPE html><html><head><meta charset="windows-1258"><title>Báo cáo</title>
<style>p {margin: 0}</style></head><body><div class="WordSection1">
<h1>I. KẾT QUẢ THỰC HIỆN</h1>
<p>Giải quyết việc làm cho <b>12.345</b> lao động, đạt 101,5% kế hoạch.</p>
<ul><li>Hỗ trợ 2.000 hộ nghèo</li></ul>
<table><tr><td>Chỉ tiêu</td><td>Thực hiện</td></tr><tr><td>Lao động</td><td>12.345</td></tr>
</table></div></body></html>"""


def test_docx_named_doc_is_read_as_docx(sample_docx: Path, tmp_path: Path):
    named_doc = tmp_path / "bao-cao.doc"
    shutil.copy(sample_docx, named_doc)
    document = ingest(named_doc)  # no LibreOffice needed: it is a docx
    assert document.format == "docx" and document.path == str(named_doc)
    assert document.text == ingest(sample_docx).text
    assert any("nội dung là docx" in warning for warning in document.warnings)


def test_pdf_named_docx_is_read_as_pdf(tmp_path: Path):
    if not SAMPLE_PDF.is_file():
        pytest.skip(f"the sample report is missing: {SAMPLE_PDF}")
    named_docx = tmp_path / "bao-cao.docx"
    shutil.copy(SAMPLE_PDF, named_docx)
    document = ingest(named_docx)
    assert document.format == "pdf" and document.pages == ingest(SAMPLE_PDF).pages
    assert document.text == ingest(SAMPLE_PDF).text


def test_html_page_named_doc_is_read_as_html(tmp_path: Path):
    path = tmp_path / "trang.doc"
    path.write_bytes(HTML.replace("windows-1258", "utf-8").encode("utf-8"))
    document = ingest(path)
    assert document.format == "html"
    assert [block.kind for block in document.blocks] == [
        "heading", "paragraph", "list_item", "table"]
    assert "Giải quyết việc làm cho 12.345 lao động, đạt 101,5% kế hoạch." in document.text
    assert "Lao động | 12.345" in document.text
    assert "margin" not in document.text and "Báo cáo" not in document.text


def test_html_in_a_declared_8bit_charset(tmp_path: Path):
    path = tmp_path / "trang.doc"
    path.write_bytes(encode_legacy(HTML, "cp1258"))  # the charset its <meta> declares
    assert "Giải quyết việc làm cho 12.345 lao động" in ingest(path).text


def test_rtf_named_doc_goes_to_libreoffice_as_rtf(tmp_path: Path):
    path = tmp_path / "cu.doc"
    path.write_text(RTF, encoding="ascii")
    assert sniff_format(path, "doc") == "rtf"
    document = ingest(path)  # skipped where LibreOffice is missing (tests/conftest.py)
    assert document.format == "rtf"
    assert "Giải quyết việc làm cho 12.345 lao động." in document.text


@pytest.mark.parametrize("data, named, expected", [
    (b"%PDF-1.7\n", "docx", "pdf"),
    (b"\xef\xbb\xbf  <!DOCTYPE HTML>", "doc", "html"),
    (b"<html><body>x</body></html>", "txt", "txt"),  # a page kept as text stays text
    (b"{\\rtf1 x}", "doc", "rtf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(2),
     "xls", "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + bytes(2),
     "doc", "xls"),
    (b"Just text", "doc", "doc"),  # no signature: the name decides (and the reader refuses)
    (b"PK\x03\x04 broken", "docx", "docx"),
])
def test_signatures(tmp_path: Path, data: bytes, named: str, expected: str):
    path = tmp_path / f"x.{named}"
    path.write_bytes(data)
    assert sniff_format(path, named) == expected


def test_zip_packages_are_told_apart_by_their_members(sample_docx: Path):
    assert content_format(sample_docx) == "docx"
