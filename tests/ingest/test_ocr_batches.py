"""Several scanned pages read by one Tesseract process give each page its own lines, as one
process per page would."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from pipeline.ingest import ocr
from pipeline.model import TOOL_CACHE_VARIABLE
from tests.ingest.conftest import corpus_file

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page_tops() -> list[Image.Image]:
    """The top quarter of the scan's first two pages (enough text, a quarter of the time)."""
    problem = ocr._tesseract_ready()
    if problem:
        pytest.skip(f"{problem}: install {ocr.TESSERACT_PACKAGES}")
    pdf = pdfium.PdfDocument(str(corpus_file("bao-cao-2021-scan.pdf")))
    images = []
    for index in (0, 1):
        image = pdf[index].render(scale=ocr.SETTINGS.dpi / 72, grayscale=True).to_pil()
        images.append(image.crop((0, 0, image.width, image.height // 4)))
    return images


def texts(found: dict[int, list]) -> dict[int, str]:
    return {number: " ".join(line.text for line in lines) for number, lines in found.items()}


def test_pages_in_one_process_keep_their_own_lines(page_tops: list[Image.Image]) -> None:
    blank = Image.new("L", page_tops[0].size, 255)
    pages = [(1, page_tops[0]), (2, blank), (3, page_tops[1])]
    one_process = ocr.ocr_batch(pages, replace(ocr.SETTINGS, pages_per_process=3))
    alone = {number: ocr.ocr_batch([(number, image)], ocr.SETTINGS)[number]
             for number, image in pages if number != 2}
    assert one_process[2] == []
    assert texts(one_process) == texts(alone) | {2: ""}
    assert "BÁO CÁO" in texts(one_process)[1]
    assert all(line.page == number for number, lines in one_process.items() for line in lines)


def test_ocr_pages_in_batches_gives_every_page(page_tops: list[Image.Image]) -> None:
    pages = [(number, page_tops[number % 2]) for number in range(1, 4)]
    found = ocr.ocr_pages(iter(pages), replace(ocr.SETTINGS, pages_per_process=2))
    assert sorted(found) == [1, 2, 3]
    assert texts(found)[1] == texts(found)[3] != texts(found)[2]


def test_pages_read_before_come_from_the_tool_cache_with_the_same_lines(
        page_tops: list[Image.Image], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOOL_CACHE_VARIABLE, str(tmp_path / "cache"))
    pages = [(1, page_tops[0]), (2, page_tops[1])]
    first = ocr.ocr_batch(pages, ocr.SETTINGS)
    entries = sorted(p for p in (tmp_path / "cache" / "tesseract").rglob("*") if p.is_file())
    assert len(entries) == 2
    entries[1].write_bytes(b"not gzip")  # an entry that cannot be read: read the page again
    read_again: list[int] = []
    tesseract_words = ocr._tesseract_words
    monkeypatch.setattr(ocr, "_tesseract_words", lambda images, settings: read_again.append(
        len(images)) or tesseract_words(images, settings))
    assert ocr.ocr_batch(pages, ocr.SETTINGS) == first
    assert read_again == [1]
    assert ocr.ocr_batch(pages, ocr.SETTINGS) == first
    assert read_again == [1]
    other = replace(ocr.SETTINGS, psm=6)  # other settings: another key
    ocr.ocr_batch(pages[:1], other)
    assert read_again == [1, 1]


def test_otsu_threshold_separates_ink_from_paper_whatever_their_greys() -> None:
    for ink, paper in ((40, 200), (90, 140), (120, 250)):
        page = Image.new("L", (60, 40), paper)
        page.paste(ink, (10, 10, 30, 20))  # a block of "text"
        page.putpixel((50, 30), (ink + paper) // 2 - 5)  # a grey speck darker than the middle
        black_and_white = ocr.otsu_binarized(page)
        assert black_and_white.mode == "1"
        assert black_and_white.getpixel((15, 15)) == 0
        assert black_and_white.getpixel((5, 5)) == 255
        assert black_and_white.getpixel((50, 30)) == 0
    blank = ocr.otsu_binarized(Image.new("L", (20, 20), 250))
    assert blank.getextrema() == (255, 255)
