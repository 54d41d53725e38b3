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
    with tempfile.TemporaryDirectory(prefix="baocao-soffice-") as workdir:
        document = ingest_docx(_converted(path, Path(workdir), soffice), format_name)
    document.path = str(path)
    return document


def _converted(path: Path, workdir: Path, soffice: str) -> Path:
    """The file as .docx in `workdir`: from the tool cache when this LibreOffice converted
    the same content before, else converted (and kept there)."""
    folder = tool_cache.cache_folder()
    if folder is None:
        return convert_to_docx(path, workdir)
    entry_key = tool_cache.key(tool_cache.tool_version(soffice, "--version"), file_sha256(path))
    cached = tool_cache.read(folder, "libreoffice", entry_key)
    if cached:
        converted = workdir / (path.stem + ".docx")  # the name LibreOffice gives it
        converted.write_bytes(cached)
        return converted
    converted = convert_to_docx(path, workdir)
    tool_cache.write(folder, "libreoffice", entry_key, converted.read_bytes())
    return converted
