"""Small hand-made stores for the report tests, and a minimal HTML tree to inspect pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pyarrow as pa

from pipeline.store.schema import SCHEMAS, empty_table, table_from_rows

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=alert(1)>"

TEXT_2022 = (
    "BÁO CÁO NĂM 2022\n"
    f"Tuyển sinh, đào tạo nghề đạt 14.600 người, gồm cao đẳng 2.150, trung cấp 1.420, "
    f"sơ cấp 10.930 {HOSTILE_SCRIPT}.\n"
    "Toàn tỉnh giải quyết việc làm cho 16.830 lao động.\n"
    "Tỷ lệ 85,2% năm nay, năm trước cũng 85,2%, so với 2.045/2.500 người.\n"
)
TEXT_2023 = (
    "BÁO CÁO NĂM 2023\n"
    f"Giải quyết việc làm cho 17.100 lao động, tăng so với năm 2022 (16.880 lao động) "
    f"{HOSTILE_IMG}.\n"
)


def _sentence(text: str, raw: str, occurrence: int = 0) -> tuple[str, int]:
    """The line holding the `occurrence`-th `raw`, and that figure's offset in the text."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(raw, start + 1)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.index("\n", start)
    return text[line_start:line_end], start


def metric(doc_id: str, number: int, text: str, raw: str, page: int | None = None,
           occurrence: int = 0) -> dict:
    sentence, start = _sentence(text, raw, occurrence)
    return {"doc_id": doc_id, "metric_id": f"{doc_id}-m{number}", "page": page,
            "sentence": sentence, "char_start": start, "char_end": start + len(raw),
            "raw": raw, "value": 0.0, "unit_class": "count", "kind": "actual"}


def finding(finding_id: str, rule: str, severity: str, doc_id: str, metric_ids: list[str],
            message: str, **extra: object) -> dict:
    return {"finding_id": finding_id, "rule": rule, "severity": severity, "doc_id": doc_id,
            "metric_ids": metric_ids, "message": message, **extra}


def store_tables(documents: list[dict], metrics: list[dict],
                 findings: list[dict]) -> dict[str, pa.Table]:
    tables = {name: empty_table(name) for name in SCHEMAS}
    tables["documents"] = table_from_rows("documents", documents)
    tables["metrics"] = table_from_rows("metrics", metrics)
    tables["findings"] = table_from_rows("findings", findings)
    return tables


def sample_tables() -> dict[str, pa.Table]:
    """Two reports and a failed file; four findings, one across the two reports.

    Document text, titles, errors and messages carry markup that must stay text.
    """
    documents = [
        {"doc_id": "d2022", "path": "/kho/bao-cao-2022.pdf", "format": "pdf", "status": "ok",
         "pages": 3, "text": TEXT_2022, "title": f"Báo cáo năm 2022 {HOSTILE_IMG}",
         "report_year": 2022},
        {"doc_id": "d2023", "path": "/kho/bao-cao-2023.txt", "format": "txt", "status": "ok",
         "text": TEXT_2023, "title": "Báo cáo năm 2023", "report_year": 2023},
        {"doc_id": "path-0bad", "path": "/kho/hong.docx", "format": "docx", "status": "failed",
         "error": f"Tệp hỏng {HOSTILE_SCRIPT}"},
    ]
    metrics = [
        metric("d2022", 1, TEXT_2022, "14.600 người", page=1),
        metric("d2022", 2, TEXT_2022, "2.150", page=1),
        metric("d2022", 3, TEXT_2022, "1.420", page=1),
        metric("d2022", 4, TEXT_2022, "10.930", page=1),
        metric("d2022", 5, TEXT_2022, "16.830 lao động", page=2),
        metric("d2022", 6, TEXT_2022, "85,2%", page=3, occurrence=1),
        metric("d2022", 7, TEXT_2022, "2.045/2.500 người", page=3),
        metric("d2023", 1, TEXT_2023, "16.880 lao động"),
        metric("d2023", 2, TEXT_2023, "17.100 lao động"),
    ]
    findings = [
        finding("f-tong", "parts_total", "error", "d2022",
                ["d2022-m1", "d2022-m2", "d2022-m3", "d2022-m4"],
                "Tổng các thành phần 2.150 + 1.420 + 10.930 là 14.500, nhưng số tổng ghi "
                "14.600 người.", expected=14500.0, observed=14600.0, cause="typo",
                tolerance=0.0, arithmetic="2.150 + 1.420 + 10.930 = 14.500 ≠ 14.600", page=1),
        finding("f-ty-le", "percentage", "warning", "d2022", ["d2022-m6", "d2022-m7"],
                f"2.045/2.500 = 81,8%, nhưng ghi 85,2%. {HOSTILE_SCRIPT}", expected=81.8,
                observed=85.2, tolerance=0.05, cause="rounding", page=3),
        finding("f-nhac-lai", "cross_year_restatement", "warning", "d2023",
                ["d2023-m1", "d2022-m5"],
                "Số liệu kỳ 2022 được nhắc lại là 16.880, nhưng báo cáo kỳ đó ghi 16.830 "
                "lao động.", other_doc_id="d2022", expected=16830.0, observed=16880.0,
                cause="typo", link_reason="cùng chỉ tiêu job_creation, kỳ 2022",
                other_page=2),
        finding("f-vuot", "target_exceeded", "info", "d2023", ["d2023-m2"],
                "Chỉ tiêu kỳ 2023 do báo cáo trước đặt ra là 17.000, thực hiện 17.100 lao "
                "động: vượt chỉ tiêu."),
    ]
    return store_tables(documents, metrics, findings)


def empty_store() -> dict[str, pa.Table]:
    return {name: empty_table(name) for name in SCHEMAS}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, class_: str | None = None,
                 **attrs: str) -> list[Node]:
        return [n for n in self.iter()
                if (tag is None or n.tag == tag) and (class_ is None or class_ in n.classes)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, class_, **attrs)
        assert found, f"no <{tag} class={class_} {attrs}>"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    """The page as a tree; fails on a tag closed out of order."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed tags"
    return builder.root
