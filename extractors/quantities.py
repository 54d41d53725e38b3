"""Figures in report text: a number with its unit, denominator, range and qualifier.

Rules first (compiled once, linear in the text), lexicons in extractors/lexicons:
units.tsv (units and counted nouns), scale_words.tsv, number_words.tsv, qualifiers.tsv,
context_words.tsv (labels, rank and cue words before a number), function_words.tsv
(words that are never the counted noun), table_headers.tsv. See tests/gold/GUIDELINES.md
for what counts.

Tables come from the caller's table reader (pipeline.semantics.tables: TableGrid, each
column with its full header path). A number alone in a body cell takes the unit
unit_from_headers finds: named by its column header ("Số lao động (người)", "Kinh phí,
triệu đồng", "Số hộ"), by a unit column of its row ("Đơn vị tính | Tỷ đồng"), or by the
row's label ("Số bệnh nhân ..."); otherwise it is unit_class 'other'. Header cells hold no
figures.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache

import regex

from extractors.numbers import (
    DIGITS_PATTERN,
    Convention,
    NumberFormatError,
    lone_word_rules,
    number_word_table,
    number_words_pattern,
    parse_number,
    parse_number_words,
    read_lexicon,
)
from pipeline.model import Figure, TableCell

HEADER_PATH_SEPARATOR = " > "  # as pipeline.semantics.tables writes a column's header path
INTEGRAL_CLASSES = ("count",)
# measures: value in the base unit of the class (measures.tsv), `unit` as written
MEASURE_CLASSES = ("mass", "length", "area", "volume", "energy", "power")
# "6 tháng đầu năm" is a date phrase, not a duration; "3 sao" is a grade, not a count
NOT_FIGURE_CLASSES = ("period", "label")
YEAR_RANGE = (1900, 2100)
CONTEXT_WINDOW = 40  # characters looked at before a number
SEGMENTATION_WINDOW = 30  # characters after a number given to the word segmenter
# per sentence: the segmenter is slow, past this take one syllable. Per sentence, not per
# text, so that a figure reads the same at any position in any document.
MAX_SEGMENTATIONS = 50
MAX_NUMBER_WORDS = 12  # "hai nghìn không trăm hai mươi mốt" has 7
NAMED_WINDOW = 200  # characters looked at before "là N" for the clause's "Số <noun>"
WORDED_RATIO_WINDOW = 100  # "hồ sơ trực tuyến/62.089 tổng", "(hai mươi mốt)": short
MAX_UNIT_CELL_WORDS = 4  # a unit column names a unit or a short counted noun ("dự án")
WORD_PIECE = regex.compile(r"\S+")
RATE_AFTER = regex.compile(r"/(?P<per>\p{L}+(?: đêm)?)(?!\p{L})")


@dataclass(frozen=True)
class Unit:
    unit: str | None
    unit_class: str
    scale: Decimal = Decimal(1)


@dataclass
class Candidate:
    """A figure before the checks that need its neighbours (lists, bare numbers)."""

    start: int
    end: int
    raw_number: str
    unit: Unit | None
    denominator_raw: str | None = None
    max_raw: str | None = None
    approx: str | None = None
    words_value: Decimal | None = None  # set for numbers written in words
    needs_sibling: bool = False  # "một vụ": a figure only beside another count of "vụ"
    keep_bare: bool = False  # a bare number that is still a figure (after a cue, in a table)


# ---- lexicons compiled once ----------------------------------------------------------------


def _alternation(words: Sequence[str]) -> str:
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(regex.escape(word).replace(r"\ ", r"\s+") for word in ordered)


@dataclass(frozen=True)
class Rules:
    units: dict[str, Unit]
    exact_case: dict[str, set[str]]  # symbols matched only as written ("kg", "MW")
    scales: dict[str, Decimal]
    qualifiers_before: dict[str, str]
    qualifiers_after: dict[str, str]
    context_roles: dict[str, str]
    function_words: frozenset[str]
    number_or_words: regex.Pattern
    unit_after: regex.Pattern
    scale_after: regex.Pattern
    ratio_after: regex.Pattern
    range_after: regex.Pattern
    day_month_after: regex.Pattern
    qualifier_after: regex.Pattern
    word_after: regex.Pattern
    context_before: regex.Pattern
    qualifier_before: regex.Pattern
    cue_before: regex.Pattern
    blocked: tuple[regex.Pattern, ...]
    list_gap: regex.Pattern
    english_evidence: regex.Pattern
    vietnamese_evidence: regex.Pattern
    header_roles: dict[str, str]
    header_prefix: regex.Pattern
    sentence_end: regex.Pattern
    name_number: regex.Pattern
    list_marker: regex.Pattern
    first_of_list: regex.Pattern
    change_before: regex.Pattern
    worded_ratio_after: regex.Pattern
    count_head: regex.Pattern
    colon_head: regex.Pattern
    restated_after: regex.Pattern


@cache
def rules() -> Rules:
    units = {surface.lower(): Unit(unit, unit_class)
             for surface, unit, unit_class in read_lexicon("units.tsv")}
    measures = read_lexicon("measures.tsv")
    units |= {surface.lower(): Unit(unit, unit_class, Decimal(factor))
              for surface, unit, unit_class, factor, _ in measures}
    exact_case = {surface.lower(): set() for surface, *_, case in measures if case == "exact"}
    for surface, *_, case in measures:
        if case == "exact":
            exact_case[surface.lower()].add(surface)
    scales = {word: Decimal(multiplier) for word, multiplier in read_lexicon("scale_words.tsv")}
    qualifiers = read_lexicon("qualifiers.tsv")
    before = {surface: approx for surface, approx, position in qualifiers if position == "before"}
    after = {surface: approx for surface, approx, position in qualifiers if position == "after"}
    roles = dict(read_lexicon("context_words.tsv"))
    function_words = frozenset(row[0] for row in read_lexicon("function_words.tsv"))
    header_roles = dict(read_lexicon("table_headers.tsv"))
    prefixes = [phrase for phrase, role in header_roles.items()
                if role.endswith("_prefix") or role == "figure_kind"]
    gap = r"[^\S\n]{0,3}"
    unit_words = _alternation(list(units))
    number_words = number_words_pattern()
    number_phrase = rf"{number_words}(?:[^\S\n]+{number_words}){{0,{MAX_NUMBER_WORDS - 1}}}"
    total_words = _alternation([row[0] for row in read_lexicon("total_words.tsv")])
    count_heads = _alternation([row[0] for row in read_lexicon("count_heads.tsv")])
    return Rules(
        units=units,
        exact_case=exact_case,
        scales=scales,
        qualifiers_before=before,
        qualifiers_after=after,
        context_roles=roles,
        function_words=function_words,
        number_or_words=regex.compile(
            rf"(?<![\d.,])(?P<digits>{DIGITS_PATTERN})"
            rf"|(?P<words>{number_phrase})",
            regex.IGNORECASE),
        unit_after=regex.compile(rf"{gap}(?P<unit>{unit_words})(?!\p{{L}})", regex.IGNORECASE),
        scale_after=regex.compile(
            rf"{gap}(?P<scale>{_alternation(list(scales))})(?!\p{{L}})(?!\s+(?:lệ|trọng))",
            regex.IGNORECASE),
        ratio_after=regex.compile(rf"[^\S\n]?/[^\S\n]?(?P<number>{DIGITS_PATTERN})(?![/\d\p{{L}}])"),
        range_after=regex.compile(
            rf"[^\S\n]{{0,2}}(?:-|–|—|\s(?:đến|tới)\s)[^\S\n]{{0,2}}"
            rf"(?P<number>{DIGITS_PATTERN})(?![/\d])"),
        day_month_after=regex.compile(
            r"[^\S\n]{0,2}[-–—][^\S\n]{0,2}(?P<day>\d{1,2})/(?P<month>\d{1,2})(?![/\d])"),
        qualifier_after=regex.compile(rf"{gap}(?P<word>{_alternation(list(after))})(?!\p{{L}})",
                                      regex.IGNORECASE),
        word_after=regex.compile(r"[^\S\n]{1,3}(?P<word>\p{Ll}+)(?!\p{L})"),
        context_before=regex.compile(
            rf"(?<!\p{{L}})(?P<word>{_alternation(list(roles))})\s*\Z", regex.IGNORECASE),
        qualifier_before=regex.compile(
            rf"(?<!\p{{L}})(?P<word>{_alternation(list(before))})\s*\Z", regex.IGNORECASE),
        cue_before=regex.compile(r"[:(=]\s*\Z"),
        # Spans that hold no figure, each found by a pattern of its own: as one alternation the
        # regex module tries every alternative at every character, 4.7x slower.
        blocked=tuple(regex.compile(pattern) for pattern in (
            r"(?:https?://|www\.)\S+",  # addresses
            r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail
            r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)",  # dates 19/01/2021
            r"(?<![\d,.])(?:0?[1-9]|1[0-2])/(?:19|20)\d\d(?![\d/])",  # month/year 12/2021
            r"(?<![\d/])\d++(?:/\d++){0,3}+[/-]\p{Lu}[\p{L}/.-]*",  # 62/QĐ-UBND, 192-KL/TU
            r"(?i:covid)\s*[-–—]?\s*\d+",  # COVID-19, covid -19
            r"(?i:iso)\s*\d+(?:\s*:\s*\d+)?",  # ISO 9001:2015
            r"\p{L}\d+",  # digits glued to a word: F0, footnote marks
            r"(?m:^[^\S\n]*\d+(?:\.\d+)*[.)](?=\s))",  # section labels "1. ", "2.1. ", "3) "
            r"(?i:điện thoại|đt|fax|hotline|sđt)\s*:?\s*\+?[\d(][\d\s.()-]{5,}\d",  # phones
            r"(?<![\d.,])0\d{2,3}[\s.]\d{3,4}[\s.]\d{3,4}(?!\d)",
            # titles quoted one after another ("điển hình: “Hơn 100 cán bộ …”, “…”"): names
            r"(?<=”[^\S\n]{0,2}[,;][^\S\n]{0,2})“[^”\n]{0,300}”",
            r"“[^”\n]{0,300}”(?=[^\S\n]{0,2}[,;][^\S\n]{0,2}“)",
        )),
        list_gap=regex.compile(
            rf"\s*[,;]?\s*(?:(?:và|hoặc)\s+)?(?:(?:{_alternation(list(before))})\s+)?",
            regex.IGNORECASE),
        english_evidence=regex.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d+(?![\d.,])"),
        vietnamese_evidence=regex.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+,\d+(?![\d.,])"),
        header_roles=header_roles,
        header_prefix=regex.compile(rf"\s*(?P<word>{_alternation(prefixes)})(?!\p{{L}})",
                                    regex.IGNORECASE),
        sentence_end=regex.compile(r"\n|[.!?](?!\d)"),
        # "Đề án 06", "Chương trình 135": the number names the programme (case as written)
        name_number=regex.compile(
            rf"(?<!\p{{L}})(?:{_alternation([row[0] for row in read_lexicon('name_heads.tsv')])})"
            rf"(?:[^\S\n]+số)?[^\S\n]+(?P<number>\d+)(?![\d/.,]*\d)(?!/)"),
        # "(1) Tổ chức ...", "gồm: (2) hỗ trợ ...": a list item's marker at the start of an
        # item (line start, or after ":", ";", "," or "."), never a figure
        list_marker=regex.compile(
            r"(?:^|(?<=[:;,.]))[^\S\n]*\((?P<number>\d{1,2})\)(?=[^\S\n]+\p{L})",
            regex.MULTILINE),
        # "tuyên truyền về (1) sử dụng …, (2) cao điểm …": the first marker of a list
        # inside a sentence, known by the "(2)" that follows it on its line
        first_of_list=regex.compile(
            r"\((?P<number>1)\)(?=[^\S\n]+\p{L}[^\n]*?\(2\)[^\S\n]+\p{L})"),
        change_before=regex.compile(
            rf"(?<!\p{{L}})(?:{_alternation([row[0] for row in read_lexicon('change_words.tsv')])})"
            rf"[^\S\n]+(?:(?:{_alternation(list(before))})[^\S\n]+)?\Z", regex.IGNORECASE),
        # "1.540 hồ sơ trực tuyến/1.720 tổng hồ sơ", "2.300 hộ/ tổng số 2.500 hộ": after the
        # counted noun, a few words, the slash, the whole (the same noun must follow it)
        worded_ratio_after=regex.compile(
            rf"(?:[^\S\n]+\p{{Ll}}+){{0,3}}[^\S\n]?/[^\S\n]?(?:(?:{total_words})[^\S\n]+)?"
            rf"(?P<number>{DIGITS_PATTERN})(?![/\d\p{{L}}])(?:[^\S\n]+(?:{total_words}))?",
            regex.IGNORECASE),
        # "Số hồ sơ giải quyết đúng hạn là …": the head of the clause before a bare number
        count_head=regex.compile(
            rf"(?:(?m:^)|(?<=[,;:(|]))[^\S\n]*(?:{count_heads})[^\S\n]+(?P<rest>[^,;:()|\n]*)\Z",
            regex.IGNORECASE),
        # "Số người có mặt: 8.334", "Tổng số biên chế được giao (tại Quyết định ...): 9.818":
        # a clause naming the count, then a colon (a table cell opens a clause too)
        colon_head=regex.compile(
            rf"(?:(?m:^)|(?<=[,;:(|.]))[^\S\n]*(?:{count_heads})[^\S\n]+(?P<rest>[^,;:()|\n]*?)"
            rf"(?:[^\S\n]*\([^()\n]*\))?[^\S\n]*:[^\S\n]*\Z",
            regex.IGNORECASE),
        # "04 (bốn) giờ": the number restated in words before its unit
        restated_after=regex.compile(
            rf"[^\S\n]*\((?P<words>{number_phrase})\)", regex.IGNORECASE),
    )


# ---- public interface --------------------------------------------------------------------


def extract(text: str, taken: Sequence[tuple[int, int]] = (),
            tables: Sequence[TableGrid] = ()) -> list[Figure]:
    """Every figure in `text`, in order; numbers inside `taken` spans are not figures. A
    number alone in a body cell of one of `tables` takes the unit its column header, its
    row's unit column or its row label names; numbers in header cells are not figures."""
    if unicodedata.is_normalized("NFC", text):
        return _extract_nfc(text, taken, tables)
    normalized, offsets = _nfc_with_offsets(text)

    def moved(start: int, end: int) -> tuple[int, int]:
        return bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)

    def moved_cell(cell: TableCell) -> TableCell:
        return replace(cell, char_start=moved(cell.char_start, cell.char_end)[0],
                       char_end=moved(cell.char_start, cell.char_end)[1])

    taken_nfc = [moved(start, end) for start, end in taken]
    tables_nfc = [TableGrid([moved_cell(cell) for cell in grid.header_cells], grid.headers,
                            [[moved_cell(cell) for cell in row] for row in grid.body])
                  for grid in tables]
    figures = _extract_nfc(normalized, taken_nfc, tables_nfc)
    return [replace(figure, char_start=offsets[figure.char_start],
                    char_end=offsets[figure.char_end],
                    raw=text[offsets[figure.char_start]:offsets[figure.char_end]])
            for figure in figures]


