"""Figures -> metrics: sentence, section, page, subject, indicator, period and kind of each
figure. Vietnamese cue words and indicator names live in data/ (see each file's header)."""

from pipeline.semantics.annotate import annotate
from pipeline.semantics.sentences import split_sentences

__all__ = ["annotate", "split_sentences"]
