"""Scanned pages -> positioned lines, with Tesseract and its Vietnamese data ('vie')."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from PIL.Image import Image

from pipeline.ingest.layout import Line
from pipeline.ingest.normalize import normalize_text, repair_ocr
from pipeline.model import MissingToolError

OCR_LANGUAGE = "vie"
OCR_DPI = 300
MAX_OCR_WORKERS = 4
TESSERACT_PACKAGES = "Tesseract với dữ liệu tiếng Việt (Debian: tesseract-ocr tesseract-ocr-vie)"


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


def _ocr_lines(image: Image, page_number: int) -> list[Line]:
    import pytesseract

    data = pytesseract.image_to_data(image, lang=OCR_LANGUAGE,
                                     output_type=pytesseract.Output.DICT)
    grouped: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(data["text"]):
        if word and word.strip():
            key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
            grouped.setdefault(key, []).append(index)
    lines = []
    for indexes in grouped.values():  # dicts keep Tesseract's reading order
        words = [repair_ocr(normalize_text(data["text"][i])) for i in indexes]
        left = min(data["left"][i] for i in indexes)
        first = indexes[0]
        lines.append(Line(
            text=" ".join(words), page=page_number, left=left,
            right=max(data["left"][i] + data["width"][i] for i in indexes),
            height=max(data["height"][i] for i in indexes),
            first_word_width=data["left"][first] + data["width"][first] - left,
            y=sum(data["top"][i] + data["height"][i] / 2 for i in indexes) / len(indexes),
        ))
    return lines


def ocr_pages(images: Iterable[tuple[int, Image]]) -> dict[int, list[Line]]:
    """Page number -> lines. Pages run in parallel, each Tesseract on one thread."""
    require_tesseract()
    # Tesseract's own OpenMP threads make parallel pages ten times slower.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    workers = max(1, min(MAX_OCR_WORKERS, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {number: pool.submit(_ocr_lines, image, number) for number, image in images}
        return {number: future.result() for number, future in futures.items()}