def _extract_nfc(text: str, taken: Sequence[tuple[int, int]],
                 tables: Sequence[TableGrid]) -> list[Figure]:
    scanner = _Scanner(text, taken, tables)
    candidates = _keep_listed_ones(scanner.sentences, _share_breakdown_units(
        text, _share_list_units(text, scanner.candidates())))
    _rates_shortened(scanner.sentences, candidates)
    figures = []
    for candidate in candidates:
        if candidate.unit is None and not candidate.keep_bare:
            continue
        if candidate.unit is not None and candidate.unit.unit_class in NOT_FIGURE_CLASSES:
            continue
        figure = scanner.to_figure(candidate)
        if figure is not None:
            figures.append(figure)
    return figures


def unit_at(text: str, position: int,
            read_noun: Callable[[int], tuple[str, int] | None] | None = None,
            ) -> tuple[Unit, int] | None:
    """The unit written right after `position` (scale words included), and its end.

    A scale word multiplies the unit after it, whatever its class ("tỷ đồng", "triệu
    người", "5,2 vạn tấn"); with no unit of the lexicon after it, `read_noun` may find the
    counted noun ("3 nghìn việc làm"); else the scale word alone is money ("21,5 tỷ")."""
    lexicon = rules()
    scale = lexicon.scale_after.match(text, position)
    if scale is None:
        return _lexicon_unit(text, position)
    multiplier = lexicon.scales[_squash(scale.group("scale")).lower()]
    after = _lexicon_unit(text, scale.end())
    if after is not None and after[0].unit_class not in NOT_FIGURE_CLASSES:
        return replace(after[0], scale=multiplier * after[0].scale), after[1]
    noun = None if read_noun is None else read_noun(scale.end())
    if noun is not None:
        return Unit(noun[0], "count", multiplier), noun[1]
    return Unit("VND", "money", multiplier), scale.end()


