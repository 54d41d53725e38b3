"""File -> Document. One ingestor per format behind `ingest(path)`.

The format is what the file's content says (`sniff.sniff_format`: a `.docx` named `.doc` is
read as docx), and its extension where the content says nothing.

Public: `detect_format`, `ingest`, `encode_legacy` (and `decode_legacy`, `MAX_FILE_BYTES`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pipeline.ingest.docx_file import ingest_docx
from pipeline.ingest.html_file import ingest_html
from pipeline.ingest.legacy import decode_legacy, encode_legacy
from pipeline.ingest.office import ingest_office
from pipeline.ingest.pdf_file import ingest_pdf
from pipeline.ingest.sniff import sniff_format
from pipeline.ingest.spreadsheet import ingest_spreadsheet
from pipeline.ingest.textfile import ingest_text
from pipeline.model import Document, IngestError, detect_format

__all__ = ["MAX_FILE_BYTES", "decode_legacy", "detect_format", "encode_legacy", "ingest"]

MAX_FILE_BYTES = int(os.environ.get("BAOCAO_MAX_FILE_BYTES", 200 * 1024 * 1024))

INGESTORS: dict[str, Callable[[Path], Document]] = {
    "txt": partial(ingest_text, format_name="txt"),
    "md": partial(ingest_text, format_name="md"),
    "docx": ingest_docx,
    "doc": partial(ingest_office, format_name="doc"),
    "odt": partial(ingest_office, format_name="odt"),
    "rtf": partial(ingest_office, format_name="rtf"),
    "pdf": ingest_pdf,
    "htm": ingest_html,
    "html": ingest_html,
    "xlsx": partial(ingest_spreadsheet, format_name="xlsx"),
    "xls": partial(ingest_spreadsheet, format_name="xls"),
}


def _check_readable(path: Path, max_bytes: int) -> None:
    if not path.exists():
        raise IngestError(f"Không tìm thấy tệp: {path}")
    if path.is_dir():
        raise IngestError(f"Đường dẫn là một thư mục, không phải tệp: {path}")
    if not path.is_file():
        raise IngestError(f"Không phải tệp thông thường: {path}")
    size = path.stat().st_size
    if size == 0:
        raise IngestError("Tệp rỗng (0 byte)")
    if size > max_bytes:
        raise IngestError(f"Tệp quá lớn ({size / 1e6:.0f} MB, giới hạn "
                          f"{max_bytes / 1e6:.0f} MB)")
    if not os.access(path, os.R_OK):
        raise IngestError(f"Không có quyền đọc tệp: {path}")


def ingest(path: Path, max_bytes: int | None = None) -> Document:
    """Read one file into a Document, or raise IngestError with a Vietnamese message."""
    path = Path(path)
    format_name = detect_format(path)
    ingestor = INGESTORS.get(format_name)
    if ingestor is None:
        known = ", ".join("." + name for name in INGESTORS)
        raise IngestError(f"Không hỗ trợ định dạng tệp '.{format_name}' (hỗ trợ: {known})"
                          if format_name != "unknown" else
                          f"Tệp không có phần mở rộng, không biết định dạng (hỗ trợ: {known})")
    _check_readable(path, MAX_FILE_BYTES if max_bytes is None else max_bytes)
    try:
        actual = sniff_format(path, format_name)
        if actual != format_name:
            ingestor = INGESTORS.get(actual)
            if ingestor is None:
                raise IngestError(f"Tệp có đuôi .{format_name} nhưng nội dung là {actual}, "
                                  "định dạng chưa được hỗ trợ")
        document = ingestor(path)
        if actual != format_name:
            document.warnings.append(f"Tệp có đuôi .{format_name} nhưng nội dung là "
                                     f"{actual}: đã đọc như {actual}")
        return document
    except PermissionError as error:
        raise IngestError(f"Không có quyền đọc tệp: {path}") from error
    except OSError as error:
        raise IngestError(f"Không đọc được tệp: {error.strerror or error}") from error
