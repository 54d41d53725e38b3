"""Split a sentence into plain and highlighted segments, so the template escapes every piece.

A figure is found in its sentence by its `raw` text. A sentence may hold the same text more
than once ("4.800 | 4.800"), and a table row's sentence is the header joined to the row, so
offsets into the document cannot be carried over: the occurrence whose neighbourhood best
matches the figure's neighbourhood in the document wins.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 40  # characters of the document on each side of a figure used to place it


@dataclass(frozen=True)
class Segment:
    text: str
    mark: str | None = None  # None: plain text; otherwise the <mark> class ("main", "part")
    metric_id: str | None = None


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    mark: str
    metric_id: str | None = None


def locate(sentence: str, raw: str, before: str = "", after: str = "") -> tuple[int, int] | None:
    """Where `raw` sits in `sentence`, given the document text just before and after it."""
    if not raw:
        return None
    starts = []
    index = sentence.find(raw)
    while index >= 0:
        starts.append(index)
        index = sentence.find(raw, index + 1)
    if not starts:
        return None

    def score(start: int) -> tuple[bool, int]:
        end = start + len(raw)
        return (_on_boundary(sentence, start, end),
                _common_suffix(sentence[:start], before) + _common_prefix(sentence[end:], after))

    best = max(starts, key=score)  # max keeps the first of equals
    return best, best + len(raw)


def segments(sentence: str, spans: list[Span]) -> list[Segment]:
    """The sentence cut at the spans; a span overlapping one already kept is dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.mark != "main", s.start)):
        if 0 <= span.start < span.end <= len(sentence) and not any(
                span.start < other.end and other.start < span.end for other in kept):
            kept.append(span)
    result: list[Segment] = []
    position = 0
    for span in sorted(kept, key=lambda s: s.start):
        if span.start > position:
            result.append(Segment(sentence[position:span.start]))
        result.append(Segment(sentence[span.start:span.end], span.mark, span.metric_id))
        position = span.end
    if position < len(sentence):
        result.append(Segment(sentence[position:]))
    return result


def _is_digit_part(text: str, index: int) -> bool:
    """A digit, or a separator between digits ("14.600", "85,2"), at `index`."""
    if not 0 <= index < len(text):
        return False
    if text[index].isdigit():
        return True
    return (text[index] in ".," and 0 < index < len(text) - 1
            and text[index - 1].isdigit() and text[index + 1].isdigit())


def _on_boundary(sentence: str, start: int, end: int) -> bool:
    """Not the tail or head of a longer number ("600" inside "14.600")."""
    return not (_is_digit_part(sentence, start - 1) and sentence[start].isdigit()) and not (
        _is_digit_part(sentence, end) and sentence[end - 1].isdigit())


def _common_suffix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(reversed(first), reversed(second), strict=False):
        if a != b:
            break
        count += 1
    return count


def _common_prefix(first: str, second: str) -> int:
    count = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        count += 1
    return count