def _lexicon_unit(text: str, position: int) -> tuple[Unit, int] | None:
    lexicon = rules()
    match = lexicon.unit_after.match(text, position)
    if match is None:
        return None
    written = _squash(match.group("unit"))
    exact = lexicon.exact_case.get(written.lower())
    if exact is not None and written not in exact:
        return None  # "5G", "3 M": a symbol in another case is no measure
    return lexicon.units[written.lower()], match.end()


# ---- scanning ----------------------------------------------------------------------------


class _Scanner:
    def __init__(self, text: str, taken: Sequence[tuple[int, int]],
                 tables: Sequence[TableGrid] = ()):
        self.text = text
        self.rules = rules()
        spans = [match.span() for pattern in self.rules.blocked for match in pattern.finditer(text)]
        spans += [match.span("number") for pattern in (self.rules.name_number,
                                                       self.rules.list_marker,
                                                       self.rules.first_of_list)
                  for match in pattern.finditer(text)]
        # header cells name columns ("Thực hiện 6 tháng", "(Sử dụng trong kỳ báo cáo hàng
        # quý, 6 tháng, năm)"): no figures
        spans += [(cell.char_start, cell.char_end) for grid in tables
                  for cell in grid.header_cells]
        self.blocked = _merge(spans + [tuple(span) for span in taken])
        self.blocked_starts = [start for start, _ in self.blocked]
        self.line_starts = [0] + [match.end() for match in regex.finditer("\n", text)]
        self.tables = _TableIndex(text, tables)
        self.sentences = _Sentences(text)
        # per sentence (keyed by its start); numbers in words get their own budget: prose
        # full of "hai", "ba" must not leave the digits' nouns unsegmented
        self.segmentation_budget: dict[tuple[str, int], int] = {}
        self.english_lines = self._lines_with(self.rules.english_evidence)
        self.vietnamese_lines = self._lines_with(self.rules.vietnamese_evidence)

    def _lines_with(self, pattern: regex.Pattern) -> set[int]:
        return {self.line_of(match.start()) for match in pattern.finditer(self.text)}

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def is_blocked(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self.blocked_starts, end - 1) - 1
        return index >= 0 and self.blocked[index][1] > start

    def candidates(self) -> list[Candidate]:
        found: list[Candidate] = []
        position = 0
        pattern = self.rules.number_or_words
        while True:
            match = pattern.search(self.text, position)
            if match is None:
                return found
            if match.group("digits") is not None:
                candidate, position = self._digits_candidate(match)
            else:
                candidate, position = self._words_candidate(match)
            if candidate is not None:
                found.extend(self._split_pair(candidate, found[-1] if found else None))

    def _split_pair(self, candidate: Candidate, previous: Candidate | None) -> list[Candidate]:
        """"tăng 12 vụ (86/74)": a bare bracketed ratio right after a change is the pair
        (this period / previous period), two figures in the change's unit, not one ratio."""
        text = self.text
        if (candidate.denominator_raw is None or candidate.unit is not None
                or previous is None or previous.unit is None or previous.words_value is not None
                or previous.denominator_raw is not None
                or not regex.fullmatch(r"[^\S\n]*\([^\S\n]*", text[previous.end:candidate.start])
                or not regex.match(r"[^\S\n]*\)", text[candidate.end:candidate.end + 3])):
            return [candidate]
        before = text[max(0, previous.start - CONTEXT_WINDOW):previous.start]
        if self.rules.change_before.search(before) is None:
            return [candidate]
        second_start = candidate.end - len(candidate.denominator_raw)
        first_end = candidate.start + len(candidate.raw_number)
        return [replace(candidate, end=first_end, denominator_raw=None, unit=previous.unit),
                replace(candidate, start=second_start, raw_number=candidate.denominator_raw,
                        denominator_raw=None, unit=previous.unit)]

    # -- numbers in digits

    def _digits_candidate(self, match: regex.Match) -> tuple[Candidate | None, int]:
        text, start, end = self.text, match.start(), match.end()
        if self.is_blocked(start, end):
            return None, end
        before = text[max(0, start - CONTEXT_WINDOW):start]
        role = self._role_before(before)
        candidate = Candidate(start, end, match.group(), None)
        position = self._read_unit(candidate, end, start)
        ratio = self.rules.ratio_after.match(text, position)
        if ratio and (candidate.unit is None or candidate.unit.unit_class in ("count", "score")):
            candidate.denominator_raw = ratio.group("number")
            position = candidate.end = ratio.end()
            after_event = role == "event" and candidate.unit is None
            if candidate.unit is None:
                position = self._read_unit(candidate, position, None)
            if (candidate.unit is None or after_event) and _is_day_month(
                    candidate.raw_number, candidate.denominator_raw, after_event=after_event):
                # "(27/2)", "Quốc khánh 2/9 năm nay", "dịp 30/4 - 1/5": days and months
                return None, self._past_day_month_end(ratio.end())
        elif (span := self.rules.range_after.match(text, position)) is not None:
            first_unit = candidate.unit
            candidate.max_raw = span.group("number")
            candidate.unit = None
            position = candidate.end = span.end()
            position = self._read_unit(candidate, position, None)
            candidate.unit = candidate.unit or first_unit
            if not _is_increasing(candidate.raw_number, candidate.max_raw):
                return None, position  # "27-7" is a day and month, not a range
        if (role == "label" or role == "label_if_bare" and candidate.unit is None
                or role == "date_label" and candidate.raw_number.isdigit()):
            return None, position
        if candidate.unit is None:
            if _is_year(candidate.raw_number):
                return None, position
            if role == "score":
                candidate.unit = Unit(None, "score")  # "đạt điểm 10 môn Toán"
            else:
                self._read_unknown_noun(candidate)
                if candidate.unit is None and role == "cue_named":
                    candidate.unit = self._noun_named_before(start, self.rules.count_head)
                if candidate.unit is None and before.rstrip().endswith(":"):
                    candidate.unit = self._noun_named_before(start, self.rules.colon_head)
                if candidate.unit is None and role == "score_if_bare":
                    candidate.unit = Unit(None, "score")  # "trừ điểm 3" but "trừ điểm 20 xe"
        if role == "rank":
            candidate.unit = Unit(None, "rank")
        if candidate.denominator_raw is None and candidate.max_raw is None:
            whole = self._worded_ratio(candidate)
            if whole is not None:
                candidate.denominator_raw, candidate.end = whole
        self._read_qualifiers(candidate, before)
        candidate.keep_bare = (role in ("cue", "cue_named")
                               or self.rules.cue_before.search(before) is not None
                               or candidate.approx is not None)
        self._read_table_unit(candidate)
        return candidate, max(position, candidate.end)

    def _noun_named_before(self, start: int, head_pattern: regex.Pattern) -> Unit | None:
        """The noun a clause opens with after "số" ("Số hồ sơ giải quyết đúng hạn là"),
        as the unit of the bare number at `start`."""
        head = head_pattern.search(self.text, max(0, start - NAMED_WINDOW), start)
        if head is None:
            return None
        noun = _first_noun(head.group("rest")[:SEGMENTATION_WINDOW])
        return None if noun is None else Unit(noun, "count")

    def _worded_ratio(self, candidate: Candidate) -> tuple[str, int] | None:
        """The whole of "1.540 hồ sơ trực tuyến/1.720 tổng hồ sơ" (its digits and where they
        end) when the noun counted before the slash is counted again after the whole."""
        if candidate.unit is None or candidate.unit.unit_class != "count":
            return None
        position = candidate.end
        match = self.rules.worded_ratio_after.match(self.text, position,
                                                    position + WORDED_RATIO_WINDOW)
        if match is None:
            return None
        in_lexicon = unit_at(self.text, match.end())
        noun = self._unknown_noun_at(match.end()) if in_lexicon is None else None
        counted_again = in_lexicon[0].unit if in_lexicon else noun[0] if noun else None
        if counted_again != candidate.unit.unit:
            return None
        return match.group("number"), match.end("number")

    def _past_day_month_end(self, position: int) -> int:
        """Past the "- 1/5" that closes a stretch of days opened at `position`."""
        end = self.rules.day_month_after.match(self.text, position)
        if end is None or not _is_day_month(end.group("day"), end.group("month"),
                                             after_event=True):
            return position
        return end.end()

    def _read_unit(self, candidate: Candidate, position: int, start: int | None) -> int:
        """Read the unit after `position` into `candidate`; return where it ends."""
        if start is not None and start > 0 and self.text[start - 1] == "(" and self.text.startswith(
                ")", position):
            position += 1  # "(122) TTHC": the unit follows the bracket
        # bounded: a required "(" must not send the matcher to the end of the text
        restated = self.rules.restated_after.match(self.text, position,
                                                   position + WORDED_RATIO_WINDOW)
        if restated is not None and candidate.raw_number.isdigit() and parse_number_words(
                restated.group("words").split()) == int(candidate.raw_number):
            position = restated.end()  # "04 (bốn) giờ"
        found = unit_at(self.text, position, self._unknown_noun_at)
        if found is None:
            return position
        candidate.unit, candidate.end = found
        rate = RATE_AFTER.match(self.text, candidate.end)
        if rate is not None and candidate.unit.unit_class in MEASURE_CLASSES:
            # "1.150 tấn/ngày", "500 m3/ngày đêm": a rate, counted in its written unit
            written = _squash(self.text[position:candidate.end])
            candidate.unit = Unit(f"{written}/{rate.group('per')}", "count")
            candidate.end = rate.end()
        if candidate.unit.unit_class == "score":
            place = self._unknown_noun_at(candidate.end)
            if place is not None:  # "37 điểm đen": places, counted; "12 điểm;" a score
                candidate.unit = Unit(f"{candidate.unit.unit} {place[0]}", "count")
                candidate.end = place[1]
        return candidate.end

    def _read_unknown_noun(self, candidate: Candidate, budget: str = "digits") -> None:
        found = self._unknown_noun_at(candidate.end, budget)
        if found is not None:
            candidate.unit = Unit(found[0], "count")
            candidate.end = found[1]

    def _unknown_noun_at(self, position: int, budget: str = "digits") -> tuple[str, int] | None:
        """A lowercase word after `position` that is no function word is the counted noun,
        returned with its end; word segmentation tells whether the noun has more syllables
        ("việc làm")."""
        match = self.rules.word_after.match(self.text, position)
        if match is None or match.group("word") in self.rules.function_words or (
                match.group("word") in number_word_table()):
            return None
        noun = match.group("word")
        key = (budget, self.sentences.around(position)[0])
        left = self.segmentation_budget.get(key, MAX_SEGMENTATIONS)
        if left > 0:
            self.segmentation_budget[key] = left - 1
            line_end = self.text.find("\n", match.start("word"))
            window = self.text[match.start("word"):min(
                match.start("word") + SEGMENTATION_WINDOW,
                len(self.text) if line_end < 0 else line_end)]
            noun = _first_noun(window) or noun
        return noun, match.start("word") + len(noun)

    def _role_before(self, before: str) -> str | None:
        match = self.rules.context_before.search(before)
        if match is None:
            return None
        return self.rules.context_roles[_squash(match.group("word")).lower()]

    def _read_qualifiers(self, candidate: Candidate, before: str) -> None:
        after = self.rules.qualifier_after.match(self.text, candidate.end)
        if after:
            candidate.approx = self.rules.qualifiers_after[_squash(after.group("word")).lower()]
            return
        match = self.rules.qualifier_before.search(before)
        if match:
            candidate.approx = self.rules.qualifiers_before[_squash(match.group("word")).lower()]

    def _read_table_unit(self, candidate: Candidate) -> None:
        cell = self.tables.cell_at(candidate.start, candidate.end)
        if cell is None:
            return
        candidate.keep_bare = not cell.is_row_number
        if candidate.unit is None and cell.unit is not None:
            candidate.unit = cell.unit

    # -- numbers in words

    def _words_candidate(self, match: regex.Match) -> tuple[Candidate | None, int]:
        word_spans = [(piece.group(), match.start() + piece.end())
                      for piece in WORD_PIECE.finditer(match.group("words"))]
        words = [word for word, _ in word_spans]
        before = self.text[max(0, match.start() - CONTEXT_WINDOW):match.start()]
        if self._role_before(before) in ("vague", "label"):
            return None, match.end()
        # the longest run of words that is a number and is followed by a unit: in
        # "hai năm" the number is "hai" and "năm" is the unit.
        for count in range(len(words), 0, -1):
            end = word_spans[count - 1][1]
            value = parse_number_words(words[:count])
            if value is None or self.is_blocked(match.start(), end):
                continue
            candidate = Candidate(match.start(), end, " ".join(words[:count]), None,
                                  words_value=value)
            # a lone word follows its `alone` rule: "ba dự án", but "năm học", "một nhiệm vụ"
            lone_rule = lone_word_rules()[words[0].lower()] if count == 1 else "noun"
            # scale words are number words here: "ba nghìn" is read whole, never as money
            found = _lexicon_unit(self.text, end)
            if found is not None:
                candidate.unit, candidate.end = found
            elif lone_rule == "noun":  # "ba nghìn việc làm", "ba dự án"
                self._read_unknown_noun(candidate, "words")
                if count == 1 and candidate.unit is not None and " " not in candidate.unit.unit:
                    # one word before one unknown syllable is too often prose or a fixed
                    # name ("hai bên", "ba loại rừng"); a compound noun is counted
                    candidate.unit = None
            if candidate.unit is None or lone_rule == "never":
                continue
            is_count = found is not None and candidate.unit.unit_class == "count"
            if lone_rule == "sibling":
                # the article, unless it lists beside other counts ("2 vụ …, một vụ …")
                candidate.needs_sibling = is_count
                if not candidate.needs_sibling:
                    continue
            elif lone_rule == "unit" and not is_count or candidate.unit.unit_class == "other":
                continue
            self._read_qualifiers(candidate, before)
            return candidate, candidate.end
        return None, match.end()

    # -- values

    def to_figure(self, candidate: Candidate) -> Figure | None:
        unit = candidate.unit or Unit(None, "other")
        integral = unit.scale == 1 and unit.unit_class in (*INTEGRAL_CLASSES, "money")
        convention = self._neighbour_convention(candidate.start)
        try:
            value = candidate.words_value
            if value is None:
                value = parse_number(candidate.raw_number, integral=integral,
                                     neighbour_convention=convention)
            denominator = value_max = None
            if candidate.denominator_raw:
                # in the numerator's unit: "46.607/53.216 tấn" is kg over kg
                denominator = parse_number(candidate.denominator_raw, integral=integral,
                                           neighbour_convention=convention) * unit.scale
            if candidate.max_raw:
                value_max = parse_number(candidate.max_raw, integral=integral,
                                         neighbour_convention=convention) * unit.scale
        except NumberFormatError:
            return None
        return Figure(
            char_start=candidate.start, char_end=candidate.end,
            raw=self.text[candidate.start:candidate.end], value=float(value * unit.scale),
            unit=unit.unit, unit_class=unit.unit_class,
            denominator=None if denominator is None else float(denominator),
            value_max=None if value_max is None else float(value_max), approx=candidate.approx)

    def _neighbour_convention(self, offset: int) -> Convention | None:
        """English when the line writes money English-style ("401,952.03") and never
        Vietnamese-style; parse_number then reads "38,120" as thousands. A lone "." before
        three digits stays a thousands mark ("36.940 triệu đồng"): parse_number only asks
        the neighbours about a comma."""
        line = self.line_of(offset)
        english, vietnamese = line in self.english_lines, line in self.vietnamese_lines
        if english and not vietnamese:
            return Convention.ENGLISH
        return None


