from __future__ import annotations

import duckdb
import pytest

from pipeline.model import Document
from pipeline.process import TABLES, extract_rows
from pipeline.store import SCHEMAS, table_from_rows

# The columns CONTRACT.md promises, per table.
CONTRACT_COLUMNS = {
    "documents": "doc_id path format sha256 status error pages text title agency report_year",
    "sections": "doc_id section_id parent_id level label title path char_start char_end",
    "metrics": "doc_id metric_id section_id page sentence char_start char_end raw value "
               "denominator unit unit_class approx subject indicator period kind",
    "dates": "doc_id date_id raw start_date end_date granularity char_start char_end sentence",
    "citations": "doc_id ref_id raw ref_key doc_type type_code number year issuer_code "
                 "issued_date char_start char_end sentence",
    "findings": "finding_id rule severity doc_id other_doc_id message expected observed "
                "metric_ids sentence",
}


def test_every_contract_table_and_column_has_a_schema() -> None:
    assert set(SCHEMAS) == set(TABLES) == set(CONTRACT_COLUMNS)
    for table, columns in CONTRACT_COLUMNS.items():
        missing = set(columns.split()) - set(SCHEMAS[table].names)
        assert not missing, (table, missing)


def test_no_name_needs_quoting_in_sql() -> None:
    reserved = {row[0] for row in duckdb.sql(
        "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'"
    ).fetchall()}
    names = set(SCHEMAS) | {name for schema in SCHEMAS.values() for name in schema.names}
    assert not names & reserved


def test_rows_built_by_process_fit_the_schemas() -> None:
    document = Document("x.txt", "txt", "Năm 2021 có 15 người.\nĐạt 99 điểm.\n", encoding="utf-8")
    result = extract_rows(document, "abc", "f" * 64)
    assert result.rows["metrics"], "no figure found"
    for table, rows in result.rows.items():
        for row in rows:
            assert set(row) == set(SCHEMAS[table].names), table
        assert table_from_rows(table, rows).num_rows == len(rows)


def test_unknown_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="not in the schema"):
        table_from_rows("dates", [{"doc_id": "a", "end": 3}])
