"""Document -> section tree, title, agency and report year."""

from __future__ import annotations

from pipeline.model import Document, DocumentInfo, Section


def parse_sections(document: Document) -> list[Section]:  # placeholder
    return []


def document_info(document: Document, sections: list[Section]) -> DocumentInfo:  # placeholder
    return DocumentInfo()
