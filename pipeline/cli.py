"""The `baocao` command: run a batch into a store, query it, list its findings, inspect one
file."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

# Only light modules here: a pool worker is spawned with this module as its __main__, and
# imports it again; what the commands need is imported when they run.
from pipeline.batch.options import (
    DEFAULT_COMMIT_EVERY,
    DEFAULT_COMMIT_SECONDS,
    DEFAULT_TIMEOUT,
    BatchOptions,
    RunSummary,
)
from pipeline.batch.pool import ProcessFunction

if TYPE_CHECKING:
    import duckdb

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report a process stopped by SIGINT
CELL_WIDTH = 60  # widest cell shown by `query --format table`
SEVERITIES = ("error", "warning", "info")  # most severe first


class UsageError(Exception):
    """The command itself is wrong: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi cú pháp lệnh: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="baocao", description=(
        "Trích xuất số liệu, ngày tháng và văn bản được dẫn trong báo cáo thành bảng."))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                     metavar="{run,query,findings,digits,export,inspect}")

    run = commands.add_parser("run", help="xử lý các tệp và thư mục vào kho OUT")
    run.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                     help="tệp hoặc thư mục (tìm đệ quy)")
    run.add_argument("-o", "--out", type=Path, required=True, metavar="OUT",
                     help="thư mục kho dữ liệu")
    run.add_argument("--workers", type=_positive_int, metavar="N",
                     help="số tiến trình xử lý song song (mặc định: số CPU; với "
                     "--executor dask là số worker của cụm, không dùng tùy chọn này)")
    run.add_argument("--timeout", type=_positive_float, default=DEFAULT_TIMEOUT, metavar="S",
                     help=f"thời gian tối đa cho một tệp, giây (mặc định {DEFAULT_TIMEOUT:g})")
    run.add_argument("--executor", choices=("local", "dask"), default="local",
                     help="chạy trên máy này (local) hoặc trên cụm Dask")
    run.add_argument("--scheduler", metavar="ADDRESS", help="địa chỉ bộ lập lịch Dask")
    run.add_argument("--staging", metavar="URL",
                     help="với --executor dask: nơi các worker ghi kết quả từng tệp để máy "
                     "chạy lệnh chép vào kho (mặc định OUT/.store/incoming trên hệ thống tệp "
                     "dùng chung; hoặc URL fsspec như s3://bucket/thu-muc khi đã cài s3fs)")
    run.add_argument("--commit-every", type=_positive_int, default=DEFAULT_COMMIT_EVERY,
                     metavar="N", help="ghi chốt kho sau mỗi N tệp (mặc định "
                     f"{DEFAULT_COMMIT_EVERY}); lần chạy bị dừng sẽ tiếp tục từ lần chốt cuối")
    run.add_argument("--commit-seconds", type=_positive_float, default=DEFAULT_COMMIT_SECONDS,
                     metavar="S", help="ghi chốt kho ít nhất mỗi S giây (mặc định "
                     f"{DEFAULT_COMMIT_SECONDS:g})")
    run.add_argument("--quiet", action="store_true", help="không hiện thanh tiến độ")

    query = commands.add_parser("query", help="chạy một câu SQL trên kho (chỉ đọc)")
    query.add_argument("-o", "--out", type=Path, required=True, metavar="OUT")
    query.add_argument("sql", metavar="SQL")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")

    findings = commands.add_parser("findings", help="các phát hiện của bộ so sánh, "
                                   "nghiêm trọng nhất trước")
    findings.add_argument("-o", "--out", type=Path, required=True, metavar="OUT")
    findings.add_argument("--format", choices=("table", "csv", "json"), default="table")
    findings.add_argument("--severity", choices=SEVERITIES, nargs="+", action="extend",
                          metavar="MỨC", help="chỉ hiện các mức độ này: "
                          + ", ".join(SEVERITIES))

    digits = commands.add_parser("digits", help="sàng lọc chữ số đầu của số thực hiện "
                                 "(đếm, tiền) theo luật Benford")
    digits.add_argument("-o", "--out", type=Path, required=True, metavar="OUT")
    digits.add_argument("--format", choices=("table", "csv", "json"), default="table")

    export = commands.add_parser("export", help="ghi các bảng cho người phân tích ra một tệp "
                                 "Excel (.xlsx)")
    export.add_argument("-o", "--out", type=Path, required=True, metavar="OUT")
    export.add_argument("file", type=Path, metavar="FILE.xlsx")

    inspect = commands.add_parser("inspect", help="xem một tệp được đọc thế nào (không ghi gì)")
    inspect.add_argument("file", type=Path, metavar="FILE")
    return parser


