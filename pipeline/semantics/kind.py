"""What sort of figure this is: actual, target, plan, change, share, attainment or other.

The rules follow tests/gold/GUIDELINES.md ("What a figure is"); the cue words are in
data/kind_cues.tsv, one example per rule in data/kind_examples.tsv. A cue decides only in
the figure's own clause or right beside the figure, never from elsewhere in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from pipeline.model import Figure
from pipeline.semantics.context import FigureContext, last_visible
from pipeline.semantics.cues import Cue
from pipeline.semantics.lexicon import kind_cue_rows

_NON_WORD = regex.compile(r"[\s\W]+")
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")
_ENUMERATION_GAP = regex.compile(r"\s*(?:,\s*|\s+và\s+)")
_CLAUSE_TAIL = regex.compile(r"[^,;()]*$")  # the words of a clause up to an offset
_DIGIT = regex.compile(r"\d")
_CLAUSE_GAP = regex.compile(r"\s*[;,]\s*")  # between a figure and the next clause's verb
_PERCENT_GAP = regex.compile(r"\s*\d[\d.,]*\s*%\s*")  # a percent alone
_COLON_GAP = regex.compile(r"\s*:?\s*")  # between a closing bracket and the figure
_OPENING_QUOTE = regex.compile(r"[“\"]\s*$")
_CLOSING_QUOTE = regex.compile(r"\s*[”\"]")


@dataclass(frozen=True)
class SentenceFigures:
    """What the kind of one figure may depend on besides its clause."""

    cues: list[Cue]  # the cues of the whole sentence
    previous: Figure | None  # the figure before it in the sentence
    previous_kind: str | None
    whole: tuple[Figure, str] | None  # the figure a part_scope cue breaks down, its kind
    next_year_part: bool  # under next year's part of the report
    column_header: str | None  # for a table cell, the header of its column
    row_header: str | None = None  # for a table cell, the label of its row
    in_label_cell: bool = False  # in a table cell of words: it qualifies the row's label
    earlier: tuple[tuple[Figure, str], ...] = ()  # the figures before it, with their kinds


def figure_kind(context: FigureContext, around: SentenceFigures) -> str:
    rules = (_other, _enumerated, _target, _plan, _attainment, _change, _share)
    for rule in rules:
        kind = rule(context, around)
        if kind is not None:
            return kind
    return "actual"


def _other(context: FigureContext, around: SentenceFigures) -> str | None:
    figure = context.figure
    unit = (figure.unit or "").lower()
    if around.in_label_cell and not _cue_right_before(context, around, "change_before"):
        return "other"  # "Học sinh học 2 buổi/ngày" in a table's indicator column
    per_unit = "/" in unit or context.document_text[figure.char_end:figure.char_end + 1] == "/"
    if (figure.denominator is None and not per_unit
            and unit in _phrases("other_unit", figure.unit_class)):
        return "other"
    if unit in _phrases("qualifier_unit", figure.unit_class) and _is_bound(context):
        return "other"  # "tàu cá có chiều dài từ 15 m trở lên"
    if (_cue_right_before(context, around, "other_before")
            or _cue_right_after(context, around, "other_after")):
        return "other"
    if _norm_cue_before(context, around) or _threshold_of_group(context, around):
        return "other"
    if _quoted_alone(context):
        return "other"  # "thu phí “0 đồng”": the name of a policy, not a measure
    return "other" if _continues_list_of_norms(context, around) else None


def _quoted_alone(context: FigureContext) -> bool:
    """Whether the figure stands alone between quotation marks."""
    text, figure = context.document_text, context.figure
    start = max(0, figure.char_start - 3)
    return (_OPENING_QUOTE.search(text, start, figure.char_start) is not None
            and _CLOSING_QUOTE.match(text, figure.char_end) is not None)


def _norm_cue_before(context: FigureContext, around: SentenceFigures) -> bool:
    """An other_lead cue in the figure's clause before it, or, for a figure opening a
    bracket, in the clause before the bracket ("theo mức chuẩn ... (1.500.000 đồng)")."""
    text = context.document_text
    start = context.clause_start
    bracket = last_visible(text, start)
    if not context.before.strip() and bracket >= 0 and text[bracket] == "(":
        start = bracket - len(_CLAUSE_TAIL.search(text, context.sentence.char_start,
                                                  bracket).group())
    return any(c.role == "other_lead" and c.char_start >= start
               and c.char_end <= context.figure.char_start
               and c.applies_to(context.figure.unit_class) for c in around.cues)


def _threshold_of_group(context: FigureContext, around: SentenceFigures) -> bool:
    """"214 đơn vị nợ từ 03 tháng trở lên": a bound after a counted group in the clause
    says which members are counted; it measures nothing itself."""
    counted = any(f.unit_class == "count" and f.char_start >= context.clause_start
                  for f, _ in around.earlier)
    return counted and _cue_right_before(context, around, "bound_before")


def _continues_list_of_norms(context: FigureContext, around: SentenceFigures) -> bool:
    """"hỗ trợ 30% mức đóng ..., hộ cận nghèo 25%": a clause of only a noun and a figure
    goes on the list of norms begun by an earlier figure of the same unit."""
    figure, text = context.figure, context.document_text
    same_unit = [(f, kind) for f, kind in around.earlier if f.unit_class == figure.unit_class]
    if not same_unit or same_unit[-1][1] != "other" or context.after.strip():
        return False
    if ";" in text[same_unit[-1][0].char_end:figure.char_start] or _DIGIT.search(context.before):
        return False
    return not any(c.char_start >= context.clause_start and c.char_end <= figure.char_start
                   for c in around.cues)


def _is_bound(context: FigureContext) -> bool:
    """Whether the figure is a bound "từ N ... trở lên/trở xuống"."""
    before = context.before.lower()
    after = context.after.lower()
    return (regex.search(r"(?<!\w)từ\s*$", before) is not None
            and regex.match(r"\s*trở\s+(?:lên|xuống)(?!\w)", after) is not None)


def _enumerated(context: FigureContext, around: SentenceFigures) -> str | None:
    """A bare number in a list ("tròn 70, 75, 80") is what the list's first number is."""
    figure, previous = context.figure, around.previous
    if figure.unit or previous is None:
        return None
    between = context.document_text[previous.char_end:figure.char_start]
    return around.previous_kind if _ENUMERATION_GAP.fullmatch(between) else None


