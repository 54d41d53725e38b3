"""Run the batch on a Dask cluster (optional extra: pip install baocao[dask])."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pipeline.batch.pool import Outcome, ProcessFunction, error_message, run_one, timeout_message


class ExecutorUnavailableError(Exception):
    """The chosen executor cannot run here."""


def dask_available() -> bool:
    try:
        import dask.distributed  # noqa: F401
    except ImportError:
        return False
    return True


def run_dask(paths: list[Path], process: ProcessFunction, scheduler: str,
             timeout: float) -> Iterator[Outcome]:
    """Outcomes of `process` over `paths` on the cluster at `scheduler`.

    The workers must see the same paths (a shared filesystem). Dask cannot kill a running
    task: a file over the time limit is recorded as failed and its task abandoned.
    """
    if not dask_available():
        raise ExecutorUnavailableError(
            "Chưa cài dask.distributed; cài bằng: pip install 'baocao[dask]'")
    from dask.distributed import Client, as_completed
    from dask.distributed import TimeoutError as DaskTimeoutError

    try:
        client = Client(scheduler, timeout=30)
    except (OSError, DaskTimeoutError) as error:
        raise ExecutorUnavailableError(
            f"Không kết nối được tới bộ lập lịch Dask {scheduler}: {error}") from error
    with client:
        futures = {client.submit(run_one, process, path, pure=False): path for path in paths}
        finished = as_completed(futures, timeout=timeout * max(1, len(paths)))
        try:
            for future in finished:
                try:
                    yield future.result()
                except Exception as error:
                    yield Outcome(futures[future], failure=error_message(error))
                futures.pop(future)
        except DaskTimeoutError:
            for future, path in futures.items():
                future.cancel()
                yield Outcome(path, failure=timeout_message(timeout))
