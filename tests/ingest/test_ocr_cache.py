"""The OCR cache's entries: what Tesseract read of a page, under a key of what it depends on.
(Reading pages through it, with Tesseract: test_ocr_batches.py.)"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from pipeline.ingest import ocr_cache

WORDS = [{"block_num": "1", "par_num": "1", "line_num": "1", "left": "10", "top": "20",
          "width": "30", "height": "12", "text": "Quyết"},
         {"block_num": "1", "par_num": "1", "line_num": "1", "left": "44", "top": "20",
          "width": "28", "height": "12", "text": "định"}]


def test_an_entry_written_is_read_back_and_an_unreadable_one_is_none(tmp_path: Path) -> None:
    ocr_cache.write(tmp_path, "ab" + "0" * 62, WORDS)
    assert ocr_cache.read(tmp_path, "ab" + "0" * 62) == WORDS
    assert ocr_cache.read(tmp_path, "cd" + "0" * 62) is None
    entry = next(tmp_path.rglob("*.json.gz"))
    entry.write_bytes(entry.read_bytes()[:10])
    assert ocr_cache.read(tmp_path, "ab" + "0" * 62) is None


def test_the_key_changes_with_the_pixels_the_settings_and_the_engine(tmp_path: Path) -> None:
    page = Image.new("L", (40, 20), 255)
    speck = page.copy()
    speck.putpixel((5, 5), 0)
    key = ocr_cache.page_key(page, ("psm", 3), "tesseract", "vie")
    assert key == ocr_cache.page_key(page.copy(), ("psm", 3), "tesseract", "vie")
    assert key != ocr_cache.page_key(speck, ("psm", 3), "tesseract", "vie")
    assert key != ocr_cache.page_key(page, ("psm", 6), "tesseract", "vie")
    other_version = tmp_path / "tesseract"
    other_version.write_text("#!/bin/sh\necho tesseract 9.9\n", encoding="utf-8")
    other_version.chmod(0o755)
    missing = str(tmp_path / "no-tesseract")
    assert (ocr_cache.page_key(page, ("psm", 3), str(other_version), "vie")
            != ocr_cache.page_key(page, ("psm", 3), missing, "vie"))
