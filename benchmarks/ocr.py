"""OCR settings against each other: pages/s per core and character error rate.

    .venv/bin/python -m benchmarks.ocr [--json FILE] [--repeat N]

Pages: the scanned form of the real report (`../shared/corpus/bao-cao-2021-scan.pdf`, its
three pages checked against the text layer of the same pages of `bao-cao-2021.pdf`) and every
page without a text layer of the PDFs in `../shared/real` (no reference text: their error
rate is against what today's settings read, a measure of drift, not of accuracy).

Speed is CPU time (this process's rendering and image writing plus Tesseract's own, which
runs on one thread), so pages/s per core does not depend on what else the machine runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import unicodedata
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
from rapidfuzz.distance import Levenshtein

from benchmarks.measures import REAL
from pipeline.ingest.ocr import SETTINGS, OcrSettings, ocr_batch, ocr_pages
from pipeline.ingest.plausibility import vietnamese_score

REAL_ARCHIVE = REAL.parent / "real"
TODAY = OcrSettings(dpi=300, psm=3, image_format="PNG", pages_per_process=1)


@dataclass
class ScannedPage:
    label: str
    pdf: Path
    index: int
    reference: str | None  # the text of the same page, where the archive has it


def comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def scanned_pages() -> list[ScannedPage]:
    pages = []
    scan, text = REAL / "bao-cao-2021-scan.pdf", REAL / "bao-cao-2021.pdf"
    if scan.exists() and text.exists():
        text_pdf = pdfium.PdfDocument(str(text))
        for index in range(len(pdfium.PdfDocument(str(scan)))):
            reference = text_pdf[index].get_textpage().get_text_range()
            pages.append(ScannedPage(f"{scan.name} p{index + 1}", scan, index, reference))
    for path in sorted(REAL_ARCHIVE.glob("**/*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        for index, page in enumerate(pdf):
            if not page.get_textpage().get_text_range().strip():
                pages.append(ScannedPage(f"{path.name} p{index + 1}", path, index, None))
    return pages


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def read(pages: list[ScannedPage], settings: OcrSettings) -> tuple[list[str], float, float]:
    """The text of each page, CPU seconds and wall seconds, all pages in this process."""
    cpu, wall = cpu_seconds(), time.perf_counter()
    images = []
    for number, page in enumerate(pages, start=1):
        pdf = pdfium.PdfDocument(str(page.pdf))
        images.append((number, pdf[page.index].render(scale=settings.dpi / 72,
                                                      grayscale=True).to_pil()))
    found: dict = {}
    for start in range(0, len(images), settings.pages_per_process):
        found |= ocr_batch(images[start:start + settings.pages_per_process], settings)
    texts = [comparable(" ".join(line.text for line in found[number]))
             for number in range(1, len(pages) + 1)]
    return texts, cpu_seconds() - cpu, time.perf_counter() - wall


def error_rate(found: list[str], expected: list[str]) -> float:
    edits = sum(Levenshtein.distance(a, b) for a, b in zip(found, expected, strict=True))
    return edits / max(1, sum(len(text) for text in expected))


FAST = OcrSettings(dpi=200, psm=3, image_format="PPM", pages_per_process=4)
CANDIDATES: dict[str, OcrSettings] = {
    "today (300 dpi, psm 3, PNG, 1 page/process)": TODAY,
    "200 dpi": replace(TODAY, dpi=200),
    "150 dpi": replace(TODAY, dpi=150),
    "psm 4": replace(TODAY, psm=4),
    "psm 6": replace(TODAY, psm=6),
    "uncompressed image (PPM)": replace(TODAY, image_format="PPM"),
    "4 pages/process": replace(TODAY, pages_per_process=4),
    "300 dpi, PPM, 4 pages/process (the previous choice)": replace(
        SETTINGS, binarize=False, variables=()),
    "binarized (Otsu)": replace(TODAY, binarize=True),
    "250 dpi, binarized": replace(SETTINGS, dpi=250),
    "300 dpi, PPM, 4 pages/process, binarized": replace(SETTINGS, variables=()),
    "chosen, psm 6": replace(SETTINGS, psm=6),
    "chosen (300 dpi, PPM, 4 pages/process, binarized, no table search)": SETTINGS,
    "200 dpi, PPM, 4 pages/process": FAST,
    "200 dpi, PPM, 4 pages/process, psm 4": replace(FAST, psm=4),
    "200 dpi, PPM, 4 pages/process, psm 6": replace(FAST, psm=6),
    "150 dpi, PPM, 4 pages/process, psm 6": replace(FAST, dpi=150, psm=6),
}


def bench_settings(pages: list[ScannedPage], candidates: dict[str, OcrSettings],
                   repeat: int) -> list[dict]:
    referenced = [i for i, page in enumerate(pages) if page.reference is not None]
    unreferenced = [i for i, page in enumerate(pages) if page.reference is None]
    baseline: list[str] | None = None
    rows = []
    for name, settings in candidates.items():
        runs = [read(pages, settings) for _ in range(repeat)]
        texts = runs[0][0]
        cpu = min(run[1] for run in runs)
        if baseline is None:
            baseline = texts
        row = {"what": f"ocr {name}", "pages": len(pages), "cpu_s": cpu,
               "pages_per_s_per_core": len(pages) / cpu,
               "wall_s": min(run[2] for run in runs)}
        if referenced:
            row["cer"] = error_rate([texts[i] for i in referenced],
                                    [comparable(pages[i].reference or "") for i in referenced])
        if unreferenced:
            row["drift_vs_today"] = error_rate([texts[i] for i in unreferenced],
                                               [baseline[i] for i in unreferenced])
            # Without a reference, how Vietnamese the text reads (1.0: every word a syllable).
            row["plausibility_unreferenced"] = sum(
                vietnamese_score(texts[i]) for i in unreferenced) / len(unreferenced)
        rows.append(row | {"settings": asdict(settings)})
    return rows


def bench_threads(pages: list[ScannedPage]) -> list[dict]:
    """All pages at once through `ocr_pages` (one process per core) with Tesseract's own
    threads limited to one, against leaving them to OpenMP, in wall time."""
    rows = []
    for threads in (1, os.cpu_count() or 1):
        settings = replace(TODAY, threads=threads)
        images = [(n, pdfium.PdfDocument(str(p.pdf))[p.index].render(
            scale=settings.dpi / 72, grayscale=True).to_pil()) for n, p in enumerate(pages, 1)]
        cpu, wall = cpu_seconds(), time.perf_counter()
        ocr_pages(images, settings)
        rows.append({"what": f"ocr_pages, OMP_THREAD_LIMIT={threads}", "pages": len(pages),
                     "cpu_s": cpu_seconds() - cpu, "wall_s": time.perf_counter() - wall})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ocr")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per setting")
    parser.add_argument("--threads", action="store_true",
                        help="also compare OMP_THREAD_LIMIT=1 with Tesseract's own threads")
    options = parser.parse_args()
    pages = scanned_pages()
    if not pages:
        print(f"no scanned pages under {REAL} or {REAL_ARCHIVE}", file=sys.stderr)
        return 1
    print(f"{len(pages)} scanned pages: " + ", ".join(page.label for page in pages))
    rows = bench_settings(pages, CANDIDATES, options.repeat)
    if options.threads:
        rows += bench_threads(pages)
    for row in rows:
        figures = "  ".join(f"{key}={value:,.3f}" if isinstance(value, float) else
                            f"{key}={value}" for key, value in row.items()
                            if key not in ("what", "settings"))
        print(f"{row['what']:<48} {figures}")
    if options.json:
        options.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
