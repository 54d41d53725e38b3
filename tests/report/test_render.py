"""render_audit over small hand-made stores: escaping, highlights, grouping, layout."""

from __future__ import annotations

import pytest
from report_samples import (
    HOSTILE_IMG,
    HOSTILE_SCRIPT,
    Node,
    empty_store,
    metric,
    parse_html,
    sample_tables,
    store_tables,
)

from pipeline.report import render_audit


@pytest.fixture(scope="module")
def page() -> Node:
    return parse_html(render_audit(sample_tables()))


def finding(page: Node, finding_id: str) -> Node:
    return page.find("article", id=finding_id)


def marks(node: Node) -> list[tuple[str, str]]:
    return [(m.text(), m.attrs["class"]) for m in node.find_all("mark")]


def test_document_markup_is_escaped_text() -> None:
    html = render_audit(sample_tables())
    for hostile in (HOSTILE_SCRIPT, HOSTILE_IMG):
        assert hostile not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    tree = parse_html(html)
    assert len(tree.find_all("script")) == 1  # our own filter script, nothing else
    assert tree.find_all("img") == []
    assert not any(name.startswith("on") for node in tree.iter() for name in node.attrs)
    sentences = [q.text() for q in tree.find_all("blockquote")]
    assert any(HOSTILE_SCRIPT in s for s in sentences)
    assert any(HOSTILE_IMG in s for s in sentences)
    assert HOSTILE_SCRIPT in finding(tree, "f-ty-le").find("p", "message").text()
    assert HOSTILE_SCRIPT in tree.find("div", "failed").text()


def test_page_forbids_network_and_foreign_scripts(page: Node) -> None:
    policy = page.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in policy
    assert "script-src 'sha256-" in policy and "unsafe-inline" not in policy
    assert not page.find_all("link")
    assert not [n for n in page.iter() if n.attrs.get("src")]


def test_every_evidence_figure_is_highlighted(page: Node) -> None:
    total = finding(page, "f-tong")
    assert marks(total.find("blockquote")) == [
        ("14.600 người", "main"), ("2.150", "part"), ("1.420", "part"), ("10.930", "part")]
    assert total.find("mark", "main").attrs["title"] == "d2022-m1"


def test_repeated_figure_highlighted_where_the_metric_is() -> None:
    """ "85,2%" occurs twice in the sentence; the metric is the second one."""
    quote = finding(parse_html(render_audit(sample_tables())), "f-ty-le").find("blockquote")
    pieces = [c if isinstance(c, str) else f"[{c.text()}]" for c in quote.children]
    assert "".join(pieces) == ("Tỷ lệ 85,2% năm nay, năm trước cũng [85,2%], so với "
                               "[2.045/2.500 người].")


def test_findings_grouped_by_document_most_severe_first(page: Node) -> None:
    groups = page.find_all("section", "document-group")
    assert [g.attrs["data-doc"] for g in groups] == ["d2022", "d2023"]
    assert [a.attrs["id"] for a in groups[0].find_all("article")] == ["f-tong", "f-ty-le"]
    assert [a.attrs["id"] for a in groups[1].find_all("article")] == ["f-nhac-lai", "f-vuot"]
    heading = groups[0].find("h3").text()
    assert "Báo cáo năm 2022" in heading and "bao-cao-2022.pdf" in heading


def test_finding_shows_its_facts(page: Node) -> None:
    total = finding(page, "f-tong")
    assert total.attrs["data-rule"] == "parts_total"
    assert total.attrs["data-severity"] == "error"
    assert total.find("span", "badge").text() == "Lỗi"
    assert total.find("a", "anchor").attrs["href"] == "#f-tong"
    assert total.find("a", "anchor").text() == "f-tong"
    details = total.find("dl", "details").text()
    for expected in ("2.150 + 1.420 + 10.930 = 14.500 ≠ 14.600", "gõ nhầm một chữ số",
                     "14.500", "14.600", "Dung sai"):
        assert expected in details
    assert [c.text() for c in total.find("dd", "metric-ids").find_all("code")] == [
        "d2022-m1", "d2022-m2", "d2022-m3", "d2022-m4"]
    assert "Trang 1" in total.find("figcaption").text()
    percentage = finding(page, "f-ty-le")
    assert percentage.find("dd", "cause").text() == "làm tròn"
    assert "0,05" in percentage.find("dl", "details").text()


