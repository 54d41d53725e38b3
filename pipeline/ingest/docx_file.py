"""Word documents (.docx) -> Document: paragraphs and tables in document order."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.ingest.blocks import classify_line, starts_list_item
from pipeline.ingest.builder import DocumentBuilder
from pipeline.ingest.normalize import normalize_text
from pipeline.model import Document, IngestError

_HEADING_STYLE_PREFIXES = ("heading", "title", "tiêu đề")
_LIST_STYLE_PREFIXES = ("list",)


def _open(path: Path) -> DocxDocument:
    if not zipfile.is_zipfile(path):
        raise IngestError("Tệp .docx bị hỏng hoặc không phải tài liệu Word (không phải tệp zip)")
    try:
        return docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise IngestError(f"Tệp .docx bị hỏng, không đọc được: {error}") from error


def _paragraph_kind(paragraph: Paragraph, text: str) -> str:
    style = (paragraph.style.name if paragraph.style is not None else "").lower()
    if style.startswith(_HEADING_STYLE_PREFIXES):
        return "heading"
    has_numbering = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if style.startswith(_LIST_STYLE_PREFIXES) or has_numbering or starts_list_item(text):
        return "list_item"
    return classify_line(text)


def _cell_text(cell) -> str:
    return normalize_text("\n".join(p.text for p in cell.paragraphs))


def _table_rows(table: Table) -> tuple[list[list[str]], list[list[int]]]:
    """The cells' texts of each row, and how many grid columns each covers."""
    rows, spans = [], []
    for row in table.rows:
        cells: list[str] = []
        widths: list[int] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell appears once per grid column it spans
                widths[-1] += 1
                continue
            previous = cell._tc
            cells.append(_cell_text(cell))
            widths.append(1)
        rows.append(cells)
        spans.append(widths)
    return rows, spans


def ingest_docx(path: Path, format_name: str = "docx") -> Document:
    document = _open(path)
    builder = DocumentBuilder(str(path), format_name)
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            # A paragraph with line breaks (Shift+Enter) is still one block.
            text = " ".join(normalize_text(paragraph.text).split("\n"))
            if text.strip():
                builder.add_text(_paragraph_kind(paragraph, text), text)
        elif child.tag == qn("w:tbl"):
            rows, spans = _table_rows(Table(child, document))
            builder.add_table(rows, spans=spans)
    return builder.build()
