"""Gold annotations: load a JSONL file, check it, and place each record in a document's text."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from evaluation.text import whitespace_tolerant

GRANULARITIES = {"day", "month", "quarter", "year", "range"}
UNIT_CLASSES = {"count", "percent", "money", "score", "rank", "duration", "age", "other",
                "mass", "length", "area", "volume", "energy", "power"}
# What a figure is (gold field `metric_kind`, the metrics table's `kind`): GUIDELINES.md.
FIGURE_KINDS = {"actual", "target", "plan", "change", "share", "attainment", "other"}
PERIOD = re.compile(r"\d{4}(?:-\d{4})?")  # '2021' or '2021-2025'


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_number_or_null(value: object) -> bool:
    return value is None or _is_number(value)


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_iso_date_or_null(value: object) -> bool:
    return value is None or _is_iso_date(value)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_text_or_null(value: object) -> bool:
    return value is None or _is_text(value)


def _is_period(value: object) -> bool:
    if not isinstance(value, str) or not PERIOD.fullmatch(value):
        return False
    first, _, last = value.partition("-")
    return not last or int(first) < int(last)


# Per kind: the fields a record must carry, each with its type check.
REQUIRED_FIELDS = {
    "metric": {
        "value": _is_number, "unit_class": lambda v: v in UNIT_CLASSES,
        "unit": _is_text_or_null, "denominator": _is_number_or_null,
        "metric_kind": lambda v: v in FIGURE_KINDS, "period": _is_period,
    },
    "date": {
        "start_date": _is_iso_date, "end_date": _is_iso_date,
        "granularity": lambda v: v in GRANULARITIES,
    },
    "citation": {"ref_key": _is_text, "issued_date": _is_iso_date_or_null},
}
OPTIONAL_FIELDS = {"metric": {"value_max": _is_number_or_null, "approx": _is_text_or_null}}


@dataclass
class GoldRecord:
    kind: str  # 'metric' | 'date' | 'citation'
    context: str
    raw: str
    fields: dict = field(default_factory=dict)  # the values: value, unit_class, start_date, ...
    nth: int = 1  # which occurrence of raw inside context
    line: int = 0  # line in the gold file, for messages

    def raw_offset_in_context(self) -> int | None:
        """Offset of the nth occurrence of raw inside the context, None when absent."""
        offset = -1
        for _ in range(self.nth):
            offset = self.context.find(self.raw, offset + 1)
            if offset < 0:
                return None
        return offset


class GoldFormatError(ValueError):
    """A gold file that does not follow the format of tests/gold/GUIDELINES.md."""


def parse_record(data: dict, line: int = 0) -> GoldRecord:
    """One JSON object -> GoldRecord; raises GoldFormatError with the reasons."""
    problems = []
    kind = data.get("kind")
    if kind not in REQUIRED_FIELDS:
        raise GoldFormatError(f"dòng {line}: loại bản ghi không hợp lệ: {kind!r}")
    for name in ("context", "raw"):
        if not _is_text(data.get(name)):
            problems.append(f"thiếu hoặc sai trường {name!r}")
    for name, check in REQUIRED_FIELDS[kind].items():
        if name not in data:
            problems.append(f"thiếu trường {name!r}")
        elif not check(data[name]):
            problems.append(f"giá trị sai ở trường {name!r}: {data[name]!r}")
    for name, check in OPTIONAL_FIELDS.get(kind, {}).items():
        if name in data and not check(data[name]):
            problems.append(f"giá trị sai ở trường {name!r}: {data[name]!r}")
    nth = data.get("nth", 1)
    if not isinstance(nth, int) or isinstance(nth, bool) or nth < 1:
        problems.append(f"'nth' phải là số nguyên ≥ 1: {nth!r}")
    if problems:
        raise GoldFormatError(f"dòng {line}: " + "; ".join(problems))
    known = {"kind", "context", "raw", "nth"}
    fields = {k: v for k, v in data.items() if k not in known}
    record = GoldRecord(kind, data["context"], data["raw"], fields, nth, line)
    if record.raw_offset_in_context() is None:
        raise GoldFormatError(f"dòng {line}: raw {record.raw!r} không nằm trong context")
    return record


def load_gold(path: Path) -> list[GoldRecord]:
    records = []
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                raise GoldFormatError(f"{path}: dòng {line_number}: JSON sai: {error}") from error
            records.append(parse_record(data, line_number))
    return records


@dataclass
class Located:
    """A gold record placed in one document's text."""

    record: GoldRecord
    char_start: int
    char_end: int


def locate(record: GoldRecord, text: str) -> Located | None:
    """Where the record's raw sits in `text`, via its context; None if the context is not
    found exactly once (whitespace runs match any whitespace run)."""
    matches = list(whitespace_tolerant(record.context).finditer(text))
    if len(matches) != 1:
        return None
    offset = record.raw_offset_in_context()
    # Map the offset in the context onto the match, counting non-space characters,
    # since the whitespace inside the match may differ from the context's.
    nonspace_before = sum(1 for c in record.context[:offset] if not c.isspace())
    raw_length = sum(1 for c in record.raw if not c.isspace())
    start = _skip_spaces(text, _advance(text, matches[0].start(), nonspace_before))
    end = _advance(text, start, raw_length)
    return Located(record, start, end)


def _advance(text: str, position: int, count: int) -> int:
    """Position just after the next `count` non-space characters from `position`."""
    while count > 0:
        if not text[position].isspace():
            count -= 1
        position += 1
    return position


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def validate(records: list[GoldRecord], text: str) -> list[str]:
    """Problems that make records unusable on this text (context not found once)."""
    problems = []
    for record in records:
        count = len(whitespace_tolerant(record.context).findall(text))
        if count != 1:
            problems.append(
                f"dòng {record.line}: context xuất hiện {count} lần (cần đúng 1): "
                f"{record.context!r}")
    return problems