# ---- tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableGrid:
    """A table as the caller's table reader (pipeline.semantics.tables) found it, offsets
    into the text given to extract: its header cells, each column's full header path
    ("Hòa Sơn > Xếp hạng") and its body rows of cells."""

    header_cells: Sequence[TableCell]
    headers: Sequence[str]
    body: Sequence[Sequence[TableCell]]


@dataclass(frozen=True)
class _Cell:
    unit: Unit | None
    is_row_number: bool


class _TableIndex:
    """Where the tables' body cells are, and the unit of a number alone in one as
    unit_from_headers tells it."""

    def __init__(self, text: str, tables: Sequence[TableGrid]):
        self.text = text
        places = sorted((cell.char_start, cell.char_end, grid, row_index, column)
                        for grid in tables for row_index, row in enumerate(grid.body)
                        for column, cell in enumerate(row) if cell.char_end > cell.char_start)
        self.places = places
        self.starts = [place[0] for place in places]

    def cell_at(self, start: int, end: int) -> _Cell | None:
        index = bisect.bisect_right(self.starts, start) - 1
        if index < 0 or start >= self.places[index][1]:
            return None
        _, _, grid, row_index, column = self.places[index]
        row = grid.body[row_index]
        cell = row[column]
        if self.text[cell.char_start:cell.char_end].strip() != self.text[start:end].strip():
            return None  # the number shares its cell with words: read it as prose
        headers = list(grid.headers)
        if column < len(headers) and _header_role(_last_part(headers[column])) == "row_number":
            return _Cell(None, True)
        return _Cell(unit_from_headers(headers, [_squash(cell.text) for cell in row], column),
                     False)


