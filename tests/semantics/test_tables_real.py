"""Tables of the real reports in ../shared/real (skipped where absent): their two-row
headers, merged over the columns below, name each column in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.semantics.tables import cell_headers, header_depth

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
CCHC = REAL / "cchc-quy-1-2026" / "Báo cáo CCHC Qúy I 2026 tỉnh Lâm Đồng.docx"


def test_statistics_tables_of_the_reform_report_have_two_header_rows():
    if not CCHC.exists():
        pytest.skip(f"real report not available at {CCHC} (../shared/real)")
    document = ingest(CCHC)
    tables = [b for b in document.blocks if b.kind == "table" and b.rows and len(b.rows) > 5]
    assert len(tables) >= 5
    for table in tables:
        assert table.rows is not None
        assert header_depth(table.rows) == 2
        value = next(row[3] for row in table.rows[2:] if len(row) > 3 and row[3].text.strip()
                     and row[3].text[0].isdigit())
        row_header, column = cell_headers(document, value.char_start)
        assert column == "Kết quả thống kê > Số liệu"
        assert row_header is not None and not row_header[0].isdigit()