def test_cross_document_finding_side_by_side(page: Node) -> None:
    cross = finding(page, "f-nhac-lai")
    assert "cross" in cross.classes
    assert cross.attrs["data-docs"] == "d2023 d2022"
    columns = cross.find_all("div", "evidence-column")
    assert [c.attrs["data-doc"] for c in columns] == ["d2023", "d2022"]
    assert "bao-cao-2023.txt" in columns[0].find("h4").text()
    assert "bao-cao-2022.pdf" in columns[1].find("h4").text()
    assert marks(columns[0]) == [("16.880 lao động", "main")]
    assert marks(columns[1]) == [("16.830 lao động", "main")]
    assert "Trang 2" in columns[1].find("figcaption").text()
    assert "cùng chỉ tiêu job_creation, kỳ 2022" in cross.find("dl", "details").text()
    single = finding(page, "f-tong")
    assert len(single.find_all("div", "evidence-column")) == 1
    assert not single.find_all("h4")


def test_summary_counts_and_filters(page: Node) -> None:
    assert page.find("dd", id="so-tai-lieu").text() == "2"
    assert page.find("dd", id="so-tai-lieu-loi").text() == "1"
    assert page.find("dd", id="so-phat-hien").text() == "4"
    assert page.find("strong", id="so-dang-hien").text() == "4"
    by_severity = {r.attrs["data-severity"]: r.find("td", "count").text()
                   for r in page.find("table", id="theo-muc-do").find_all("tr")
                   if "data-severity" in r.attrs}
    assert by_severity == {"error": "1", "warning": "2", "info": "1"}
    by_rule = {r.attrs["data-rule"]: r.find("td", "count").text()
               for r in page.find("table", id="theo-quy-tac").find_all("tr")
               if "data-rule" in r.attrs}
    assert by_rule == {"parts_total": "1", "percentage": "1", "cross_year_restatement": "1",
                       "target_exceeded": "1"}
    options = {select.attrs["id"]: [o.attrs["value"] for o in select.find_all("option")]
               for select in page.find_all("select")}
    assert options["loc-muc-do"] == ["", "error", "warning", "info"]
    assert sorted(options["loc-quy-tac"]) == ["", "cross_year_restatement", "parts_total",
                                              "percentage", "target_exceeded"]
    assert options["loc-tai-lieu"] == ["", "d2022", "d2023"]


def test_an_archive_page_lays_out_the_most_severe_findings_and_counts_them_all() -> None:
    page = parse_html(render_audit(sample_tables(), limit=2))
    shown = page.find_all("article")
    assert [a.attrs["data-severity"] for a in shown] == ["error", "warning"]
    assert page.find("dd", id="so-phat-hien").text() == "4"
    assert page.find("strong", id="so-dang-hien").text() == "2"
    notice = page.find("p", id="gioi-han-trang").text()
    assert "2 / 4" in notice and "baocao findings" in notice
    by_severity = {r.attrs["data-severity"]: r.find("td", "count").text()
                   for r in page.find("table", id="theo-muc-do").find_all("tr")
                   if "data-severity" in r.attrs}
    assert by_severity == {"error": "1", "warning": "2", "info": "1"}
    assert page.find_all("p", id="gioi-han-trang") and not parse_html(
        render_audit(sample_tables())).find_all("p", id="gioi-han-trang")


def test_zero_findings() -> None:
    html = render_audit(empty_store())
    tree = parse_html(html)
    assert tree.find("dd", id="so-phat-hien").text() == "0"
    assert "Không có phát hiện nào" in tree.find("p", id="khong-co-phat-hien").text()
    assert not tree.find_all("article") and not tree.find_all("select")


