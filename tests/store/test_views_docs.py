"""docs/schema.md documents every view with its columns and types as DuckDB reports them."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from pipeline.store import database_path, empty_tables, write_tables
from pipeline.store.views import VIEWS

SCHEMA_DOC = Path(__file__).parents[2] / "docs" / "schema.md"


def views_section() -> str:
    text = SCHEMA_DOC.read_text(encoding="utf-8")
    return text.split("\n## Views\n", 1)[1].split("\n## ", 1)[0]


def documented_view_columns() -> dict[str, dict[str, str]]:
    views: dict[str, dict[str, str]] = {}
    current = None
    for line in views_section().splitlines():
        heading = re.fullmatch(r"### (\w+)", line)
        if heading:
            current = heading.group(1)
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if current and line.startswith("|") and len(cells) == 3 \
                and cells[0] not in ("Column", "---"):
            views.setdefault(current, {})[cells[0]] = cells[1]
    return views


def test_every_view_is_documented_with_its_columns(tmp_path: Path) -> None:
    write_tables(tmp_path, empty_tables())
    connection = duckdb.connect(str(database_path(tmp_path)), read_only=True)
    try:
        actual = {name: dict(connection.execute(
            f"SELECT column_name, column_type FROM (DESCRIBE {name})").fetchall())
            for name in VIEWS}
    finally:
        connection.close()
    assert documented_view_columns() == actual


def documented_examples() -> list[tuple[str, list[str]]]:
    """(SQL, printed lines) of every `baocao query` example in the views section."""
    examples = []
    for block in re.findall(r"```\n(\$ baocao query .*?)```", views_section(), re.S):
        command, _, printed = block.partition('"\n')
        sql = " ".join(command.split('"', 1)[1].split())
        examples.append((sql, printed.splitlines()))
    return examples


def test_the_views_section_has_an_example_for_each_view() -> None:
    examples = documented_examples()
    assert len(examples) == len(VIEWS)
    for name, (sql, printed) in zip(VIEWS, examples, strict=True):
        assert f"FROM {name}" in sql and printed[-1].endswith("dòng)")
