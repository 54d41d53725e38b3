"""The reference checks (rules/reference_*.py) beyond their tables of examples: a finding's
evidence is its citations, placed and marked in their sentences on the audit page; and the
checks stay silent on correct real reports (../shared, read-only, never copied) and right
where a real report slips."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.comparer import compare
from pipeline.comparer.examples import example_tables
from pipeline.comparer.references import first_mentions, report_date
from pipeline.comparer.view import store_view
from pipeline.process import process_file
from pipeline.report import render_audit
from pipeline.report.view import audit_view
from pipeline.store import empty_tables, replace_documents

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REAL_REPORT = SHARED / "corpus" / "bao-cao-2021.txt"
CCHC = SHARED / "real" / "cchc-quy-1-2026"
HEADER = ("SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI ¶ Vân Giang, ngày 15 tháng 12 năm {year} ¶ "
          "BÁO CÁO ¶ Kết quả thực hiện nhiệm vụ năm {year} ¶ I. KẾT QUẢ ¶ ")
REFERENCE_RULES = ("reference_year", "reference_after_report", "reference_malformed",
                   "reference_codes", "reference_date_conflict")


def _references(findings: list[dict]) -> list[dict]:
    return [f for f in findings if f["rule"] in REFERENCE_RULES]


def _with_findings(texts: list[str]) -> tuple[dict, list[dict]]:
    tables = example_tables(texts)
    tables["findings"] = compare(tables)
    return tables, tables["findings"].to_pylist()


def test_a_finding_points_at_its_citation_and_the_page_marks_it() -> None:
    text = HEADER.format(year=2023) + (
        "- Sở đã triển khai Quyết định số 62/2023/QĐ-UBND ngày 15/12/2022 của UBND tỉnh "
        "về đào tạo nghề cho 1.250 lao động.")
    tables, findings = _with_findings([text])
    [finding] = _references(findings)
    [citation] = tables["citations"].to_pylist()
    assert finding["rule"] == "reference_year" and finding["metric_ids"] == [citation["ref_id"]]
    assert (finding["sentence"], finding["char_start"], finding["char_end"]) == (
        citation["sentence"], citation["char_start"], citation["char_end"])
    view = next(v for g in audit_view(tables).groups for v in g.findings
                if v.rule == "reference_year")
    [column] = view.columns
    [sentence] = column.sentences
    assert [(s.text, s.mark) for s in sentence.segments if s.mark] == [
        ("Quyết định số 62/2023/QĐ-UBND", "main")]
    assert sentence.unplaced == [] and sentence.cited and view.cited
    page = render_audit(tables)
    assert "văn bản được dẫn: <code>" + citation["ref_id"] in page and "Mã trích dẫn" in page


def test_a_conflict_across_reports_shows_each_citation_in_its_report() -> None:
    first = HEADER.format(year=2023) + (
        "- Thực hiện Kế hoạch số 19/2023/KH-UBND ngày 03/4/2023 của UBND tỉnh về giảm nghèo.")
    second = HEADER.format(year=2024) + (
        "- Tiếp tục thực hiện Kế hoạch số 19/2023/KH-UBND ngày 30/4/2023 về giảm nghèo.")
    tables, findings = _with_findings([first, second])
    [finding] = _references(findings)
    assert finding["rule"] == "reference_date_conflict" and finding["other_doc_id"]
    view = next(v for g in audit_view(tables).groups for v in g.findings
                if v.rule == "reference_date_conflict")
    marked = [[(s.text, s.mark) for sentence in column.sentences for s in sentence.segments
               if s.mark] for column in view.columns]
    # each column marks its own citation, as it marks the compared figures of two reports
    assert marked == [[("Kế hoạch số 19/2023/KH-UBND", "main")]] * 2
    assert "30/04/2023" in finding["message"] and "03/04/2023" in finding["message"]


def test_a_slip_repeated_in_every_mention_is_reported_once() -> None:
    text = HEADER.format(year=2023) + (
        "- Thực hiện Quyết định số 62/2023/QĐ-UBND ngày 15/12/2022 của UBND tỉnh. ¶ "
        "- Tiếp tục triển khai Quyết định số 62/2023/QĐ-UBND về đào tạo nghề.")
    tables, findings = _with_findings([text])
    assert len(tables["citations"]) == 2
    assert [f["rule"] for f in _references(findings)] == ["reference_year"]


@pytest.mark.skipif(not REAL_REPORT.exists(), reason="the real report (../shared/corpus) "
                    "is not here")
def test_silent_on_the_real_reports_correct_citations() -> None:
    result = process_file(REAL_REPORT)
    tables = replace_documents(empty_tables(), [], [result.rows])
    assert len(tables["citations"]) == 20
    assert _references(compare(tables).to_pylist()) == []


@pytest.mark.slow
@pytest.mark.skipif(not CCHC.exists(), reason="the real archive (../shared/real) is not here")
def test_the_real_quarterly_report_and_its_draft_are_flagged_only_for_their_slip() -> None:
    """Both versions cite plan 806/KH-UBND as of 09/01/2026 and, later in the same sentence,
    of 19/01/2026; nothing else of their ~70 citations is flagged, and their own date is the
    place-and-date line of the header (month or year only: unsigned)."""
    paths = sorted(CCHC.glob("*.docx"))
    tables = replace_documents(empty_tables(), [], [process_file(p).rows for p in paths])
    findings = _references(compare(tables).to_pylist())
    assert sorted((f["rule"], f["severity"]) for f in findings) == [
        ("reference_date_conflict", "warning")] * 2
    assert all("806/KH-UBND" in f["message"] and f["other_doc_id"] is None for f in findings)
    store = store_view(tables)
    assert sorted(report_date(d).end_date.isoformat() for d in store.documents) == [
        "2026-03-31", "2026-12-31"]
    assert all(len(first_mentions(d)) > 30 for d in store.documents)


def test_spaces_in_a_symbol_read_by_ocr_are_not_judged() -> None:
    # Tesseract reads "11-NQ/TU" of a scan as "11- NQ/TU": a space the page does not have.
    import pyarrow as pa

    text = HEADER.format(year=2023) + (
        "- Thực hiện Nghị quyết số 11- NQ/TU ngày 12/01/2023 của Tỉnh ủy về đào tạo nghề.")
    tables = example_tables([text])
    [typed] = _references(compare(tables).to_pylist())
    assert typed["rule"] == "reference_malformed"
    documents = tables["documents"]
    tables["documents"] = documents.set_column(
        documents.schema.get_field_index("format"), "format",
        pa.array(["pdf-ocr"] * documents.num_rows))
    assert _references(compare(tables).to_pylist()) == []