def _last_part(header: str) -> str:
    return header.split(HEADER_PATH_SEPARATOR)[-1].strip()


def unit_from_headers(headers: Sequence[str], row: Sequence[str], column: int) -> Unit | None:
    """The unit of the number alone in cell `column` of a table row: named by its column
    header ("Số lao động (người)", "Kinh phí, triệu đồng", "Tỷ lệ %", "Số hộ"), else by a
    unit column of the same row ("Đơn vị tính | Tỷ đồng"), else by the row's own label
    ("Số bệnh nhân điều trị nội trú"). None when none of them names one."""
    if column < len(headers):
        # the lowest header cell first: "Kết quả thống kê > Số liệu"
        for part in reversed(headers[column].split(HEADER_PATH_SEPARATOR)):
            unit = unit_named_by(part.strip(), leading_noun=True)
            if unit is not None:
                return unit
    roles = [_header_role(_last_part(heading)) for heading in headers]
    for index, role in enumerate(roles):
        if role == "unit_column" and index < len(row) and index != column:
            unit = _unit_cell(row[index])
            if unit is not None:
                return unit
    label = next((cell for index, cell in enumerate(row)
                  if index != column and regex.search(r"\p{L}", cell) and (
                      index >= len(roles) or roles[index] not in ("row_number", "unit_column"))),
                 None)
    return None if label is None else unit_named_by(label, leading_noun=False)


