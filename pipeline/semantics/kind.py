"""What sort of figure this is: actual, target, plan, change, share or attainment."""

from __future__ import annotations

from pipeline.semantics.context import FigureContext
from pipeline.semantics.lexicon import KindCue, kind_cues


def figure_kind(context: FigureContext) -> str:
    """The kind of the first cue (data/kind_cues.tsv) that the context matches, else 'actual'."""
    is_percent = context.figure.unit_class == "percent"
    for cue in kind_cues():
        if cue.percent_only and not is_percent:
            continue
        if any(cue.pattern.search(text) for text in _cue_texts(cue, context)):
            return cue.kind
    return "actual"


def _cue_texts(cue: KindCue, context: FigureContext) -> list[str]:
    if cue.where == "before":
        return [context.before]
    if cue.where == "after":
        return [context.after]
    if cue.where == "clause":
        return [context.clause]
    return [text for section in context.sections for text in (section.label, section.title)]
