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
from pipeline.ingest.docx_footnotes import Footnotes, space_marks
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


class _ParagraphStyles:
    """Paragraph style names (lower case) by style id, read once from styles.xml as
    python-docx resolves them: its `paragraph.style` searches all the styles for the default
    on every paragraph that has none, which was most of the time a .docx took to read."""

    def __init__(self, document: DocxDocument) -> None:
        self.names: dict[str, str] = {}
        self.default = ""
        for style in document.styles.element.iterchildren(qn("w:style")):
            if style.get(qn("w:type")) != "paragraph":
                continue
            # python-docx's only renamings ("heading 1" -> "Heading 1") change the case
            name = (style.name_val or "").lower()
            style_id = style.get(qn("w:styleId"))
            if style_id:
                self.names.setdefault(style_id, name)
            if style.get(qn("w:default")) in ("1", "true", "on"):
                self.default = name  # the last default, as in python-docx

    def name(self, paragraph: Paragraph) -> str:
        # as python-docx: an unknown id, or one of another type of style, is the default
        style_id = paragraph._p.style
        return self.names.get(style_id, self.default) if style_id else self.default


def _paragraph_kind(style: str, paragraph: Paragraph, text: str) -> str:
    if style.startswith(_HEADING_STYLE_PREFIXES):
        return "heading"
    has_numbering = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if style.startswith(_LIST_STYLE_PREFIXES) or has_numbering or starts_list_item(text):
        return "list_item"
    return classify_line(text)


def _cell_text(cell) -> str:
    return space_marks(normalize_text("\n".join(p.text for p in cell.paragraphs)))


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
            # a vertically merged cell is the top row's: its text once, in that row
            continued = cell._tc.getparent() is not row._tr
            cells.append("" if continued else _cell_text(cell))
            widths.append(1)
        rows.append(cells)
        spans.append(widths)
    return rows, spans


def ingest_docx(path: Path, format_name: str = "docx") -> Document:
    document = _open(path)
    builder = DocumentBuilder(str(path), format_name)
    footnotes = Footnotes(document)
    styles = _ParagraphStyles(document)
    if footnotes.warning:
        builder.warn(footnotes.warning)
    for child in document.element.body.iterchildren():
        references = footnotes.mark(child)
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            text = _paragraph_text(paragraph.text)
            if text.strip():
                builder.add_text(_paragraph_kind(styles.name(paragraph), paragraph, text), text)
        elif child.tag == qn("w:tbl"):
            rows, spans = _table_rows(Table(child, document))
            builder.add_table(rows, spans=spans)
        # Each footnote right after the paragraph or table that references it: in the section
        # it annotates, and a block of its own.
        for note_id, number in references:
            for text in footnotes.texts(note_id, number):
                builder.add_text("paragraph", _paragraph_text(text))
    return builder.build()


def _paragraph_text(text: str) -> str:
    """A paragraph with line breaks (Shift+Enter) is still one block."""
    return space_marks(" ".join(normalize_text(text).split("\n")))