def unit_named_by(label: str, *, leading_noun: bool) -> Unit | None:
    """The unit a table header or row label names: written in parentheses, after a comma or
    colon, or as a closing "%"; else told by its first words ("Số <noun>": a count of the
    noun, "Tỷ lệ": percent) and, with `leading_noun`, a counted noun opening it ("Hộ nghèo";
    not "Kế hoạch 2025", a header that says which figure the column holds)."""
    for pattern in (r"\(([^()]*)\)", r"[,:;]([^,:;]*)\Z", r"(%)\s*\Z"):
        written = regex.search(pattern, label)
        if written is not None and (unit := _whole_unit(written.group(1))) is not None:
            return unit
    lexicon = rules()
    opening = lexicon.header_prefix.match(label)
    role = None if opening is None else lexicon.header_roles[_squash(opening.group("word")).lower()]
    if role == "percent_prefix":
        return Unit("%", "percent")
    if role == "count_prefix":
        rest = label[opening.end():]
        return _counted_noun(rest, segment=True) or Unit(None, "count")
    if role == "figure_kind" or not leading_noun:
        return None
    return _counted_noun(label, segment=False)


def _whole_unit(phrase: str) -> Unit | None:
    """The unit when `phrase` is nothing but a unit ("người", "triệu đồng", "%")."""
    padded = " " + _squash(phrase)
    found = unit_at(padded, 0)
    return found[0] if found is not None and found[1] == len(padded) else None


