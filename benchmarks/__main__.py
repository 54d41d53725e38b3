"""`make bench`: speed and memory of ingest, extraction and the comparer, on the real report and
the samples.

Each measurement runs in a fresh subprocess so that peak memory (ru_maxrss) is its own.
Prints one table; `--json FILE` also writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks import archive, ocr
from benchmarks.measures import (
    REAL,
    SAMPLES,
    bench_comparer,
    bench_extractors,
    bench_ingest,
    bench_lone_number_words,
    bench_long_document,
    bench_raw_pdf_text,
    bench_text_to_tables,
)


def in_subprocess(function: Callable[..., dict], *args: object) -> dict:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        try:
            return pool.apply(function, args)
        except Exception as error:  # a failing measurement is reported, the others still run
            return {"what": f"{function.__name__}{args}", "error": str(error)}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-ocr", action="store_true",
                        help="skip the scanned PDF and the OCR settings")
    parser.add_argument("--archive", metavar="SIZES",
                        help="archive sizes in reports, e.g. 100,1000,10000 (default "
                             f"{','.join(map(str, archive.DEFAULT_SIZES))}, or "
                             "BAOCAO_BENCH_ARCHIVE); 0 skips the archive case")
    parser.add_argument("--archive-only", action="store_true",
                        help="only the archive case")
    options = parser.parse_args()

    results = []
    for reports in archive.sizes(options.archive):
        if reports > 0:
            results += archive.bench_archive(reports)
    if options.archive_only:
        return report(results, options.json)
    files = sorted(SAMPLES.glob("*")) if SAMPLES.exists() else []
    if REAL.exists():
        files = sorted(REAL.glob("bao-cao-2021*")) + files
    else:
        print(f"(the real report is not at {REAL}: measuring the samples only)", file=sys.stderr)
    for path in files:
        if options.no_ocr and "scan" in path.name:
            continue
        results.append(in_subprocess(bench_ingest, str(path)))
        if path.suffix == ".pdf" and "scan" not in path.name:
            results.append(in_subprocess(bench_raw_pdf_text, str(path)))
    if REAL.exists():
        for scale in (1, 20, 100):
            results.append(in_subprocess(bench_extractors, scale))
        results.append(in_subprocess(bench_text_to_tables))
    if REAL.exists() or SAMPLES.exists():
        for kilobytes in (200, 2000):
            results.append(in_subprocess(bench_long_document, kilobytes))
    results.append(in_subprocess(bench_lone_number_words, 1000))
    if SAMPLES.exists():
        results.append(in_subprocess(bench_comparer, 1000))
    if not options.no_ocr:
        pages = ocr.scanned_pages()
        if pages:
            results += ocr.bench_settings(pages, ocr.CANDIDATES, 1)
    return report(results, options.json)


def report(results: list[dict], json_path: Path | None) -> int:
    for row in results:
        figures = "  ".join(
            f"{key}={value:,.3f}" if isinstance(value, float) else f"{key}={value}"
            for key, value in row.items() if key not in ("what", "settings"))
        print(f"{row['what']:<48} {figures}")
    raw_seconds = {r["what"].split()[-1]: r["seconds"] for r in results
                   if r["what"].startswith("raw pypdfium2") and "seconds" in r}
    for row in results:
        name = row["what"].split()[1] if row["what"].startswith("ingest") else None
        if name in raw_seconds and "seconds" in row:
            overhead = row["seconds"] / raw_seconds[name] - 1
            print(f"pipeline overhead on {name}: {overhead:.0%} of raw pypdfium2 text extraction")
    long = {row["what"]: row["seconds"] for row in results
            if row["what"].startswith("long document") and "seconds" in row}
    if len(long) == 2:
        short_s, long_s = long.values()
        print(f"long document: 10x the text took {long_s / short_s:.1f}x the time (linear: ~10)")
    if json_path:
        json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
