"""Scanned pages -> positioned lines, with Tesseract and its Vietnamese data ('vie').

How pages reach Tesseract is one set of `OcrSettings`; `benchmarks/ocr.py` measures the
alternatives (resolution, segmentation mode, image format, pages per process) for speed and
character accuracy on real scans, and `SETTINGS` is the one that won.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextvars import copy_context
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL.Image import Image

from pipeline.ingest import tool_cache
from pipeline.ingest.layout import Line
from pipeline.ingest.normalize import normalize_text, repair_ocr
from pipeline.model import IngestError, MissingToolError

OCR_LANGUAGE = "vie"
MAX_OCR_WORKERS = 4
TESSERACT_TIMEOUT_S_PER_PAGE = 120
# What a scanned page adds to its file's time limit in a batch: a dense page takes about 5 s
# of a core (benchmarks/ocr.py), four times that while the batch's other workers share it.
BATCH_SECONDS_PER_PAGE = 20.0
TESSERACT_PACKAGES = "Tesseract với dữ liệu tiếng Việt (Debian: tesseract-ocr tesseract-ocr-vie)"


@dataclass(frozen=True)
class OcrSettings:
    dpi: int = 300  # pages are rendered at this resolution
    psm: int = 3  # Tesseract's page segmentation mode (3: automatic layout)
    image_format: str = "PNG"  # how a page is written for Tesseract (PNG costs a compression)
    pages_per_process: int = 1  # one Tesseract (one model load) reads this many pages
    threads: int = 1  # OMP_THREAD_LIMIT: its own threads make parallel pages much slower
    binarize: bool = False  # black and white by Otsu's threshold here, not in Tesseract
    variables: tuple[tuple[str, str], ...] = ()  # Tesseract's `-c name=value` settings


# What `python -m benchmarks.ocr` measured (CPU time, 4 real scanned pages): an uncompressed
# image and one Tesseract for several pages save the PNG compression and the model loads, and
# read the same text. Black and white by Otsu's threshold before Tesseract is 1.2x the pages
# per core again and reads the real report's scan better (character error rate 0.0020 ->
# 0.0016); without Tesseract's search for tables in the layout, 1.1x again with the same
# text on every page (none of the scans has a ruled table). 200 dpi would read 1.4x the
# pages per core but splits one citation ("TT- BNV") and loses a date of `make eval`'s scan
# row, so 300 dpi stays; psm 6 (one block) is 1.2x but reads the letterheads' two columns
# as one (28% of a letter's text changes).
SETTINGS = OcrSettings(dpi=300, psm=3, image_format="PPM", pages_per_process=4,
                       binarize=True, variables=(("textord_tabfind_find_tables", "0"),))
OCR_DPI = SETTINGS.dpi


@cache
def _tesseract_ready() -> str | None:
    """None when Tesseract with Vietnamese data can run, else why not (in Vietnamese)."""
    try:
        import pytesseract
    except ImportError:
        return "thiếu gói Python pytesseract"
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return "chưa cài Tesseract"
    try:
        if OCR_LANGUAGE not in pytesseract.get_languages(config=""):
            return "Tesseract chưa có dữ liệu tiếng Việt (vie)"
    except Exception as error:  # a broken install: report it rather than crash the run
        return f"Tesseract không chạy được ({error})"
    return None


def require_tesseract() -> None:
    problem = _tesseract_ready()
    if problem:
        raise MissingToolError("PDF là bản quét (không có lớp chữ); cần Tesseract với dữ liệu "
                               f"tiếng Việt (tesseract-ocr-vie) để nhận dạng chữ: {problem}",
                               install=TESSERACT_PACKAGES)


def _tesseract_words(images: list[Image], settings: OcrSettings) -> list[list[dict[str, str]]]:
    """One Tesseract process over `images`: per image, its TSV rows of recognized words."""
    import pytesseract

    with tempfile.TemporaryDirectory(prefix="baocao-ocr-") as scratch:
        paths = []
        for index, image in enumerate(images):
            path = Path(scratch) / f"{index:05d}.{settings.image_format.lower()}"
            (otsu_binarized(image) if settings.binarize else image).save(
                path, format=settings.image_format)
            paths.append(str(path))
        source = paths[0]
        if len(paths) > 1:
            source = str(Path(scratch) / "pages.txt")
            Path(source).write_text("\n".join(paths) + "\n", encoding="utf-8")
        command = [pytesseract.pytesseract.tesseract_cmd, source, "stdout", "-l", OCR_LANGUAGE,
                   "--psm", str(settings.psm),
                   *(part for name, value in settings.variables
                     for part in ("-c", f"{name}={value}")), "tsv"]
        environment = os.environ | {"OMP_THREAD_LIMIT": str(settings.threads)}
        try:
            done = subprocess.run(command, capture_output=True, env=environment, check=True,
                                  timeout=TESSERACT_TIMEOUT_S_PER_PAGE * len(images))
        except subprocess.TimeoutExpired as error:
            raise IngestError(f"Tesseract không nhận dạng xong {len(images)} trang quét trong "
                              f"{error.timeout:.0f} giây") from error
        except subprocess.CalledProcessError as error:
            detail = error.stderr.decode("utf-8", "replace").strip()[-300:]
            raise IngestError(f"Tesseract lỗi khi nhận dạng trang quét: {detail}") from error
    pages: list[list[dict[str, str]]] = [[] for _ in images]
    rows = csv.DictReader(done.stdout.decode("utf-8", "replace").splitlines(),
                          delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in rows:
        if row.get("text") and row["text"].strip() and row.get("page_num"):
            pages[int(row["page_num"]) - 1].append(row)
    return pages


def otsu_binarized(image: Image) -> Image:
    """The page in black and white at Otsu's threshold (the one between-class variance is
    largest at) over its grey levels."""
    import numpy as np

    grey = image.convert("L")
    counts = np.bincount(np.asarray(grey).ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    below = np.cumsum(counts)
    above = below[-1] - below
    below_sum = np.cumsum(counts * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_below = below_sum / below
        mean_above = (below_sum[-1] - below_sum) / above
        variance = below * above * (mean_below - mean_above) ** 2
    finite = np.isfinite(variance)
    # one grey level only (a blank page): nothing to separate, the middle grey decides
    threshold = int(np.argmax(np.where(finite, variance, -1.0))) if finite.any() else 127
    return grey.point(lambda level: 255 if level > threshold else 0, mode="1")


def _lines(words: list[dict[str, str]], page_number: int) -> list[Line]:
    """Tesseract's words grouped into its lines, in its reading order."""
    grouped: dict[tuple[str, str, str], list[dict[str, int | str]]] = {}
    for row in words:
        key = (row["block_num"], row["par_num"], row["line_num"])
        grouped.setdefault(key, []).append(
            {"text": row["text"]} | {name: int(row[name])
                                     for name in ("left", "top", "width", "height")})
    lines = []
    for line_words in grouped.values():
        texts = [repair_ocr(normalize_text(str(word["text"]))) for word in line_words]
        left = min(int(word["left"]) for word in line_words)
        first = line_words[0]
        lines.append(Line(
            text=" ".join(texts), page=page_number, left=left,
            right=max(int(word["left"]) + int(word["width"]) for word in line_words),
            height=max(int(word["height"]) for word in line_words),
            first_word_width=int(first["left"]) + int(first["width"]) - left,
            y=sum(int(word["top"]) + int(word["height"]) / 2
                  for word in line_words) / len(line_words),
        ))
    return lines


