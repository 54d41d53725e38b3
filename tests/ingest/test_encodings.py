"""Text files in every encoding of Vietnamese archives decode to the same NFC text."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import decode_legacy, encode_legacy, ingest
from pipeline.ingest.plausibility import is_vietnamese_syllable
from tests.ingest.conftest import SAMPLE_TEXT


# TCVN3 (ABC) has no code for most uppercase toned letters: its fixture keeps to those it has.
def _tcvn3_writable(line: str) -> bool:
    return all(char.isascii() or not char.isupper() or char in "ĂÂĐÊÔƠƯ" for char in line)


TCVN3_TEXT = "\n".join(line for line in SAMPLE_TEXT.split("\n") if _tcvn3_writable(line))

ENCODED = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-sig": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16": lambda text: text.encode("utf-16"),  # with BOM
    "cp1258": lambda text: encode_legacy(text, "cp1258"),
    "vni": lambda text: encode_legacy(text, "vni"),
    "tcvn3": lambda text: encode_legacy(text, "tcvn3"),
}


def expected_text(encoding: str) -> str:
    return TCVN3_TEXT if encoding == "tcvn3" else SAMPLE_TEXT


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_each_encoding_decodes_to_the_same_text(tmp_path: Path, encoding: str):
    path = tmp_path / f"bao-cao-{encoding}.txt"
    path.write_bytes(ENCODED[encoding](expected_text(encoding)))
    document = ingest(path)
    assert document.encoding == encoding
    assert document.text == expected_text(encoding)
    assert document.format == "txt"


@pytest.mark.parametrize("codec_name", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(tmp_path: Path, codec_name: str):
    path = tmp_path / "khong-bom.md"
    path.write_bytes(SAMPLE_TEXT.encode(codec_name))
    document = ingest(path)
    assert (document.encoding, document.text, document.format) == ("utf-16", SAMPLE_TEXT, "md")


def test_cp1258_combining_tones_become_nfc(tmp_path: Path):
    data = encode_legacy("Kết quả đạt được", "cp1258")
    assert "\u0301".encode("cp1258") in data  # the tone is a separate combining mark
    path = tmp_path / "cu.txt"
    path.write_bytes(data)
    assert ingest(path).text == "Kết quả đạt được"


def test_legacy_encodings_are_not_mistaken_for_each_other():
    text = "Sở Lao động tổ chức hội nghị tổng kết công tác năm"
    for encoding in ("tcvn3", "vni"):
        other = "vni" if encoding == "tcvn3" else "tcvn3"
        assert decode_legacy(encode_legacy(text, encoding), other) != text


def test_tcvn3_uppercase_toned_letters_fall_back_to_lowercase_codes():
    assert decode_legacy(encode_legacy("ỦY BAN", "tcvn3"), "tcvn3") == "ủY BAN"


def test_unwritable_character_is_a_clear_error():
    with pytest.raises(ValueError, match="không viết được"):
        encode_legacy("漢", "vni")


VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONED = unicodedata.normalize("NFC", "".join(
    base + tone for base in "aăâeêioôơuưy" for tone in "\u0300\u0301\u0303\u0309\u0323"))
ALPHABET = (VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + TONED + TONED.upper()
            + " .,;:0123456789")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200))
def test_vni_and_cp1258_round_trip(text: str):
    assert decode_legacy(encode_legacy(text, "vni"), "vni") == text
    data = encode_legacy(text, "cp1258")
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=VIETNAMESE_LETTERS + TONED + " .,;:0123456789", max_size=200))
def test_tcvn3_round_trip_lowercase(text: str):
    assert decode_legacy(encode_legacy(text, "tcvn3"), "tcvn3") == text


@pytest.mark.parametrize(("word", "valid"), [
    ("nghiệp", True), ("được", True), ("quyết", True), ("khuyến", True),
    ("B¸o", False), ("vieäc", False), ("ngườii", False), ("xyz", False),
])
def test_syllable_check(word: str, valid: bool):
    assert is_vietnamese_syllable(word) is valid
