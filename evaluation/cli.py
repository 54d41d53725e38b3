"""`python -m evaluation`: score the pipeline against the gold and print the table."""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.attributes import (
    format_attribute_lines,
    format_attribute_misses,
    tally_attributes,
)
from evaluation.comparer import (
    evaluate_comparer,
    format_comparer_misses,
    format_comparer_section,
)
from evaluation.documents import (
    HELDOUT_SETS,
    REAL_ARCHIVE_SET,
    REPOSITORY,
    heldout_documents,
    real_archive_documents,
    real_report_documents,
    sample_corpus_documents,
)
from evaluation.harness import evaluate_document
from evaluation.report import (
    format_document_lines,
    format_misses,
    format_score_lines,
    format_table,
)
from evaluation.run_scores import score_run
from evaluation.scorers import FINDINGS_SCORERS

DEFAULT_MISSES = REPOSITORY / "outputs" / "eval" / "misses.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation",
        description="Chấm điểm các bộ trích xuất so với bản chú giải gold.")
    parser.add_argument("--verbose", action="store_true",
                        help="in cả danh sách bỏ sót và dự đoán thừa")
    parser.add_argument("--misses", type=Path, default=DEFAULT_MISSES,
                        help=f"tệp ghi bỏ sót và dự đoán thừa (mặc định {DEFAULT_MISSES})")
    parser.add_argument("--store", type=Path, default=REPOSITORY / "outputs",
                        help="thư mục OUT của `baocao run`, cho các điểm theo phép kiểm tra")
    parser.add_argument("--no-ocr", action="store_true",
                        help="bỏ qua bản quét (OCR mất khoảng 20 giây)")
    parser.add_argument("--mutants", type=int, default=40, metavar="N",
                        help="số đột biến tối đa mỗi quy tắc của bộ so sánh (0: không đột biến)")
    args = parser.parse_args(argv)

    documents, notices = real_report_documents(include_scan=not args.no_ocr)
    for found, found_notices in [sample_corpus_documents(),
                                 *map(heldout_documents, HELDOUT_SETS),
                                 real_archive_documents()]:
        documents += found
        notices += found_notices
    evaluations = [evaluate_document(document) for document in documents]

    for notice in notices:
        print(notice)
    for evaluation in evaluations:
        for notice in evaluation.notices:
            print(notice)
        if evaluation.error:
            print(f"Không chấm được {evaluation.error}")
    print()
    print(format_table(evaluations))
    archive_lines = format_document_lines(evaluations, REAL_ARCHIVE_SET)
    if archive_lines:
        print()
        print(archive_lines)
    attributes = tally_attributes(evaluations)
    if attributes:
        print()
        print(format_attribute_lines(attributes))
    run_scores, run_notices = score_run(args.store)
    for notice in run_notices:
        print(notice)
    if run_scores:
        print()
        print(format_score_lines(run_scores))

    comparer = evaluate_comparer(FINDINGS_SCORERS, per_rule=args.mutants)
    print()
    print(format_comparer_section(comparer))

    misses = format_misses(evaluations) + "\n" + format_attribute_misses(attributes)
    misses += "\n" + format_comparer_misses(comparer)
    args.misses.parent.mkdir(parents=True, exist_ok=True)
    args.misses.write_text(misses, encoding="utf-8")
    print(f"\nBỏ sót và dự đoán thừa: {args.misses}")
    if args.verbose:
        print()
        print(misses)
    return 0
