"""The reporting agency: from the opening sentence ("..., Sở Tài chính báo cáo") or the header."""

from __future__ import annotations

from functools import cache

import regex

from pipeline.structure.lexicon import alternation, column, read_table
from pipeline.structure.titles import collapse_spaces, is_capitals

MAX_NAME_CHARS = 100
_NAME_SEPARATORS = {"-", "–", "và"}


@cache
def _reporting_clause() -> regex.Pattern[str]:
    heads = alternation(column("agency_heads", "written"))
    verbs = alternation(column("report_verbs", "word"))
    return regex.compile(
        rf"(?:^|[,;.:]\s*)(?P<name>(?:{heads})\s[^,;:.]{{1,{MAX_NAME_CHARS}}}?)\s+(?:xin\s+)?"
        rf"(?:{verbs})(?!\w)")


def agency_in_sentence(prose: str) -> str | None:
    """The agency that opens the reporting clause: ", Sở Lao động – Thương binh ... báo cáo"."""
    match = _reporting_clause().search(prose)
    return collapse_spaces(match["name"]) if match else None


@cache
def _header_stops() -> regex.Pattern[str]:
    return regex.compile(rf"(?i)\s*(?:{alternation(column('header_stops', 'word'))}).*$")


def agency_in_header(lines: list[str]) -> str | None:
    """The last agency named in the header (the issuer, under its parent body).

    A name in capitals is re-cased; one in sentence case (TCVN3 text has no toned capitals)
    is kept as written. Lines are header lines or table cells of a header laid out as a table.
    """
    head_pattern = _head_pattern()
    stops = _header_stops()
    names: list[list[str]] = []
    for line in lines:
        for text in split_agencies(stops.sub("", line).strip()):
            if head_pattern.match(text) and len(text) <= MAX_NAME_CHARS:
                names.append([text])
            elif names and len(names[-1]) < 3 and _continues_name(names[-1][-1], text):
                names[-1].append(text)  # "SỞ LAO ĐỘNG - THƯƠNG BINH" / "VÀ XÃ HỘI"
    if not names:
        return None
    name = collapse_spaces(" ".join(names[-1]))
    return recase_agency(name) if is_capitals(name) else name


@cache
def _head_pattern() -> regex.Pattern[str]:
    heads = alternation(column("agency_heads", "written"))
    return regex.compile(rf"(?i)(?<!\w)(?:{heads})(?!\w)")


@cache
def _place_heads() -> frozenset[str]:
    return frozenset(row["written"].casefold() for row in read_table("agency_heads")
                     if row["casing"] == "place")


def split_agencies(text: str) -> list[str]:
    """A header line holding the parent body and the issuer on one line ("UBND TỈNH LÂM ĐỒNG
    BAN CHỈ ĐẠO ..."), as a header cell whose lines were joined reads: split before a
    field-named body ("Ban", "Sở", "Văn phòng") that follows a place-named one ("UBND tỉnh"),
    never inside a name ("Văn phòng UBND tỉnh", "Ủy ban nhân dân")."""
    cuts = [0]
    previous_is_place = False
    for match in _head_pattern().finditer(text):
        is_place = match[0].casefold() in _place_heads()
        if previous_is_place and not is_place and match.start() > cuts[-1]:
            cuts.append(match.start())
        previous_is_place = is_place
    ends = [*cuts[1:], len(text)]
    pieces = [text[start:end].strip() for start, end in zip(cuts, ends, strict=True)]
    return [piece for piece in pieces if piece]


def _continues_name(previous: str, text: str) -> bool:
    return (is_capitals(previous) and is_capitals(text)) or text[0].islower()


@cache
def _agency_heads_longest_first() -> list[tuple[dict[str, str], regex.Pattern[str]]]:
    rows = sorted(read_table("agency_heads"), key=lambda r: len(r["written"]), reverse=True)
    return [(row, regex.compile(rf"(?i){regex.escape(row['written'])}(?!\w)\s*"))
            for row in rows]


def recase_agency(name: str) -> str:
    """ "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI" -> "Sở Lao động – Thương binh và Xã hội"."""
    for row, head in _agency_heads_longest_first():
        match = head.match(name)
        if match:
            rest = name[match.end():].lower().split()
            recase = _recase_place if row["casing"] == "place" else _recase_field
            return " ".join([row["canonical"], *recase(rest)])
    return name


def _recase_field(words: list[str]) -> list[str]:
    """A field name: capital on its first word and on the first word after "–" or "và"."""
    result: list[str] = []
    capitalize_next = True
    for index, word in enumerate(words):
        if result and index + 1 < len(words) and _starts_place(words[index:]):
            return result + _recase_place(words[index:])  # "... chuyển đổi số tỉnh Hòa Sơn"
        body = _place_body(words[index:])
        if body:
            canonical, length = body  # "Văn phòng UBND tỉnh ...": the body it serves
            return [*result, canonical, *_recase_place(words[index + length:])]
        if word in _NAME_SEPARATORS:
            result.append(word)
            capitalize_next = True
            continue
        result.append(word[:1].upper() + word[1:] if capitalize_next else word)
        capitalize_next = False
    return result


def _place_body(words: list[str]) -> tuple[str, int] | None:
    """(canonical name, words it takes) of a place-named body opening the words."""
    for row in read_table("agency_heads"):
        written = row["written"].casefold().split()
        if row["casing"] == "place" and words[:len(written)] == written:
            return row["canonical"], len(written)
    return None


def _starts_place(words: list[str]) -> bool:
    levels = [row["word"].split() for row in read_table("admin_levels")
              if row["ends_field"] == "yes"]
    return any(words[:len(level)] == level and len(words) > len(level) for level in levels)


def _recase_place(words: list[str]) -> list[str]:
    """A place: level words in lower case ("tỉnh", "thành phố"), the place name capitalized."""
    levels = column("admin_levels", "word")
    result: list[str] = []
    index = 0
    while index < len(words):
        level = next((lv for lv in sorted(levels, key=len, reverse=True)
                      if words[index:index + len(lv.split())] == lv.split()), None)
        if level:
            result.extend(level.split())
            index += len(level.split())
        else:
            result.append(words[index][:1].upper() + words[index][1:])
            index += 1
    return result