def _target(context: FigureContext, around: SentenceFigures) -> str | None:
    if around.next_year_part:
        return "target"
    if _cues_in_lead(context, around, "aim"):
        return "target"
    for cue in _cues_in_lead(context, around, "named_target"):
        if _is_base_of_previous(context, around, cue):
            continue  # "đạt 100% chỉ tiêu với 14 thanh niên": what 100% is measured against
        between = context.document_text[cue.char_end:context.figure.char_start].lower()
        if not any(_has_phrase(between, verb) for verb in _phrases("attain_verb", "percent")):
            return "target"
    return None


def _is_base_of_previous(context: FigureContext, around: SentenceFigures, cue: Cue) -> bool:
    previous = around.previous
    return (previous is not None and previous.unit_class == "percent"
            and previous.char_end <= cue.char_start
            and "(" not in context.document_text[previous.char_end:cue.char_start]
            and _only_glue(context.document_text[previous.char_end:cue.char_start]))


def _plan(context: FigureContext, around: SentenceFigures) -> str | None:
    bracket_kind = _restated_kind(context, around)
    if bracket_kind is not None:
        return bracket_kind
    if around.column_header is not None:
        if _cue_right_before(context, around, "change_before"):
            return "change"  # "giảm 9 vụ" in a table cell
        kind = _column_kind(around.column_header.lower())
        if kind == "actual" and around.row_header and _names(around.row_header.lower(),
                                                             "plan_lead"):
            return "plan"  # "Kế hoạch được giao | Triệu đồng | 13.203.300"
        return kind
    figure = context.figure
    if figure.unit_class == "percent" and _cue_right_after(context, around, "base"):
        return None  # "52,4% dự toán huyện giao": attained, whatever came before
    if around.whole is not None and around.whole[1] in ("plan", "target"):
        return around.whole[1]
    if _cue_right_before(context, around, "plan_before") or _second_of_pair_with_base(
            context, around):
        return "plan"
    return "plan" if _cues_in_lead(context, around, "plan_lead",
                                   _lead_across_bracket(context)) else None


def _names(label: str, *roles: str) -> bool:
    """Whether a table header or row label (lower-cased) holds a cue of the roles."""
    return any(_has_phrase(label, cue) for role in roles for cue in _phrases(role, "*"))


