from __future__ import annotations

import re
from pathlib import Path

from pipeline.store import SCHEMAS

SCHEMA_DOC = Path(__file__).parents[2] / "docs" / "schema.md"
ARROW_NAMES = {"string": "string", "int64": "int64", "double": "float64", "date32[day]": "date32",
               "list<item: string>": "list<string>", "bool": "bool"}


def documented_columns() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in SCHEMA_DOC.read_text(encoding="utf-8").splitlines():
        heading = re.fullmatch(r"## (\w+)", line)
        if heading:
            current = heading.group(1) if heading.group(1) in SCHEMAS else None
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if current and len(cells) == 3 and cells[0] not in ("Column", "---"):
            tables.setdefault(current, {})[cells[0]] = cells[1]
    return tables


def test_schema_document_lists_every_column_with_its_type() -> None:
    documented = documented_columns()
    for table, schema in SCHEMAS.items():
        expected = {field.name: ARROW_NAMES[str(field.type)] for field in schema}
        assert documented.get(table) == expected, table
