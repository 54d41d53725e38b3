"""Footnotes of Word documents: the reference mark in the body becomes a superscript number
after a space ("12 mô hình ³ trồng rừng", the convention of PDFs), and each footnote's text
is read so that it becomes a block of its own, never the end of a body sentence.

python-docx has no footnote API: the footnotes part (word/footnotes.xml) is read from the
package through the document part's relationship.
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Private-use characters stand for a mark in the paragraph's text until it is spaced: they
# cannot come from the document, and they tell a mark from a superscript the author typed
# ("100 m²").
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"[ ]*{_OPEN}(\\d+){_CLOSE}[ ]*")
# The notes read: Word also keeps its separator lines in the part as typed footnotes
# ("separator", "continuationSeparator").
_NOTE_TYPES = frozenset({"normal", ""})
DAMAGED_FOOTNOTES = "Phần chú thích cuối trang (footnotes.xml) bị hỏng, đã bỏ qua chú thích"


def superscript(number: int) -> str:
    return str(number).translate(_SUPERSCRIPT_DIGITS)


def _placeholder(number: int) -> etree._Element:
    text = OxmlElement("w:t")
    text.text = f"{_OPEN}{number}{_CLOSE}"
    return text


def _replace(element: etree._Element, number: int) -> None:
    element.getparent().replace(element, _placeholder(number))


def space_marks(text: str) -> str:
    """The text with each mark as a superscript number after one space, and a space after it
    when a word or figure follows ("hình ³ trồng", "hình ³, tiếp")."""
    def spaced(match: re.Match[str]) -> str:
        before = " " if match.start() else ""
        rest = text[match.end():match.end() + 1]
        after = " " if rest and (rest.isalnum() or match.group().endswith(" ")) else ""
        return before + superscript(int(match.group(1))) + after
    return _PLACEHOLDER.sub(spaced, text)


class Footnotes:
    """The footnotes of one document, numbered in the order the body references them."""

    def __init__(self, document: DocxDocument) -> None:
        self._document = document
        self.warning: str | None = None  # set when the footnotes part cannot be read
        self._notes = self._read_notes(document)
        self._count = 0

    def _read_notes(self, document: DocxDocument) -> dict[str, etree._Element]:
        for relationship in document.part.rels.values():
            if relationship.reltype == RELATIONSHIP_TYPE.FOOTNOTES and not relationship.is_external:
                try:
                    root = parse_xml(relationship.target_part.blob)
                except etree.XMLSyntaxError:
                    self.warning = DAMAGED_FOOTNOTES  # the body is still read, marks and all
                    return {}
                return {note.get(qn("w:id")): note for note in root.iterchildren(qn("w:footnote"))
                        if note.get(qn("w:type"), "") in _NOTE_TYPES}
        return {}

    def mark(self, element: etree._Element) -> list[tuple[str, int]]:
        """Replace the footnote references inside a body paragraph or table by placeholders
        (spaced as marks by `space_marks`); each referenced footnote's id and number."""
        references = []
        for reference in list(element.iter(qn("w:footnoteReference"))):
            self._count += 1
            references.append((reference.get(qn("w:id")), self._count))
            _replace(reference, self._count)
        return references

    def texts(self, note_id: str, number: int) -> list[str]:
        """The paragraphs of one footnote, the first opened by its superscript number."""
        note = self._notes.get(note_id)
        if note is None:
            return []
        for own_mark in list(note.iter(qn("w:footnoteRef"))):
            _replace(own_mark, number)
        return [Paragraph(paragraph, self._document).text for paragraph in note.iter(qn("w:p"))]