def _unit_cell(cell: str) -> Unit | None:
    """A unit column's cell: a unit of the lexicon, or else a short noun phrase, the counted
    noun ("Liều", "dự án"), after a scale word if any ("nghìn lượt khách": 1.000 of them)."""
    phrase = _squash(cell)
    unit = _whole_unit(phrase)
    if unit is None and regex.fullmatch(
            rf"\p{{L}}+(?: \p{{L}}+){{0,{MAX_UNIT_CELL_WORDS - 1}}}", phrase):
        padded = " " + phrase.lower()
        scale = rules().scale_after.match(padded, 0)
        multiplier = Decimal(1) if scale is None else rules().scales[scale.group("scale").lower()]
        noun = padded[0 if scale is None else scale.end():].strip()
        if noun:
            found = _whole_unit(noun) or Unit(noun, "count")
            unit = replace(found, scale=multiplier * found.scale)
    return unit if unit is not None and unit.unit_class != "period" else None


def _counted_noun(phrase: str, *, segment: bool) -> Unit | None:
    """The counted noun that opens `phrase`: a count unit of the lexicon, else (`segment`)
    the noun the word segmenter finds ("bệnh nhân điều trị" -> "bệnh nhân")."""
    phrase = _squash(phrase).lower()
    found = _lexicon_unit(" " + phrase, 0)
    if found is not None:
        return found[0] if found[0].unit_class == "count" else None
    noun = _first_noun(phrase[:SEGMENTATION_WINDOW]) if segment and phrase else None
    return None if noun is None else Unit(noun, "count")


def _header_role(heading: str) -> str | None:
    return rules().header_roles.get(heading.lower())


