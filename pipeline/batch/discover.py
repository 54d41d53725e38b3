"""PATH arguments -> the document files of a batch."""

from __future__ import annotations

import os
from pathlib import Path

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".doc", ".odt", ".rtf", ".xlsx",
                               ".xls"})


class MissingPathError(Exception):
    """A PATH argument that does not exist."""


def discover(inputs: list[Path], out: Path,
             unreadable: list[tuple[str, str]] | None = None) -> list[Path]:
    """Files named directly, plus the documents under folders (recursively), sorted, unique.

    Under a folder, hidden entries, OUT and files of other formats are left out; a file
    named directly is always taken (it fails with its own message if it cannot be read).
    Anything named like a document (a dangling symlink, a folder "x.pdf") is taken, so
    that it is reported as failed, not ignored. A folder that cannot be listed (no
    permission, a failing network drive) is left out, with why, in `unreadable` (without
    it, its error is raised).
    """
    out = str(_absolute(out))
    found: set[str] = set()
    for given in inputs:
        path = _absolute(given)
        if not path.exists() and not path.is_symlink():
            raise MissingPathError(f"Không tìm thấy đường dẫn: {given}")
        if path.is_dir():
            found.update(_documents_under(str(path), out, unreadable))
        else:
            found.add(str(path))
    # in Path order (by parts) without comparing Path objects, which is slow: discovering
    # 10,000 files took 0.31 s, now 0.17 s
    return [Path(name) for name in sorted(found, key=lambda name: name.split(os.sep))]


def _documents_under(folder: str, out: str,
                     unreadable: list[tuple[str, str]] | None) -> list[str]:
    # os.scandir: the type of each entry comes with the listing (no stat per file)
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as error:
        if unreadable is None:
            raise
        unreadable.append((folder, f"Không đọc được thư mục ({error.strerror or error}); "
                                   "các tệp trong đó chưa được xử lý"))
        return []
    documents = []
    for entry in entries:
        if entry.name.startswith(".") or entry.path == out:
            continue
        is_document_name = os.path.splitext(entry.name)[1].lower() in DOCUMENT_SUFFIXES
        if entry.is_dir(follow_symlinks=False) and not is_document_name:
            documents.extend(_documents_under(entry.path, out, unreadable))
        elif is_document_name:
            # A folder or a dangling link named like a document is taken, so that it is
            # reported as a failed document rather than silently ignored.
            documents.append(entry.path)
    return documents


def _absolute(path: Path) -> Path:
    """Absolute, with "." and ".." folded away, without following symlinks."""
    return Path(os.path.normpath(path.absolute()))
