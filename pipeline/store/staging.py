"""Where the workers of a cluster leave the rows of the documents they read, for the client
to copy into its commit: a folder of the shared filesystem (OUT/.store/incoming by default)
or an fsspec URL ("s3://bucket/baocao-staging", with s3fs installed; "file:///mnt/shared").

One document is one folder there, holding one file (`rows.arrow`): an Arrow IPC file of one
row, with a column a table that got rows, each holding that table as an Arrow IPC stream.
One file, not one a table: a worker makes one object of a document and the client reads one
back (a request each on an object store); and Arrow, not Parquet, which cost the client
about 2 ms a small file to open and decode.
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


STAGED_NAME = "rows.arrow"
# what workers started before an upgrade still write, a Parquet file a table: read as well,
# so that their rows are not missed
FORMER_SUFFIX = ".parquet"


def write_document(rows: dict[str, list[dict]], folder: str) -> None:
    """One document's rows as STAGED_NAME in `folder` (made here). Not synced to disk: rows
    staged before a crash are never committed, and read again by the next run."""
    packed = pa.table({table: pa.array([_stream(table_from_rows(table, table_rows))],
                                       pa.binary())
                       for table, table_rows in rows.items() if table_rows})
    filesystem, root = _location(folder)
    if filesystem is None:
        Path(root).mkdir(parents=True)
    else:
        filesystem.makedirs(root, exist_ok=True)
    with _open(filesystem, f"{root}/{STAGED_NAME}", "wb") as sink, \
            pa.ipc.new_file(sink, packed.schema) as writer:
        writer.write_table(packed)


def _stream(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def read_document(folder: str) -> dict[str, pa.Table]:
    """Table -> the rows a worker wrote into `folder`."""
    filesystem, root = _location(folder)
    try:
        staged = _open(filesystem, f"{root}/{STAGED_NAME}", "rb")
    except FileNotFoundError:
        former = (Path(root).glob(f"*{FORMER_SUFFIX}") if filesystem is None
                  else filesystem.glob(f"{root}/*{FORMER_SUFFIX}"))
        return {Path(path).stem: _parquet(_open(filesystem, str(path), "rb"))
                for path in sorted(former)}
    with staged:
        packed = pa.ipc.open_file(staged).read_all()
    return {name: pa.ipc.open_stream(packed.column(name)[0].as_buffer()).read_all()
            for name in packed.column_names}


def _parquet(file: Any) -> pa.Table:
    with file:
        return pq.ParquetFile(file).read()


def _location(folder: str) -> tuple[Any, str]:
    """(the fsspec filesystem of a URL, or None for a local path; the path in it)."""
    return _filesystem(folder) if is_url(folder) else (None, folder)


def _open(filesystem: Any, path: str, mode: str) -> Any:
    return pa.OSFile(path, mode) if filesystem is None else filesystem.open(path, mode)


def delete_staged(location: str) -> None:
    """Delete a document's folder (or the whole staging area), if there."""
    if not is_url(location):
        import shutil

        shutil.rmtree(location, ignore_errors=True)
        return
    filesystem, root = _filesystem(location)
    if filesystem.exists(root):
        filesystem.rm(root, recursive=True)
