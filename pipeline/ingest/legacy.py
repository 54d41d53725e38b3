"""The 8-bit Vietnamese encodings of old archives: TCVN3 (ABC) and VNI Windows.

Both code tables are data files (data/tcvn3.tsv, data/vni.tsv). TCVN3 maps one byte to one
letter; VNI writes a letter as its base letter followed by one byte for the marks.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

import regex

from pipeline.ingest.resources import read_tsv

LEGACY_ENCODINGS = ("tcvn3", "vni")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


@dataclass(frozen=True)
class LegacyCodec:
    to_unicode: dict[bytes, str]
    from_unicode: dict[str, bytes]
    sequence: regex.Pattern  # longest encoded sequences first


def _char(codepoint: str) -> str:
    return chr(int(codepoint.removeprefix("U+"), 16))


def _build(pairs: list[tuple[str, bytes]]) -> LegacyCodec:
    to_unicode = {encoded: char for char, encoded in pairs}
    from_unicode: dict[str, bytes] = {}
    for char, encoded in pairs:
        from_unicode.setdefault(char, encoded)
    ordered = sorted(to_unicode, key=len, reverse=True)
    sequence = regex.compile(b"|".join(regex.escape(item) for item in ordered))
    return LegacyCodec(to_unicode, from_unicode, sequence)


@cache
def codec(name: str) -> LegacyCodec:
    if name == "tcvn3":
        rows = read_tsv("tcvn3.tsv")
        return _build([(_char(row["codepoint"]), bytes.fromhex(row["byte"])) for row in rows])
    if name == "vni":
        rows = read_tsv("vni.tsv")
        return _build([(_char(row["codepoint"]), bytes.fromhex(row["bytes"])) for row in rows])
    raise ValueError(f"Không biết bảng mã cũ '{name}' (chỉ có: {', '.join(LEGACY_ENCODINGS)})")


def decode_legacy(data: bytes, encoding: str) -> str:
    """Bytes in TCVN3 or VNI -> NFC text. Bytes outside the table are read as Windows-1252."""
    table = codec(encoding)
    pieces: list[str] = []
    position = 0
    for match in table.sequence.finditer(data):
        pieces.append(data[position:match.start()].decode("cp1252", errors="replace"))
        pieces.append(table.to_unicode[match.group()])
        position = match.end()
    pieces.append(data[position:].decode("cp1252", errors="replace"))
    return unicodedata.normalize("NFC", "".join(pieces))


def encode_cp1258(text: str) -> bytes:
    """Text -> Windows-1258, which writes tones as combining marks after the letter."""
    # Recompose everything but the tone marks: cp1258 has "ô", "ư", "ă" but not "ộ".
    pieces = []
    for cluster in regex.findall(r"\X", unicodedata.normalize("NFD", text)):
        tones = "".join(char for char in cluster if char in _TONE_MARKS)
        base = "".join(char for char in cluster if char not in _TONE_MARKS)
        pieces.append(unicodedata.normalize("NFC", base) + tones)
    recomposed = "".join(pieces)
    return recomposed.encode("cp1258")


def encode_legacy(text: str, encoding: str) -> bytes:
    """Text -> TCVN3, VNI or Windows-1258 bytes (the inverse of the decoders).

    An uppercase toned letter TCVN3 has no code for is written with the lowercase code, as
    typists did with uppercase fonts. Raises ValueError for a character the encoding cannot
    write.
    """
    if encoding == "cp1258":
        return encode_cp1258(text)
    table = codec(encoding)
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        encoded = table.from_unicode.get(char) or table.from_unicode.get(char.lower())
        if encoded is not None:
            out += encoded
        elif ord(char) < 0x80:
            out += char.encode("ascii")
        else:
            try:
                out += char.encode("cp1252")
            except UnicodeEncodeError:
                raise ValueError(
                    f"Ký tự '{char}' (U+{ord(char):04X}) không viết được bằng bảng mã {encoding}"
                ) from None
    return bytes(out)
