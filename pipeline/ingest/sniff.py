"""What a file really is, from its first bytes, whatever its name says.

Archives hold Word 2007 files named `.doc`, RTF or HTML pages saved as `.doc`, PDFs named
`.docx`: the signature table below decides, the name only where the content says nothing.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HEAD_BYTES = 1024
# (bytes the file starts with, after any BOM and leading whitespace, in any case; format
# or container)
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),  # docx, xlsx, odt: told apart by their members
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # doc, xls: told apart by their streams
    (b"{\\rtf", "rtf"),
    (b"<!doctype html", "html"),
    (b"<html", "html"),
)
# A zip package's member that names its format.
ZIP_MEMBERS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx",
               "content.xml": "odt"}
# An OLE compound file's stream names (UTF-16) that name its format.
OLE_STREAMS = {"WordDocument": "doc", "Workbook": "xls", "Book": "xls"}
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Formats whose name is kept when the content only looks like HTML (a page is text too).
_TEXT_FORMATS = {"txt", "md"}


def _start(head: bytes) -> bytes:
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    if head.startswith(b"<\x00") or head[1:2] == b"\x00":  # UTF-16 HTML
        head = head.decode("utf-16-le", errors="ignore").encode("ascii", errors="ignore")
    return head.lstrip().lower()


def _zip_format(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                mimetype = package.read("mimetype").decode("ascii", errors="ignore")
                if mimetype.endswith("opendocument.spreadsheet"):
                    return None
                if mimetype.endswith("opendocument.text"):
                    return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None  # a damaged package: its name decides, and its reader says what is wrong
    for member, format_name in ZIP_MEMBERS.items():
        if member in names:
            return format_name
    return None


def _ole_format(path: Path) -> str | None:
    data = path.read_bytes()
    for stream, format_name in OLE_STREAMS.items():
        if stream.encode("utf-16-le") + b"\x00\x00" in data:
            return format_name
    return None


def content_format(path: Path) -> str | None:
    """'pdf', 'docx', 'xlsx', 'odt', 'doc', 'xls', 'rtf', 'html', or None when the first
    bytes match no signature (plain text, or a damaged file)."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    start = _start(head)
    for signature, name in SIGNATURES:
        if start.startswith(signature.lower()):
            if name == "zip":
                return _zip_format(path)
            if name == "ole":
                return _ole_format(path)
            return name
    if b"%PDF-" in head:  # a PDF may have bytes before its header
        return "pdf"
    if b"<html" in start[:HEAD_BYTES]:  # a page opening with a comment or <?xml ...?>
        return "html"
    return None


def sniff_format(path: Path, named: str) -> str:
    """The format to read `path` as: what its content says, else what its name says."""
    found = content_format(path)
    if found is None or (found == "html" and named in _TEXT_FORMATS):
        return named
    if found == "html" and named in ("htm", "html"):
        return "html"
    return found
