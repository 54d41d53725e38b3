"""HTML pages (Word's "Save as Web Page", often named .doc) -> Document: blocks and tables."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import regex

from pipeline.ingest.blocks import classify_line
from pipeline.ingest.builder import DocumentBuilder
from pipeline.ingest.encoding import decode_text
from pipeline.ingest.normalize import normalize_text
from pipeline.model import Document, IngestError

_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", regex.I)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "title"}
_BLOCKS = _HEADINGS | {"p", "div", "li", "td", "th", "pre", "blockquote", "dt", "dd",
                       "address", "center"}
_SKIPPED = {"script", "style", "head", "noscript", "template"}


def _decode(data: bytes) -> tuple[str, str]:
    declared = _CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode_text(data)
    return decoded.text, decoded.encoding


def _text(element) -> str:
    return " ".join(normalize_text(element.text_content()).split())


def _loose(text: str | None, builder: DocumentBuilder) -> None:
    """Text outside any block element (directly in <body>, or after a <br>)."""
    text = " ".join(normalize_text(text or "").split())
    if text:
        builder.add_text(classify_line(text), text)


def _walk(element, builder: DocumentBuilder) -> None:
    _loose(element.text, builder)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIPPED or not tag:
            _loose(child.tail, builder)
            continue
        if tag == "table":
            rows = [[_text(cell) for cell in row if cell.tag in ("td", "th")]
                    for row in child.iter("tr")]
            builder.add_table(rows)
        elif tag in _BLOCKS and not any(isinstance(g.tag, str) and g.tag in _BLOCKS | {"table"}
                                        for g in child.iterdescendants()):
            text = _text(child)
            if text:
                kind = "heading" if tag in _HEADINGS else (
                    "list_item" if tag == "li" else classify_line(text))
                builder.add_text(kind, text)
        else:
            _walk(child, builder)
        _loose(child.tail, builder)


def ingest_html(path: Path, format_name: str = "html") -> Document:
    text, encoding = _decode(path.read_bytes())
    try:
        root = lxml.html.document_fromstring(text)
    except Exception as error:  # lxml refuses empty or unparsable pages
        raise IngestError(f"Trang HTML bị hỏng, không đọc được: {error}") from error
    builder = DocumentBuilder(str(path), format_name, encoding=encoding)
    body = root.find("body")
    _walk(body if body is not None else root, builder)
    document = builder.build()
    if not document.text.strip():
        raise IngestError("Trang HTML không có chữ")
    return document
