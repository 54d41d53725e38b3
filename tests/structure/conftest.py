from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline.model import Document

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def text_document(text: str, path: str = "synthetic.txt") -> Document:
    return Document(path=path, format="txt", text=unicodedata.normalize("NFC", text))


@pytest.fixture(scope="session")
def real_report() -> Document:
    path = CORPUS / "bao-cao-2021.txt"
    if not path.exists():
        pytest.skip(f"real report not available at {path} (../shared/corpus)")
    raw = path.read_text(encoding="utf-8")
    return Document(path=str(path), format="txt",
                    text=unicodedata.normalize("NFC", raw.replace("\u00a0", " ")))
