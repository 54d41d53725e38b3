"""What the slow outside tools made of a document (Tesseract's words of a scanned page,
LibreOffice's .docx of a .doc), kept so that reading the document again does not run them
again.

An upgrade of baocao re-reads every document of a store (its `pipeline_version` changes),
and these tools take most of a real archive's time: OCR about 5 s a page, LibreOffice 1.5
to 4 s a file. What they make depends only on their input and on the tool itself, so it is
kept under a key of both, in the folder named by the environment variable
`pipeline.model.TOOL_CACHE_VARIABLE` (a batch run sets `OUT/.store/tool-cache` for its
workers) or given to `using` (a Dask task); without either nothing is kept. A cache that
cannot be read or written costs time, never a document: the tool runs as without it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from pipeline.model import TOOL_CACHE_VARIABLE

# set for the tasks of a Dask worker, a process other runs share (its environment is not ours)
_TASK_FOLDER: ContextVar[Path | None] = ContextVar("baocao_tool_cache", default=None)


def cache_folder() -> Path | None:
    folder = _TASK_FOLDER.get() or os.environ.get(TOOL_CACHE_VARIABLE)
    return Path(folder) if folder else None


@contextmanager
def using(folder: Path | None) -> Iterator[None]:
    """`folder` as the cache of what runs inside (and of the threads it starts with a copy
    of its context)."""
    token = _TASK_FOLDER.set(folder)
    try:
        yield
    finally:
        _TASK_FOLDER.reset(token)


def key(*parts: str | bytes) -> str:
    """A key that changes with any of its parts."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


@cache
def tool_output(*command: str) -> str:
    """What `command` prints (a tool's version, the folder of its data), asked once per
    process; empty if it cannot run (the tool itself then fails with its own message)."""
    try:
        return subprocess.run(list(command), capture_output=True, text=True, timeout=60,
                              check=False).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def read(folder: Path, kind: str, entry_key: str) -> bytes | None:
    try:
        return _entry(folder, kind, entry_key).read_bytes()
    except OSError:
        return None


def write(folder: Path, kind: str, entry_key: str, data: bytes) -> None:
    entry = _entry(folder, kind, entry_key)
    written = entry.with_name(f".{entry.name}-{secrets.token_hex(6)}")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(data)
        os.replace(written, entry)
    except OSError:
        with suppress(OSError):  # there may be no such file, or no such folder
            written.unlink()


def _entry(folder: Path, kind: str, entry_key: str) -> Path:
    return folder / kind / entry_key[:2] / entry_key
