"""Run the batch on a Dask cluster (optional extra: pip install 'baocao[dask]').

The workers run `pipeline.batch.pool.run_one`, so they must import this project: a
remote worker needs the same baocao version (and its dependencies) installed as the
machine that runs `baocao run`, and must see the documents under the same paths (a
shared filesystem). Workers started on this machine share its environment. A worker
with other code stamps its rows with its own `pipeline_version`, and a later local run
re-processes those documents. Workers import the code once: restart them after an upgrade.

Workers write a document's rows themselves, as one Arrow file in the staging area
(pipeline/store/staging.py: OUT/.store/incoming, so OUT must be on the shared filesystem
too, at the same path; or an fsspec URL such as s3://bucket/prefix given by `--staging`),
and send back only its `documents` row without the text; the client copies the rows into
the commit's part files.

Documents are submitted a window at a time (QUEUED_AHEAD not yet started), so that the
client and the scheduler hold a few hundred tasks whatever the size of the archive.

The time limit of a document counts from the moment a worker starts it (the worker
says so through a Dask event). Dask cannot kill a running task: a document over the
limit is recorded as failed and the worker running it is restarted by its nanny (a new
worker process takes its place; a worker started without a nanny keeps running the
abandoned task). So that the run always returns, documents that no worker starts within
the limit (no workers, or every worker busy) are recorded as failed too.
"""

from __future__ import annotations

import queue
import time
import uuid
from asyncio import CancelledError
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline import time_limit
from pipeline.batch.options import ExecutorUnavailableError
from pipeline.batch.pool import Outcome, ProcessFunction, error_message, run_one, timeout_message
from pipeline.result import DocumentResult, path_text
from pipeline.store.staging import document_folder, write_document

CONNECT_TIMEOUT = 5.0  # seconds to reach the scheduler before the run is refused
RESTART_TIMEOUT = 60.0  # seconds for a hung worker's nanny to start a new process
# A worker's events about its document: ["started", path] when it starts (its time limit
# begins), ["more_time", path, seconds] when the document asks for more (a long scan).
_PROGRESS_TOPIC = "baocao-document-progress"
GATHER_AT_MOST = 200  # finished documents fetched in one round trip
# Documents submitted and not yet started by a worker, refilled once half of them have
# started: enough to keep a cluster of hundreds of cores busy between the client's turns;
# the client and the scheduler hold these, not the whole archive (5,000 submitted at once
# took them 65 MB and 4 s before the first document started).
QUEUED_AHEAD = 500


def dask_available() -> bool:
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return False
    return True


def not_started_message(seconds: float) -> str:
    return f"Không có máy xử lý Dask nào nhận tệp này trong {seconds:g} giây"


def run_dask(paths: list[Path], process: ProcessFunction, scheduler: str,
             timeout: float, incoming: str | None = None,
             tool_cache: Path | None = None) -> Iterator[Outcome]:
    """Outcomes of `process` over `paths` on the cluster at `scheduler`, as they finish.

    Raises ExecutorUnavailableError (before any document is processed) when dask is not
    installed or the scheduler cannot be reached within CONNECT_TIMEOUT seconds. With
    `incoming`, workers write each result's rows into a new folder under it; with
    `tool_cache` (a folder every worker sees), they keep what OCR and LibreOffice made there.
    """
    client = _connect(scheduler)
    if not paths:
        client.close()
        return
    with client:
        yield from _Tracker(client, paths, process, timeout, incoming, tool_cache).outcomes()


def _connect(scheduler: str) -> Any:
    if not dask_available():
        raise ExecutorUnavailableError(
            "Chưa cài dask.distributed; cài bằng: pip install 'baocao[dask]'")
    from dask.distributed import Client
    from distributed.comm import get_address_host_port

    try:
        get_address_host_port(scheduler)
    except ValueError as error:
        raise ExecutorUnavailableError(
            f"Địa chỉ bộ lập lịch Dask không hợp lệ: {scheduler!r} (cần dạng "
            f"tcp://máy:cổng; {error})") from error
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise ExecutorUnavailableError(
            f"Không kết nối được tới bộ lập lịch Dask tại {scheduler!r} trong "
            f"{CONNECT_TIMEOUT:g} giây; hãy kiểm tra địa chỉ và bộ lập lịch có đang chạy "
            f"({type(error).__name__}: {error})") from error


