"""One writer per OUT: an exclusive, non-blocking lock on a file beside OUT."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.store.layout import lock_path


class StoreBusyError(Exception):
    """Another run holds the lock on this OUT."""


@contextmanager
def store_lock(out: Path) -> Iterator[None]:
    """Hold the lock of OUT for the duration of the block; the kernel releases it if we die."""
    path = lock_path(out)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusyError(
                f"Một lần chạy khác đang ghi vào {out} (khóa {path}); "
                "hãy đợi lần chạy đó kết thúc rồi chạy lại.") from None
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(descriptor)  # closing releases the lock; the file stays, to avoid unlink races