def ocr_batch(pages: list[tuple[int, Image]],
              settings: OcrSettings = SETTINGS) -> dict[int, list[Line]]:
    """Page number -> lines, for pages read by one Tesseract process (those the tool cache
    does not already hold)."""
    folder = tool_cache.cache_folder()
    keys: dict[int, str] = {}
    words: dict[int, list[dict[str, str]]] = {}
    if folder is not None:
        for number, image in pages:
            keys[number] = _page_key(image, settings)
            cached = _unpacked(tool_cache.read(folder, "tesseract", keys[number]))
            if cached is not None:
                words[number] = cached
    unread = [(number, image) for number, image in pages if number not in words]
    if unread:
        read = _tesseract_words([image for _, image in unread], settings)
        for (number, _), page_words in zip(unread, read, strict=True):
            words[number] = page_words
            if folder is not None:
                tool_cache.write(folder, "tesseract", keys[number], _packed(page_words))
    return {number: _lines(words[number], number) for number, _ in pages}


# what `_lines` reads of Tesseract's TSV rows: all a cached page keeps, in this order
_WORD_FIELDS = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "text")


def _page_key(image: Image, settings: OcrSettings) -> str:
    """Changes with the page's pixels, the settings, Tesseract's version and its data."""
    import pytesseract

    tesseract = pytesseract.pytesseract.tesseract_cmd
    return tool_cache.key(tool_cache.tool_output(tesseract, "--version"),
                          _language_data(tesseract), repr(settings),
                          repr((image.mode, image.size)), image.tobytes())


@cache
def _language_data(tesseract: str) -> str:
    """Where Tesseract's data for OCR_LANGUAGE is, with its size and modification time."""
    listing = tool_cache.tool_output(tesseract, "--list-langs")
    folder = listing.split('"')[1] if listing.count('"') >= 2 else ""
    try:
        data = (Path(folder) / f"{OCR_LANGUAGE}.traineddata").stat()
    except OSError:
        return folder
    return f"{folder} {data.st_size} {data.st_mtime_ns}"


def _packed(words: list[dict[str, str]]) -> bytes:
    rows = [[str(word.get(name, "")) for name in _WORD_FIELDS] for word in words]
    return gzip.compress(json.dumps(rows, ensure_ascii=False).encode())


def _unpacked(data: bytes | None) -> list[dict[str, str]] | None:
    if data is None:
        return None
    try:
        return [dict(zip(_WORD_FIELDS, row, strict=True))
                for row in json.loads(gzip.decompress(data))]
    except (ValueError, TypeError, EOFError, OSError):  # a damaged entry: read the page
        return None


def ocr_pages(images: Iterable[tuple[int, Image]],
              settings: OcrSettings = SETTINGS) -> dict[int, list[Line]]:
    """Page number -> lines. Batches of pages run in parallel, one Tesseract process each on
    one thread. Pages are dealt to the workers in turn (a 3-page scan on 2 cores is read as
    2 + 1 pages at once) and taken from `images` only as batches fill, so a long scan is never
    all in memory as images."""
    require_tesseract()
    workers = max(1, min(MAX_OCR_WORKERS, os.cpu_count() or 1))
    found: dict[int, list[Line]] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running: set[Future[dict[int, list[Line]]]] = set()

        def submit(batch: list[tuple[int, Image]]) -> None:
            nonlocal running
            if len(running) >= workers:
                finished, running = wait(running, return_when="FIRST_COMPLETED")
                for future in finished:
                    found.update(future.result())
            # the batch sees this thread's context (the tool cache of a Dask task)
            running.add(pool.submit(copy_context().run, ocr_batch, batch, settings))

        filling: list[list[tuple[int, Image]]] = [[] for _ in range(workers)]
        for index, page in enumerate(images):
            batch = filling[index % workers]
            batch.append(page)
            if len(batch) == settings.pages_per_process:
                submit(batch)
                filling[index % workers] = []
        for batch in filling:
            if batch:
                submit(batch)
        for future in running:
            found.update(future.result())
    return found
