"""The store: every table as one DuckDB file and one Parquet file per table, in OUT.

Documents are keyed by content (doc_id = sha256 prefix). Writes are atomic and
serialized by a lock beside OUT; see commit.py and lock.py.
"""

from pipeline.store.atomic import commit, recover, write_tables
from pipeline.store.layout import database_path, parquet_path
from pipeline.store.lock import StoreBusyError, store_lock
from pipeline.store.schema import SCHEMAS, empty_table, table_from_rows
from pipeline.store.tables import (
    StoredDocument,
    Tables,
    empty_tables,
    read_tables,
    replace_documents,
    stored_documents,
)

__all__ = [
    "SCHEMAS", "StoreBusyError", "StoredDocument", "Tables", "commit", "database_path",
    "empty_table", "empty_tables", "parquet_path", "read_tables", "recover",
    "replace_documents", "store_lock", "stored_documents", "table_from_rows", "write_tables",
]
