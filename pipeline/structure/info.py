"""Document -> DocumentInfo: title, agency and report year."""

from __future__ import annotations

import regex

from pipeline.model import Document, DocumentInfo, Section
from pipeline.structure.agency import agency_in_header, agency_in_sentence
from pipeline.structure.front_matter import read_front_matter
from pipeline.structure.lexicon import alternation, column
from pipeline.structure.report_year import most_frequent_year, year_reported_in
from pipeline.structure.units import text_units

OPENING_CHARS = 3000  # how far the opening sentence is looked for when no section follows it
TABLE_CELL_SEPARATOR = " | "  # how pipeline.ingest joins the cells of a table row


def document_info(document: Document, sections: list[Section]) -> DocumentInfo:
    text = document.text
    front = read_front_matter(text_units(document, include_tables=True))
    prose_end = next((s.char_start for s in sections if s.char_start >= front.body_start),
                     min(len(text), front.body_start + OPENING_CHARS))
    prose = text[front.body_start:prose_end]
    header_lines = [cell for unit in front.header
                    for cell in unit.text.split(TABLE_CELL_SEPARATOR)]
    agency = agency_in_header(header_lines) or agency_in_sentence(prose)

    report_year = (
        (year_reported_in(front.title) if front.title else None)
        or year_reported_in(_reporting_clause(prose))
        or most_frequent_year(text[front.body_start:])
    )
    return DocumentInfo(title=front.title, agency=agency, report_year=report_year)


def _reporting_clause(prose: str) -> str:
    """The opening sentence from its reporting verb on: "báo cáo kết quả ... năm 2021 ..."."""
    match = regex.search(rf"(?<!\w)(?:{alternation(column('report_verbs', 'word'))})(?!\w)",
                         prose)
    if not match:
        return ""
    end = prose.find(":", match.end())
    return prose[match.start():end if end > 0 else None]
