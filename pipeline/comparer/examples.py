"""The example tables of the rules (examples/<rule module>.tsv) and how one is run.

A row is a small store: one or more short reports, each read by the real pipeline (as a
.txt would be: lines starting with "|" form a table), then checked by every rule. Columns:
- `expect`: `fires` (the row's rule must flag it, at the `severity` given, or `error`) or
  `silent` (it must not flag it as error or warning);
- `documents`: the reports, oldest first, separated by " ||| "; " ¶ " breaks a line;
- `severity`: for `fires`, the severity expected (empty: error);
- `note`: what the example shows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipeline.data_files import read_tsv
from pipeline.ingest.blocks import classify_line
from pipeline.ingest.builder import DocumentBuilder
from pipeline.model import Document

EXAMPLES_DIR = Path(__file__).with_name("examples")
DOCUMENT_SEPARATOR = " ||| "
LINE_BREAK = " ¶ "


@dataclass(frozen=True)
class Example:
    rule_module: str
    expect: str  # 'fires' | 'silent'
    documents: tuple[str, ...]
    severity: str
    note: str


def examples(rule_module: str) -> list[Example]:
    path = EXAMPLES_DIR / f"{rule_module}.tsv"
    return [Example(rule_module, row["expect"], tuple(row["documents"].split(DOCUMENT_SEPARATOR)),
                    row.get("severity") or "error", row.get("note") or "")
            for row in read_tsv(path)]


def text_document(text: str, path: str = "vi-du.txt") -> Document:
    """A Document as ingest makes it of a .txt file; runs of "|" lines become a table."""
    builder = DocumentBuilder(path, "txt", encoding="utf-8")
    table: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        if line.startswith("|"):
            table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        if table:
            builder.add_table(table)
            table = []
        if line.strip():
            builder.add_text(classify_line(line), line)
    return builder.build()


def example_tables(texts: tuple[str, ...] | list[str]) -> dict[str, pa.Table]:
    """The store's tables after reading each text as a report, the first as the oldest."""
    from pipeline.process import extract_rows
    from pipeline.store import empty_tables, replace_documents

    results = []
    for number, text in enumerate(texts, 1):
        document = text_document(text.replace(LINE_BREAK, "\n"), f"bao-cao-{number}.txt")
        sha256 = hashlib.sha256(text.encode()).hexdigest()
        results.append(extract_rows(document, sha256[:16], sha256).rows)
    return replace_documents(empty_tables(), [], results)
