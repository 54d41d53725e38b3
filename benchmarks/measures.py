"""The measurements of `make bench`, each a function returning one row of figures.

They live outside `__main__` so that spawned worker processes can import them.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "corpus"
SAMPLES = ROOT / "corpus" / "reports"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_ingest(path: str) -> dict:
    from pipeline.ingest import ingest

    document = ingest(Path(path))
    repeat = 1 if document.format == "pdf-ocr" else 5
    seconds = best_of(repeat, lambda: ingest(Path(path)))
    size_mb = Path(path).stat().st_size / 1e6
    row = {"what": f"ingest {Path(path).name} ({document.format})", "seconds": seconds}
    if document.pages:  # plain text and Word files have no pages
        row["pages_per_s"] = document.pages / seconds
    return row | {
        "mb_per_s": size_mb / seconds,
        "kb_text_per_s": len(document.text.encode()) / 1e3 / seconds,
        "peak_mb": peak_rss_mb(),
    }


def bench_raw_pdf_text(path: str) -> dict:
    """pypdfium2's text extraction alone: the floor the PDF ingestor's overhead is measured on."""
    import pypdfium2

    def extract() -> None:
        pdf = pypdfium2.PdfDocument(path)
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()

    seconds = best_of(5, extract)
    pages = len(pypdfium2.PdfDocument(path))
    return {"what": f"raw pypdfium2 text {Path(path).name}", "seconds": seconds,
            "pages_per_s": pages / seconds, "peak_mb": peak_rss_mb()}


def real_text() -> str:
    from pipeline.ingest import ingest

    return ingest(REAL / "bao-cao-2021.txt").text


def bench_extractors(scale: int) -> dict:
    """Extractors alone over the real report's text repeated `scale` times."""
    from extractors import citations, dates, quantities

    text = "\n".join([real_text()] * scale)

    def run() -> None:
        found_citations = citations.extract(text)
        found_dates = dates.extract(text)
        taken = [(c.char_start, c.char_end) for c in found_citations]
        taken += [(d.char_start, d.char_end) for d in found_dates]
        quantities.extract(text, taken=taken)

    seconds = best_of(3 if scale == 1 else 1, run)
    kb = len(text.encode()) / 1e3
    return {"what": f"extractors on {kb:,.0f} KB", "seconds": seconds,
            "kb_text_per_s": kb / seconds, "peak_mb": peak_rss_mb()}


def bench_text_to_tables() -> dict:
    """The whole run from normalized text to table rows, against underthesea's word_tokenize."""
    from underthesea import word_tokenize

    from pipeline.ingest import ingest
    from pipeline.process import extract_rows

    document = ingest(REAL / "bao-cao-2021.txt")
    extract_rows(document, "warmup", None)  # loads models once, as a long batch would
    word_tokenize("khởi động")
    tables = best_of(3, lambda: extract_rows(document, "bench", None))
    tokenize = best_of(3, lambda: word_tokenize(document.text))
    return {"what": "text -> tables vs word_tokenize", "seconds": tables,
            "word_tokenize_s": tokenize, "ratio": tables / tokenize, "peak_mb": peak_rss_mb()}


def bench_comparer(reports: int = 1000) -> dict:
    """The comparer over a store of `reports` documents, against the time extraction takes.

    The sample reports are read once (their mean file -> rows time is measured); the store is
    then made of their rows copied under new ids: reports / 5 agencies, each with the five
    reports of the sample series (four years and a half-year), so that every cross-document
    rule has partners to look up.
    """
    import time

    from pipeline.comparer import compare
    from pipeline.process import process_file
    from pipeline.store import empty_tables, replace_documents

    files = sorted(SAMPLES.glob("*"))
    process_file(files[0])  # loads the models once, as a long batch would
    started = time.perf_counter()
    samples = [process_file(path).rows for path in files]
    extract_seconds = (time.perf_counter() - started) / len(files)
    copies = []
    for number in range(reports):
        rows = samples[number % len(samples)]
        doc_id = f"copy{number:06d}"
        agency = f"Sở {number // len(samples)}"
        copies.append({table: [_copied(row, doc_id, agency) for row in table_rows]
                       for table, table_rows in rows.items()})
    tables = replace_documents(empty_tables(), [], copies)
    seconds = best_of(1, lambda: compare(tables))
    findings = compare(tables).num_rows
    return {"what": f"comparer over {reports} reports", "seconds": seconds,
            "findings": findings, "extract_s_per_report": extract_seconds,
            "share_of_extraction": seconds / (extract_seconds * reports),
            "peak_mb": peak_rss_mb()}


def _copied(row: dict, doc_id: str, agency: str) -> dict:
    """A row of another document: its ids under `doc_id`, its document under `agency`."""
    copy = dict(row)
    old = row["doc_id"]
    copy["doc_id"] = doc_id
    for key in ("metric_id", "date_id", "ref_id", "whole_metric_id", "base_metric_id",
                "compared_metric_id"):
        if copy.get(key):
            copy[key] = copy[key].replace(old, doc_id, 1)
    if "agency" in copy:
        copy["agency"], copy["path"] = agency, f"/bench/{doc_id}.txt"
    return copy


def _report_text() -> str:
    """The real report's text, or the sample reports' when it is absent."""
    if REAL.exists():
        return real_text()
    from pipeline.ingest import ingest

    return "\n".join(ingest(path).text for path in sorted(SAMPLES.glob("*.txt")))


def bench_long_document(kilobytes: int) -> dict:
    """The whole run from text to table rows on one report of `kilobytes` (the real report
    repeated: a compilation of many reports in one file). 2 MB against 200 KB should take
    about ten times as long: nothing may depend on how far into the document a figure is."""
    import tempfile

    from pipeline.ingest import ingest
    from pipeline.process import extract_rows

    unit = _report_text()
    text = "\n".join([unit] * max(1, round(kilobytes * 1000 / len(unit.encode()))))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "compilation.txt"
        path.write_text(text, encoding="utf-8")
        document = ingest(path)
    extract_rows(ingest(REAL / "bao-cao-2021.txt") if REAL.exists() else document, "warmup",
                 None)  # loads the models once, as a long batch would
    started = time.perf_counter()
    rows = extract_rows(document, "bench", None).rows
    seconds = time.perf_counter() - started
    kb = len(text.encode()) / 1e3
    return {"what": f"long document {kb:,.0f} KB (text -> tables)", "seconds": seconds,
            "kb_text_per_s": kb / seconds, "metrics": len(rows.get("metrics", [])),
            "peak_mb": peak_rss_mb()}


def bench_lone_number_words(kilobytes: int = 1000) -> dict:
    """One line of `kilobytes` of lone number words ("hỗ trợ một hộ nghèo, cấp một nhà, ..."):
    each "một" asks whether its sentence counts the same noun in digits. Was quadratic."""
    from extractors import quantities

    unit = "hỗ trợ một hộ nghèo, cấp một nhà, "
    line = unit * (kilobytes * 1000 // len(unit.encode()))
    quantities.extract(unit)
    seconds = best_of(1, lambda: quantities.extract(line))
    kb = len(line.encode()) / 1e3
    return {"what": f"one line of lone number words, {kb:,.0f} KB", "seconds": seconds,
            "kb_text_per_s": kb / seconds, "peak_mb": peak_rss_mb()}
