"""Build the sample corpus from its annotated sources.

    .venv/bin/python corpus/build.py [--out DIR] [--no-pdf]

Writes DIR/reports/ (the input of `make run`) and DIR/gold/<report file>.jsonl, and
checks DIR/expected_findings.json against the reports. DIR defaults to corpus/.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(CORPUS_DIR), str(CORPUS_DIR.parent)]

from annotated_source import (  # noqa: E402
    CELL_JOINER,
    RenderedReport,
    SourceError,
    collapse_whitespace,
    gold_records,
    render,
)
from expected_findings import check_findings  # noqa: E402

from pipeline.ingest.legacy import decode_legacy, encode_legacy  # noqa: E402

FONT = "DejaVu Serif"
ROMAN_LABEL = re.compile(r"^[IVX]+\.\s")
MARKDOWN_HEADING = re.compile(r"^#+ ", re.MULTILINE)


@dataclass(frozen=True)
class ReportSpec:
    source: str  # file in corpus/sources/
    output: str  # file in reports/
    write: Callable[[RenderedReport, Path], None]
    read: Callable[[Path], str]  # the text back, to tell whether a binary output is stale
    binary: bool = False  # not byte-reproducible (zip and PDF timestamps)


def write_utf8(report: RenderedReport, path: Path) -> None:
    path.write_text(report.text, encoding="utf-8")


def write_markdown(report: RenderedReport, path: Path) -> None:
    """Headings get markdown markers; everything else is the plain text."""
    lines = []
    for line in report.lines:
        if line.text.startswith("Phần thứ"):
            lines.append("## " + line.text)
        elif line.text == "BÁO CÁO":
            lines.append("# " + line.text)
        elif ROMAN_LABEL.match(line.text):
            lines.append("### " + line.text)
        else:
            lines.append(line.text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_tcvn3(report: RenderedReport, path: Path) -> None:
    encoded = encode_legacy(report.text, "tcvn3")
    if decode_legacy(encoded, "tcvn3") != report.text:
        raise SourceError(f"{report.name}: văn bản không viết trọn vẹn được bằng TCVN3 "
                          "(chữ hoa có dấu?)")
    path.write_bytes(encoded)


def write_docx(report: RenderedReport, path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(3)
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        table.style = "Table Grid"
        for row_index, cells in enumerate(table_rows):
            for column, text in enumerate(cells):
                cell = table.cell(row_index, column)
                run = cell.paragraphs[0].add_run(text)
                run.bold = row_index == 0 or text.startswith("Tổng")
        table_rows.clear()

    for line in report.lines:
        if line.cells is not None:
            table_rows.append(line.cells)
            continue
        flush_table()
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line.text)
        is_caps = line.text.upper() == line.text and line.text.lower() != line.text
        if is_caps or line.text.startswith("Phần thứ") or ROMAN_LABEL.match(line.text):
            run.bold = True
            if not ROMAN_LABEL.match(line.text):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    flush_table()
    document.core_properties.title = report.lines[0].text if report.lines else ""
    document.save(str(path))


def write_through_libreoffice(report: RenderedReport, path: Path) -> None:
    """The .docx, converted by LibreOffice to the format `path` names (.pdf, .doc)."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / (path.stem + ".docx")
        write_docx(report, source)
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{scratch}/profile",
             "--convert-to", path.suffix.lstrip("."), "--outdir", scratch, str(source)],
            check=True, capture_output=True, timeout=120)
        shutil.copyfile(Path(scratch) / path.name, path)



def read_utf8(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def read_tcvn3(path: Path) -> str:
    return decode_legacy(path.read_bytes(), "tcvn3")


def read_markdown(path: Path) -> str:
    return MARKDOWN_HEADING.sub("", path.read_text(encoding="utf-8"))


def read_docx(path: Path) -> str:
    import docx

    lines = []
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += [CELL_JOINER.join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines)


def read_doc(path: Path) -> str:
    """A legacy .doc, through the ingest's own LibreOffice conversion."""
    from pipeline.ingest.office import convert_to_docx

    with tempfile.TemporaryDirectory() as scratch:
        return read_docx(convert_to_docx(path, Path(scratch)))


def read_pdf(path: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


REPORTS = (
    ReportSpec("2020.txt", "bao-cao-2020.txt", write_tcvn3, read_tcvn3),
    ReportSpec("2021.txt", "bao-cao-2021.docx", write_docx, read_docx, binary=True),
    ReportSpec("2022.txt", "bao-cao-2022.pdf", write_through_libreoffice, read_pdf,
               binary=True),
    ReportSpec("2023.txt", "bao-cao-2023.txt", write_utf8, read_utf8),
    ReportSpec("2023-6-thang.txt", "bao-cao-6-thang-dau-nam-2023.md", write_markdown,
               read_markdown),
)


def load_report(spec: ReportSpec, sources_dir: Path = CORPUS_DIR / "sources") -> RenderedReport:
    return render(spec.output, (sources_dir / spec.source).read_text(encoding="utf-8"))


def write_gold(report: RenderedReport, path: Path) -> None:
    lines = [json.dumps(record, ensure_ascii=False) for record in gold_records(report)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def comparable_text(text: str) -> str:
    """Text with whitespace runs and table cell joiners reduced to one space (a PDF's text
    layer has no cell joiners)."""
    return collapse_whitespace(text.replace(CELL_JOINER, " "))


def is_current(spec: ReportSpec, report: RenderedReport, path: Path) -> bool:
    """A binary output whose text already matches its source is kept, so that rebuilding
    does not churn files that differ only in timestamps."""
    return path.exists() and comparable_text(spec.read(path)) == comparable_text(report.text)


def build(out_dir: Path, make_pdf: bool = True, force: bool = False
          ) -> dict[str, RenderedReport]:
    reports_dir, gold_dir = out_dir / "reports", out_dir / "gold"
    reports_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    reports = {}
    for spec in REPORTS:
        report = load_report(spec)
        reports[spec.output] = report
        write_gold(report, gold_dir / f"{spec.output}.jsonl")
        target = reports_dir / spec.output
        if spec.write is write_through_libreoffice and not make_pdf:
            continue
        if spec.binary and not force and is_current(spec, report, target):
            continue
        spec.write(report, target)
    findings = json.loads((CORPUS_DIR / "expected_findings.json").read_text(encoding="utf-8"))
    problems = check_findings(findings, {name: r.text for name, r in reports.items()})
    if problems:
        raise SourceError("expected_findings.json:\n" + "\n".join(problems))
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dựng bộ báo cáo mẫu từ nguồn có chú thích")
    parser.add_argument("--out", type=Path, default=CORPUS_DIR)
    parser.add_argument("--no-pdf", action="store_true", help="bỏ qua bước soffice")
    parser.add_argument("--force", action="store_true",
                        help="ghi lại cả tệp docx/pdf có nội dung không đổi")
    args = parser.parse_args(argv)
    try:
        reports = build(args.out, make_pdf=not args.no_pdf, force=args.force)
    except SourceError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    for name, report in reports.items():
        print(f"{name}: {len(report.text)} ký tự, {len(gold_records(report))} bản ghi gold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
