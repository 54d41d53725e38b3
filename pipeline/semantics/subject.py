"""What a figure measures, as a phrase of the text ("giải quyết việc làm", "tổng kinh phí").

The phrase is read from the tagged words (underthesea pos_tag) before the figure in its
clause: edge glue is trimmed, and it starts after the last boundary word
(data/subject_words.tsv). An agency doing the counting ("Sở tiếp nhận", "Thành phố tổ chức
thực hiện") is dropped: the phrase starts at its verb. A generic verb alone ("tặng", "xảy
ra", "hoàn thành") or an agency alone ("Sở ... đạt 95 điểm") leaves the subject to what is
counted: the figure's own noun and the words after it ("suất quà", "vụ tai nạn lao động",
"lao động đi làm việc ở nước ngoài"). A figure with nothing before it ("đạt 99,6% so với kế
hoạch", "(08 vụ)") takes the subject of the figure before it or the phrase after it. A
table cell is its row header and column header.
"""

from __future__ import annotations

from pipeline.semantics.context import FigureContext
from pipeline.semantics.lexicon import subject_words
from pipeline.semantics.tokens import Token

MAX_SUBJECT_WORDS = 6
MAX_FOLLOWING_WORDS = 6
INHERITING_KINDS = frozenset({"attainment", "change"})
VERB_TAGS = frozenset({"V"})
EDGE_TAGS = frozenset({"R", "C", "CC", "CH", "M"})  # adverbs, conjunctions, ... at the end
TABLE_SUBJECT_JOINER = " – "
NOUN_UNIT_CLASSES = frozenset({"count", "score", "other"})  # not "VND", "%", "tháng", "tuổi"


def figure_subject(context: FigureContext, tokens: list[Token], window_start: int,
                   kind: str, previous_subject: str | None) -> str | None:
    """The subject of the figure. `window_start` is where the previous figure of the same
    sentence ends (or the clause start); `previous_subject` is that figure's subject."""
    figure = context.figure
    start = max(window_start, context.clause_start)
    left, actor_only = _words_before(
        [t for t in tokens if t.char_start >= start and t.char_end <= figure.char_start],
        follows_figure=window_start > context.clause_start)
    right = _words_after([t for t in tokens
                          if t.char_start >= figure.char_end and t.char_end <= context.clause_end])
    text = context.document_text
    unit = figure.unit if _is_word(figure.unit) and figure.unit_class in NOUN_UNIT_CLASSES else None
    if left and not _all_in(left, "weak"):
        return _span_text(text, left)
    counted = _counted_phrase(text, unit, right)
    if left:
        return counted or _span_text(text, left) + (f" {unit}" if unit else "")
    if previous_subject and (kind in INHERITING_KINDS or not right or actor_only):
        return previous_subject
    return counted or unit


def table_subject(row_header: str | None, column_header: str | None) -> str | None:
    """The subject of a table cell: its row header, then its column header."""
    parts = [" ".join(p.split()) for p in (row_header, column_header) if p and p.strip()]
    return TABLE_SUBJECT_JOINER.join(parts) or None


def _counted_phrase(text: str, unit: str | None, right: list[Token]) -> str | None:
    """What the figure counts: its noun and the words after it ("vụ tai nạn lao động",
    "suất quà"); after a generic noun ("lao động", "hộ") the words after it alone ("đi làm
    việc ở nước ngoài")."""
    after = _span_text(text, right) if right else None
    if unit and unit.lower() not in subject_words("counter"):
        return unit + (f" {after}" if after else "")
    return after


