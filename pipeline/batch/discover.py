"""PATH arguments -> the document files of a batch."""

from __future__ import annotations

import os
from pathlib import Path

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".doc", ".odt", ".rtf", ".xlsx",
                               ".xls"})


class MissingPathError(Exception):
    """A PATH argument that does not exist."""


def discover(inputs: list[Path], out: Path) -> list[Path]:
    """Files named directly, plus the documents under folders (recursively), sorted, unique.

    Under a folder, hidden entries, OUT and files of other formats are left out; a file
    named directly is always taken (it fails with its own message if it cannot be read).
    Anything named like a document (a dangling symlink, a folder "x.pdf") is taken, so
    that it is reported as failed, not ignored.
    """
    out = _absolute(out)
    found: set[Path] = set()
    for given in inputs:
        path = _absolute(given)
        if not path.exists() and not path.is_symlink():
            raise MissingPathError(f"Không tìm thấy đường dẫn: {given}")
        if path.is_dir():
            found.update(_documents_under(path, out))
        else:
            found.add(path)
    return sorted(found)


def _documents_under(folder: Path, out: Path) -> list[Path]:
    documents = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry == out:
            continue
        is_document_name = entry.suffix.lower() in DOCUMENT_SUFFIXES
        if entry.is_dir() and not entry.is_symlink() and not is_document_name:
            documents.extend(_documents_under(entry, out))
        elif is_document_name:
            # A folder or a dangling link named like a document is taken, so that it is
            # reported as a failed document rather than silently ignored.
            documents.append(entry)
    return documents


def _absolute(path: Path) -> Path:
    """Absolute, with "." and ".." folded away, without following symlinks."""
    return Path(os.path.normpath(path.absolute()))