def _run_reporting_start(process: ProcessFunction, path: Path, incoming: str | None,
                         tool_cache: Path | None) -> Outcome:
    """On a worker: say that `path` starts now (its time limit begins), then process it;
    with `incoming`, write the rows there and return only the summary."""
    from dask.distributed import get_worker

    from pipeline.ingest import tool_cache as tools

    worker = get_worker()
    key = path_text(path)  # what the scheduler's messages can carry (UTF-8)
    worker.log_event(_PROGRESS_TOPIC, ["started", key])
    with tools.using(tool_cache), time_limit.listening(
            lambda seconds: worker.log_event(_PROGRESS_TOPIC, ["more_time", key, seconds])):
        outcome = run_one(process, path)
    if incoming is None or outcome.result is None:
        return outcome
    result = outcome.result
    document = result.rows["documents"][0]
    document["path"] = path_text(path)
    folder = document_folder(incoming, uuid.uuid4().hex)
    try:
        write_document(result.rows, folder)
    except (OSError, ValueError) as error:  # what fsspec's filesystems raise
        return Outcome(path, failure=error_message(error))
    summary = {key: value for key, value in document.items() if key != "text"}
    return Outcome(path, DocumentResult(result.doc_id, result.status, {"documents": [summary]}),
                   written=str(folder))


