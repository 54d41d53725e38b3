"""Footnotes of text PDFs: markers in a smaller font glued to a word or figure ("mô hình3",
"1.234 hồ sơ5") are superscript digits, part of neither; a footnote at the page foot is its
own block, not the end of the body's sentence."""

from __future__ import annotations

from pathlib import Path

from extractors import quantities
from pipeline.ingest import ingest
from tests.ingest.pdf_writer import Run, write_pdf

MARKER, NOTE, RISE = 7.0, 8.0, 2.0


def footnoted_pdf(path: Path) -> Path:
    return write_pdf(path, [
        [Run("Toàn huyện Hòa Sơn đã triển khai 12 mô hình"), Run("3", MARKER, RISE),
         Run(" trồng rừng, tiếp nhận 1.234 hồ sơ"), Run("5", MARKER, RISE)],
        [Run("3", 5.0, RISE), Run(" Gồm mô hình trồng keo, mô hình trồng thông và 4 mô hình "
                                  "khác.", NOTE)],
        [Run("5", 5.0, RISE), Run(" Trong đó 234 hồ sơ trực tuyến", NOTE)],
        [Run("Các xã tiếp tục thực hiện kế hoạch trồng rừng năm 2025.")],
    ])


def test_markers_are_superscripts_not_digits_of_words_or_figures(tmp_path: Path):
    document = ingest(footnoted_pdf(tmp_path / "chu-thich.pdf"))
    assert "12 mô hình ³ trồng rừng, tiếp nhận 1.234 hồ sơ ⁵" in document.text
    figures = {(f.raw, f.value, f.unit) for f in quantities.extract(document.text)}
    assert figures == {("12 mô hình", 12, "mô hình"), ("1.234 hồ sơ", 1234, "hồ sơ"),
                       ("4 mô hình", 4, "mô hình"), ("234 hồ sơ", 234, "hồ sơ")}


def test_footnotes_are_blocks_of_their_own(tmp_path: Path):
    document = ingest(footnoted_pdf(tmp_path / "chu-thich.pdf"))
    blocks = [document.text[b.char_start:b.char_end] for b in document.blocks]
    assert blocks == [
        "Toàn huyện Hòa Sơn đã triển khai 12 mô hình ³ trồng rừng, tiếp nhận 1.234 hồ sơ ⁵",
        "³ Gồm mô hình trồng keo, mô hình trồng thông và 4 mô hình khác.",
        "⁵ Trong đó 234 hồ sơ trực tuyến",
        "Các xã tiếp tục thực hiện kế hoạch trồng rừng năm 2025.",
    ]
    assert [b.page for b in document.blocks] == [1, 1, 1, 1]


def test_digits_in_the_body_font_stay_digits(tmp_path: Path):
    path = write_pdf(tmp_path / "so.pdf", [
        [Run("Xã Phú An có 45 hộ"), Run("2", 12.0), Run(" và khu C3 mới.")]])
    assert "45 hộ2 và khu C3 mới." in ingest(path).text
