"""extractors.quantities: the example table, tables, NFD input, robustness, the real report."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.examples import load_examples
from extractors.quantities import MEASURE_CLASSES, extract
from pipeline.model import Document, Figure
from pipeline.semantics.tables import table_grids
from tests.extractors.support import (
    BACKTRACKING_GUARD,
    real_report,
    seconds_to_extract_a_megabyte_of,
)

EXAMPLES = load_examples("quantities")


def _overlapping(figures: list[Figure], start: int, end: int) -> list[Figure]:
    return [f for f in figures if f.char_start < end and start < f.char_end]


def _extract_with_tables(text: str) -> list[Figure]:
    """The figures of a plain-text report, its " | " tables read by the table reader."""
    return extract(text, tables=table_grids(Document("t.txt", "txt", text)))


def _optional_float(cell: str) -> float | None:
    return float(cell) if cell else None


@pytest.mark.parametrize("row", EXAMPLES, ids=lambda row: f"{row['expect']}:{row['raw']}")
def test_example_table(row: dict[str, str]) -> None:
    text = row["text"]
    start = text.index(row["raw"])
    found = _overlapping(extract(text), start, start + len(row["raw"]))
    if row["expect"] == "none":
        assert found == [], f"{row['raw']!r} is not a figure in {text!r}"
        return
    assert len(found) == 1, f"expected one figure at {row['raw']!r}, got {found}"
    figure = found[0]
    assert figure.value == pytest.approx(float(row["value"]), rel=1e-9)
    assert figure.unit_class == row["unit_class"]
    assert figure.unit == (row["unit"] or None)
    assert figure.denominator == _optional_float(row["denominator"])
    assert figure.value_max == _optional_float(row["value_max"])
    expected_approx = row["approx"].removeprefix("approx:") or None
    assert figure.approx == expected_approx
    assert text[figure.char_start:figure.char_end] == figure.raw


def test_taken_spans_are_not_figures() -> None:
    text = "theo Quyết định 15 người ký, hỗ trợ 20 người"
    taken_start = text.index("Quyết")
    figures = extract(text, taken=[(taken_start, text.index(" ký"))])
    assert [f.value for f in figures] == [20]


def test_table_cells_take_the_unit_of_their_column() -> None:
    text = ("Bảng tổng hợp\n"
            "STT | Đơn vị | Số lao động (người) | Kinh phí (triệu đồng) | Tỷ lệ (%) | Ghi chú\n"
            "1 | Huyện A | 1.250 | 2.500,5 | 99,6 | \n"
            "2 | Huyện B | 830 | 1.200 | 100 | đạt 3 cuộc\n"
            "Tổng cộng đạt 2.080 người\n"
            "Đơn vị | Thực hiện (lao động)\n"
            "Thị xã Bình Khê | 2.730\n"
            "Huyện Hòa Mỹ | 2.415")
    figures = _extract_with_tables(text)
    by_raw = {f.raw: f for f in figures}
    assert by_raw["1.250"].value == 1250 and by_raw["1.250"].unit == "người"
    assert by_raw["2.500,5"].value == 2_500_500_000 and by_raw["2.500,5"].unit_class == "money"
    assert by_raw["99,6"].unit_class == "percent"
    assert by_raw["3 cuộc"].value == 3
    # row numbers under STT are not figures; the line after the table is prose again
    assert not any(f.raw in ("1", "2") for f in figures)
    assert by_raw["2.080 người"].value == 2080
    # a unit never comes from the next line ("Huyện" starts the next row)
    assert by_raw["2.730"].unit == "lao động" and by_raw["2.415"].unit == "lao động"


def test_table_cell_without_header_unit_is_other() -> None:
    text = "Chỉ tiêu | Năm 2020 | Năm 2021\nHộ được hỗ trợ | 320 | 415,5\nThôn Đông 3 | | "
    figures = _extract_with_tables(text)
    assert [(f.raw, f.value, f.unit_class) for f in figures] == [
        ("320", 320, "other"), ("415,5", 415.5, "other")]


def _by_raw(text: str) -> dict[str, tuple[float, str | None, str]]:
    return {f.raw: (f.value, f.unit, f.unit_class) for f in _extract_with_tables(text)}


def test_column_header_names_the_unit_without_parentheses() -> None:
    text = ("Xã | Số người | Số lượt khám | Giường thực kê | Kinh phí, tỷ đồng | Tỷ lệ % "
            "| Kế hoạch\n"
            "Xã Tân Hòa | 1.420 | 8.315 | 30 | 2,75 | 96,4 | 1.500\n"
            "Cộng | 3.105 | 17.200 | 64 | 6,1 | 97,0 | 3.000")
    found = _by_raw(text)
    assert found["1.420"] == (1420, "người", "count")
    assert found["8.315"] == (8315, "lượt khám", "count")
    assert found["30"] == (30, "giường", "count")
    assert found["2,75"] == (pytest.approx(2_750_000_000), "VND", "money")
    assert found["96,4"] == (96.4, "%", "percent")
    # "Kế hoạch" says which figure the column holds, not what it counts
    assert found["1.500"] == (1500, None, "other")
    assert found["17.200"] == (17200, "lượt khám", "count")


def test_unit_column_of_the_row_names_the_unit() -> None:
    text = ("Chỉ tiêu | Đơn vị tính | Kế hoạch năm | Thực hiện 6 tháng | So với kế hoạch (%)\n"
            "Vốn đầu tư phát triển | Tỷ đồng | 310,5 | 142,25 | 45,8\n"
            "Hộ thoát nghèo | Hộ | 1.150 | 612 | 53,2\n"
            "Tỷ lệ trẻ em được tiêm chủng | % | 98 | 96,5 | 98,5\n"
            "Tiêm vắc xin cho gia súc | Liều | 24.000 | 11.300 | 47,1\n"
            "Chi bảo trợ xã hội | Triệu đồng | 5.400 | 2.615 | 48,4")
    found = _by_raw(text)
    assert found["310,5"] == (pytest.approx(310_500_000_000), "VND", "money")
    assert found["142,25"] == (pytest.approx(142_250_000_000), "VND", "money")
    assert found["1.150"] == (1150, "hộ", "count") and found["612"] == (612, "hộ", "count")
    assert found["96,5"] == (96.5, "%", "percent")
    assert found["11.300"] == (11300, "liều", "count")
    assert found["2.615"] == (2_615_000_000, "VND", "money")
    # the column header still wins over the unit column
    assert found["45,8"] == (45.8, "%", "percent")
    # "Thực hiện 6 tháng" names the period the column covers: no duration figure
    assert "6 tháng" not in found


def test_unit_column_names_any_counted_noun_phrase() -> None:
    text = ("Chỉ tiêu | ĐVT | Kế hoạch | Thực hiện | Tỷ lệ (%)\n"
            "Dự án đầu tư công | dự án | 27 | 19 | 70,4\n"
            "Khách du lịch | nghìn lượt khách | 120 | 131,5 | 109,6\n"
            "Tàu cá cải hoán | chiếc tàu | 16 | 12 | 75")
    found = _by_raw(text)
    assert found["27"] == (27, "dự án", "count") and found["19"] == (19, "dự án", "count")
    # a scale word opening the unit cell multiplies the noun after it
    assert found["131,5"] == (131_500, "lượt khách", "count")
    assert found["16"] == (16, "chiếc tàu", "count")
    assert found["70,4"] == (70.4, "%", "percent")


def test_row_label_names_the_unit() -> None:
    text = ("STT | Nội dung | Năm 2023 | Năm 2024\n"
            "1 | Số bệnh nhân điều trị nội trú | 21.540 | 23.118\n"
            "2 | Số ca phẫu thuật | 1.206 | 1.388\n"
            "3 | Tỷ lệ sử dụng giường bệnh | 91,3 | 94,7\n"
            "4 | Chi phí khám chữa bệnh (triệu đồng) | 8.250 | 9.100\n"
            "5 | Hộ được hỗ trợ | 320 | 415")
    found = _by_raw(text)
    assert found["21.540"] == (21540, "bệnh nhân", "count")
    assert found["1.388"][1:] == ("ca", "count")
    assert found["94,7"] == (94.7, "%", "percent")
    assert found["9.100"] == (9_100_000_000, "VND", "money")
    # a label that only opens with a noun is no unit (it may name a row, "Huyện A")
    assert found["320"] == (320, None, "other")
    assert not any(raw in ("1", "2", "3", "4", "5") for raw in found)


def test_period_phrases_and_bracketed_days_are_not_figures() -> None:
    text = ("Chín tháng đầu năm, toàn tỉnh đón 3.200 lượt khách; 6 tháng cuối năm tăng cường "
            "kiểm tra; nhân Ngày Thương binh - Liệt sĩ (27/7) thăm 45 gia đình, đạt 7/9 "
            "chỉ tiêu")
    found = _by_raw(text)
    assert set(found) == {"3.200 lượt", "45 gia đình", "7/9 chỉ tiêu"}


def test_scale_word_in_a_header_multiplies_a_measure_not_money() -> None:
    text = ("Cây trồng | Sản lượng (nghìn tấn) | Kinh phí (triệu đồng)\n"
            "Lúa | 186,5 | 1.250")
    found = _by_raw(text)
    assert found["186,5"] == (186_500_000, "tấn", "mass")  # 186.500 tấn, in kg
    assert found["1.250"] == (1_250_000_000, "VND", "money")


def test_a_lone_one_counts_only_beside_digits_of_the_same_noun_in_its_sentence() -> None:
    text = ("Xảy ra 3 vụ cháy rừng, một vụ sạt lở đất. Đây là một vụ nghiêm trọng; "
            "một người bị thương.")
    figures = extract(text)
    assert [(f.raw, f.value) for f in figures] == [("3 vụ", 3), ("một vụ", 1)]


def test_nfd_input_gives_offsets_into_the_input() -> None:
    text = unicodedata.normalize("NFD", "Giải quyết việc làm cho 15.939 lao động, đạt 99,6%.")
    figures = extract(text)
    assert [(f.value, f.unit_class) for f in figures] == [(15939, "count"), (99.6, "percent")]
    for figure in figures:
        assert text[figure.char_start:figure.char_end] == figure.raw
    assert unicodedata.normalize("NFC", figures[0].raw) == "15.939 lao động"


def test_english_neighbours_decide_an_ambiguous_money_figure() -> None:
    text = "kinh phí 401,952.03 triệu đồng, trong đó 38,120 triệu đồng cho y tế"
    values = [f.value for f in extract(text)]
    assert values == [pytest.approx(401_952_030_000), pytest.approx(38_120_000_000)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_fails(text: str) -> None:
    started = time.perf_counter()
    figures = extract(text)
    assert time.perf_counter() - started < 1.0
    for figure in figures:
        assert 0 <= figure.char_start < figure.char_end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.,/-% ", max_size=300))
def test_digit_soup_never_fails(text: str) -> None:
    extract(text)


REPORT_TOKENS = ["15.939", "69,991", "401,952.03", "06", "1.225/1.800", "17/21", "2021",
                 "hai", "mươi", "mốt", "năm", "trăm", "linh", "tỷ", "triệu", "đồng", "%",
                 "người", "lao động", "điểm", "thứ", "đứng", "hơn", "từ", "đến", "-", "–",
                 "trở lên", "(", ")", ":", ",", ".", "/", " | ", "\n", "COVID", "số",
                 "giai đoạn", "tháng", "ngày", "QĐ-UBND", "F", "việc"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(REPORT_TOKENS), max_size=80),
       st.sampled_from([" ", "", "  "]))
def test_report_like_soup_gives_consistent_figures(tokens: list[str], joiner: str) -> None:
    text = joiner.join(tokens)
    figures = extract(text)
    previous_end = 0
    for figure in figures:
        assert previous_end <= figure.char_start < figure.char_end <= len(text)
        assert text[figure.char_start:figure.char_end] == figure.raw
        assert figure.value == figure.value and figure.value >= 0  # not NaN, not negative
        assert figure.unit_class in ("count", "percent", "money", "score", "rank",
                                     "duration", "age", "other", *MEASURE_CLASSES)
        previous_end = figure.char_end


@pytest.mark.parametrize("unit", ["1.2,3", "9", "1,", ".5-", "1/2/"])
def test_one_megabyte_of_digits_and_separators_is_linear(unit: str) -> None:
    assert seconds_to_extract_a_megabyte_of(unit, extract) < BACKTRACKING_GUARD


def test_real_report_key_figures() -> None:
    text = real_report()
    figures = {f.raw: f for f in extract(text)}
    assert figures["15.939 lao động"].value == 15939
    assert figures["69,991 tỷ đồng"].value == pytest.approx(69_991_000_000)
    assert figures["401,952.03 triệu đồng"].value == pytest.approx(401_952_030_000)
    assert figures["75,91 điểm/96,00"].denominator == 96
    assert not any("COVID" in f.raw or f.raw.startswith("2021") for f in figures.values())




POSITION_SENTENCES = [
    "Năm 2024, toàn huyện thành lập mới 12 hợp tác xã và 5 trang trại.",
    "Xảy ra 3 vụ cháy rừng, một vụ sạt lở đất.",
    "Hỗ trợ 1.250 hộ nghèo với kinh phí 2,5 tỷ đồng, đạt 98,6% kế hoạch.",
]
FILLER = "Toàn huyện đã hỗ trợ 45 gia đình chính sách và 7 bệnh nhân nghèo; cấp một nhà."


def _rows_from(figures: list[Figure], offset: int) -> list[tuple]:
    return [(f.char_start - offset, f.char_end - offset, f.raw, f.value, f.unit, f.unit_class,
             f.denominator, f.value_max, f.approx) for f in figures]


@pytest.mark.parametrize("sentence", POSITION_SENTENCES)
def test_a_figure_reads_the_same_first_or_after_a_thousand_sentences(sentence: str) -> None:
    first = _rows_from(extract(sentence), 0)
    assert first
    prefix = " ".join([FILLER] * 1000) + " "
    late = extract(prefix + sentence)
    assert _rows_from([f for f in late if f.char_start >= len(prefix)], len(prefix)) == first


def test_a_long_line_of_lone_number_words_is_no_catastrophe() -> None:
    # was quadratic (each lone "một" rescanned its line); `make bench` times a megabyte
    line = "hỗ trợ một hộ nghèo, cấp một nhà, " * 8000  # 300 KB, one line
    started = time.perf_counter()
    assert extract(line) == []
    assert time.perf_counter() - started < BACKTRACKING_GUARD


def test_a_measure_is_normalized_to_its_base_unit_and_keeps_the_unit_written() -> None:
    text = ("thu giữ 3,815kg ma túy, 5,260 kg pháo, 245,617g heroin; sản lượng 28.560 tấn; "
            "diện tích 6.842,5 ha; 12,6 km đường; 1.200 lít dầu; 2,5 triệu kWh; 50 MW; "
            "kim ngạch 12,5 triệu USD; 1.099 trạm 5G")
    found = _by_raw(text)
    assert found["3,815kg"] == (pytest.approx(3.815), "kg", "mass")
    assert found["5,260 kg"] == (pytest.approx(5.26), "kg", "mass")
    assert found["245,617g"] == (pytest.approx(0.245617), "g", "mass")
    assert found["28.560 tấn"] == (28_560_000, "tấn", "mass")
    assert found["6.842,5 ha"] == (pytest.approx(68_425_000), "ha", "area")
    assert found["12,6 km"] == (pytest.approx(12_600), "km", "length")
    assert found["1.200 lít"] == (pytest.approx(1.2), "lít", "volume")
    assert found["2,5 triệu kWh"] == (2_500_000, "kWh", "energy")
    assert found["50 MW"] == (50_000, "MW", "power")
    assert found["12,5 triệu USD"] == (12_500_000, "USD", "money")  # not VND
    assert "1.099 trạm" in found and not any("5G" in raw for raw in found)


def test_a_clause_naming_the_count_before_a_colon_gives_the_unit() -> None:
    found = _by_raw("Ghi chú: Số người có mặt: 8.334. Tổng số biên chế được giao (tại Quyết "
                    "định số 12/QĐ-UBND ngày 02/01/2025): 9.818. Kết quả: 12")
    assert found["8.334"] == (8334, "người", "count")
    assert found["9.818"] == (9818, "biên chế", "count")
    assert found["12"] == (12, None, "other")  # "Kết quả" names no count


def test_a_labelled_breakdown_in_brackets_counts_the_noun_before_it() -> None:
    found = _by_raw("Có mặt 8.334 người (cấp tỉnh: 2.744, cấp xã: 5.590), đạt 12 hộ (thôn "
                    "Đông: 9); Kết quả: 7 (năm 2024: 5)")
    assert found["2.744"] == (2744, "người", "count")
    assert found["5.590"] == (5590, "người", "count")
    assert found["9"] == (9, "hộ", "count")
    assert found["5"] == (5, None, "other")  # after no count, the breakdown names no unit