class _Tracker:
    """The submitted documents, their deadlines, and the events that move them on."""

    def __init__(self, client: Any, paths: list[Path], process: ProcessFunction,
                 timeout: float, incoming: str | None, tool_cache: Path | None) -> None:
        self.client = client
        self.timeout = timeout
        # Filled from the client's own threads: ("progress", a worker's event) and ("done",
        # future).
        self.events: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        # Subscribed before submitting: the scheduler handles both in the order sent.
        client.subscribe_topic(_PROGRESS_TOPIC,
                               lambda event: self.events.put(("progress", event[1])))
        self.waiting: dict[str, Any] = {}  # path -> future not yet started
        self.deadlines: dict[str, float] = {}  # path -> deadline of a started future
        self.futures: dict[str, Any] = {}
        self.path_of: dict[Any, str] = {}  # future key -> path
        self.paths = {path_text(path): path for path in paths}
        self.unsubmitted = deque(self.paths)
        self.task = (process, incoming, tool_cache)
        self._submit_more()
        self.last_activity = time.monotonic()

    def _submit_more(self) -> None:
        """Up to QUEUED_AHEAD documents submitted that no worker has started yet, submitted
        together once half of them have started."""
        if not self.unsubmitted or len(self.waiting) > QUEUED_AHEAD // 2:
            return
        keys = [self.unsubmitted.popleft()
                for _ in range(min(QUEUED_AHEAD - len(self.waiting), len(self.unsubmitted)))]
        process, incoming, tool_cache = self.task
        futures = self.client.map(_run_reporting_start, [process] * len(keys),
                                  [self.paths[key] for key in keys], [incoming] * len(keys),
                                  [tool_cache] * len(keys), pure=False)
        for key, future in zip(keys, futures, strict=True):
            self.futures[key] = self.waiting[key] = future
            self.path_of[future.key] = key
            future.add_done_callback(lambda done: self.events.put(("done", done)))

    def outcomes(self) -> Iterator[Outcome]:
        try:
            while self.futures:
                try:
                    events = [self.events.get(timeout=self._seconds_to_next_deadline())]
                except queue.Empty:
                    yield from self._expire(time.monotonic())
                    self._submit_more()
                    continue
                events += self._arrived()
                self.last_activity = time.monotonic()
                done = []
                for kind, item in events:
                    if kind == "progress":
                        self._progress(item)
                    else:
                        done.append(item)
                self._submit_more()
                yield from self._finished(done)
        finally:
            self.client.unsubscribe_topic(_PROGRESS_TOPIC)
            for future in self.futures.values():
                future.cancel()  # stops waiting tasks; a running one runs on, abandoned

    def _progress(self, event: list) -> None:
        what, path = event[0], event[1]
        if what == "started" and path in self.waiting:
            del self.waiting[path]
            self.deadlines[path] = self.last_activity + self.timeout
        elif what == "more_time" and path in self.deadlines:
            self.deadlines[path] += float(event[2])

    def _seconds_to_next_deadline(self) -> float:
        next_deadline = min(self.deadlines.values(), default=float("inf"))
        if self.waiting and not self.deadlines:
            next_deadline = self.last_activity + self.timeout
        return max(0.0, next_deadline - time.monotonic())

    def _arrived(self) -> list[tuple[str, Any]]:
        """The events already in the queue: the documents finished while the caller stored
        the previous ones are fetched together."""
        events = []
        while len(events) < GATHER_AT_MOST:
            try:
                events.append(self.events.get_nowait())
            except queue.Empty:
                break
        return events

    def _finished(self, futures: list[Any]) -> Iterator[Outcome]:
        """The outcomes of these finished futures, the successful ones fetched from the
        cluster in one round trip (about 10 ms each)."""
        current = {}
        for future in futures:
            path = self.path_of.get(future.key)
            if path is not None and path in self.futures:  # else over the time limit
                current[path] = future
        succeeded = [path for path, future in current.items() if future.status == "finished"]
        results: dict[str, Outcome] = {}
        if succeeded:
            try:
                results = dict(zip(succeeded, self.client.gather(
                    [current[path] for path in succeeded]), strict=True))
            except (Exception, CancelledError):  # a result lost meanwhile: each on its own
                results = {}
        for path, future in current.items():
            self._forget(path)
            yield results[path] if path in results else self._result(path, future)

    def _result(self, path: str, future: Any) -> Outcome:
        try:
            return future.result()
        except (Exception, CancelledError) as error:  # KilledWorker, a lost result...
            return Outcome(self.paths[path], failure=error_message(error))

    def _expire(self, now: float) -> Iterator[Outcome]:
        over = [path for path, deadline in self.deadlines.items() if deadline <= now]
        hung_workers = self._workers_running(over)
        # Cancelled first: a task still known when its worker goes is handed to another
        # worker, which would hang on the same document.
        for path in over:
            self._abandon(path)
        self._restart(hung_workers)
        for path in over:
            yield Outcome(self.paths[path], failure=timeout_message(self.timeout))
        if over:  # freed slots may now start the waiting documents, once restarted
            self.last_activity = time.monotonic()
        elif self.waiting and not self.deadlines and now >= self.last_activity + self.timeout:
            for path in list(self.waiting):
                self._abandon(path)
                yield Outcome(self.paths[path], failure=not_started_message(self.timeout))
            while self.unsubmitted:  # no worker would start them either
                path = self.unsubmitted.popleft()
                yield Outcome(self.paths[path], failure=not_started_message(self.timeout))

    def _workers_running(self, paths: list[str]) -> list[str]:
        if not paths:
            return []
        keys = {self.futures[path].key for path in paths}
        return [worker for worker, running in self.client.processing().items()
                if keys & set(running)]

    def _restart(self, workers: list[str]) -> None:
        """Replace these worker processes (their tasks hang)."""
        if workers:
            try:
                self.client.restart_workers(workers, timeout=RESTART_TIMEOUT,
                                            raise_for_error=False)
            except Exception:  # a worker without a nanny: its task is abandoned, running on
                pass

    def _forget(self, path: str) -> Any:
        self.waiting.pop(path, None)
        self.deadlines.pop(path, None)
        future = self.futures.pop(path)
        self.path_of.pop(future.key, None)  # a late event of it is then ignored
        return future

    def _abandon(self, path: str) -> None:
        self._forget(path).cancel()  # a task already running on a worker runs on
