"""Which encoding a plain-text file is written in, among those of Vietnamese archives.

charset-normalizer is right for UTF-16 without BOM and for Windows-1258 but does not know
TCVN3 or VNI (it answers None or cp1257), so 8-bit text is decoded with every Vietnamese
candidate and the most plausible Vietnamese wins.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from pipeline.ingest.legacy import LEGACY_ENCODINGS, decode_legacy
from pipeline.ingest.plausibility import vietnamese_score
from pipeline.model import IngestError

_ALLOWED_CONTROLS = {0x09, 0x0A, 0x0C, 0x0D}
_MAX_CONTROL_SHARE = 0.05
_SCORE_SAMPLE_BYTES = 200_000


@dataclass
class DecodedText:
    text: str  # NFC
    encoding: str


def _is_binary_junk(data: bytes) -> bool:
    controls = sum(1 for byte in data if byte < 0x20 and byte not in _ALLOWED_CONTROLS)
    return b"\x00" in data or controls > _MAX_CONTROL_SHARE * len(data)


def _looks_like_utf16(data: bytes) -> bool:
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    return max(even_nuls, odd_nuls) > 0.3 * half and min(even_nuls, odd_nuls) < 0.05 * half


def _decode_utf16(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    best = from_bytes(data[:_SCORE_SAMPLE_BYTES], cp_isolation=["utf_16_le", "utf_16_be"]).best()
    if best is not None and best.encoding in ("utf_16_le", "utf_16_be"):
        return data.decode(best.encoding)
    # No answer: the NULs sit in the high bytes of ASCII characters.
    return data.decode("utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be")


def _decode_8bit(data: bytes, encoding: str) -> str:
    if encoding in LEGACY_ENCODINGS:
        return decode_legacy(data, encoding)
    return unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))


def decode_text(data: bytes) -> DecodedText:
    """Bytes of a text file -> NFC text and the encoding it was found in."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(unicodedata.normalize("NFC", data[3:].decode("utf-8", "replace")),
                           "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(data):
        try:
            return DecodedText(unicodedata.normalize("NFC", _decode_utf16(data)), "utf-16")
        except UnicodeDecodeError:
            pass
    if _is_binary_junk(data):
        raise IngestError("Tệp văn bản chứa dữ liệu nhị phân (ký tự điều khiển, byte 0), "
                          "không phải văn bản đọc được")
    try:
        return DecodedText(unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:_SCORE_SAMPLE_BYTES]
    candidates = ("cp1258", *LEGACY_ENCODINGS)
    scores = {name: vietnamese_score(_decode_8bit(sample, name)) for name in candidates}
    best = max(candidates, key=lambda name: scores[name])  # ties keep cp1258, listed first
    return DecodedText(_decode_8bit(data, best), best)
