"""Document -> DocumentInfo: title, agency and report year."""

from __future__ import annotations

import regex

from pipeline.model import Document, DocumentInfo, Section
from pipeline.structure.agency import agency_in_header, agency_in_sentence
from pipeline.structure.lexicon import alternation, column
from pipeline.structure.report_title import find_title_line, report_title
from pipeline.structure.report_year import most_frequent_year, year_reported_in
from pipeline.structure.units import text_units

OPENING_CHARS = 3000  # where to look for the title and opening sentence without sections


def document_info(document: Document, sections: list[Section]) -> DocumentInfo:
    text = document.text
    front_end = sections[0].char_start if sections else min(len(text), OPENING_CHARS)
    front = [unit for unit in text_units(document) if unit.char_start < front_end]
    title_index = find_title_line(front)
    title = report_title(front, title_index) if title_index is not None else None

    header = front[:title_index] if title_index is not None else []
    prose_start = front[title_index].char_end if title_index is not None else 0
    prose = text[prose_start:front_end]
    agency = agency_in_sentence(prose) or agency_in_header(header)

    report_year = (
        (year_reported_in(title) if title else None)
        or year_reported_in(_reporting_clause(prose))
        or most_frequent_year(text)
    )
    return DocumentInfo(title=title, agency=agency, report_year=report_year)


def _reporting_clause(prose: str) -> str:
    """The opening sentence from its reporting verb on: "báo cáo kết quả ... năm 2021 ..."."""
    match = regex.search(rf"(?<!\w)(?:{alternation(column('report_verbs', 'word'))})(?!\w)",
                         prose)
    if not match:
        return ""
    end = prose.find(":", match.end())
    return prose[match.start():end if end > 0 else None]
