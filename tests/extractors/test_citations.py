"""Legal references: the example table, OCR repair, properties, speed, the real report."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import dates
from extractors.citations import canonical_code, extract
from extractors.examples import load_examples
from tests.extractors.support import (
    BACKTRACKING_GUARD,
    real_report,
    seconds_to_extract_a_megabyte_of,
)

EXAMPLES = load_examples("citations")
FIELDS = ("ref_key", "doc_type", "type_code", "number", "year", "issuer_code", "issued_date")


def as_row(citation) -> dict[str, str]:
    values = {name: getattr(citation, name) for name in FIELDS}
    return {name: "" if value is None else str(value) for name, value in values.items()}


@pytest.mark.parametrize("row", EXAMPLES, ids=[f"{r['raw']}|{r['text'][:30]}" for r in EXAMPLES])
def test_example_table(row: dict[str, str]) -> None:
    text, locator = row["text"], row["raw"]
    assert text.count(locator) == 1, f"{locator!r} must occur once in {text!r}"
    start = text.index(locator)
    end = start + len(locator)
    found = [c for c in extract(text) if c.char_start < end and start < c.char_end]
    if row["ref_key"] == "-":
        assert found == []
        return
    assert len(found) == 1, found
    citation = found[0]
    # The locator is the mention itself, or the mention followed by a little context.
    assert citation.char_start == start and locator.startswith(citation.raw), citation.raw
    assert as_row(citation) == {name: row[name] for name in FIELDS}


@pytest.mark.parametrize(("written", "canonical"), [
    ("QĐÐ", "QĐ"), ("QÐ", "QĐ"), ("QD", "QĐ"), ("ND", "NĐ"), ("HDND", "HĐND"),
    ("LÐTBXH", "LĐTBXH"), ("TTR", "TTr"), ("TTG", "TTg"), ("HD", "HD"), ("DA", "DA"),
    ("ĐA", "ĐA"), ("XYZ", "XYZ"), ("QH14", "QH14"),
])
def test_canonical_code(written: str, canonical: str) -> None:
    assert canonical_code(written) == canonical


def test_raw_covers_type_word_and_symbol_not_the_date() -> None:
    text = "Thực hiện Nghị định số 04/2015/NĐ-CP ngày 09/01/2015 của Chính phủ."
    (citation,) = extract(text)
    assert citation.raw == "Nghị định số 04/2015/NĐ-CP"
    (day,) = dates.extract(text)
    assert day.char_start >= citation.char_end


def test_undated_mention_takes_the_nearest_earlier_date() -> None:
    text = ("Quyết định số 5/QĐ-UBND ngày 01/02/2020; Quyết định số 5/QĐ-UBND ngày 03/04/2021; "
            "nay Quyết định số 5/QĐ-UBND hết hiệu lực.")
    assert [str(c.issued_date) for c in extract(text)] == ["2020-02-01", "2021-04-03",
                                                          "2021-04-03"]


def test_a_later_unrelated_date_is_not_an_issue_date() -> None:
    (citation,) = extract("Theo Quyết định số 22/2013/QĐ-TTg, hộ sinh sau ngày 31/5/2017.")
    assert citation.issued_date is None


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_never_raises_and_spans_are_exact(text: str) -> None:
    previous_end = 0
    for citation in extract(text):
        assert text[citation.char_start:citation.char_end] == citation.raw
        assert previous_end <= citation.char_start < citation.char_end
        previous_end = citation.char_end


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["Quyết định", "số", " ", "/", "-", "–", "12", "2021", "QĐ",
                                 "QĐÐ", "Ð", "UBND", "TU", "KL", "ngày", "01/02/2021", ","]),
                max_size=30).map("".join))
def test_symbol_shaped_noise_never_raises(text: str) -> None:
    for citation in extract(text):
        assert text[citation.char_start:citation.char_end] == citation.raw
        assert " " not in citation.ref_key and "Ð" not in citation.ref_key


ADVERSARIAL = ["1/1/", "1/QĐ-CP ", "Quyết định số ", "1-KL/TU-", "12/2020/NQ-", "số 5/A-B-",
               "ngày ngày "]


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_one_megabyte_of_adversarial_text_is_fast(unit: str) -> None:
    assert seconds_to_extract_a_megabyte_of(unit, extract) < BACKTRACKING_GUARD


def test_real_report_every_symbol_is_found() -> None:
    text = real_report()
    spans = [(c.char_start, c.char_end) for c in extract(text)]
    symbols = list(regex.finditer(r"\d+[-/][\p{Lu}0-9/-]*\p{Lu}[\p{L}-]*", text))
    assert symbols
    for symbol in symbols:
        if symbol.group() in {"COVID-19"}:
            continue
        assert any(s <= symbol.start() and symbol.end() <= e for s, e in spans), symbol.group()


def test_real_report_dates_are_shared_between_mentions() -> None:
    citations = extract(real_report())
    dated = {c.ref_key for c in citations if c.issued_date is not None}
    assert dated
    assert all(c.issued_date is not None for c in citations if c.ref_key in dated)


