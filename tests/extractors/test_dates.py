"""Dates: the example table, properties over arbitrary text, speed, and the real report."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.dates import extract
from extractors.examples import load_examples
from tests.extractors.support import (
    BACKTRACKING_GUARD,
    real_report,
    seconds_to_extract_a_megabyte_of,
)

EXAMPLES = load_examples("dates")


def overlapping(text: str, raw: str):
    assert text.count(raw) == 1, f"{raw!r} must occur once in {text!r}"
    start = text.index(raw)
    end = start + len(raw)
    return [d for d in extract(text) if d.char_start < end and start < d.char_end]


@pytest.mark.parametrize("row", EXAMPLES, ids=[f"{r['raw']}|{r['text'][:30]}" for r in EXAMPLES])
def test_example_table(row: dict[str, str]) -> None:
    found = overlapping(row["text"], row["raw"])
    if row["granularity"] == "-":
        assert found == []
        return
    assert len(found) == 1, found
    mention = found[0]
    assert mention.raw == row["raw"]
    assert (mention.start_date.isoformat(), mention.end_date.isoformat(), mention.granularity) == (
        row["start_date"], row["end_date"], row["granularity"])


def test_example_table_has_both_kinds() -> None:
    kinds = {row["granularity"] for row in EXAMPLES}
    assert {"day", "month", "quarter", "year", "range", "-"} <= kinds


def test_day_month_without_any_year_is_dropped() -> None:
    assert extract("Lễ kỷ niệm ngày 27/7 được tổ chức.") == []


def test_context_year_is_the_nearest_one_before() -> None:
    text = "Năm 2019 chuẩn bị. Năm 2020 tổ chức; ngày 27/7 viếng."
    assert extract(text)[-1].start_date == date(2020, 7, 27)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(["ngày {d}/{m}/{y}", "ngày {d:02d}/{m:02d}/{y}", "{d}-{m}-{y}",
                        "ngày {d} tháng {m} năm {y}"]))
def test_any_valid_day_reads_back(day: date, form: str) -> None:
    text = "Ký " + form.format(d=day.day, m=day.month, y=day.year) + " tại Huế."
    (mention,) = extract(text)
    assert mention.start_date == mention.end_date == day
    assert mention.granularity == "day"


@given(st.integers(1900, 2099), st.integers(1, 100))
def test_any_period_reads_back(first: int, length: int) -> None:
    last = min(first + length, 2100)
    (mention,) = extract(f"Thực hiện giai đoạn {first}-{last}.")
    assert (mention.start_date, mention.end_date) == (date(first, 1, 1), date(last, 12, 31))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 30)),
       st.integers(1, 30),
       st.sampled_from(["từ ngày {a} đến ngày {b}/{m}/{y}", "ngày {a} và {b}/{m}/{y}",
                        "ngày {a:02d}-{b:02d}/{m:02d}/{y}"]))
def test_days_joined_in_one_month_are_one_range(first: date, length: int, form: str) -> None:
    last_day = min(first.day + length, calendar.monthrange(first.year, first.month)[1])
    if last_day == first.day:
        return
    written = form.format(a=first.day, b=last_day, m=first.month, y=first.year)
    text = f"Diễn ra {written} tại xã."
    (mention,) = extract(text)
    assert (mention.start_date, mention.end_date, mention.granularity) == (
        first, first.replace(day=last_day), "range")


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)),
       st.integers(1, 300),
       st.sampled_from(["từ ngày {a} đến hết ngày {b}", "từ ngày {a} tới hết {b}",
                        "từ ngày {a} đến ngày {b}", "từ ngày {a} cho đến hết ngày {b}"]))
def test_day_without_year_before_an_end_day_shares_or_precedes_its_year(
        last: date, days_before: int, form: str) -> None:
    first = last - timedelta(days=days_before)
    written = form.format(a=f"{first.day:02d}/{first.month:02d}",
                          b=f"{last.day:02d}/{last.month:02d}/{last.year}")
    (mention,) = extract(f"Cao điểm ({written}), kiểm tra.")
    assert (mention.start_date, mention.end_date, mention.granularity) == (first, last, "range")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
       st.integers(1, 300))
def test_end_day_without_year_after_a_full_day_shares_or_follows_its_year(
        first: date, days_after: int) -> None:
    last = first + timedelta(days=days_after)
    written = f"từ ngày {first.day}/{first.month}/{first.year} đến hết {last.day}/{last.month}"
    (mention,) = extract(f"Tuyên truyền {written} tại xã.")
    assert (mention.start_date, mention.end_date, mention.granularity) == (first, last, "range")


@pytest.mark.parametrize("event", ["Quốc khánh", "Tết", "kỷ niệm", "dịp", "lễ", "Giỗ Tổ"])
def test_day_month_right_after_an_event_word_is_a_day(event: str) -> None:
    (_, mention) = extract(f"Năm 2031 nghỉ {event} 2/9 an toàn.")
    assert (mention.raw, mention.start_date) == ("2/9", date(2031, 9, 2))
    assert [d.raw for d in extract(f"Năm 2031 nghỉ {event} có 2/9 hộ.")] == ["Năm 2031"]


@given(st.integers(1901, 2099), st.integers(1, 12), st.integers(1, 28),
       st.sampled_from(["so với cùng kỳ năm {c}", "so với năm {c}", "cùng kỳ năm {c}"]))
def test_comparison_year_is_not_the_context_of_a_day(year: int, month: int, day: int,
                                                    comparison: str) -> None:
    text = f"Năm {year} tăng 5% {comparison.format(c=year - 1)}; ngày {day}/{month} họp."
    assert extract(text)[-1].start_date == date(year, month, day)


def test_day_before_any_year_takes_the_year_of_the_opening_lines() -> None:
    text = "Ngày 2/3 khai mạc; " + "x " * 400 + "báo cáo năm 2024. Sau đó năm 2030."
    assert extract(text)[0].start_date == date(2024, 3, 2)
    far = "Ngày 2/3 khai mạc; " + "x " * 1000 + "năm 2024."
    assert [d.raw for d in extract(far)] == ["năm 2024"]


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_never_raises_and_spans_are_exact(text: str) -> None:
    previous_end = 0
    for mention in extract(text):
        assert text[mention.char_start:mention.char_end] == mention.raw
        assert previous_end <= mention.char_start < mention.char_end
        assert mention.start_date <= mention.end_date
        previous_end = mention.char_end


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["ngày", "tháng", "năm", "quý", "giai đoạn", "từ", "đến", " ",
                                 "-", "/", ".", ",", "1", "12", "31", "2021", "I", "IV", "đầu"]),
                max_size=40).map("".join))
def test_date_shaped_noise_never_raises(text: str) -> None:
    for mention in extract(text):
        assert text[mention.char_start:mention.char_end] == mention.raw
        assert date(1900, 1, 1) <= mention.start_date <= mention.end_date <= date(2100, 12, 31)


ADVERSARIAL = ["1/1/", "ngày ", "năm 2021-", "12/12/", "ngày 1 tháng ", "giai đoạn 2021 - ",
               "quý I/", "29/02/2023 ", "27-7-", "từ năm 2021 đến ",
               "ngày 1/1 đến ", "tháng 1 và ", "Ngày Tết, (", "1/QĐ-UB ngày 1/1/2020 ",
               "ngày 1 và ", "từ ngày 1 đến ngày ", "dịp 1/1 ", "so với cùng kỳ năm 2021 ",
               "năm học 2021-", "so với cùng kỳ ngày 1/1 "]


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_one_megabyte_of_adversarial_text_is_fast(unit: str) -> None:
    assert seconds_to_extract_a_megabyte_of(unit, extract) < BACKTRACKING_GUARD


def test_real_report_every_written_day_is_found() -> None:
    text = real_report()
    days = {(d.char_start, d.char_end) for d in extract(text) if d.granularity == "day"}
    in_ranges = [(d.char_start, d.char_end) for d in extract(text) if d.granularity == "range"]
    written = [m.span() for m in regex.finditer(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])", text)]
    assert written
    for span in written:
        assert span in days or any(s <= span[0] and span[1] <= e for s, e in in_ranges), span


def test_real_report_has_no_ratio_or_symbol_year_as_date() -> None:
    text = real_report()
    for mention in extract(text):
        assert not regex.fullmatch(r"\d+([.,]\d+)?/\d+([.,]\d+)?", mention.raw), mention.raw
        assert text[mention.char_end:mention.char_end + 1] != "/", mention.raw