def test_metrics_missing_from_store_fall_back_to_finding_sentence() -> None:
    text = "Có 15 người và 7 hộ.\n"
    row = metric("d", 1, text, "7 hộ")
    tables = store_tables(
        [{"doc_id": "d", "path": "/x/a.txt", "status": "ok", "text": text}], [],
        [{"finding_id": "f-1", "rule": "parts_total", "severity": "error", "doc_id": "d",
          "metric_ids": ["d-m1"], "message": "m", "sentence": row["sentence"],
          "char_start": row["char_start"], "char_end": row["char_end"]}])
    quote = parse_html(render_audit(tables)).find("blockquote")
    assert marks(quote) == [("7 hộ", "main")]


def test_table_rows_show_their_header_once() -> None:
    header = "Đơn vị | Kế hoạch | Thực hiện"
    text = f"{header}\nTổng cộng | 16.000 | 16.240\nVân Giang | 4.800 | 4.800\n"
    rows = [(f"{header} → Tổng cộng | 16.000 | 16.240", "16.240"),
            (f"{header} → Vân Giang | 4.800 | 4.800", "4.800")]
    metrics = []
    for number, (sentence, raw) in enumerate(rows, start=1):
        start = text.rindex(raw, 0, text.index("\n", text.index(sentence.split(" → ")[1])))
        metrics.append({"doc_id": "d", "metric_id": f"d-m{number}", "sentence": sentence,
                        "char_start": start, "char_end": start + len(raw), "raw": raw})
    tables = store_tables([{"doc_id": "d", "path": "/x/a.docx", "status": "ok", "text": text}],
                          metrics,
                          [{"finding_id": "f-1", "rule": "parts_total", "severity": "error",
                            "doc_id": "d", "metric_ids": ["d-m1", "d-m2"], "message": "m"}])
    tree = parse_html(render_audit(tables))
    assert [p.text() for p in tree.find_all("p", "table-header")] == [header]
    quotes = tree.find_all("blockquote")
    assert [q.text() for q in quotes] == ["Tổng cộng | 16.000 | 16.240",
                                          "Vân Giang | 4.800 | 4.800"]
    assert marks(quotes[1]) == [("4.800", "part")]
    second = [c if isinstance(c, str) else f"[{c.text()}]" for c in quotes[1].children]
    assert "".join(second) == "Vân Giang | 4.800 | [4.800]"  # the cell of the metric


def test_table_separator_is_the_one_sentences_use() -> None:
    from pipeline.report.view import TABLE_HEADER_SEPARATOR
    from pipeline.semantics.sentences import TABLE_HEADER_SEPARATOR as USED

    assert TABLE_HEADER_SEPARATOR == USED


def test_a_page_reuses_the_sections_of_documents_whose_findings_did_not_change() -> None:
    import pyarrow as pa

    tables = sample_tables()
    sections: dict[str, str] = {}
    page = render_audit(tables, sections=sections)
    assert page == render_audit(tables)
    groups = parse_html(page).find_all("section", "document-group")
    assert len(sections) == len(groups) == 2
    # a section kept is laid out as it was kept, not again
    marked = {key: html.replace("<h3>", "<h3>đã dùng lại ", 1) for key, html in sections.items()}
    assert render_audit(tables, sections=dict(marked)).count("đã dùng lại") == 2
    # a finding of one document changes: that section is laid out anew, the other reused
    findings = tables["findings"]
    messages = findings.column("message").to_pylist()
    changed = findings.column("finding_id").to_pylist().index("f-vuot")
    messages[changed] = "Thông điệp mới"
    tables["findings"] = findings.set_column(
        findings.schema.get_field_index("message"), "message", pa.array(messages))
    kept = dict(marked)
    page = render_audit(tables, sections=kept)
    assert page.count("đã dùng lại") == 1 and "Thông điệp mới" in page
    assert len(kept) == 2 and set(kept) != set(marked)  # this page's sections, for the next
