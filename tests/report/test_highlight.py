from __future__ import annotations

from pipeline.comparer.numbers import shown
from pipeline.report.highlight import Segment, Span, locate, segments


def test_locate_prefers_whole_numbers_and_the_documents_context() -> None:
    assert locate("đạt 14.600 người, 600 hộ", "600") == (18, 21)
    sentence = "Đơn vị | Kế hoạch → Vân Giang | 4.800 | 4.800"
    assert locate(sentence, "4.800", before="Giang | 4.800 | ", after="\n") == (40, 45)
    assert locate(sentence, "4.800", before="Vân Giang | ", after=" | 4.800") == (32, 37)
    assert locate(sentence, "9.999") is None
    assert locate(sentence, "") is None


def test_segments_cut_the_sentence_and_drop_overlaps() -> None:
    spans = [Span(4, 9, "part", "m2"), Span(0, 3, "main", "m1"), Span(6, 12, "part", "m3")]
    assert segments("abc defgh ijk", spans) == [
        Segment("abc", "main", "m1"), Segment(" "), Segment("defgh", "part", "m2"),
        Segment(" ijk")]
    assert segments("abc", []) == [Segment("abc")]


def test_vietnamese_numbers() -> None:
    assert shown(14500.0) == "14.500"
    assert shown(81.8) == "81,8"
    assert shown(0.05) == "0,05"
    assert shown(69991000000.0) == "69.991.000.000"
    assert shown(-3.0) == "-3"
    assert shown(None) is None
    assert shown(float("nan")) is None
