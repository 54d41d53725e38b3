"""Acceptance on the real report in its four forms (skipped when ../shared is absent)."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest

from pipeline.ingest import ingest
from tests.ingest.conftest import corpus_file


def collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def txt_document():
    return ingest(corpus_file("bao-cao-2021.txt"))


def test_txt_is_utf8_and_nfc_without_nbsp(txt_document):
    raw = corpus_file("bao-cao-2021.txt").read_text(encoding="utf-8")
    assert raw != unicodedata.normalize("NFC", raw), "the real report has an NFD stretch"
    assert txt_document.encoding == "utf-8"
    assert unicodedata.is_normalized("NFC", txt_document.text)
    assert "\u00a0" not in txt_document.text
    nfd_union_phrase = unicodedata.normalize("NFC", "Các chỉ tiêu liên quan đến các đoàn viên")
    assert nfd_union_phrase in txt_document.text
    assert txt_document.text.count("đạt") == unicodedata.normalize("NFC", raw).count("đạt")
    assert txt_document.page_starts == [] and txt_document.pages is None


@pytest.mark.parametrize("name", ["bao-cao-2021.docx", "bao-cao-2021.pdf"])
def test_docx_and_pdf_give_the_text_of_the_txt(txt_document, name):
    document = ingest(corpus_file(name))
    assert collapsed(document.text) == collapsed(txt_document.text)


def test_pdf_pages_and_paragraphs(txt_document):
    document = ingest(corpus_file("bao-cao-2021.pdf"))
    assert document.format == "pdf" and document.pages == 10
    assert document.page_starts == sorted(document.page_starts) and document.page_starts[0] == 0
    assert document.page_of(len(document.text) - 1) == 10
    # Wrapped lines are joined: about as many paragraphs as the txt has lines.
    assert abs(len(document.blocks) - len(txt_document.blocks)) <= 0.05 * len(txt_document.blocks)
    for block in document.blocks:
        assert block.page is not None
        assert document.page_of(block.char_start) == block.page


@pytest.mark.slow
def test_scan_is_read_by_ocr(txt_document):
    document = ingest(corpus_file("bao-cao-2021-scan.pdf"))  # no Tesseract: skipped
    assert document.format == "pdf-ocr" and document.pages == 3
    assert "Quyết định số 62/QĐ-LĐTBXH" in document.text
    assert "Ð" not in document.text
    words = collapsed(document.text).split()
    reference = Counter(collapsed(txt_document.text).split()[: len(words)])
    matched = sum((Counter(words) & reference).values())
    assert matched / len(words) >= 0.95
