"""The analysts' tables as one spreadsheet (`baocao export -o OUT FILE.xlsx`).

One sheet per table (documents, metrics with their document and sentence, findings,
targets_vs_actuals, cited_documents), Vietnamese column titles (data/columns.tsv), the header
row frozen. Rows are streamed from the store's DuckDB file into openpyxl's write-only
workbook, so memory does not grow with the store.

Excel's limits: a sheet holds 1,048,576 rows including its header; a table with more rows
goes on in numbered sheets ("Số liệu (2)", ...), each with its header. A cell holds 32,767
characters; a longer text is cut with "…" (the full text stays in the store). Characters
that XML cannot hold (control characters a PDF may leave) are dropped, and a text starting
with "=" is written as text, never as a formula.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from pipeline.data_files import read_tsv
from pipeline.store import database_path
from pipeline.store.views import create_views, missing_views

EXCEL_MAX_ROWS = 1_048_576  # rows in a sheet, the header included
EXCEL_MAX_CELL = 32_767  # characters in a cell
COLUMNS_FILE = Path(__file__).with_name("data") / "columns.tsv"
BATCH = 10_000
WIDTH_SAMPLE = 200  # rows read to size the columns
MIN_WIDTH, MAX_WIDTH = 8, 60


class ExportError(Exception):
    """The export cannot be done (message in Vietnamese)."""


@dataclass(frozen=True)
class Sheet:
    table: str  # the store table or view it shows; its columns' titles in data/columns.tsv
    title: str  # the sheet's name in the workbook
    sql: str


DOCUMENTS_SQL = """
SELECT path, format, status, error, pages, title, agency, report_year, doc_id, sha256
FROM documents ORDER BY path, doc_id"""

METRICS_SQL = """
SELECT d.path, m.page, m.sentence, m.raw, m.value, m.value_max, m.denominator, m.unit,
       m.unit_class, m.approx, m.subject, m.indicator, m.period, m.period_granularity, m.kind,
       m.char_start, m.char_end, m.metric_id, m.doc_id
FROM metrics m LEFT JOIN documents d USING (doc_id) ORDER BY d.path, m.char_start, m.metric_id"""

FINDINGS_SQL = """
SELECT f.severity, f.rule, d.path, f.page, f.message, f.sentence, f.arithmetic, f.expected,
       f.observed, f.tolerance, f.cause, o.path AS other_path, f.other_page, f.other_sentence,
       f.link_reason, array_to_string(f.metric_ids, ', ') AS metric_ids, f.finding_id
FROM findings f LEFT JOIN documents d ON d.doc_id = f.doc_id
LEFT JOIN documents o ON o.doc_id = f.other_doc_id
ORDER BY list_position(['error', 'warning', 'info'], f.severity), d.path, f.page NULLS FIRST,
         f.char_start NULLS FIRST, f.rule, f.finding_id"""

TARGETS_SQL = """
SELECT indicator, agency, period, target, target_max, is_fall, actual, unit, attainment,
       target_path, target_page, target_sentence, actual_path, actual_page, actual_sentence
FROM targets_vs_actuals ORDER BY indicator, agency, period, target_path"""

CITED_SQL = """
SELECT ref_key, doc_type, issuer_code, issued_date, citing_reports, mentions,
       first_cited_year, first_cited_in, last_cited_year, last_cited_in
