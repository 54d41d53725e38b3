"""Where the workers of a cluster leave the rows of the documents they read, for the client
to copy into its commit: a folder of the shared filesystem (OUT/.store/incoming by default)
or an fsspec URL ("s3://bucket/baocao-staging", with s3fs installed; "file:///mnt/shared").

One document is one folder there, with one Arrow IPC file per table that got rows: the
client reads them back at once, where a small Parquet file cost it about 2 ms to open and
decode, five times a document (a cluster's client could not keep up with more than a few
workers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.store.schema import table_from_rows


class StagingUnavailableError(Exception):
    """The staging URL's filesystem cannot be used here (its fsspec package is missing)."""


def is_url(location: str) -> bool:
    return "://" in location


def check_staging(location: str) -> None:
    """Raise StagingUnavailableError, in Vietnamese, when `location` cannot be written."""
    if not is_url(location):
        return
    protocol = location.split("://", 1)[0]
    try:
        import fsspec

        fsspec.get_filesystem_class(protocol)
    except ImportError as error:
        package = {"s3": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs",
                   "abfs": "adlfs"}.get(protocol, f"gói fsspec cho '{protocol}'")
        raise StagingUnavailableError(
            f"Không ghi được vào {location}: chưa cài {package} (pip install {package})"
        ) from error
    except ValueError as error:
        raise StagingUnavailableError(
            f"Không biết giao thức '{protocol}' của {location} ({error})") from error


def _filesystem(location: str) -> tuple[Any, str]:
    import fsspec

    return fsspec.core.url_to_fs(location)


def document_folder(staging: str, name: str) -> str:
    return f"{staging.rstrip('/')}/{name}"


STAGED_SUFFIX = ".arrow"
# what workers started before an upgrade still write; read as well, so that their rows are
# not missed
FORMER_SUFFIX = ".parquet"


def write_document(rows: dict[str, list[dict]], folder: str) -> None:
    """One document's rows as one file a table in `folder` (made here). Not synced to disk:
    rows staged before a crash are never committed, and read again by the next run."""
    local = not is_url(folder)
    if local:
        Path(folder).mkdir(parents=True)
        filesystem, root = None, folder
    else:
        filesystem, root = _filesystem(folder)
        filesystem.makedirs(root, exist_ok=True)
    for table, table_rows in rows.items():
        if table_rows:
            path = f"{root}/{table}{STAGED_SUFFIX}"
            with (open(path, "wb") if local else filesystem.open(path, "wb")) as file:
                _write_table(table_from_rows(table, table_rows), file)


def _write_table(table: pa.Table, file: Any) -> None:
    with pa.ipc.new_file(file, table.schema) as writer:
        writer.write_table(table)


def read_document(folder: str) -> dict[str, pa.Table]:
    """Table -> the rows a worker wrote into `folder`."""
    if not is_url(folder):
        return {path.stem: _read_table(path.suffix, pa.OSFile(str(path)))
                for path in sorted(Path(folder).iterdir())
                if path.suffix in (STAGED_SUFFIX, FORMER_SUFFIX)}
    filesystem, root = _filesystem(folder)
    return {Path(path).stem: _read_table(Path(path).suffix, filesystem.open(path, "rb"))
            for path in sorted(filesystem.ls(root, detail=False))
            if Path(path).suffix in (STAGED_SUFFIX, FORMER_SUFFIX)}


def _read_table(suffix: str, file: Any) -> pa.Table:
    with file:
        if suffix == FORMER_SUFFIX:
            return pq.ParquetFile(file).read()
        return pa.ipc.open_file(file).read_all()


def delete_staged(location: str) -> None:
    """Delete a document's folder (or the whole staging area), if there."""
    if not is_url(location):
        import shutil

        shutil.rmtree(location, ignore_errors=True)
        return
    filesystem, root = _filesystem(location)
    if filesystem.exists(root):
        filesystem.rm(root, recursive=True)
