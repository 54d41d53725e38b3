"""Snapshots of the Parquet tables and the pointer that says which one is current.

A snapshot is a directory that never changes once published: the part files of every
table (hard links: a part shared by many snapshots is stored once), the audit page, the
comparer version and a COMMIT file naming the commit. OUT/tables, OUT/audit.html and
OUT/comparer_version.txt are symlinks through `.store/current`, itself a symlink to one
snapshot, so one rename of `current` moves every reader of OUT to the next commit at once.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.store.layout import (
    COMMIT_NAME,
    CURRENT_NAME,
    POINTED,
    SNAPSHOTS_DIR,
    STAGING_MARK,
    STORE_DIR,
    current_path,
    snapshots_dir,
    store_dir,
)

LINK_MARK = "new-link-"  # a symlink about to replace an entry
KEEP_SNAPSHOTS = 2  # the current one and the one before, for readers still listing it


@dataclass(frozen=True)
class CommitInfo:
    commit: str  # "00000042": the commit's sequence number, zero-padded
    data_commit: str  # the last commit that changed rows of the document tables
    findings_of: str | None  # the data commit whose tables the findings were computed on
    comparer_version: str | None  # the comparer that computed them

    @property
    def findings_current(self) -> bool:
        return self.findings_of == self.data_commit

    def to_json(self) -> str:
        return json.dumps({"commit": self.commit, "data_commit": self.data_commit,
                           "findings_of": self.findings_of,
                           "comparer_version": self.comparer_version})

    @classmethod
    def from_json(cls, text: str) -> CommitInfo:
        data = json.loads(text)
        return cls(data["commit"], data.get("data_commit", data["commit"]),
                   data.get("findings_of"), data.get("comparer_version"))


def next_commit(commit: str | None) -> str:
    return f"{int(commit or 0) + 1:08d}"


def current_snapshot(out: Path) -> Path | None:
    path = current_path(out)
    return path if (path / COMMIT_NAME).exists() else None


def current_info(out: Path) -> CommitInfo | None:
    snapshot = current_snapshot(out)
    return read_info(snapshot) if snapshot else None


def read_info(snapshot: Path) -> CommitInfo:
    return CommitInfo.from_json((snapshot / COMMIT_NAME).read_text(encoding="utf-8"))


def snapshot_path(out: Path, commit: str) -> Path:
    return snapshots_dir(out) / commit


def new_staging(out: Path, commit: str) -> Path:
    """An empty directory where the snapshot of `commit` is built under a hidden name."""
    snapshots_dir(out).mkdir(parents=True, exist_ok=True)
    staging = snapshots_dir(out) / f"{STAGING_MARK}{commit}-{secrets.token_hex(4)}"
    staging.mkdir()
    return staging


def publish(staging: Path, info: CommitInfo) -> Path:
    """Name the finished staging directory as its commit's snapshot, everything on disk
    (the files written into it are synced by their writers)."""
    (staging / COMMIT_NAME).write_text(info.to_json(), encoding="utf-8")
    sync_file(staging / COMMIT_NAME)
    sync_directories(staging)
    target = staging.parent / info.commit
    if target.exists():  # a published snapshot of a commit the database never recorded
        shutil.rmtree(target)
    os.rename(staging, target)
    sync_file(staging.parent)
    return target


def point_to(out: Path, commit: str) -> None:
    """Make `commit` the current snapshot: one atomic rename of a symlink."""
    _replace_by_symlink(store_dir(out) / CURRENT_NAME, f"{SNAPSHOTS_DIR}/{commit}")
    for name in POINTED:
        entry = out / name
        if not entry.is_symlink():  # a new store, or files of the former layout
            _replace_by_symlink(entry, f"{STORE_DIR}/{CURRENT_NAME}/{name}")


def _replace_by_symlink(entry: Path, target: str) -> None:
    link = entry.with_name(f".{entry.name}-{LINK_MARK}{secrets.token_hex(4)}")
    os.symlink(target, link)
    os.replace(link, entry)
    sync_file(entry.parent)


def published(out: Path) -> list[str]:
    folder = snapshots_dir(out)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name.isdigit())


def remove_snapshot(out: Path, commit: str) -> None:
    shutil.rmtree(snapshot_path(out, commit), ignore_errors=True)


def collect_garbage(out: Path) -> None:
    """Old snapshots (all but the current and the one before it) and unfinished ones."""
    info = current_info(out)
    folder = snapshots_dir(out)
    if folder.is_dir():
        for leftover in folder.iterdir():
            if leftover.name.startswith(STAGING_MARK):
                shutil.rmtree(leftover, ignore_errors=True)
    for folder in (out, store_dir(out)):
        for leftover in folder.iterdir() if folder.is_dir() else []:
            if LINK_MARK in leftover.name and leftover.name.startswith("."):
                leftover.unlink()
    if info is None:
        return
    older = [c for c in published(out) if c < info.commit]
    for commit in older[:max(0, len(older) - (KEEP_SNAPSHOTS - 1))]:
        remove_snapshot(out, commit)
    for commit in published(out):
        if commit > info.commit:
            remove_snapshot(out, commit)


def link_file(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    os.link(source, target)


def sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_directories(root: Path) -> None:
    for folder, _, _ in os.walk(root):
        sync_file(Path(folder))
