"""Footnotes of Word documents (word/footnotes.xml, referenced by w:footnoteReference runs):
the reference mark is a superscript number after a space, part of no word or figure, and
each footnote's text is a block of its own right after the paragraph or table citing it."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn

from extractors import citations, quantities
from pipeline.ingest import ingest
from pipeline.ingest.docx_footnotes import DAMAGED_FOOTNOTES
from tests.ingest.test_docx_and_office import soffice_convert

# Word's ids: -1 and 0 are the separators; the notes follow in the order the body cites them
# (LibreOffice reads them by that order), their ids are not their numbers.
NOTES = {
    "2": ["Gồm mô hình trồng keo, mô hình trồng thông và 4 mô hình khác."],
    "5": ["Kế hoạch số 28/KH-UBND ngày 16/01/2025 của Ủy ban nhân dân huyện.",
          "Trong đó 234 hồ sơ trực tuyến"],
    "9": ["Xã Phú An 22/51 thôn."],
}


def _note_xml(note_id: str, paragraphs: list[str]) -> str:
    body = "".join(
        "<w:p>" + ('<w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>'
                   if index == 0 else "") + f"<w:r><w:t>{text}</w:t></w:r></w:p>"
        for index, text in enumerate(paragraphs))
    return f'<w:footnote w:id="{note_id}">{body}</w:footnote>'


def _footnotes_xml() -> bytes:
    separators = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
                  '</w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0">'
                  '<w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')
    notes = "".join(_note_xml(note_id, texts) for note_id, texts in NOTES.items())
    return f'<w:footnotes {nsdecls("w")}>{separators}{notes}</w:footnotes>'.encode()


def _reference(paragraph, note_id: str) -> None:
    run = paragraph.add_run()
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), note_id)
    run._r.append(reference)


def footnoted_docx(path: Path, footnotes_xml: bytes | None = None) -> Path:
    document = docx.Document()
    first = document.add_paragraph("Toàn huyện Hòa Sơn đã triển khai 12 mô hình")
    _reference(first, "2")
    first.add_run(" trồng rừng theo kế hoạch")
    _reference(first, "5")
    first.add_run(", tiếp nhận 1.234 hồ sơ.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Số thôn"
    table.cell(0, 1).text = "22"
    _reference(table.cell(0, 1).paragraphs[0], "9")
    document.add_paragraph("Diện tích 100 m² đất rừng năm 2025.")
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                footnotes_xml or _footnotes_xml(),
                document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    document.save(str(path))
    return path


def _blocks(document) -> list[str]:
    return [document.text[b.char_start:b.char_end] for b in document.blocks]


EXPECTED_BLOCKS = [
    "Toàn huyện Hòa Sơn đã triển khai 12 mô hình ¹ trồng rừng theo kế hoạch ², tiếp nhận "
    "1.234 hồ sơ.",
    "¹ Gồm mô hình trồng keo, mô hình trồng thông và 4 mô hình khác.",
    "² Kế hoạch số 28/KH-UBND ngày 16/01/2025 của Ủy ban nhân dân huyện.",
    "Trong đó 234 hồ sơ trực tuyến",
    "Số thôn | 22 ³",
    "³ Xã Phú An 22/51 thôn.",
    "Diện tích 100 m² đất rừng năm 2025.",
]


def test_footnotes_are_numbered_marks_and_blocks_after_their_paragraph(tmp_path: Path):
    document = ingest(footnoted_docx(tmp_path / "chu-thich.docx"))
    assert _blocks(document) == EXPECTED_BLOCKS
    assert [b.kind for b in document.blocks][1:4] == ["paragraph"] * 3


def test_marks_are_part_of_no_figure_and_notes_keep_theirs(tmp_path: Path):
    document = ingest(footnoted_docx(tmp_path / "chu-thich.docx"))
    figures = [(f.raw, f.value) for f in quantities.extract(document.text)]
    assert figures == [("12 mô hình", 12), ("1.234 hồ sơ", 1234), ("4 mô hình", 4),
                       ("234 hồ sơ", 234), ("22/51 thôn", 22), ("100 m²", 100)]
    assert [c.raw for c in citations.extract(document.text)] == ["Kế hoạch số 28/KH-UBND"]


def test_a_damaged_footnotes_part_loses_only_the_notes_and_says_so(tmp_path: Path):
    document = ingest(footnoted_docx(tmp_path / "hong.docx", b"<w:footnotes><w:foot"))
    assert _blocks(document) == [EXPECTED_BLOCKS[0], EXPECTED_BLOCKS[4], EXPECTED_BLOCKS[6]]
    assert document.warnings == [DAMAGED_FOOTNOTES]


@pytest.mark.slow
def test_doc_read_through_libreoffice_keeps_its_footnotes(tmp_path: Path):
    doc = soffice_convert(footnoted_docx(tmp_path / "chu-thich.docx"), "doc", tmp_path / "out")
    assert _blocks(ingest(doc)) == EXPECTED_BLOCKS
