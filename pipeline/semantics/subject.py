"""What a figure measures, as a phrase of the text ("giải quyết việc làm", "tổng kinh phí").

The phrase is read from the words (underthesea segmentation) before the figure in its
clause: edge glue is trimmed, and it starts after the last boundary word
(data/subject_words.tsv). A generic verb alone ("tặng", "xảy ra") is completed by the
words after the figure or by its unit; a figure with nothing before it ("đạt 99,6% so với kế
hoạch", "(08 vụ)") takes the phrase after it or the subject of the figure before it.
"""

from __future__ import annotations

from pipeline.semantics.context import FigureContext
from pipeline.semantics.lexicon import subject_words
from pipeline.semantics.tokens import Token

MAX_SUBJECT_WORDS = 8
MAX_FOLLOWING_WORDS = 6
INHERITING_KINDS = frozenset({"attainment", "change"})


def figure_subject(context: FigureContext, tokens: list[Token], window_start: int,
                   kind: str, previous_subject: str | None) -> str | None:
    """The subject of the figure. `window_start` is where the previous figure of the same
    sentence ends (or the clause start); `previous_subject` is that figure's subject."""
    figure = context.figure
    start = max(window_start, context.clause_start)
    left = _words_before([t for t in tokens
                          if t.char_start >= start and t.char_end <= figure.char_start],
                         follows_figure=window_start > context.clause_start)
    right = _words_after([t for t in tokens
                          if t.char_start >= figure.char_end and t.char_end <= context.clause_end])
    text = context.document_text
    if left and not _all_in(left, "weak"):
        return _span_text(text, left)
    if left:
        if right:
            return _span_text(text, left) + " … " + _span_text(text, right)
        return _span_text(text, left) + (f" {figure.unit}" if _is_word(figure.unit) else "")
    if previous_subject and (kind in INHERITING_KINDS or not right):
        return previous_subject
    if right:
        return _span_text(text, right)
    return figure.unit if _is_word(figure.unit) else None


def _words_before(tokens: list[Token], follows_figure: bool) -> list[Token]:
    """The subject words among those before the figure. Right after another figure, the
    words up to a boundary still describe that figure ("316 hộ xây mới và 1.274 hộ")."""
    words = [t for t in tokens if _is_word(t.text)]
    if not follows_figure:
        words = _strip_trailing(words, "trim")
    boundary = subject_words("boundary")
    last_boundary = max((i for i, t in enumerate(words) if t.text.lower() in boundary),
                        default=-1)
    words = _strip_trailing(_strip_leading(words[last_boundary + 1:], "trim"), "trim")
    while len(words) > 1 and words[0].text.lower() in subject_words("weak"):
        words = _strip_leading(words[1:], "trim")
    return words[-MAX_SUBJECT_WORDS:]


def _words_after(tokens: list[Token]) -> list[Token]:
    trim = subject_words("trim") | subject_words("boundary")
    if not tokens or not _is_word(tokens[0].text) or tokens[0].text.lower() in trim:
        return []
    words: list[Token] = []
    for token in tokens[:MAX_FOLLOWING_WORDS]:
        if not _is_word(token.text) or (words and token.text.lower() in trim):
            break
        words.append(token)
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
