"""Tesseract's words of page images read before, so that reading a scan again does not run
Tesseract again.

An upgrade of baocao re-reads every document of a store (its `pipeline_version` changes),
and OCR is most of a real archive's time. What Tesseract reads depends only on the page's
pixels, the OCR settings and Tesseract itself with its Vietnamese data, so its words are
kept under a key made of those, in the folder named by the environment variable
`pipeline.model.OCR_CACHE_VARIABLE` (a batch run sets `OUT/.store/ocr-cache` for its
workers; without it nothing is kept). A cache that cannot be read or written costs time,
never a document: the page is read by Tesseract as without it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import secrets
import subprocess
from functools import cache
from pathlib import Path

from PIL.Image import Image

from pipeline.model import OCR_CACHE_VARIABLE

# what `ocr._lines` reads of Tesseract's TSV rows, in the order an entry keeps them
WORD_FIELDS = ("block_num", "par_num", "line_num", "left", "top", "width", "height", "text")
Words = list[dict[str, str]]


def cache_folder() -> Path | None:
    folder = os.environ.get(OCR_CACHE_VARIABLE)
    return Path(folder) if folder else None


def page_key(image: Image, settings: object, tesseract: str, language: str) -> str:
    """Changes with the page's pixels, the settings, Tesseract's version and its data."""
    digest = hashlib.sha256()
    digest.update(repr((_engine(tesseract, language), settings, image.mode,
                        image.size)).encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def read(folder: Path, key: str) -> Words | None:
    try:
        rows = json.loads(gzip.decompress(_entry(folder, key).read_bytes()))
        return [dict(zip(WORD_FIELDS, row, strict=True)) for row in rows]
    except (OSError, ValueError, TypeError, EOFError):
        return None


def write(folder: Path, key: str, words: Words) -> None:
    entry = _entry(folder, key)
    rows = [[str(word.get(name, "")) for name in WORD_FIELDS] for word in words]
    written = entry.with_name(f".{entry.name}-{secrets.token_hex(6)}")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(gzip.compress(json.dumps(rows, ensure_ascii=False).encode()))
        os.replace(written, entry)
    except OSError:
        written.unlink(missing_ok=True)


def _entry(folder: Path, key: str) -> Path:
    return folder / key[:2] / f"{key}.json.gz"


@cache
def _engine(tesseract: str, language: str) -> tuple[str, ...]:
    """Tesseract's version and the size and time of its data file for `language` (empty
    where Tesseract does not say: it then fails to read the page with its own message)."""
    try:
        version = subprocess.run([tesseract, "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip()
        listing = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True,
                                 check=False).stdout
    except OSError:
        return "", "", ""
    folder = listing.split('"')[1] if listing.count('"') >= 2 else ""
    try:
        data = (Path(folder) / f"{language}.traineddata").stat()
        data_identity = f"{data.st_size}-{data.st_mtime_ns}"
    except OSError:
        data_identity = ""
    return version, folder, data_identity