def main(argv: Sequence[str] | None = None, *, process: ProcessFunction | None = None) -> int:
    """Entry point of `baocao`. `process` is the per-document function (tests slow it down;
    None: `pipeline.process.process_file`)."""
    from pipeline.batch import ExecutorUnavailableError, MissingPathError, OutputNotWritableError
    from pipeline.store import DatabaseBusyError, StoreBusyError, StoreWriteError

    arguments = build_parser().parse_args(argv)
    try:
        if arguments.command == "run":
            return _run(arguments, process)
        if arguments.command == "query":
            return _query(arguments, sys.stdout)
        if arguments.command == "findings":
            return _findings(arguments, sys.stdout)
        if arguments.command == "digits":
            return _digits(arguments, sys.stdout)
        if arguments.command == "export":
            return _export(arguments, sys.stdout)
        return _inspect(arguments.file, sys.stdout)
    except (UsageError, MissingPathError, OutputNotWritableError, StoreBusyError,
            DatabaseBusyError, ExecutorUnavailableError, StoreWriteError) as error:
        print(f"baocao: lỗi: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head`: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _run(arguments: argparse.Namespace, process: ProcessFunction | None) -> int:
    from pipeline.batch import run_batch
    from pipeline.store.staging import StagingUnavailableError, check_staging

    if arguments.executor == "dask":
        from pipeline.batch import dask_available

        if not arguments.scheduler:
            raise UsageError("--executor dask cần --scheduler ADDRESS")
        if not dask_available():
            raise UsageError("Chưa cài dask.distributed; cài bằng: pip install 'baocao[dask]'")
        if arguments.workers is not None:
            raise UsageError("--workers không dùng với --executor dask: số tệp xử lý song song "
                             "là số worker (và số luồng mỗi worker) của cụm Dask")
        if arguments.staging:
            try:
                check_staging(arguments.staging)
            except StagingUnavailableError as error:
                raise UsageError(str(error)) from error
    elif arguments.staging:
        raise UsageError("--staging chỉ dùng với --executor dask")
    options = BatchOptions(workers=arguments.workers or _cpu_count(), timeout=arguments.timeout,
                           executor=arguments.executor, scheduler=arguments.scheduler,
                           progress=not arguments.quiet, process=process,
                           commit_every=arguments.commit_every,
                           commit_seconds=arguments.commit_seconds,
                           staging=arguments.staging)
    try:
        summary = run_batch(arguments.paths, arguments.out, options)
    except KeyboardInterrupt:
        print("baocao: đã dừng theo yêu cầu (Ctrl-C). Các tệp đã xử lý xong được giữ trong kho; "
              "chạy lại lệnh để xử lý các tệp còn lại và so sánh.", file=sys.stderr)
        return EXIT_INTERRUPTED
    print_summary(summary, sys.stdout)
    return EXIT_SOME_FAILED if summary.failed or summary.unreadable else EXIT_OK


def print_summary(summary: RunSummary, stream: TextIO) -> None:
    for notice in summary.notices:
        print(notice, file=stream)
    print(f"Đã xử lý: {len(summary.processed)}, bỏ qua: {len(summary.skipped)}, "
          f"lỗi: {len(summary.failed)}", file=stream)
    for path, message in summary.failed + summary.unreadable:
        print(f"  LỖI {path}: {message}", file=stream)
    counts = summary.findings
    print(f"Phát hiện (toàn kho): {sum(counts.values())} — lỗi {counts.get('error', 0)}, "
          f"cảnh báo {counts.get('warning', 0)}, thông tin {counts.get('info', 0)}",
          file=stream)


def _query(arguments: argparse.Namespace, stream: TextIO) -> int:
    columns, rows = _fetch(arguments.out, lambda connection: connection.execute(arguments.sql))
    _writer(arguments.format)(columns, rows, stream)
    return EXIT_OK


def _findings(arguments: argparse.Namespace, stream: TextIO) -> int:
    severities = list(dict.fromkeys(arguments.severity or SEVERITIES))

    def select(connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        stored = {name for (name,) in connection.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'findings'").fetchall()}
        page = "f.page" if "page" in stored else "NULL"  # a store written before pages
        start = "f.char_start" if "char_start" in stored else "NULL"
        placeholders = ", ".join("?" for _ in severities)
        return connection.execute(
            f"SELECT f.severity, f.rule, regexp_extract(d.path, '[^/]+$') AS document, "
            f"{page} AS page, f.message FROM findings f LEFT JOIN documents d USING (doc_id) "
            f"WHERE f.severity IN ({placeholders}) "
            "ORDER BY list_position(?, f.severity), document, page NULLS FIRST, "
            f"{start} NULLS FIRST, f.rule, f.finding_id",
            [*severities, list(SEVERITIES)])

    columns, rows = _fetch(arguments.out, select)
    if arguments.format == "table":
        write_table(columns, rows, stream, cell_width=None)  # a message is read whole
    else:
        _writer(arguments.format)(columns, rows, stream)
    return EXIT_OK


def _digits(arguments: argparse.Namespace, stream: TextIO) -> int:
    from pipeline.analysis.digits import screen_titled

    columns, rows = _fetch(arguments.out, screen_titled)
    _writer(arguments.format)(columns, rows, stream)
    return EXIT_OK


def _export(arguments: argparse.Namespace, stream: TextIO) -> int:
    from pipeline.export import ExportError, export_xlsx

    try:
        sheets = export_xlsx(arguments.out.absolute(), arguments.file.absolute())
    except ExportError as error:
        raise UsageError(str(error)) from error
    print(f"Đã ghi {arguments.file}:", file=stream)
    for sheet in sheets:
        print(f"  {sheet.title}: {sheet.rows} dòng", file=stream)
    return EXIT_OK


def _fetch(out: Path, execute: Callable[[duckdb.DuckDBPyConnection], duckdb.DuckDBPyConnection],
           ) -> tuple[list[str], list[tuple]]:
    """Columns and rows of a read-only statement on the store in OUT."""
    import duckdb

    from pipeline.store import database_path
    from pipeline.store.database import connect

    database = database_path(out.absolute())
    if not database.is_file():
        raise UsageError(f"Chưa có kho dữ liệu tại {out}; hãy chạy 'baocao run' trước")
    # a run holds the file only while it commits: wait for that commit to end
    with connect(out.absolute(), read_only=True) as connection:
        try:
            cursor = execute(connection)
            columns = [column[0] for column in cursor.description or []]
            rows = cursor.fetchall() if columns else []
        except duckdb.Error as error:
            raise UsageError(f"Câu SQL không chạy được: {error}") from error
    return columns, rows


def _writer(name: str) -> Callable[[list[str], list[tuple], TextIO], None]:
    return {"table": write_table, "csv": write_csv, "json": write_json}[name]


def write_table(columns: list[str], rows: list[tuple], stream: TextIO,
                cell_width: int | None = CELL_WIDTH) -> None:
    cells = [[_cell_text(value, cell_width) for value in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(columns)]
    def line(texts: list[str], separator: str = " | ") -> str:
        return separator.join(t.ljust(w) for t, w in zip(texts, widths, strict=True)).rstrip()

    print(line(columns), file=stream)
    print(line(["-" * width for width in widths], "-+-"), file=stream)
    for row in cells:
        print(line(row), file=stream)
    print(f"({len(rows)} dòng)", file=stream)


def write_csv(columns: list[str], rows: list[tuple], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([["" if value is None else _plain(value) for value in row] for row in rows])


def write_json(columns: list[str], rows: list[tuple], stream: TextIO) -> None:
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    json.dump(records, stream, ensure_ascii=False, indent=1, default=str)
    stream.write("\n")


def _plain(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def _cell_text(value: object, width: int | None = CELL_WIDTH) -> str:
    text = "NULL" if value is None else " ".join(str(_plain(value)).split())
    return text if width is None or len(text) <= width else text[:width - 1] + "…"


def _inspect(file: Path, stream: TextIO) -> int:
    from pipeline.ingest import ingest
    from pipeline.model import IngestError
    from pipeline.structure import document_info, parse_sections

    if not file.is_file():
        raise UsageError(f"Không tìm thấy tệp: {file}")
    try:
        document = ingest(file)
    except IngestError as error:
        print(f"Không đọc được {file}: {error}", file=sys.stderr)
        return EXIT_SOME_FAILED
    sections = parse_sections(document)
    info = document_info(document, sections)
    facts = [("Tệp", file), ("Định dạng", document.format), ("Mã hóa", document.encoding),
             ("Số trang", document.pages), ("Số ký tự", len(document.text)),
             ("Tiêu đề", info.title), ("Cơ quan", info.agency),
             ("Năm báo cáo", info.report_year)]
    for label, value in facts:
        print(f"{label}: {'—' if value is None else value}", file=stream)
    for warning in document.warnings:
        print(f"Cảnh báo: {warning}", file=stream)
    print(f"Mục ({len(sections)}):", file=stream)
    for section in sections:
        marker = section.label if section.label in ("-", "+") else f"{section.label}."
        print(f"{'  ' * section.level}{marker} {section.title}".rstrip(), file=stream)
    return EXIT_OK


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"cần một số dương, không phải {text!r}")
    return value


if __name__ == "__main__":
    sys.exit(main())
