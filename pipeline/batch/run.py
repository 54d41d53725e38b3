"""A batch run: find the files, decide what to do, process, commit as results arrive,
compare, summarize.

Results are written as they arrive (row groups of part files, see pipeline/store/parts.py)
and committed every `commit_every` documents or `commit_seconds` seconds, so memory does not
grow with the batch and a run killed at any instant resumes from its last commit: the files
committed are skipped by their hash on the next run. The comparer runs at the end over the
whole store, read from DuckDB, and its findings and audit page are the run's last commit.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from pipeline.batch.discover import discover
from pipeline.batch.hashes import FileHashes
from pipeline.batch.options import BatchOptions, OutputNotWritableError, RunSummary
from pipeline.batch.plan import Plan, make_plan
from pipeline.batch.pool import Outcome, process_file_lazily, run_pool
from pipeline.model import TOOL_CACHE_VARIABLE
from pipeline.result import DocumentResult, failed_result, path_text
from pipeline.store import (
    SCHEMAS,
    StoreWriter,
    current_info,
    database_path,
    migrate,
    read_table,
    recover,
    store_lock,
    stored_documents,
    table_path,
)
from pipeline.store.database import connect
from pipeline.store.layout import (
    AUDIT_NAME,
    AUDIT_SECTIONS_NAME,
    COMPARER_VERSION_NAME,
    COMPARISON_NAME,
    audit_path,
    audit_sections_path,
    comparison_path,
    file_hashes_path,
    incoming_dir,
    tool_cache_dir,
)
from pipeline.store.staging import delete_staged, document_folder
from pipeline.version import comparer_version

if TYPE_CHECKING:
    from pipeline.comparer import Comparison


def run_batch(inputs: list[Path], out: Path, options: BatchOptions | None = None) -> RunSummary:
    """Bring the store in OUT up to date with the documents under `inputs`."""
    options = options or BatchOptions()
    out = out.absolute()
    unreadable: list[tuple[str, str]] = []
    files = discover(inputs, out, unreadable)
    _prepare_output(out)
    with store_lock(out):
        notice = migrate(out)
        recover(out)
        hashes = FileHashes(file_hashes_path(out))
        plan = make_plan(files, stored_documents(out), hash_file=hashes.sha256)
        summary = RunSummary(skipped=list(plan.skipped), unreadable=unreadable,
                             notices=[notice] if notice else [])
        writer = StoreWriter(out)
        area = _staging_area(out, options)
        try:
            writer.remove(plan.removed_unreplaced)
            writer.move(plan.moved)
            _execute(plan, options, summary, writer, area)
            if writer.changed:
                writer.commit()
            if _findings_stale(out):
                _compare(out, writer)
            writer.compact()
            hashes.save()
        except BaseException:
            writer.abort()
            raise
        finally:
            if options.staging is not None:
                delete_staged(area)  # what is left there was never committed
        summary.findings = _severity_counts(out)
    return summary


def _compare(out: Path, writer: StoreWriter) -> None:
    """The comparer over the whole store (re-checking what changed since the last
    comparison): its findings and the audit page are one commit. Imported here, not with
    this module: a run with nothing to do needs neither the comparer nor the page."""
    from pipeline.comparer import compare_store
    from pipeline.report import render_audit

    findings, comparison = compare_store(out, *_previous_comparison(out))
    sections = _previous_sections(out)
    page = render_audit(_audit_tables(out, findings), sections=sections)
    writer.commit(findings=findings, comparer_version=comparer_version(), files={
        AUDIT_NAME: page,
        COMPARER_VERSION_NAME: comparer_version(),
        COMPARISON_NAME: comparison.to_json(),
        AUDIT_SECTIONS_NAME: json.dumps(sections, ensure_ascii=False)})


def _previous_sections(out: Path) -> dict[str, str]:
    """The sections of the last audit page (none for a store without them, or unreadable:
    the page is then laid out whole)."""
    try:
        sections = json.loads(audit_sections_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return sections if isinstance(sections, dict) else {}


def _prepare_output(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputNotWritableError(f"OUT không phải là thư mục: {out}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputNotWritableError(
            f"Không tạo được thư mục cho OUT {out}: {error.strerror or error}") from error
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise OutputNotWritableError(f"Không có quyền ghi vào {out.parent}")


def _execute(plan: Plan, options: BatchOptions, summary: RunSummary,
             writer: StoreWriter, area: str) -> None:
    if not plan.to_process:
        return
    from tqdm import tqdm

    last_commit = time.monotonic()
    seen: set[str] = set()
    preparing = threading.Thread(target=_import_for_commit, name="baocao-imports")
    preparing.start()
    try:
        with tqdm(total=len(plan.to_process), unit="tệp", desc="Xử lý",
                  disable=not options.progress, dynamic_ncols=True) as bar:
            for outcome in _outcomes(plan.to_process, options, area, tool_cache_dir(writer.out)):
                bar.update(1)
                with _interrupt_deferred():
                    _take(outcome, plan, summary, writer, seen)
                    if (writer.pending >= options.commit_every
                            or time.monotonic() - last_commit >= options.commit_seconds):
                        writer.commit()
                        last_commit = time.monotonic()
    except KeyboardInterrupt:
        # Ctrl-C: the files finished so far are kept as one more commit; the next run reads
        # only the others
        if writer.pending:
            with _interrupt_deferred():
                writer.commit()
        raise
    finally:
        preparing.join()


def _take(outcome: Outcome, plan: Plan, summary: RunSummary, writer: StoreWriter,
          seen: set[str]) -> None:
    """One file's outcome into the writer (and the files of the same content)."""
    path = path_text(outcome.path)
    result = outcome.result or failed_result(
        outcome.path, plan.sha256.get(outcome.path), outcome.failure or "")
    result.rows["documents"][0]["path"] = path  # the store knows a file by the path found
    if result.doc_id in seen:  # the file changed into another's content meanwhile
        summary.skipped.append((path, "trùng nội dung với một tệp khác của lần chạy"))
        return
    seen.add(result.doc_id)
    _store(result, writer, summary, plan.replaces.get(path), outcome.written)
    for file in plan.duplicates.get(path, []):
        if result.status == "ok":
            summary.skipped.append((path_text(file), f"trùng nội dung với {path}"))
        else:  # the same content fails the same way
            error = result.rows["documents"][0]["error"] or ""
            _store(failed_result(file, plan.sha256.get(file), error), writer, summary, None)


@contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Ctrl-C within is raised at its end: a document is in the writer whole or not at all,
    and a commit is not cut short. (Only the main thread receives signals.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous or signal.default_int_handler)
    if received:
        raise KeyboardInterrupt


def _import_for_commit() -> None:
    """What committing and comparing import, imported while the workers start (the parent
    has nothing else to do until their first results): pandas, which pyarrow imports to
    build a table from rows, the comparer and the audit page. A run with nothing to process
    imports none of them."""
    try:
        import pandas  # noqa: F401

        import pipeline.comparer  # noqa: F401
        import pipeline.report  # noqa: F401
    except ImportError:  # the same import in the run says what is missing
        pass


def _store(result: DocumentResult, writer: StoreWriter, summary: RunSummary,
           replaces: str | None, written: str | None = None) -> None:
    document = result.rows["documents"][0]
    if written is not None:  # a cluster's worker wrote the rows
        writer.add_written(written, result.doc_id, replaces=replaces)
    else:
        writer.add(result.rows, replaces=replaces)
    if result.status == "ok":
        summary.processed.append(document["path"])
    else:
        summary.failed.append((document["path"], document["error"]))


def _staging_area(out: Path, options: BatchOptions) -> str:
    """A folder of this run's own in the staging area: runs sharing a staging URL do not
    see each other's rows."""
    if options.staging is None:
        return str(incoming_dir(out))
    return document_folder(options.staging, f"run-{uuid.uuid4().hex}")


def _outcomes(paths: list[Path], options: BatchOptions, incoming: str,
              tool_cache: Path) -> Iterator[Outcome]:
    process = options.process or process_file_lazily
    if options.executor == "dask":
        from pipeline.batch.dask_executor import run_dask

        # OUT is shared with the workers unless the staging area is elsewhere
        shared = tool_cache if options.staging is None else None
        return run_dask(paths, process, options.scheduler or "", options.timeout, incoming,
                        tool_cache=shared)
    return run_pool(paths, process, options.workers, options.timeout,
                    environment={TOOL_CACHE_VARIABLE: str(tool_cache)})


def _store_complete(out: Path) -> bool:
    return (database_path(out).exists() and audit_path(out).exists()
            and all(table_path(out, name).is_dir() for name in SCHEMAS))


def _findings_stale(out: Path) -> bool:
    """Whether the findings do not describe the current documents, or another version of
    the comparer made them."""
    info = current_info(out)
    return (info is None or not info.findings_current
            or info.comparer_version != comparer_version() or not _store_complete(out))


def _previous_comparison(out: Path) -> tuple[Comparison | None, pa.Table | None]:
    """What the last comparison checked and the findings it left (less those citing
    documents removed since), or nothing when the store has no such record."""
    from pipeline.comparer import Comparison

    path = comparison_path(out)
    if not path.exists() or not table_path(out, "findings").is_dir():
        return None, None
    comparison = Comparison.from_json(path.read_text(encoding="utf-8"))
    if comparison is None:
        return None, None
    return comparison, read_table(out, "findings")


def _audit_tables(out: Path, findings: pa.Table) -> dict[str, pa.Table]:
    """What the audit page reads: the findings, every document, with its text only when a
    finding the page shows concerns it, and only the figures those findings cite."""
    from pipeline.report.view import shown_findings

    shown = shown_findings(findings)
    concerned = sorted({d for f in shown for d in (f["doc_id"], f["other_doc_id"]) if d})
    wanted = sorted({m for f in shown for m in f["metric_ids"] or []})
    with connect(out, read_only=True) as connection:
        connection.register("concerned", pa.table({"doc_id": pa.array(concerned, pa.string())}))
        connection.register("wanted", pa.table({"metric_id": pa.array(wanted, pa.string())}))
        documents = connection.sql(
            "SELECT doc_id, path, title, status, error, report_year, CASE WHEN doc_id IN "
            "(SELECT doc_id FROM concerned) THEN text END AS text FROM documents "
            "ORDER BY path, doc_id").to_arrow_table()
        metrics = connection.sql(
            "SELECT doc_id, metric_id, page, sentence, char_start, char_end, raw FROM metrics "
            "WHERE metric_id IN (SELECT metric_id FROM wanted)").to_arrow_table()
    return {"findings": findings, "documents": documents, "metrics": metrics}


def _severity_counts(out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for severity in read_table(out, "findings", ["severity"]).column("severity").to_pylist():
        counts[severity] = counts.get(severity, 0) + 1
    return counts
