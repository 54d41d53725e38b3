"""Kind cues (data/kind_cues.tsv) found in a sentence's spaCy Doc with a PhraseMatcher.

A cue phrase matches word by word on underthesea's words, whichever way underthesea groups
its syllables ("so với" as one word or two): each phrase is added in every grouping.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from pipeline.semantics.lexicon import kind_cue_rows
from pipeline.semantics.tokens import SentenceDoc, blank_vietnamese

MAX_GROUPED_SYLLABLES = 6  # longer phrases are added as written only
NAME_ROLE = "name"  # a name holding cue words: the cues inside it are dropped


@dataclass(frozen=True)
class Cue:
    role: str
    unit_classes: frozenset[str] | None  # None: any figure
    char_start: int  # document offsets
    char_end: int

    def applies_to(self, unit_class: str) -> bool:
        return self.unit_classes is None or unit_class in self.unit_classes


def _groupings(syllables: list[str]) -> list[list[str]]:
    """Every way of grouping consecutive syllables into words."""
    if len(syllables) > MAX_GROUPED_SYLLABLES:
        return [syllables]
    cuts_between = range(1, len(syllables))
    groupings = []
    for count in range(len(syllables)):
        for cuts in combinations(cuts_between, count):
            bounds = [0, *cuts, len(syllables)]
            groupings.append([" ".join(syllables[a:b]) for a, b in zip(bounds, bounds[1:],
                                                                       strict=False)])
    return groupings


@cache
def _matcher() -> PhraseMatcher:
    vocab = blank_vietnamese().vocab
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for role, figures, phrase in kind_cue_rows():
        patterns = [Doc(vocab, words=words) for words in _groupings(phrase.lower().split())]
        matcher.add(f"{role}\t{figures}", patterns)
    return matcher


def sentence_cues(sentence: SentenceDoc) -> list[Cue]:
    """Every cue in the sentence (overlapping ones too, but not those inside a name), in
    document offsets, sorted."""
    doc = sentence.doc
    cues = []
    for match_id, start, end in _matcher()(doc):
        role, figures = doc.vocab.strings[match_id].split("\t")
        span = doc[start:end]
        classes = None if figures == "*" else frozenset(figures.split("|"))
        cues.append(Cue(role, classes, sentence.offset + span.start_char,
                        sentence.offset + span.end_char))
    names = [c for c in cues if c.role == NAME_ROLE]
    kept = [c for c in cues if c.role == NAME_ROLE or not any(
        n.char_start <= c.char_start and c.char_end <= n.char_end for n in names)]
    return sorted(kept, key=lambda c: (c.char_start, c.char_end))