def _column_kind(header: str) -> str:
    """The kind of a table column's figures from its header (lower-cased)."""
    if _NON_WORD.sub(" ", header).strip() in _phrases("attain_column", "*"):
        return "attainment"  # "Tỷ lệ đạt (%)"
    compares, has_base = _names(header, "comparison"), _names(header, "base", "plan_lead")
    if compares:
        return "attainment" if has_base else "change"
    return "plan" if has_base else "actual"


def _second_of_pair_with_base(context: FigureContext, around: SentenceFigures) -> bool:
    """B of "A/B kế hoạch vốn", or of "A/B; đạt 1,75% kế hoạch năm": the plan that A is
    measured against."""
    previous = around.previous
    if previous is None or context.figure.unit_class == "percent":
        return False
    between = context.document_text[previous.char_end:context.figure.char_start]
    return between.strip() == "/" and (_cue_right_after(context, around, "base")
                                       or _attained_right_after(context, around))


def _attained_right_after(context: FigureContext, around: SentenceFigures) -> bool:
    """Whether the next clause is only "đạt x% <base>": the attainment of what comes before."""
    text, end = context.document_text, context.figure.char_end
    for verb in (c for c in around.cues if c.role == "attain_verb" and c.char_start >= end):
        if _CLAUSE_GAP.fullmatch(text, end, verb.char_start) is None:
            continue
        return any(c.role == "base" and _PERCENT_GAP.fullmatch(text, verb.char_end, c.char_start)
                   for c in around.cues)
    return False


def _restated_kind(context: FigureContext, around: SentenceFigures) -> str | None:
    """A figure opening a bracket restates what the words before the bracket name:
    "so với kế hoạch (16.000 lao động)" -> plan, "so với năm 2020 (15.120 lao động)" ->
    actual."""
    text = context.document_text
    before = text[context.sentence.char_start:context.figure.char_start]
    if not before.rstrip().endswith("("):
        return None
    bracket = context.sentence.char_start + len(before.rstrip()) - 1
    candidates = [c for c in around.cues if c.char_end <= bracket
                  and c.role in ("base", "comparison") and c.applies_to(context.figure.unit_class)
                  and ";" not in text[c.char_end:bracket]]
    if not candidates:
        return None
    last = max(candidates, key=lambda c: (c.char_end, c.role == "base",
                                          c.char_end - c.char_start))
    if last.role != "base":
        return "actual"
    named = text[last.char_start:last.char_end].lower()
    # "thấp hơn chỉ tiêu Nghị quyết giao (3,5%)": the restated figure is the target
    return "target" if named in _phrases("named_target", "*") | _phrases("aim", "*") else "plan"


def _attainment(context: FigureContext, around: SentenceFigures) -> str | None:
    figure = context.figure
    if figure.unit_class != "percent" or _cue_right_before(context, around, "change_before"):
        return None  # "vượt 4,6% dự toán": by how much the plan was passed
    if _cue_right_after(context, around, "base"):
        return "attainment"
    if around.previous is None:
        return None
    lead = _NON_WORD.sub(" ", context.before).strip().lower()
    if lead in _phrases("attain_verb", "percent"):
        return "share" if _is_part_of_earlier(figure, around) else "attainment"
    if around.previous_kind == "plan" and lead in _phrases("rate_word", "percent"):
        return "attainment"  # "87,35 tỷ đồng/212,6 tỷ đồng kế hoạch vốn, tỷ lệ 41,1%"
    text = context.document_text
    between = text[around.previous.char_end:figure.char_start].rstrip()
    if (between.endswith("(") and around.previous.denominator is not None
            and not regex.search(r"[,;()]", between[:-1])):
        return "attainment"  # "37/38 nhiệm vụ UBND tỉnh giao (97,4%)"
    return None


def _is_part_of_earlier(figure: Figure, around: SentenceFigures) -> bool:
    """Whether the percent is the figure before it over an earlier actual figure of the
    same unit: "tiếp nhận 26 đơn, giải quyết 24 đơn, đạt 92,3%" is a share, not attained."""
    part = around.previous
    if part is None or part.denominator is not None or not part.value:
        return False
    decimals = len(figure.raw.split("%")[0].rpartition(",")[2]) if "," in figure.raw else 0
    tolerance = 0.5 * 10 ** -decimals + 1e-9
    return any(kind == "actual" and whole is not part and whole.unit == part.unit and whole.value
               and abs(part.value / whole.value * 100 - figure.value) <= tolerance
               for whole, kind in around.earlier)


