"""Arrow schemas of every table in the store: the columns of CONTRACT.md plus the project's own.

docs/schema.md describes the same tables for people; keep the two in step.
"""

from __future__ import annotations

import pyarrow as pa

_TEXT = pa.string()
_INT = pa.int64()
_FLOAT = pa.float64()
_DATE = pa.date32()
_BOOL = pa.bool_()

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", _TEXT), ("path", _TEXT), ("format", _TEXT), ("sha256", _TEXT),
        ("status", _TEXT), ("error", _TEXT), ("pages", _INT), ("text", _TEXT),
        ("title", _TEXT), ("agency", _TEXT), ("report_year", _INT), ("encoding", _TEXT),
        ("pipeline_version", _TEXT),
    ]),
    "sections": pa.schema([
        ("doc_id", _TEXT), ("section_id", _TEXT), ("parent_id", _TEXT), ("level", _INT),
        ("label", _TEXT), ("title", _TEXT), ("path", _TEXT),
        ("char_start", _INT), ("char_end", _INT),
    ]),
    "metrics": pa.schema([
        ("doc_id", _TEXT), ("metric_id", _TEXT), ("section_id", _TEXT), ("page", _INT),
        ("sentence", _TEXT), ("char_start", _INT), ("char_end", _INT), ("raw", _TEXT),
        ("value", _FLOAT), ("value_max", _FLOAT), ("denominator", _FLOAT), ("unit", _TEXT),
        ("unit_class", _TEXT), ("approx", _TEXT), ("subject", _TEXT), ("indicator", _TEXT),
        ("period", _TEXT), ("kind", _TEXT),
        ("period_granularity", _TEXT), ("period_start", _DATE), ("period_end", _DATE),
        ("decimals", _INT), ("precision", _FLOAT),
        ("delta", _FLOAT), ("whole_metric_id", _TEXT), ("part_scope", _TEXT),
        ("base_metric_id", _TEXT), ("compared_metric_id", _TEXT), ("relation", _TEXT),
    ]),
    "dates": pa.schema([
        ("doc_id", _TEXT), ("date_id", _TEXT), ("raw", _TEXT), ("start_date", _DATE),
        ("end_date", _DATE), ("granularity", _TEXT), ("char_start", _INT), ("char_end", _INT),
        ("page", _INT), ("sentence", _TEXT),
    ]),
    "citations": pa.schema([
        ("doc_id", _TEXT), ("ref_id", _TEXT), ("raw", _TEXT), ("ref_key", _TEXT),
        ("doc_type", _TEXT), ("type_code", _TEXT), ("number", _TEXT), ("year", _INT),
        ("issuer_code", _TEXT), ("issued_date", _DATE), ("issued_date_written", _BOOL),
        ("char_start", _INT), ("char_end", _INT), ("page", _INT), ("sentence", _TEXT),
    ]),
    "findings": pa.schema([
        ("finding_id", _TEXT), ("rule", _TEXT), ("severity", _TEXT), ("doc_id", _TEXT),
        ("other_doc_id", _TEXT), ("message", _TEXT), ("expected", _FLOAT),
        ("observed", _FLOAT), ("metric_ids", pa.list_(_TEXT)), ("sentence", _TEXT),
        ("cause", _TEXT), ("tolerance", _FLOAT), ("arithmetic", _TEXT), ("page", _INT),
        ("char_start", _INT), ("char_end", _INT), ("other_sentence", _TEXT),
        ("other_page", _INT), ("link_reason", _TEXT), ("comparer_version", _TEXT),
    ]),
}


def empty_table(name: str) -> pa.Table:
    return SCHEMAS[name].empty_table()


def table_from_rows(name: str, rows: list[dict]) -> pa.Table:
    """Rows (dicts keyed by column) as a table of the store's schema; unknown keys are an error."""
    schema = SCHEMAS[name]
    unknown = {key for row in rows for key in row} - set(schema.names)
    if unknown:
        raise ValueError(f"columns not in the schema of {name}: {sorted(unknown)}")
    return pa.Table.from_pylist(rows, schema=schema)


def conform(name: str, table: pa.Table) -> pa.Table:
    """A table read from an older store, with the current columns (missing ones null)."""
    schema = SCHEMAS[name]
    if table.schema.equals(schema):
        return table
    columns = [
        _as_type(table.column(field.name), field.type) if field.name in table.column_names
        else pa.nulls(table.num_rows, field.type)
        for field in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def _as_type(column: pa.ChunkedArray, type_: pa.DataType) -> pa.ChunkedArray:
    # a cast loads pyarrow.compute, which a run that only reads its own parts does not need
    return column if column.type == type_ else column.cast(type_)
