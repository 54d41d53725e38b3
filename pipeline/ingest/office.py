"""Other office formats (.doc, .odt, .rtf) -> .docx through LibreOffice (kept in the tool
cache, see tool_cache.py), then the docx reader."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.ingest import tool_cache
from pipeline.ingest.docx_file import ingest_docx
from pipeline.model import Document, IngestError, MissingToolError
from pipeline.result import file_sha256

CONVERSION_TIMEOUT_SECONDS = 120
LIBREOFFICE_PACKAGE = "LibreOffice (Debian: libreoffice-writer)"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_RTF = b"{\\rtf"
# LibreOffice opens any bytes as plain text: check the file is what its name says first.
_SIGNATURES = {"doc": (_OLE, _RTF), "odt": (_ZIP,), "rtf": (_RTF,)}


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise MissingToolError("Cần cài LibreOffice (lệnh soffice) để đọc tệp .doc/.odt/.rtf",
                           install=LIBREOFFICE_PACKAGE)


def convert_to_docx(path: Path, workdir: Path) -> Path:
    # Each conversion has its own profile so parallel conversions do not collide.
    profile = workdir / "profile"
    command = [
        _soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
        "--norestore", "--convert-to", "docx", "--outdir", str(workdir), str(path),
    ]
    try:
        subprocess.run(command, capture_output=True, timeout=CONVERSION_TIMEOUT_SECONDS,
                       check=False)
    except subprocess.TimeoutExpired as error:
        raise IngestError(
            f"LibreOffice chuyển đổi quá {CONVERSION_TIMEOUT_SECONDS} giây, đã dừng") from error
    converted = workdir / (path.stem + ".docx")
    if not converted.is_file() or converted.stat().st_size == 0:
        raise IngestError(f"LibreOffice không chuyển đổi được tệp .{path.suffix.lstrip('.')}: "
                          "tệp bị hỏng hoặc không đúng định dạng")
    return converted


def _check_signature(path: Path, format_name: str) -> None:
    with open(path, "rb") as handle:
        head = handle.read(16)
    if not head.startswith(_SIGNATURES[format_name]):
        raise IngestError(f"Tệp .{format_name} bị hỏng hoặc không đúng định dạng "
                          "(phần đầu tệp không phải của tài liệu văn phòng)")


def ingest_office(path: Path, format_name: str) -> Document:
    _check_signature(path, format_name)
    soffice = _soffice()
    folder = tool_cache.cache_folder()
    entry_key = (tool_cache.key(tool_cache.tool_output(soffice, "--version"), file_sha256(path))
                 if folder is not None else None)
    with tempfile.TemporaryDirectory(prefix="baocao-soffice-") as workdir:
        document = _from_cache(path, Path(workdir), format_name, folder, entry_key)
        if document is None:
            converted = convert_to_docx(path, Path(workdir))
            if folder is not None and entry_key is not None:
                tool_cache.write(folder, "libreoffice", entry_key, converted.read_bytes())
            document = ingest_docx(converted, format_name)
    document.path = str(path)
    return document


def _from_cache(path: Path, workdir: Path, format_name: str, folder: Path | None,
                entry_key: str | None) -> Document | None:
    """The document read from the .docx this LibreOffice made of the same content before;
    None when the tool cache has none, or a damaged one (then it is converted again)."""
    cached = tool_cache.read(folder, "libreoffice", entry_key) if folder and entry_key else None
    if not cached:
        return None
    converted = workdir / (path.stem + ".docx")  # the name LibreOffice gives it
    converted.write_bytes(cached)
    try:
        return ingest_docx(converted, format_name)
    except IngestError:
        return None
