"""The accuracy targets of the issue, on the real report in each of its text forms.

These are the acceptance target: they fail until the extractors reach the targets.
"""

import pytest

from evaluation.documents import real_report_documents
from evaluation.harness import DocumentEvaluation, evaluate_document

FORMS = ("txt", "docx", "pdf")


@pytest.fixture(scope="module", params=FORMS)
def evaluation(request) -> DocumentEvaluation:
    documents, _ = real_report_documents()
    wanted = [d for d in documents if d.path.suffix == f".{request.param}"]
    if not wanted:
        pytest.skip(f"Không có báo cáo thật dạng .{request.param} trong ../shared/corpus")
    result = evaluate_document(wanted[0])
    assert result.error is None, result.error
    return result


def test_dates_f1_at_least_0_98(evaluation):
    score = evaluation.results["dates"].score
    assert score.f1 is not None and score.f1 >= 0.98, score


def test_figures_recall_at_least_0_97(evaluation):
    score = evaluation.results["figures"].score
    assert score.recall is not None and score.recall >= 0.97, score


def test_figures_precision_at_least_0_95(evaluation):
    score = evaluation.results["figures"].score
    assert score.precision is not None and score.precision >= 0.95, score


def test_every_citation_has_its_ref_key_and_issued_date(evaluation):
    result = evaluation.results["citations"]
    missed = [item.payload.raw for item in result.matching.missed]
    missed += [record.raw for record in result.unlocated]
    assert missed == []