FROM cited_documents ORDER BY citing_reports DESC, mentions DESC, ref_key"""

SHEETS: tuple[Sheet, ...] = (
    Sheet("documents", "Văn bản", DOCUMENTS_SQL),
    Sheet("metrics", "Số liệu", METRICS_SQL),
    Sheet("findings", "Phát hiện", FINDINGS_SQL),
    Sheet("targets_vs_actuals", "Chỉ tiêu và thực hiện", TARGETS_SQL),
    Sheet("cited_documents", "Văn bản được dẫn", CITED_SQL),
)


@dataclass(frozen=True)
class WrittenSheet:
    title: str
    table: str
    rows: int  # data rows, the header not counted


@cache
def column_titles() -> dict[tuple[str, str], str]:
    return {(row["table"], row["column"]): row["title"] for row in read_tsv(COLUMNS_FILE)}


def export_xlsx(out: Path, target: Path, *, max_rows: int = EXCEL_MAX_ROWS,
                sheets: Sequence[Sheet] = SHEETS) -> list[WrittenSheet]:
    """Write the store in OUT as the workbook `target`; `max_rows` is a sheet's limit, its
    header included. The file appears whole or not at all."""
    if max_rows < 2:
        raise ValueError("a sheet needs room for its header and one row")
    database = database_path(out)
    if not database.is_file():
        raise ExportError(f"Chưa có kho dữ liệu tại {out}; hãy chạy 'baocao run' trước")
    if target.suffix.lower() != ".xlsx":
        raise ExportError(f"Tệp xuất phải có đuôi .xlsx: {target}")
    if not target.parent.is_dir():
        raise ExportError(f"Không có thư mục {target.parent}")
    workbook = Workbook(write_only=True)
    connection = duckdb.connect(str(database), read_only=True)
    try:
        if missing_views(connection):  # a store written before the views
            create_views(connection, temporary=True)
        written = [_write_sheets(workbook, connection, sheet, max_rows) for sheet in sheets]
    finally:
        connection.close()
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        workbook.save(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return [part for parts in written for part in parts]


def _write_sheets(workbook: Workbook, connection: duckdb.DuckDBPyConnection, sheet: Sheet,
                  max_rows: int) -> list[WrittenSheet]:
    """The table in one sheet, or in as many as it needs (an empty table: its header)."""
    cursor = connection.execute(sheet.sql)
    titles = [_title(sheet.table, column[0]) for column in cursor.description]
    rows = _rows(cursor)
    first = list(itertools.islice(rows, WIDTH_SAMPLE))
    widths = _widths(titles, first)
    written: list[WrittenSheet] = []
    worksheet: WriteOnlyWorksheet | None = None
    count = 0
    for row in itertools.chain(first, rows):
        if worksheet is None or count == max_rows - 1:
            if worksheet is not None:
                written.append(WrittenSheet(worksheet.title, sheet.table, count))
            worksheet = _start(workbook, _numbered(sheet.title, len(written)), titles, widths)
            count = 0
        worksheet.append([_cell(worksheet, value) for value in row])
        count += 1
    if worksheet is None:
        worksheet = _start(workbook, sheet.title, titles, widths)
    written.append(WrittenSheet(worksheet.title, sheet.table, count))
    return written


def _numbered(title: str, index: int) -> str:
    return title if index == 0 else f"{title} ({index + 1})"


def _rows(cursor: duckdb.DuckDBPyConnection) -> Iterator[tuple]:
    while batch := cursor.fetchmany(BATCH):
        yield from batch


def _title(table: str, column: str) -> str:
    try:
        return column_titles()[(table, column)]
    except KeyError:
        raise ValueError(f"no title for {table}.{column} in {COLUMNS_FILE}") from None


def _widths(titles: list[str], rows: list[tuple]) -> list[float]:
    widths = []
    for index, title in enumerate(titles):
        longest = max([len(title)] + [len(str(row[index])) for row in rows
                                      if row[index] is not None])
        widths.append(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))
    return widths


def _start(workbook: Workbook, title: str, titles: list[str], widths: list[float]
           ) -> WriteOnlyWorksheet:
    """A new sheet with its bold header row, frozen."""
    worksheet = workbook.create_sheet(title)
    worksheet.freeze_panes = "A2"
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for text in titles:
        cell = WriteOnlyCell(worksheet, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    worksheet.append(header)
    return worksheet


def _cell(worksheet: WriteOnlyWorksheet, value: object) -> object:
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) > EXCEL_MAX_CELL:
        text = text[:EXCEL_MAX_CELL - 1] + "…"
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(worksheet, value=text)
    cell.data_type = "s"  # text, not a formula
    return cell
