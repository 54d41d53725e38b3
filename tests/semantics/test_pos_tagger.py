"""The POS tagger's one-pass features are underthesea's own, and so are its tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.semantics.pos_tagger import pos_tagger
from pipeline.semantics.sentences import split_sentences

SAMPLE_REPORTS = Path(__file__).resolve().parents[2] / "corpus" / "reports"


def sample_sentences() -> list[list[str]]:
    from underthesea import word_tokenize

    sentences = []
    for path in sorted(SAMPLE_REPORTS.iterdir()):
        document = ingest(path)
        for sentence in split_sentences(document):
            sentences.append(word_tokenize(
                document.text[sentence.char_start:sentence.char_end]))
    return sentences


@pytest.fixture(scope="module")
def sentences() -> list[list[str]]:
    found = sample_sentences()
    assert len(found) > 200
    return found + [["Năm"], ["2021", "Hà Nội"]]


def test_features_are_underthesea_s(sentences: list[list[str]]) -> None:
    from underthesea.pipeline.pos_tag.tagged_feature import word2features

    tagger = pos_tagger()
    templates = [template.syntax for template in tagger.templates]
    for words in sentences:
        tagged = [(word, "X") for word in words]
        assert tagger.features(words) == [word2features(tagged, index, templates)
                                          for index in range(len(words))]


def test_tags_are_underthesea_s(sentences: list[list[str]]) -> None:
    from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

    predictor = CRFPOSTagPredictor.Instance()
    for words in sentences:
        assert pos_tagger().tags(words) == [tag for _, tag in predictor.predict(words)]
    assert pos_tagger().tags([]) == []
