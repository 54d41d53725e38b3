"""Run one function over many files in worker processes that can be killed.

Each worker is a long-lived process (spawned, so no state leaks from the parent) that
handles one file at a time. A file that takes longer than the time limit has its worker
killed and replaced; a worker that dies (segfault, os._exit) costs only its current file.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from pipeline import time_limit
from pipeline.result import DocumentResult

ProcessFunction = Callable[[Path], DocumentResult]
READY = "ready"


@dataclass
class Outcome:
    """What became of one file: its result, or why there is none."""

    path: Path
    result: DocumentResult | None = None
    failure: str | None = None
    # where a worker wrote the result's rows (`staging.write_document`); then `result`
    # holds only its `documents` row, without the text
    written: str | None = None


@dataclass(frozen=True)
class MoreTime:
    """A worker's file asks for this many seconds more than the time limit (a long scan)."""

    seconds: float


def timeout_message(seconds: float) -> str:
    return (f"Quá thời gian xử lý ({seconds:g} giây); nếu tệp chỉ chậm chứ không treo, hãy "
            "chạy lại với --timeout lớn hơn")


def crash_message(exit_code: int | None) -> str:
    if exit_code is not None and exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = str(-exit_code)
        return f"Tiến trình xử lý bị dừng đột ngột (tín hiệu {name})"
    return f"Tiến trình xử lý bị dừng đột ngột (mã thoát {exit_code})"


def error_message(error: BaseException) -> str:
    return f"Lỗi khi xử lý ({type(error).__name__}): {error}"


def process_file_lazily(path: Path) -> DocumentResult:
    """`pipeline.process.process_file`, imported where it is called: the workers load the
    models, the parent that hands them files does not."""
    from pipeline.process import process_file

    return process_file(path)


def run_one(process: ProcessFunction, path: Path) -> Outcome:
    """`process(path)`, with any exception turned into a failure message."""
    try:
        return Outcome(path, result=process(path))
    except Exception as error:  # a bug in a stage must cost one document, not the batch
        return Outcome(path, failure=error_message(error))


def _worker_main(connection: Connection, process: ProcessFunction,
                 environment: dict[str, str]) -> None:
    # Batches already run one document per CPU; Tesseract's own threads would only contend.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    # Ctrl-C in a terminal reaches the whole process group: the parent decides what stops.
    # A handler that does nothing, not SIG_IGN, which Tesseract and LibreOffice would
    # inherit: they stop with the run, as before.
    signal.signal(signal.SIGINT, lambda number, frame: None)
    os.environ.update(environment)
    connection.send(READY)
    while True:
        try:
            path = connection.recv()
        except EOFError:
            return
        if path is None:
            return
        with time_limit.listening(lambda seconds: connection.send(MoreTime(seconds))):
            outcome = run_one(process, path)
        try:
            connection.send(outcome)
        except Exception as error:  # e.g. a result that cannot be pickled
            connection.send(Outcome(path, failure=error_message(error)))


class _Worker:
    def __init__(self, context, process: ProcessFunction, environment: dict[str, str]) -> None:
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_worker_main,
                                       args=(child_end, process, environment), daemon=True)
        self.process.start()
        child_end.close()
        self.ready = False
        self.task: Path | None = None
        self.deadline = 0.0
        self.done = 0  # documents it has read
        self.retiring = False  # told to exit; replaced once it has

    def assign(self, path: Path, timeout: float) -> None:
        self.connection.send(path)
        self.task = path
        self.deadline = time.monotonic() + timeout

    def retire(self) -> None:
        self.connection.send(None)
        self.retiring = True

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def run_pool(paths: list[Path], process: ProcessFunction, workers: int,
             timeout: float, environment: dict[str, str] | None = None) -> Iterator[Outcome]:
    """Outcomes of `process` over `paths`, in the order they finish; `environment` is set in
    each worker."""
    if not paths:
        return
    context = multiprocessing.get_context("spawn")
    pending = deque(paths)
    environment = environment or {}
    pool = [_Worker(context, process, environment)
            for _ in range(max(1, min(workers, len(paths))))]
    failed_starts = 0
    try:
        while pending or any(worker.task is not None for worker in pool):
            for worker in pool:
                if worker.ready and worker.task is None and pending and not worker.retiring:
                    worker.assign(pending.popleft(), timeout)
            deadlines = [worker.deadline for worker in pool if worker.task is not None]
            wait_seconds = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = wait([worker.connection for worker in pool]
                         + [worker.process.sentinel for worker in pool], timeout=wait_seconds)
            for index, worker in enumerate(pool):
                outcome = _collect(worker, ready, timeout)
                if outcome is not None:
                    yield outcome
                    worker.done += 1
                    if worker.done >= DOCUMENTS_PER_WORKER and pending:
                        worker.retire()
                if worker.process.is_alive():
                    continue
                failed_starts = 0 if worker.ready else failed_starts + 1
                worker.stop()
                if failed_starts >= _MAX_FAILED_STARTS:
                    # The workers cannot even start (e.g. a broken install): say so per file.
                    while pending:
                        yield Outcome(pending.popleft(), failure=_START_FAILURE)
                pool[index] = _Worker(context, process, environment)
    finally:
        for worker in pool:
            worker.stop()


# A worker is replaced by a new process after this many documents: its memory grows slowly
# with what it has read (about 23 MB a thousand generated reports, in caches of the libraries
# and the allocator's fragments), and a new process costs about 4 s to load the models.
DOCUMENTS_PER_WORKER = 2000
_MAX_FAILED_STARTS = 3
_START_FAILURE = "Không khởi động được tiến trình xử lý"


def _collect(worker: _Worker, ready: list, timeout: float) -> Outcome | None:
    """This worker's finished file, if any; None if it has nothing to report."""
    if worker.connection in ready or worker.process.sentinel in ready:
        try:
            message = worker.connection.recv() if worker.connection.poll() else None
        except (EOFError, OSError):
            message = None
        if message == READY:
            worker.ready = True
            return None
        if isinstance(message, MoreTime):
            worker.deadline += message.seconds
            return None
        if isinstance(message, Outcome):
            worker.task = None
            return message
        worker.process.join(timeout=5)  # woken with nothing to read: the process died
        task, worker.task = worker.task, None
        return Outcome(task, failure=crash_message(worker.process.exitcode)) if task else None
    if worker.task is not None and time.monotonic() >= worker.deadline:
        worker.process.kill()
        worker.process.join()
        task, worker.task = worker.task, None
        return Outcome(task, failure=timeout_message(timeout))
    return None
