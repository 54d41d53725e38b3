"""Figures -> metrics: sentence, section, page, subject, indicator, period and kind of each
figure (`annotate.annotate`, over `sentences.split_sentences`). Vietnamese cue words and
indicator names live in data/ (see each file's header). Nothing is imported here: the
comparer reads this package's lexicons without loading spaCy."""
