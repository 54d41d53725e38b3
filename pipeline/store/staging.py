"""Where the workers of a cluster leave the rows of the documents they read, for the client
to copy into its commit: a folder of the shared filesystem (OUT/.store/incoming by default)
or an fsspec URL ("s3://bucket/baocao-staging", with s3fs installed; "file:///mnt/shared").

One document is one folder there, with one Parquet file per table that got rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.store.schema import table_from_rows
from pipeline.store.snapshot import sync_file


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


def write_document(rows: dict[str, list[dict]], folder: str) -> None:
    """One document's rows as one Parquet file a table in `folder` (made here)."""
    if not is_url(folder):
        Path(folder).mkdir(parents=True)
        for table, table_rows in rows.items():
            if table_rows:
                path = Path(folder) / f"{table}.parquet"
                pq.write_table(table_from_rows(table, table_rows), path)
                sync_file(path)
        return
    filesystem, root = _filesystem(folder)
    filesystem.makedirs(root, exist_ok=True)
    for table, table_rows in rows.items():
        if table_rows:
            with filesystem.open(f"{root}/{table}.parquet", "wb") as file:
                pq.write_table(table_from_rows(table, table_rows), file)


def read_document(folder: str) -> dict[str, pa.Table]:
    """Table -> the rows a worker wrote into `folder`."""
    # ParquetFile.read, not read_table: a few small files a document, and read_table's
    # dataset set-up costs three times the reading (1.1 against 0.35 ms a file)
    if not is_url(folder):
        return {path.stem: pq.ParquetFile(path).read()
                for path in sorted(Path(folder).glob("*.parquet"))}
    filesystem, root = _filesystem(folder)
    tables = {}
    for path in sorted(filesystem.glob(f"{root}/*.parquet")):
        with filesystem.open(path, "rb") as file:
            tables[Path(path).stem] = pq.ParquetFile(file).read()
    return tables


def delete_staged(location: str) -> None:
    """Delete a document's folder (or the whole staging area), if there."""
    if not is_url(location):
        import shutil

        shutil.rmtree(location, ignore_errors=True)
        return
    filesystem, root = _filesystem(location)
    if filesystem.exists(root):
        filesystem.rm(root, recursive=True)
