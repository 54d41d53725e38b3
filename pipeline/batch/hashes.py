"""The content hash of each file of a batch, remembered with the file's status.

A run plans by the SHA-256 of every file it is given. Reading every file of a large archive
again to learn that nothing changed costs more than the rest of such a run (10,000 generated
reports, 171 MB: 0.47 s from the page cache, 3.4 s from disk; a real archive's scans weigh
far more, often on a network share). So the hash of each file is kept in
`OUT/.store/file_hashes.json` with the file's inode, size, modification and change times,
and reused while all four are unchanged, as git's index does. A file's change time cannot be
set back, so a file rewritten and given its old modification time is read again.

A hash is kept only for a file last changed more than `SETTLED_SECONDS` before it was read:
a file written again within the same tick of the file system's clock would otherwise keep
its status with new content.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from pipeline.result import sha256_or_none

SETTLED_SECONDS = 2.0


class FileHashes:
    """SHA-256 of files, from the memo while a file's status is as remembered."""

    def __init__(self, memo: Path) -> None:
        self.memo = memo
        self._known = _load(memo)  # path -> [inode, size, mtime_ns, ctime_ns, sha256]
        self._changed = False

    def sha256(self, file: Path) -> str | None:
        """The file's SHA-256, or None if it cannot be read (ingest says why)."""
        path = str(file)
        try:
            before = _status(file)
        except OSError:
            return None
        known = self._known.get(path)
        if known is not None and known[:4] == before:
            return known[4]
        read_at = time.time_ns()
        sha256 = sha256_or_none(file)
        try:
            settled = (sha256 is not None and _status(file) == before
                       and read_at - max(before[2], before[3]) > SETTLED_SECONDS * 1e9)
        except OSError:
            settled = False
        if settled:
            self._known[path] = [*before, sha256]
            self._changed = True
        elif self._known.pop(path, None) is not None:
            self._changed = True
        return sha256

    def save(self) -> None:
        """Write the memo (atomically) if it changed and its folder exists."""
        if not self._changed or not self.memo.parent.is_dir():
            return
        written = self.memo.with_name(f".{self.memo.name}-{os.getpid()}")
        try:
            written.write_text(json.dumps(self._known), encoding="utf-8")
            os.replace(written, self.memo)
        except OSError:  # a full disk: the next run reads the files again, as without it
            written.unlink(missing_ok=True)
            return
        self._changed = False


def _status(file: Path) -> list[int]:
    status = file.stat()
    return [status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]


def _load(memo: Path) -> dict[str, list]:
    """The remembered hashes; none if the memo is missing or unreadable (every file is
    then read, as without it)."""
    try:
        known = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(known, dict):
        return {}
    return {path: entry for path, entry in known.items()
            if isinstance(entry, list) and len(entry) == 5 and isinstance(entry[4], str)}
