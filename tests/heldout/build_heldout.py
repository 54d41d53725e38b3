"""Held-out sets: annotated sources -> reports and gold, with the corpus's own machinery.

    .venv/bin/python tests/heldout/build_heldout.py          # write every set's reports/, gold/
    .venv/bin/python tests/heldout/build_heldout.py --check  # only check they are current

Each set is a folder of tests/ holding sources/, reports/ and gold/.

The annotation format and the gold derivation are those of corpus/annotated_source.py and
the writers those of corpus/build.py (imported, not copied).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

HELDOUT = Path(__file__).resolve().parent
TESTS = HELDOUT.parent
REPOSITORY = TESTS.parent


def _load_corpus_build() -> ModuleType:
    """corpus/build.py (not a package): it puts corpus/ and the repository on sys.path."""
    name = "corpus_build"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPOSITORY / "corpus" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


corpus_build = _load_corpus_build()
annotated_source = sys.modules["annotated_source"]


@dataclass(frozen=True)
class HeldoutReport:
    source: str  # file in sources/
    output: str  # file in reports/; its gold is gold/<output>.jsonl
    write: Callable
    read: Callable[[Path], str]
    binary: bool = False


# folder -> its reports (evaluation/documents.py names each set in `make eval`)
SETS: dict[Path, tuple[HeldoutReport, ...]] = {
    TESTS / "heldout": (
        HeldoutReport("huyen-lac-thach-6-thang-2024.txt", "huyen-lac-thach-6-thang-2024.txt",
                      corpus_build.write_utf8, corpus_build.read_utf8),
        HeldoutReport("so-y-te-dong-lam-2023.txt", "so-y-te-dong-lam-2023.docx",
                      corpus_build.write_docx, corpus_build.read_docx, binary=True),
        HeldoutReport("so-ldtbxh-hai-minh-quy-1-2025.txt", "so-ldtbxh-hai-minh-quy-1-2025.txt",
                      corpus_build.write_utf8, corpus_build.read_utf8),
    ),
    TESTS / "heldout2": (
        HeldoutReport("so-nn-binh-khe-2024.txt", "so-nn-binh-khe-2024.pdf",
                      corpus_build.write_through_libreoffice, corpus_build.read_pdf, binary=True),
        HeldoutReport("xa-dong-hung-2024.txt", "xa-dong-hung-2024.txt",
                      corpus_build.write_utf8, corpus_build.read_utf8),
        HeldoutReport("so-gd-quang-hoa-2023-2024.txt", "so-gd-quang-hoa-2023-2024.docx",
                      corpus_build.write_docx, corpus_build.read_docx, binary=True),
    ),
    TESTS / "heldout3": (
        HeldoutReport("so-tc-kim-ha-2024.txt", "so-tc-kim-ha-2024.doc",
                      corpus_build.write_through_libreoffice, corpus_build.read_doc, binary=True),
        HeldoutReport("ban-atgt-tan-ninh-9-thang-2025.txt", "ban-atgt-tan-ninh-9-thang-2025.pdf",
                      corpus_build.write_through_libreoffice, corpus_build.read_pdf, binary=True),
        HeldoutReport("bhxh-hoa-son-2024.txt", "bhxh-hoa-son-2024.txt",
                      corpus_build.write_utf8, corpus_build.read_utf8),
    ),
    TESTS / "heldout4": (
        HeldoutReport("so-tnmt-thach-linh-2024.txt", "so-tnmt-thach-linh-2024.docx",
                      corpus_build.write_docx, corpus_build.read_docx, binary=True),
        HeldoutReport("so-vhttdl-ngoc-son-2023.txt", "so-vhttdl-ngoc-son-2023.pdf",
                      corpus_build.write_through_libreoffice, corpus_build.read_pdf, binary=True),
        HeldoutReport("so-ct-phu-giang-10-thang-2025.txt", "so-ct-phu-giang-10-thang-2025.txt",
                      corpus_build.write_utf8, corpus_build.read_utf8),
    ),
}


def render_report(report: HeldoutReport, folder: Path):
    return annotated_source.render(
        report.output, (folder / "sources" / report.source).read_text(encoding="utf-8"))


def gold_lines(report: HeldoutReport, folder: Path) -> str:
    records = annotated_source.gold_records(render_report(report, folder))
    return "\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n"


def gold_path(report: HeldoutReport, folder: Path) -> Path:
    return folder / "gold" / f"{report.output}.jsonl"


def report_is_current(report: HeldoutReport, folder: Path) -> bool:
    path = folder / "reports" / report.output
    return path.exists() and (corpus_build.comparable_text(report.read(path))
                              == corpus_build.comparable_text(render_report(report, folder).text))


def build(reports: tuple[HeldoutReport, ...], folder: Path) -> None:
    (folder / "reports").mkdir(exist_ok=True)
    (folder / "gold").mkdir(exist_ok=True)
    for report in reports:
        if not (report.binary and report_is_current(report, folder)):
            report.write(render_report(report, folder), folder / "reports" / report.output)
        gold_path(report, folder).write_text(gold_lines(report, folder), encoding="utf-8")


def stale(reports: tuple[HeldoutReport, ...], folder: Path) -> list[str]:
    """Reports or gold files that do not match their source."""
    problems = []
    for report in reports:
        if not report_is_current(report, folder):
            problems.append(str(folder / "reports" / report.output))
        path = gold_path(report, folder)
        if not path.exists() or path.read_text(encoding="utf-8") != gold_lines(report, folder):
            problems.append(str(path))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Dựng các bộ đánh giá held-out từ nguồn chú thích.")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi")
    args = parser.parse_args(argv)
    problems = []
    for folder, reports in SETS.items():
        if not args.check:
            build(reports, folder)
        problems += stale(reports, folder)
    for problem in problems:
        print(f"Chưa cập nhật: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
