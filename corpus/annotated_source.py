"""Annotated report sources -> plain text, table layout and gold records.

A source is plain text, one paragraph per line, with every figure, date and citation
marked inline:

    {{raw|kind|key=value|...}}

`kind` is a metric's unit class (count, percent, money, score, rank, duration, age,
other), `date`, `cite`, or `none` (digits that are neither: "COVID-19"). Values are
worked out from `raw`; `key=value` fields override them (value, den, max, unit, approx;
fmt=en for "401,952.03"; year for a day without a year; start/end/gran for a date;
key/date for a citation's ref_key and issue date). Every metric mark also says what the
figure is: `kind=` (actual, target, plan, change, share, attainment, other) and `period=`
('2021', '2021-2025'), as defined in tests/gold/GUIDELINES.md; they become the gold fields
`metric_kind` and `period`.
A line starting with "|" is a table row, its cells separated by "|"; in the plain text a
row is one line with its cells joined by " | ", as pipeline.ingest writes tables.
Every digit outside a mark fails the build, except list labels at the start of a line
("1. "), so that no figure goes unannotated.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from evaluation.gold import FIGURE_KINDS, PERIOD
from pipeline.data_files import read_tsv

METRIC_KINDS = {"count", "percent", "money", "score", "rank", "duration", "age", "other"}
APPROX_WORDS = ("hơn", "khoảng", "gần", "trên", "dưới", "từ")
MONEY_SCALES = {"tỷ": 10**9, "triệu": 10**6, "nghìn": 10**3, "ngàn": 10**3}
ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}

MARK = re.compile(r"\{\{(.+?)\}\}")
SOURCE_CELL_SPLIT = re.compile(r"\|(?![^{]*\}\})")  # a "|" that is not inside a mark
CELL_JOINER = " | "  # how pipeline.ingest writes a table row into the document's text
LIST_LABEL = re.compile(r"^\s*\d+\.\s")
LIST_MARKER = re.compile(r"[-+*] ")
VN_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
EN_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"


class SourceError(ValueError):
    """A source that cannot be turned into a report and its gold."""


@dataclass
class Mention:
    kind: str  # metric unit class, 'date', 'cite' or 'none'
    raw: str
    char_start: int
    char_end: int
    fields: dict[str, str]


@dataclass
class Line:
    text: str
    cells: list[str] | None = None  # set for a table row


@dataclass
class RenderedReport:
    name: str
    lines: list[Line]
    mentions: list[Mention] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines) + "\n"


def render(name: str, source: str) -> RenderedReport:
    """Strip the marks; keep where each mention lands in the plain text."""
    report = RenderedReport(name, [])
    offset = 0
    for number, source_line in enumerate(source.splitlines(), 1):
        if source_line.startswith("|"):
            parts = SOURCE_CELL_SPLIT.split(source_line.strip().strip("|"))
            cells = []
            line_start = offset
            for index, part in enumerate(parts):
                cell_text, mentions = _strip_marks(part.strip(), offset, name, number)
                cells.append(cell_text)
                report.mentions += mentions
                offset += len(cell_text) + (len(CELL_JOINER) if index < len(parts) - 1 else 0)
            report.lines.append(Line(CELL_JOINER.join(cells), cells))
            assert offset - line_start == len(report.lines[-1].text)
        else:
            text, mentions = _strip_marks(source_line, offset, name, number)
            report.mentions += mentions
            report.lines.append(Line(text))
            offset += len(text)
        offset += 1  # the newline
    return report


def _strip_marks(part: str, offset: int, name: str, line_number: int
                 ) -> tuple[str, list[Mention]]:
    pieces: list[str] = []
    mentions: list[Mention] = []
    position = 0
    length = 0
    for match in MARK.finditer(part):
        plain = part[position:match.start()]
        _check_no_loose_digits(plain, name, line_number, at_line_start=position == 0)
        pieces.append(plain)
        length += len(plain)
        raw, kind, *options = match.group(1).split("|")
        if kind not in METRIC_KINDS | {"date", "cite", "none"}:
            raise SourceError(f"{name}:{line_number}: loại chú thích lạ '{kind}' ở '{raw}'")
        fields = dict(option.split("=", 1) for option in options)
        mentions.append(Mention(kind, raw, offset + length, offset + length + len(raw), fields))
        pieces.append(raw)
        length += len(raw)
        position = match.end()
    tail = part[position:]
    _check_no_loose_digits(tail, name, line_number, at_line_start=position == 0)
    pieces.append(tail)
    return "".join(pieces), mentions


def _check_no_loose_digits(plain: str, name: str, line_number: int, at_line_start: bool) -> None:
    if at_line_start:
        plain = LIST_LABEL.sub("", plain, count=1)
    if re.search(r"\d", plain):
        raise SourceError(f"{name}:{line_number}: chữ số chưa được chú thích trong '{plain}'")


# ---- values --------------------------------------------------------------------------

def parse_number(text: str, english: bool = False) -> float:
    """'15.939' -> 15939, '69,991' -> 69.991; English style '401,952.03' -> 401952.03."""
    if english:
        return float(text.replace(",", ""))
    return float(text.replace(".", "").replace(",", "."))


def metric_values(mention: Mention) -> dict:
    fields = mention.fields
    raw = mention.raw
    english = fields.get("fmt") == "en"
    number = EN_NUMBER if english else VN_NUMBER
    approx = fields.get("approx")
    body = raw
    first_word = raw.split(" ", 1)[0]
    if first_word in APPROX_WORDS + ("thứ",):
        body = raw.split(" ", 1)[1]
        if first_word != "thứ":
            approx = approx or first_word
    match = re.match(
        rf"(?P<num>{number})(?:\s*/\s*(?P<den>{number}))?(?P<pct>\s*%)?"
        rf"(?:\s*(?:-|–|đến)\s*(?P<max>{number})\s*%?)?\s*(?P<rest>.*)$", body)
    if "value" in fields:  # a number written in words: "mười hai phiên"
        value = float(fields["value"])
        rest = match.group("rest") if match else ""
        if not match and "unit" not in fields and mention.kind == "count":
            raise SourceError(f"{raw}: số viết bằng chữ cần unit=")
    elif match:
        value = parse_number(match.group("num"), english)
        rest = match.group("rest")
    else:
        raise SourceError(f"{raw}: không đọc được con số")
    denominator = _field_or(fields, "den", match, "den", english)
    value_max = _field_or(fields, "max", match, "max", english)
    unit = fields.get("unit")
    unit_class = mention.kind
    if unit_class == "money":
        scale_word = rest.split(" ", 1)[0]
        scale = MONEY_SCALES.get(scale_word, 1)
        value *= scale
        value_max = value_max * scale if value_max is not None else None
        unit = "VND"
    elif unit_class == "percent":
        unit = "%"
    elif unit is None:
        unit = rest.strip() or None
    if unit_class == "count" and unit in measures():
        # a mass, length, area, volume or energy written as a count of its unit ("28.560
        # tấn"): the extractor's class, the value in the class's base unit
        unit_class, factor = measures()[unit]
        value = float(Decimal(str(value)) * factor)
        value_max = float(Decimal(str(value_max)) * factor) if value_max is not None else None
    return {
        "value": _plain(value), "unit_class": unit_class, "unit": unit,
        "denominator": _plain(denominator), "value_max": _plain(value_max), "approx": approx,
        **figure_role(mention),
    }


@cache
def measures() -> dict[str, tuple[str, Decimal]]:
    """Unit as written -> (unit class, factor to the base unit), from the extractor's
    lexicon extractors/lexicons/measures.tsv."""
    rows = read_tsv(Path(__file__).resolve().parents[1] / "extractors" / "lexicons"
                    / "measures.tsv")
    found: dict[str, tuple[str, Decimal]] = {}
    for row in rows:
        found.setdefault(row["unit"], (row["unit_class"], Decimal(row["factor"])))
    return found


def figure_role(mention: Mention) -> dict[str, str]:
    """What the figure is (`kind=`) and which period it is about (`period=`)."""
    kind, period = mention.fields.get("kind"), mention.fields.get("period")
    if kind not in FIGURE_KINDS:
        raise SourceError(f"{mention.raw}: cần kind= là một trong {sorted(FIGURE_KINDS)}, "
                          f"có {kind!r}")
    if period is None or not PERIOD.fullmatch(period):
        raise SourceError(f"{mention.raw}: cần period= dạng 2021 hoặc 2021-2025, có {period!r}")
    return {"metric_kind": kind, "period": period}


def _field_or(fields: dict[str, str], key: str, match: re.Match | None, group: str,
              english: bool) -> float | None:
    if key in fields:
        return float(fields[key])
    if match and match.group(group):
        return parse_number(match.group(group), english)
    return None


def _plain(value: float | None) -> float | int | None:
    if value is None:
        return None
    value = round(value, 6)
    return int(value) if value == int(value) else value


def date_values(mention: Mention) -> dict:
    fields = mention.fields
    if "start" in fields:
        start, end = date.fromisoformat(fields["start"]), date.fromisoformat(fields["end"])
        return _date_record(start, end, fields["gran"])
    raw = mention.raw.lower().strip("()")
    year_hint = fields.get("year")
    patterns: list[tuple[str, object]] = [
        (r"(?:ngày )?(\d{1,2})/(\d{1,2})/(\d{4})\s*-\s*(\d{1,2})/(\d{1,2})/(\d{4})",
         lambda m: (_day(m, 3, 2, 1), _day(m, 6, 5, 4), "range")),
        (r"(?:ngày )?(\d{1,2})/(\d{1,2})/(\d{4})", lambda m: (_day(m, 3, 2, 1),) * 2 + ("day",)),
        (r"(?:ngày )?(\d{1,2}) tháng (\d{1,2}) năm (\d{4})",
         lambda m: (_day(m, 3, 2, 1),) * 2 + ("day",)),
        (r"(?:ngày )?(\d{1,2})[-/](\d{1,2})", lambda m: (_short_day(m, year_hint),) * 2 + ("day",)),
        (r"(\d{1,2}) tháng (?:đầu )?năm (\d{4})", lambda m: _first_months(m)),
        (r"tháng (\d{1,2})(?:/| năm )(\d{4})", lambda m: _month(m)),
        (r"quý (i{1,3}|iv)/(\d{4})", lambda m: _quarter(m)),
        (r"(?:giai đoạn |từ năm )?(\d{4})\s*(?:-|–|đến năm)\s*(\d{4})",
         lambda m: (date(int(m[1]), 1, 1), date(int(m[2]), 12, 31), "range")),
        (r"năm (\d{4})", lambda m: (date(int(m[1]), 1, 1), date(int(m[1]), 12, 31), "year")),
    ]
    for pattern, build in patterns:
        match = re.fullmatch(pattern, raw)
        if match:
            return _date_record(*build(match))
    raise SourceError(f"không đọc được ngày tháng '{mention.raw}'")


def _day(match: re.Match, year: int, month: int, day: int) -> date:
    return date(int(match[year]), int(match[month]), int(match[day]))


def _short_day(match: re.Match, year_hint: str | None) -> date:
    if year_hint is None:
        raise SourceError(f"'{match[0]}' không có năm: thêm year=")
    return date(int(year_hint), int(match[2]), int(match[1]))


def _month(match: re.Match) -> tuple[date, date, str]:
    year, month = int(match[2]), int(match[1])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), "month"


def _first_months(match: re.Match) -> tuple[date, date, str]:
    year, months = int(match[2]), int(match[1])
    return date(year, 1, 1), date(year, months, calendar.monthrange(year, months)[1]), "range"


def _quarter(match: re.Match) -> tuple[date, date, str]:
    year, quarter = int(match[2]), ROMAN_QUARTERS[match[1].upper()]
    last_month = quarter * 3
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    return date(year, last_month - 2, 1), end, "quarter"


def _date_record(start: date, end: date, granularity: str) -> dict:
    return {"start_date": start.isoformat(), "end_date": end.isoformat(),
            "granularity": granularity}


def citation_keys(report: RenderedReport) -> dict[int, dict]:
    """ref_key and issued_date of each citation, by its index in report.mentions."""
    text = report.text
    found: dict[int, dict] = {}
    for index, mention in enumerate(report.mentions):
        if mention.kind != "cite":
            continue
        ref_key = mention.fields.get("key") or mention.raw.split()[-1]
        issued = mention.fields.get("date")
        following = report.mentions[index + 1] if index + 1 < len(report.mentions) else None
        if issued is None and following is not None and following.kind == "date":
            gap = text[mention.char_end:following.char_start]
            if re.fullmatch(r"\s*(?:ngày\s*)?", gap):
                issued = date_values(following)["start_date"]
        found[index] = {"ref_key": ref_key, "issued_date": issued}
    dates_by_key: dict[str, set[str]] = {}
    for values in found.values():
        if values["issued_date"]:
            dates_by_key.setdefault(values["ref_key"], set()).add(values["issued_date"])
    for key, dates in dates_by_key.items():
        if len(dates) > 1:
            raise SourceError(f"{report.name}: {key} có nhiều ngày ban hành khác nhau {dates}")
    for values in found.values():
        if values["issued_date"] is None and values["ref_key"] in dates_by_key:
            values["issued_date"] = next(iter(dates_by_key[values["ref_key"]]))
    return found


# ---- gold ----------------------------------------------------------------------------

def collapse_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def count_occurrences(needle: str, haystack: str) -> int:
    count, position = 0, haystack.find(needle)
    while position != -1:
        count += 1
        position = haystack.find(needle, position + 1)
    return count


def unique_context(report: RenderedReport, mention: Mention) -> tuple[str, int]:
    """The shortest run of whole words around the mention, within its line, that occurs
    once in the text (whitespace-insensitive); and which occurrence of raw it holds."""
    text = report.text
    flat = collapse_whitespace(text)
    line_start = text.rfind("\n", 0, mention.char_start) + 1
    if LIST_MARKER.match(text, line_start):  # ingestors may drop a list item's marker
        line_start += 2
    line_end = text.find("\n", mention.char_end)
    words_each_side = 2
    while True:
        start = _word_boundary_left(text, mention.char_start, line_start, words_each_side)
        end = _word_boundary_right(text, mention.char_end, line_end, words_each_side)
        context = text[start:end].strip()
        if count_occurrences(collapse_whitespace(context), flat) == 1:
            nth = text[start:mention.char_end].count(mention.raw)
            return context, nth
        if start == line_start and end == line_end:
            raise SourceError(
                f"{report.name}: không tìm được ngữ cảnh duy nhất cho '{mention.raw}' "
                f"trong dòng '{text[line_start:line_end]}'")
        words_each_side += 1


def _word_boundary_left(text: str, position: int, limit: int, words: int) -> int:
    for _ in range(words):
        while position > limit and text[position - 1] in " \t":
            position -= 1
        while position > limit and text[position - 1] not in " \t":
            position -= 1
    return position


def _word_boundary_right(text: str, position: int, limit: int, words: int) -> int:
    for _ in range(words):
        while position < limit and text[position] in " \t":
            position += 1
        while position < limit and text[position] not in " \t":
            position += 1
    return position


def gold_records(report: RenderedReport) -> list[dict]:
    """One gold record per mention, in text order, in the format of tests/gold/GUIDELINES.md."""
    citations = citation_keys(report)
    records = []
    for index, mention in enumerate(report.mentions):
        if mention.kind == "none":
            continue
        context, nth = unique_context(report, mention)
        if mention.kind == "date":
            kind, values = "date", date_values(mention)
        elif mention.kind == "cite":
            kind, values = "citation", citations[index]
        else:
            kind, values = "metric", metric_values(mention)
            values = {k: v for k, v in values.items()
                      if v is not None or k in ("unit", "denominator")}
        record = {"kind": kind, "context": context, "raw": mention.raw, **values}
        if nth > 1:
            record["nth"] = nth
        records.append(record)
    return records
