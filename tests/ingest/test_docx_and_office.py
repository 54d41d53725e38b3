"""Word documents, and .odt/.doc through LibreOffice, including tables and their spans."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.ingest import ingest, office
from pipeline.model import TOOL_CACHE_VARIABLE


def assert_table_spans(document) -> list[list[str]]:
    tables = [block for block in document.blocks if block.kind == "table"]
    assert len(tables) == 1
    for row in tables[0].rows:
        for cell in row:
            assert document.text[cell.char_start:cell.char_end] == cell.text
    return [[cell.text for cell in row] for row in tables[0].rows]


def test_docx_blocks_in_document_order(sample_docx: Path):
    document = ingest(sample_docx)
    assert [block.kind for block in document.blocks] == [
        "heading", "paragraph", "list_item", "table", "paragraph"]
    rows = assert_table_spans(document)
    assert rows[1] == ["Lao động", "12.000", "12.345"]
    assert "Lao động | 12.000 | 12.345\n" in document.text
    assert "Đoạn sau bảng có khoảng trắng" in document.text  # no-break space normalized
    assert document.page_starts == [] and document.encoding is None


def soffice_convert(source: Path, target_format: str, outdir: Path) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("cần cài LibreOffice (Debian: libreoffice-writer)")
    subprocess.run(["soffice", f"-env:UserInstallation={(outdir / 'profile').as_uri()}",
                    "--headless", "--convert-to", target_format, "--outdir", str(outdir),
                    str(source)], check=True, capture_output=True, timeout=120)
    return outdir / f"{source.stem}.{target_format}"


@pytest.mark.slow
def test_odt_through_libreoffice(sample_docx: Path, tmp_path: Path):
    odt = soffice_convert(sample_docx, "odt", tmp_path / "out")
    document = ingest(odt)
    assert document.format == "odt" and document.path == str(odt)
    assert assert_table_spans(document)[2] == ["Tỷ lệ hộ nghèo", "2,5%", "2,1%"]
    assert " ".join(document.text.split()) == " ".join(ingest(sample_docx).text.split())


@pytest.mark.slow
def test_a_doc_read_again_takes_libreoffices_docx_from_the_tool_cache(
        sample_docx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    doc = soffice_convert(sample_docx, "doc", tmp_path / "out")
    monkeypatch.setenv(TOOL_CACHE_VARIABLE, str(tmp_path / "cache"))
    first = ingest(doc)
    assert len(list((tmp_path / "cache" / "libreoffice").rglob("*"))) == 2  # a folder, a file
    monkeypatch.setattr(office, "convert_to_docx", None)  # no LibreOffice this time
    again = ingest(doc)
    assert (again.text, again.format, again.path) == (first.text, "doc", str(doc))
    assert assert_table_spans(again)[2] == ["Tỷ lệ hộ nghèo", "2,5%", "2,1%"]
    monkeypatch.undo()
    monkeypatch.setenv(TOOL_CACHE_VARIABLE, str(tmp_path / "cache"))
    entry = next(p for p in (tmp_path / "cache" / "libreoffice").rglob("*") if p.is_file())
    entry.write_bytes(entry.read_bytes()[:100])  # damaged: LibreOffice converts it again
    assert ingest(doc).text == first.text


@pytest.mark.slow
def test_pdf_with_a_ruled_table(sample_docx: Path, tmp_path: Path):
    pdf = soffice_convert(sample_docx, "pdf", tmp_path / "out")
    document = ingest(pdf)
    assert document.format == "pdf"
    rows = assert_table_spans(document)
    assert rows == [["Chỉ tiêu", "Kế hoạch", "Thực hiện"], ["Lao động", "12.000", "12.345"],
                    ["Tỷ lệ hộ nghèo", "2,5%", "2,1%"]]
    assert document.text.count("12.345 lao động") == 1  # the cells are not repeated as text
    assert document.text.count("12.345") == 2


def test_paragraph_style_names_read_once_agree_with_python_docx(sample_docx: Path):
    from copy import deepcopy

    import docx
    from docx.oxml.ns import qn

    from pipeline.ingest.docx_file import _ParagraphStyles

    document = docx.Document(str(sample_docx))
    paragraphs = list(document.paragraphs)
    # a style without w:type: python-docx does not take it for a paragraph style
    untyped = deepcopy(document.styles["Heading 2"].element)
    del untyped.attrib[qn("w:type")]
    untyped.set(qn("w:styleId"), "KhongKieu")
    document.styles.element.append(untyped)
    # python-docx reads an unknown style id, or a table style's, as the default paragraph style
    for paragraph, style_id in zip(paragraphs[1:4], ["KhongCoKieuNay", "TableGrid", "KhongKieu"],
                                   strict=True):
        paragraph._p.get_or_add_pPr().style = style_id
    styles = _ParagraphStyles(document)
    names = [styles.name(paragraph) for paragraph in paragraphs]
    assert names == [paragraph.style.name.lower() for paragraph in paragraphs]
    assert names[0] == "heading 1" and set(names[1:]) == {"normal"}
