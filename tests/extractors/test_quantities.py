"""extractors.quantities: the example table, tables, NFD input, robustness, the real report."""

from __future__ import annotations

import csv
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.quantities import extract
from pipeline.model import Figure

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "extractors" / "examples" / "quantities.tsv"
REAL_REPORT = ROOT.parent / "shared" / "corpus" / "bao-cao-2021.txt"


def _examples() -> list[dict[str, str]]:
    with open(EXAMPLES, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _overlapping(figures: list[Figure], start: int, end: int) -> list[Figure]:
    return [f for f in figures if f.char_start < end and start < f.char_end]


def _optional_float(cell: str) -> float | None:
    return float(cell) if cell else None


@pytest.mark.parametrize("row", _examples(), ids=lambda row: f"{row['expect']}:{row['raw']}")
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
    figures = extract(text)
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
    figures = extract(text)
    assert [(f.raw, f.value, f.unit_class) for f in figures] == [
        ("320", 320, "other"), ("415,5", 415.5, "other")]


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
                                     "duration", "age", "other")
        previous_end = figure.char_end


@pytest.mark.parametrize("unit", ["1.2,3", "9", "1,", ".5-", "1/2/"])
def test_one_megabyte_of_digits_and_separators_is_linear(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    extract(text)
    assert time.perf_counter() - started < 10.0


def _real_report() -> str:
    if not REAL_REPORT.exists():
        pytest.skip(f"không có báo cáo thật tại {REAL_REPORT} (thư mục ../shared/corpus)")
    text = REAL_REPORT.read_text(encoding="utf-8")
    return unicodedata.normalize("NFC", text).replace("\xa0", " ")


def test_real_report_key_figures() -> None:
    text = _real_report()
    figures = {f.raw: f for f in extract(text)}
    assert figures["15.939 lao động"].value == 15939
    assert figures["69,991 tỷ đồng"].value == pytest.approx(69_991_000_000)
    assert figures["401,952.03 triệu đồng"].value == pytest.approx(401_952_030_000)
    assert figures["75,91 điểm/96,00"].denominator == 96
    assert not any("COVID" in f.raw or f.raw.startswith("2021") for f in figures.values())


def test_real_report_speed() -> None:
    text = _real_report()
    extract(text[:1000])  # compile the rules first
    started = time.perf_counter()
    extract(text)
    elapsed = time.perf_counter() - started
    kilobytes = len(text.encode("utf-8")) / 1000
    assert kilobytes / elapsed >= 150, f"{kilobytes / elapsed:.0f} KB/s"
