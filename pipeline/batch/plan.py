"""Which files of a batch to process, given what the store already holds.

- same path, same content, processed before by this version of the pipeline -> skipped;
- same path, new content (or failed before, or read by an older pipeline) -> processed;
  its old rows are removed;
- content already in the store under another path -> skipped as a duplicate (doc_id is
  the content's identity, so one document has one set of rows); if that other path no
  longer exists the file was moved, and the stored document takes the new path;
- the same content at several paths of the batch -> the first path is processed; the
  others are skipped as its duplicates when it is read, or fail with its error when not
  (`duplicates`: the same content gives the same outcome).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.result import path_text, sha256_or_none
from pipeline.store import StoredDocument
from pipeline.version import pipeline_version


@dataclass
class Plan:
    to_process: list[Path] = field(default_factory=list)
    sha256: dict[Path, str | None] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    removed: set[str] = field(default_factory=set)  # doc_ids whose rows go
    moved: dict[str, str] = field(default_factory=dict)  # doc_id -> new path
    replaces: dict[str, str] = field(default_factory=dict)  # path processed -> its old doc_id
    duplicates: dict[str, list[Path]] = field(default_factory=dict)  # first path -> others

    @property
    def removed_unreplaced(self) -> set[str]:
        """Removed doc_ids whose path is not processed again (they go at the first commit;
        the others with the rows that replace them)."""
        return self.removed - set(self.replaces.values())


def make_plan(files: list[Path], stored: list[StoredDocument], version: str | None = None,
              hash_file: Callable[[Path], str | None] = sha256_or_none) -> Plan:
    version = version or pipeline_version()
    plan = Plan()
    by_path = {document.path: document for document in stored}
    current = [d for d in stored
               if d.status == "ok" and d.sha256 and d.pipeline_version == version]
    ok_by_sha = {d.sha256: d.path for d in current}
    ok_doc_id = {d.sha256: d.doc_id for d in current}
    in_batch: dict[str, str] = {}  # sha256 -> the path of the batch processing it
    for file in files:
        path = path_text(file)
        sha256 = hash_file(file)
        plan.sha256[file] = sha256
        previous = by_path.get(path)
        if (previous and previous.status == "ok" and previous.sha256 == sha256
                and previous.pipeline_version == version):
            plan.skipped.append((path, "không đổi"))
            continue
        if previous:
            plan.removed.add(previous.doc_id)
        if sha256 and sha256 in in_batch:
            plan.duplicates.setdefault(in_batch[sha256], []).append(file)
            continue
        holder = ok_by_sha.get(sha256) if sha256 else None
        if holder is not None and holder != path:
            if Path(holder).exists() or Path(holder).is_symlink():
                plan.skipped.append((path, f"trùng nội dung với {holder}"))
            else:
                plan.moved[ok_doc_id[sha256]] = path
                ok_by_sha[sha256] = path
                plan.skipped.append((path, f"chuyển từ {holder}"))
            continue
        plan.to_process.append(file)
        if previous:
            plan.replaces[path] = previous.doc_id
        if sha256:
            in_batch[sha256] = path
    return plan