def _words_before(tokens: list[Token], follows_figure: bool) -> tuple[list[Token], bool]:
    """The subject words among those before the figure, and whether they named only the
    agency doing the counting. Right after another figure, the words up to a boundary still
    describe that figure ("316 hộ xây mới và 1.274 hộ")."""
    colons = [i for i, t in enumerate(tokens) if t.text == ":"]
    if colons and any(_is_word(t.text) for t in tokens[colons[-1] + 1:]):
        tokens = tokens[colons[-1] + 1:]  # "thời gian ...: trong năm đã hỗ trợ 186 nhà"
    words = [t for t in tokens if _is_word(t.text)]
    if not follows_figure:
        words = _strip_trailing(words, "trim")
    boundary = subject_words("boundary")
    last_boundary = max((i for i, t in enumerate(words) if t.text.lower() in boundary),
                        default=-1)
    words, actor_only = _without_actor(_trimmed(words[last_boundary + 1:]))
    while len(words) > 1 and words[0].text.lower() in subject_words("weak"):
        words = _trimmed(words[1:])
    return _shortened(words), actor_only


def _shortened(words: list[Token]) -> list[Token]:
    """The phrase without the qualifier after its head ("phục hồi chức năng cho người
    khuyết tật", "Chỉ số cải cách hành chính năm 2022 của Sở"), at most MAX_SUBJECT_WORDS
    words."""
    qualifiers = subject_words("qualifier")
    cut = next((i for i, t in enumerate(words) if i > 0 and t.text.lower() in qualifiers),
               None)
    if cut is not None:
        words = _trimmed(words[:cut])
    return words[-MAX_SUBJECT_WORDS:]


def _without_actor(words: list[Token]) -> tuple[list[Token], bool]:
    """The words without the agency that opens them ("Sở", "Thành phố", "Trung tâm ...
    tỉnh"), and whether the agency was all there was. The measured phrase starts at the
    agency's verb: the first verb after an adverb ("... tỉnh đã tuyển sinh"), else the
    first verb."""
    if not words or not _is_actor(words):
        return words, False
    verbs = [i for i, t in enumerate(words) if i > 0 and t.tag in VERB_TAGS]
    if not verbs:
        return [], True
    after_adverb = [i for i in verbs if words[i - 1].tag == "R"]
    return _trimmed(words[(after_adverb or verbs)[0]:]), False


def _is_actor(words: list[Token]) -> bool:
    """An agency opens the phrase capitalized or followed by its verb ("Hệ thống ...",
    "thành phố tổ chức", not "hệ thống hóa văn bản")."""
    first = words[0]
    if first.text.lower() not in subject_words("actor"):
        return False
    return first.text[:1].isupper() or (len(words) > 1 and words[1].tag in VERB_TAGS)


def _trimmed(words: list[Token]) -> list[Token]:
    """Without glue words at either end, nor adverbs, conjunctions, ... at the end."""
    words = _strip_trailing(_strip_leading(words, "trim"), "trim")
    while words and words[-1].tag in EDGE_TAGS:
        words = _strip_trailing(words[:-1], "trim")
    return words


def _words_after(tokens: list[Token]) -> list[Token]:
    trim = subject_words("trim") | subject_words("boundary")
    stop = trim | subject_words("actor")
    if not tokens or not _is_word(tokens[0].text) or tokens[0].text.lower() in trim:
        return []
    words: list[Token] = []
    for token in tokens[:MAX_FOLLOWING_WORDS]:
        if not _is_word(token.text) or (words and token.text.lower() in stop):
            break
        words.append(token)
    while words and words[-1].tag in EDGE_TAGS:
        words = words[:-1]
    return words


def _strip_trailing(words: list[Token], role: str) -> list[Token]:
    lexicon = subject_words(role)
    while words and words[-1].text.lower() in lexicon:
        words = words[:-1]
    return words


def _strip_leading(words: list[Token], role: str) -> list[Token]:
    lexicon = subject_words(role)
    while words and words[0].text.lower() in lexicon:
        words = words[1:]
    return words


def _all_in(words: list[Token], role: str) -> bool:
    lexicon = subject_words(role)
    return all(t.text.lower() in lexicon for t in words)


def _is_word(text: str | None) -> bool:
    """A token with a letter and no digit: not punctuation, a number, a year or a date."""
    return bool(text) and any(c.isalpha() for c in text) and not any(c.isdigit() for c in text)


def _span_text(text: str, words: list[Token]) -> str:
    return text[words[0].char_start:words[-1].char_end]
