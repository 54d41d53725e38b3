"""The analysts' tables as one spreadsheet (`baocao export -o OUT FILE.xlsx`).

One sheet per table (documents, metrics with their document and sentence, findings,
targets_vs_actuals, cited_documents), Vietnamese column titles (data/columns.tsv), the header
row frozen. Rows are streamed from the store's DuckDB file into XlsxWriter in its
constant_memory mode (each row written out as it comes, strings inline), so memory does not
grow with the store. openpyxl's write-only mode, measured against it on the same 80,000-row
metrics sheet (a loaded 2-core machine), was as fast (about 1,250 rows/s each, the DuckDB
read 13% of it) but keeps every distinct string in memory for its shared-strings table.

Excel's limits: a sheet holds 1,048,576 rows including its header; a table with more rows
goes on in numbered sheets ("Số liệu (2)", ...), each with its header. A cell holds 32,767
characters; a longer text is cut with "…" (the full text stays in the store). Control
characters (a PDF may leave some) are dropped, and a text starting with "=" is written as
text, never as a formula.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.data_files import read_tsv
from pipeline.store import database_path
from pipeline.store.views import create_views, missing_views

EXCEL_MAX_ROWS = 1_048_576  # rows in a sheet, the header included
EXCEL_MAX_CELL = 32_767  # characters in a cell
COLUMNS_FILE = Path(__file__).with_name("data") / "columns.tsv"
BATCH = 10_000
WIDTH_SAMPLE = 200  # rows read to size the columns
MIN_WIDTH, MAX_WIDTH = 8, 60
# Text as text: no formulas, numbers or links guessed from strings (Excel allows 65,530
# links a sheet); dates shown as dates.
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_formulas": False,
                    "strings_to_numbers": False, "strings_to_urls": False,
                    "default_date_format": "yyyy-mm-dd"}
# Characters XML 1.0 cannot hold (tab, line feed and carriage return can stay).
_CONTROL = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")


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
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    connection = duckdb.connect(str(database), read_only=True)
    try:
        connection.execute("SET enable_progress_bar = false")
        if missing_views(connection):  # a store written before the views
            create_views(connection, temporary=True)
        workbook = xlsxwriter.Workbook(str(partial), WORKBOOK_OPTIONS)
        try:
            bold = workbook.add_format({"bold": True})
            written = [_write_sheets(workbook, bold, connection, sheet, max_rows)
                       for sheet in sheets]
        finally:
            workbook.close()  # writes the file
        os.replace(partial, target)
    finally:
        connection.close()
        partial.unlink(missing_ok=True)
    return [part for parts in written for part in parts]


def _write_sheets(workbook: xlsxwriter.Workbook, bold: Format,
                  connection: duckdb.DuckDBPyConnection, sheet: Sheet, max_rows: int
                  ) -> list[WrittenSheet]:
    """The table in one sheet, or in as many as it needs (an empty table: its header)."""
    cursor = connection.execute(sheet.sql)
    titles = [_title(sheet.table, column[0]) for column in cursor.description]
    rows = _rows(cursor)
    first = list(itertools.islice(rows, WIDTH_SAMPLE))
    widths = _widths(titles, first)
    written: list[WrittenSheet] = []
    worksheet: Worksheet | None = None
    count = 0
    for row in itertools.chain(first, rows):
        if worksheet is None or count == max_rows - 1:
            if worksheet is not None:
                written.append(WrittenSheet(worksheet.name, sheet.table, count))
            worksheet = _start(workbook, bold, _numbered(sheet.title, len(written)), titles,
                               widths)
            count = 0
        count += 1
        worksheet.write_row(count, 0, [_value(value) for value in row])
    if worksheet is None:
        worksheet = _start(workbook, bold, sheet.title, titles, widths)
    written.append(WrittenSheet(worksheet.name, sheet.table, count))
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


def _start(workbook: xlsxwriter.Workbook, bold: Format, title: str, titles: list[str],
           widths: list[float]) -> Worksheet:
    """A new sheet with its bold header row, frozen."""
    worksheet = workbook.add_worksheet(title)
    worksheet.freeze_panes(1, 0)
    for index, width in enumerate(widths):
        worksheet.set_column(index, index, width)
    worksheet.write_row(0, 0, titles, bold)
    return worksheet


def _value(value: object) -> object:
    if not isinstance(value, str):
        return value
    text = value.translate(_CONTROL)
    return text if len(text) <= EXCEL_MAX_CELL else text[:EXCEL_MAX_CELL - 1] + "…"
