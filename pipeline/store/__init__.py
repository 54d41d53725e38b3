"""The store: every table as a DuckDB file and as a folder of Parquet part files, in OUT.

Documents are keyed by content (doc_id = sha256 prefix). A run appends: each commit writes
new part files and updates the DuckDB file in one transaction, so its cost follows what
changed, not the size of the archive; readers of either form see whole commits only.
Writes are serialized by a lock beside OUT; see writer.py, snapshot.py and lock.py.
"""

from pipeline.store.atomic import commit, recover, write_tables
from pipeline.store.database import DatabaseBusyError
from pipeline.store.layout import database_path, table_path
from pipeline.store.lock import StoreBusyError, store_lock
from pipeline.store.migrate import migrate
from pipeline.store.schema import SCHEMAS, empty_table, table_from_rows
from pipeline.store.snapshot import CommitInfo, current_info
from pipeline.store.tables import (
    StoredDocument,
    Tables,
    empty_tables,
    read_table,
    read_tables,
    replace_documents,
    stored_documents,
)
from pipeline.store.writer import StoreWriteError, StoreWriter

__all__ = [
    "SCHEMAS", "CommitInfo", "DatabaseBusyError", "StoreBusyError", "StoreWriteError",
    "StoreWriter",
    "StoredDocument", "Tables", "commit", "current_info", "database_path", "empty_table",
    "empty_tables", "migrate", "read_table", "read_tables", "recover", "replace_documents",
    "store_lock", "stored_documents", "table_from_rows", "table_path", "write_tables",
]
