"""A batch run: find the files, decide what to do, process, merge, commit, summarize."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from pipeline.batch.dask_executor import run_dask
from pipeline.batch.discover import discover
from pipeline.batch.plan import Plan, make_plan
from pipeline.batch.pool import Outcome, ProcessFunction, run_pool
from pipeline.comparer import compare
from pipeline.process import DocumentResult, failed_result, process_file
from pipeline.report import render_audit
from pipeline.store import (
    SCHEMAS,
    commit,
    database_path,
    parquet_path,
    read_tables,
    recover,
    replace_documents,
    store_lock,
    stored_documents,
)
from pipeline.store.layout import (
    AUDIT_NAME,
    COMPARER_VERSION_NAME,
    audit_path,
    comparer_version_path,
)
from pipeline.version import comparer_version

DEFAULT_TIMEOUT = 300.0


class OutputNotWritableError(Exception):
    """OUT cannot be created or written."""


@dataclass
class RunSummary:
    processed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    findings: dict[str, int] = field(default_factory=dict)  # severity -> count, whole store


@dataclass
class BatchOptions:
    workers: int = 1
    timeout: float = DEFAULT_TIMEOUT
    executor: str = "local"  # 'local' | 'dask'
    scheduler: str | None = None
    progress: bool = True
    process: ProcessFunction = process_file


def run_batch(inputs: list[Path], out: Path, options: BatchOptions | None = None) -> RunSummary:
    """Bring the store in OUT up to date with the documents under `inputs`."""
    options = options or BatchOptions()
    out = out.absolute()
    files = discover(inputs, out)
    _prepare_output(out)
    with store_lock(out):
        recover(out)
        tables = read_tables(out)
        plan = make_plan(files, stored_documents(tables))
        summary = RunSummary(skipped=list(plan.skipped))
        results = _deduplicated(_execute(plan, options, summary), summary)
        changed = bool(results or plan.removed or plan.moved)
        if changed:
            tables = replace_documents(tables, plan.removed,
                                       (result.rows for result in results), plan.moved)
        if changed or not _store_complete(out) or _findings_stale(out):
            # the comparer sees the whole store, and its findings land in the same commit
            tables["findings"] = compare(tables)
            commit(out, tables, {AUDIT_NAME: render_audit(tables),
                                 COMPARER_VERSION_NAME: comparer_version()})
        summary.findings = _severity_counts(tables["findings"])
    return summary


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


def _execute(plan: Plan, options: BatchOptions, summary: RunSummary) -> list[DocumentResult]:
    results = []
    with tqdm(total=len(plan.to_process), unit="tệp", desc="Xử lý", disable=not options.progress,
              dynamic_ncols=True) as bar:
        for outcome in _outcomes(plan.to_process, options):
            result = outcome.result or failed_result(
                outcome.path, plan.sha256.get(outcome.path), outcome.failure or "")
            document = result.rows["documents"][0]
            document["path"] = str(outcome.path)  # the store knows a file by the path found
            results.append(result)
            if result.status == "ok":
                summary.processed.append(str(outcome.path))
            else:
                summary.failed.append((str(outcome.path), document["error"]))
            bar.update(1)
    return results


def _outcomes(paths: list[Path], options: BatchOptions) -> Iterator[Outcome]:
    if options.executor == "dask":
        return run_dask(paths, options.process, options.scheduler or "", options.timeout)
    return run_pool(paths, options.process, options.workers, options.timeout)


def _deduplicated(results: list[DocumentResult], summary: RunSummary) -> list[DocumentResult]:
    """One result per doc_id: identical files in one batch are one document (first path)."""
    by_path = sorted(results, key=lambda r: r.rows["documents"][0]["path"])
    kept: dict[str, DocumentResult] = {}
    for result in by_path:
        path = result.rows["documents"][0]["path"]
        first = kept.get(result.doc_id)
        if first is None:
            kept[result.doc_id] = result
            continue
        summary.processed.remove(path)
        summary.skipped.append((path, f"trùng nội dung với {first.rows['documents'][0]['path']}"))
    return list(kept.values())


def _store_complete(out: Path) -> bool:
    return (database_path(out).exists() and audit_path(out).exists()
            and all(parquet_path(out, name).exists() for name in SCHEMAS))


def _findings_stale(out: Path) -> bool:
    """Whether another version of the comparer made the findings in OUT."""
    path = comparer_version_path(out)
    return not path.exists() or path.read_text(encoding="utf-8") != comparer_version()


def _severity_counts(findings) -> dict[str, int]:
    counts: dict[str, int] = {}
    for severity in findings.column("severity").to_pylist():
        counts[severity] = counts.get(severity, 0) + 1
    return counts
