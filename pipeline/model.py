"""Plain data passed between the stages: ingest -> structure -> extractors -> semantics -> store.

Every span (char_start, char_end) indexes `Document.text`, the normalized (NFC) text.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


class IngestError(Exception):
    """A document that cannot be read. The message is for people, in Vietnamese."""


class MissingToolError(IngestError):
    """A document that needs a program not installed here (LibreOffice, Tesseract with 'vie').

    `install` says what to install, e.g. "LibreOffice (Debian: libreoffice-writer)".
    """

    def __init__(self, message: str, install: str) -> None:
        super().__init__(message)
        self.install = install


@dataclass
class TableCell:
    text: str
    char_start: int
    char_end: int


@dataclass
class Block:
    """A heading, paragraph, list item or table, in reading order."""

    kind: str  # 'heading' | 'paragraph' | 'list_item' | 'table'
    char_start: int
    char_end: int
    page: int | None = None  # 1-based; None for formats without pages
    rows: list[list[TableCell]] | None = None  # only for tables


@dataclass
class Document:
    path: str
    format: str  # 'txt' | 'md' | 'docx' | 'doc' | 'odt' | 'rtf' | 'pdf' | 'pdf-ocr'
    text: str
    blocks: list[Block] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # offset where each page starts
    encoding: str | None = None  # detected encoding of text files ('utf-8', 'tcvn3', ...)
    warnings: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) or None

    def page_of(self, offset: int) -> int | None:
        """1-based page of a character offset, None for formats without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass
class Section:
    section_id: str  # stable within a document: 's1', 's2', ...
    parent_id: str | None
    level: int  # 1 for the outermost
    label: str  # as written: 'Phần thứ nhất', 'I', '1', 'c', '-'
    title: str
    path: str  # labels joined by ' > '
    char_start: int
    char_end: int  # end of the section's content (up to the next sibling or ancestor)


@dataclass
class DocumentInfo:
    title: str | None = None
    agency: str | None = None
    report_year: int | None = None


@dataclass
class Figure:
    """A number with its unit, as found by extractors.quantities."""

    char_start: int
    char_end: int
    raw: str
    value: float
    unit: str | None = None  # normalized: '%', 'VND', 'điểm', or the counted noun
    unit_class: str = "other"  # count|percent|money|score|rank|duration|age|other
    denominator: float | None = None
    value_max: float | None = None  # upper end of a range ("từ 5 đến 7" -> 5, 7)
    approx: str | None = None  # 'hơn' | 'khoảng' | 'gần' | 'trên' | 'dưới' | 'từ' | ...


@dataclass
class DateMention:
    char_start: int
    char_end: int
    raw: str
    start_date: date
    end_date: date
    granularity: str  # 'day' | 'month' | 'quarter' | 'year' | 'range'


OCR_FORMAT = "pdf-ocr"  # documents.format of a PDF some of whose pages were read by OCR
# the folder where OCR and LibreOffice keep what they made (pipeline/ingest/tool_cache.py)
TOOL_CACHE_VARIABLE = "BAOCAO_TOOL_CACHE"


@dataclass
class Citation:
    char_start: int
    char_end: int
    raw: str
    ref_key: str  # '04/2015/NĐ-CP', '62/QĐ-LĐTBXH', '192-KL/TU'
    doc_type: str | None  # 'Nghị định'
    type_code: str | None  # 'NĐ'
    number: str  # '04'
    year: int | None
    issuer_code: str | None  # 'CP'
    issued_date: date | None = None
    # the date is written after this mention; False: taken from another mention of it
    issued_date_written: bool = False


@dataclass
class Metric:
    """A figure placed in its document: sentence, section, page, and what it measures."""

    figure: Figure
    sentence: str
    section_id: str | None = None
    page: int | None = None
    subject: str | None = None
    indicator: str | None = None
    period: str | None = None
    kind: str = "other"  # actual|target|plan|change|share|attainment|other
    # what the period is: 'year' | 'half' | 'quarter' | 'month' | 'cumulative' | 'range', and
    # its first and last day where the text says them
    period_granularity: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    relation: Relation = field(default_factory=lambda: Relation())


@dataclass
class Relation:
    """How a figure relates to others of its document (pipeline.semantics.relations)."""

    whole: Figure | None = None  # the total this figure is a part of
    part_scope: str | None = None  # 'complete' ("gồm", table rows) | 'subset' ("trong đó")
    base: Figure | None = None  # what a change, share or attainment is computed from
    compared: Figure | None = None  # the figure a change or percentage is about
    relation: str | None = None  # how base/compared were found ('bracket', 'pair', ...)
    delta: float | None = None  # a change with its sign: "giảm 02 vụ" -> -2


@dataclass
class Sentence:
    char_start: int
    char_end: int
    text: str


def detect_format(path: Path) -> str:
    """The format name from the file's extension ('txt', 'pdf', ...) or 'unknown'."""
    return Path(path).suffix.lower().lstrip(".") or "unknown"