def _change(context: FigureContext, around: SentenceFigures) -> str | None:
    if (_cue_right_before(context, around, "change_before")
            or _cue_right_after(context, around, "change_after")):
        return "change"
    if around.previous_kind == "change" and _cue_right_before(context, around, "restate_before"):
        return "change"  # "tăng 9.874 người, tương ứng 7,45%"
    in_brackets = context.before.rstrip().endswith("(")
    if not in_brackets and _cues_in_lead(context, around, "change_lead"):
        return "change"  # "cao hơn trung bình cả nước 0,81%"
    return None


def _share(context: FigureContext, around: SentenceFigures) -> str | None:
    figure = context.figure
    if figure.unit_class != "percent":
        return None
    if _cue_right_before(context, around, "share_before"):
        return "share"
    if _cues_in_lead(context, around, "rate_name"):
        return None  # "tỷ lệ bao phủ đạt 38,6% lực lượng lao động": a rate indicator
    text = context.document_text
    after = text[figure.char_end:context.sentence.char_end]
    following = regex.sub(r"^\s*\(\s*\d+\s*\)", "", after).lower()
    word = _WORD.match(following.lstrip())
    if word is None or following[:1] not in (" ",):
        return None
    rest = following.lstrip()
    if any(_has_phrase(rest, phrase, anchored=True) for phrase in _phrases("not_noun", "*")):
        return None
    return "share"  # "100% xã, phường", "100% (122) TTHC"


def _cues_in_lead(context: FigureContext, around: SentenceFigures, role: str,
                  start: int | None = None) -> list[Cue]:
    """Cues of the role between the clause start (or `start`) and the figure."""
    start = context.clause_start if start is None else start
    return [c for c in around.cues if c.role == role and c.char_start >= start
            and c.char_end <= context.figure.char_start
            and c.applies_to(context.figure.unit_class)]


def _lead_across_bracket(context: FigureContext) -> int:
    """The clause start; or, when only a bracket closed right before the figure cuts its
    clause ("Tổng số biên chế được giao (tại Quyết định …): 9.818"), the start of the clause
    before that bracket."""
    text, start = context.document_text, context.clause_start
    if (start <= context.sentence.char_start or text[start - 1] != ")"
            or _COLON_GAP.fullmatch(text, start, context.figure.char_start) is None):
        return start
    opening = text.rfind("(", context.sentence.char_start, start - 1)
    if opening < 0:
        return start
    return opening - len(_CLAUSE_TAIL.search(text, context.sentence.char_start,
                                             opening).group())


def _cue_right_before(context: FigureContext, around: SentenceFigures, role: str) -> bool:
    text = context.document_text
    for cue in _cues_in_lead(context, around, role):
        if _only_glue(text[cue.char_end:context.figure.char_start]):
            return True
    return False


def _cue_right_after(context: FigureContext, around: SentenceFigures, role: str) -> bool:
    text = context.document_text
    end = context.figure.char_end
    return any(c.role == role and c.char_start >= end and c.char_start <= context.clause_end
               and c.applies_to(context.figure.unit_class) and _only_glue(text[end:c.char_start])
               for c in around.cues)


def _only_glue(text: str) -> bool:
    words = _NON_WORD.sub(" ", text).strip().lower()
    glue = sorted(_phrases("glue", "*"), key=len, reverse=True)
    while words:
        found = next((g for g in glue if words == g or words.startswith(g + " ")), None)
        if found is None:
            return False
        words = words[len(found):].strip()
    return True


def _has_phrase(text: str, phrase: str, anchored: bool = False) -> bool:
    pattern = ("^" if anchored else r"(?<!\w)") + regex.escape(phrase) + r"(?!\w)"
    return regex.search(pattern, text) is not None


@cache
def _phrases(role: str, unit_class: str) -> frozenset[str]:
    """Cue phrases of a role that apply to figures of the unit class ('*': any-figure cues)."""
    return frozenset(phrase.lower() for r, figures, phrase in kind_cue_rows()
                     if r == role and (figures == "*" or unit_class in figures.split("|")))