# ---- helpers -----------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _first_noun(window: str) -> str | None:
    """The first word of `window` as underthesea segments it, when it is a lowercase noun
    phrase written exactly as in the text; None when the segmenter is not installed."""
    try:
        from underthesea import word_tokenize
    except ImportError:
        return None
    tokens = word_tokenize(window)
    if not tokens:
        return None
    first = tokens[0]
    syllables = first.split()
    if not window.startswith(first) or not all(regex.fullmatch(r"\p{Ll}+", s) for s in syllables):
        return None
    if any(syllable in rules().function_words for syllable in syllables):
        return None
    return first


def _share_list_units(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """In "70, 75, 80 và trên 100 tuổi" every number takes the unit written at the end."""
    gap = rules().list_gap
    for index in range(len(candidates) - 2, -1, -1):
        current, following = candidates[index], candidates[index + 1]
        if current.unit is not None or following.unit is None or current.words_value:
            continue
        if gap.fullmatch(text, current.end, following.start):
            current.unit = following.unit
    return candidates


BREAKDOWN_OPEN = regex.compile(r"[^\S\n]*\([^\S\n]*\p{L}[\p{L} \t]{0,30}:[^\S\n]*")
BREAKDOWN_NEXT = regex.compile(r"[^\S\n]*[,;][^\S\n]*\p{L}[\p{L} \t]{0,30}:[^\S\n]*")


def _share_breakdown_units(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """"8.334 người (cấp tỉnh: 2.744, cấp xã: 5.590)": bare numbers of a labelled breakdown
    in brackets right after a count are counts of the same noun."""
    inherited = False
    for previous, current in zip(candidates, candidates[1:], strict=False):
        opens = BREAKDOWN_OPEN.fullmatch(text, previous.end, current.start) is not None
        goes_on = inherited and BREAKDOWN_NEXT.fullmatch(text, previous.end,
                                                         current.start) is not None
        inherited = False
        if (current.unit is None and current.words_value is None and previous.unit is not None
                and previous.unit.unit_class == "count" and (opens or goes_on)):
            current.unit = previous.unit
            inherited = True
    return candidates


def _keep_listed_ones(sentences: _Sentences, candidates: list[Candidate]) -> list[Candidate]:
    """A lone "một" before a counted noun is the article ("một nhiệm vụ quan trọng") unless
    its sentence counts the same noun in digits too: "xảy ra 2 vụ …, một vụ …" lists it.
    Linear: the units counted in digits are gathered once per sentence."""
    digit_units: dict[int, set[str | None]] = {}
    for candidate in candidates:
        if candidate.words_value is None and candidate.unit is not None:
            low = sentences.around(candidate.start)[0]
            digit_units.setdefault(low, set()).add(candidate.unit.unit)
    kept = []
    for candidate in candidates:
        if candidate.needs_sibling:
            low = sentences.around(candidate.start)[0]
            unit = candidate.unit.unit if candidate.unit is not None else None
            if unit not in digit_units.get(low, ()):
                continue
        kept.append(candidate)
    return kept


def _rates_shortened(sentences: _Sentences, candidates: list[Candidate]) -> None:
    """"năng suất 58 tạ/ha, cao hơn năm ngoái hai tạ": a measure after a rate of the same
    measure in its sentence is that rate, shortened."""
    rates: dict[int, dict[str, Unit]] = {}
    for candidate in candidates:
        unit = candidate.unit
        if unit is None:
            continue
        low = sentences.around(candidate.start)[0]
        if unit.unit_class == "count" and unit.unit and "/" in unit.unit:
            rates.setdefault(low, {}).setdefault(unit.unit.split("/")[0], unit)
        elif unit.unit_class in MEASURE_CLASSES and unit.unit in rates.get(low, {}):
            candidate.unit = rates[low][unit.unit]


class _Sentences:
    """The sentences of a text, found once: bounded by a line break or by ".", "!", "?"
    that is not inside a number."""

    def __init__(self, text: str):
        self.length = len(text)
        self.ends = [match.start() for match in rules().sentence_end.finditer(text)]

    def around(self, offset: int) -> tuple[int, int]:
        """The sentence holding `offset`, as (start, end)."""
        index = bisect.bisect_left(self.ends, offset)
        start = self.ends[index - 1] + 1 if index else 0
        end = self.ends[index] if index < len(self.ends) else self.length
        return start, end


def _is_increasing(low: str, high: str) -> bool:
    try:
        return parse_number(low) < parse_number(high)
    except NumberFormatError:
        return False


def _is_day_month(numerator: str, denominator: str, *, after_event: bool = False) -> bool:
    """A bare "27/2": a ratio's numerator is at most its denominator, so a larger first
    number that is a plausible day over a month is a date. After an event word ("Quốc
    khánh 2/9", "dịp 30/4") any plausible day over a month is one."""
    if not (numerator.isdigit() and denominator.isdigit()):
        return False
    day, month = int(numerator), int(denominator)
    lowest_day = 1 if after_event else month + 1
    return lowest_day <= day <= 31 and 1 <= month <= 12


def _is_year(raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and YEAR_RANGE[0] <= int(raw) <= YEAR_RANGE[1]


def _squash(phrase: str) -> str:
    return " ".join(phrase.split())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    """NFC text and, for each of its characters (and its end), the offset in `text`."""
    pieces: list[str] = []
    offsets: list[int] = []
    cluster_start = 0
    for index in range(1, len(text) + 1):
        if index < len(text) and unicodedata.combining(text[index]):
            continue
        piece = unicodedata.normalize("NFC", text[cluster_start:index])
        pieces.append(piece)
        offsets.extend([cluster_start] * len(piece))
        cluster_start = index
    offsets.append(len(text))
    return "".join(pieces), offsets

