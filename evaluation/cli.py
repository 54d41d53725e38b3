"""`python -m evaluation`: score the pipeline against the gold and print the table."""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.attributes import (
    format_attribute_lines,
    format_attribute_misses,
    tally_attributes,
)
from evaluation.documents import (
    HELDOUT2_GOLD,
    HELDOUT2_REPORTS,
    HELDOUT3_GOLD,
    HELDOUT3_REPORTS,
    HELDOUT4_GOLD,
    HELDOUT4_REPORTS,
    REPOSITORY,
    heldout_documents,
    real_report_documents,
    sample_corpus_documents,
)
from evaluation.harness import evaluate_document
from evaluation.report import format_misses, format_score_lines, format_table
from evaluation.run_scores import score_run

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
    args = parser.parse_args(argv)

    real, real_notices = real_report_documents(include_scan=not args.no_ocr)
    sample, sample_notices = sample_corpus_documents()
    heldout, heldout_notices = heldout_documents()
    heldout2, heldout2_notices = heldout_documents(HELDOUT2_REPORTS, HELDOUT2_GOLD, "held-out 2")
    heldout3, heldout3_notices = heldout_documents(HELDOUT3_REPORTS, HELDOUT3_GOLD, "held-out 3")
    heldout4, heldout4_notices = heldout_documents(HELDOUT4_REPORTS, HELDOUT4_GOLD, "held-out 4")
    evaluations = [evaluate_document(document)
                   for document in real + sample + heldout + heldout2 + heldout3 + heldout4]

    for notice in (real_notices + sample_notices + heldout_notices + heldout2_notices
                   + heldout3_notices + heldout4_notices):
        print(notice)
    for evaluation in evaluations:
        for notice in evaluation.notices:
            print(notice)
        if evaluation.error:
            print(f"Không chấm được {evaluation.error}")
    print()
    print(format_table(evaluations))
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

    misses = format_misses(evaluations) + "\n" + format_attribute_misses(attributes)
    args.misses.parent.mkdir(parents=True, exist_ok=True)
    args.misses.write_text(misses, encoding="utf-8")
    print(f"\nBỏ sót và dự đoán thừa: {args.misses}")
    if args.verbose:
        print()
        print(misses)
    return 0
