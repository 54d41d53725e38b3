"""The score table (stdout) and the list of misses and false positives (a file)."""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluation.gold import GoldRecord
from evaluation.harness import DocumentEvaluation
from evaluation.matching import Item, Score, overlap
from evaluation.scorers import SPAN_SCORERS, SpanScorer
from evaluation.text import sentence_around


@dataclass
class SetTotals:
    """Totals of one document set for one scorer."""

    score: Score = field(default_factory=Score)
    nfd: Score = field(default_factory=Score)
    units_right: int = 0
    units_matched: int = 0


def totals(evaluations: list[DocumentEvaluation]) -> dict[tuple[str, str], SetTotals]:
    """(document set, scorer name) -> totals, in the order the sets first appear."""
    table: dict[tuple[str, str], SetTotals] = {}
    for evaluation in evaluations:
        for name, result in evaluation.results.items():
            entry = table.setdefault((evaluation.document.document_set, name), SetTotals())
            entry.score = entry.score.add(result.score)
            entry.nfd = entry.nfd.add(result.nfd_score)
            right, matched = result.units
            entry.units_right += right
            entry.units_matched += matched
    return table


def _ratio(value: float | None) -> str:
    return "   –  " if value is None else f"{value:6.3f}"


def _score_cells(score: Score) -> str:
    return (f"{_ratio(score.precision)} {_ratio(score.recall)} {_ratio(score.f1)} "
            f"{score.true_positives:5d} {score.false_positives:5d} {score.false_negatives:5d}")


def format_table(evaluations: list[DocumentEvaluation]) -> str:
    table = totals(evaluations)
    width = max([len(s) for s, _ in table] + [len("Bộ tài liệu")])
    header = f"{'Bộ tài liệu':<{width}}  {'extractor':<10} {'P':>6} {'R':>6} {'F1':>6} " \
             f"{'TP':>5} {'FP':>5} {'FN':>5}"
    lines = [header, "-" * len(header)]
    for (document_set, name), entry in table.items():
        lines.append(f"{document_set:<{width}}  {name:<10} {_score_cells(entry.score)}")
    units = [(s, e) for (s, n), e in table.items() if n == "figures"]
    if units:
        lines.append("")
        lines.append("Đơn vị (unit) của các số liệu khớp, báo cáo, không tính điểm:")
        for document_set, entry in units:
            share = entry.units_right / entry.units_matched if entry.units_matched else None
            lines.append(f"  {document_set:<{width}}  {entry.units_right}/{entry.units_matched}"
                         f" đúng ({_ratio(share).strip()})")
    nfd = [(key, e) for key, e in table.items() if e.nfd.true_positives + e.nfd.false_negatives]
    if nfd:
        lines.append("")
        lines.append("Đoạn tệp nguồn viết dạng NFD (báo cáo thật: chỉ tiêu 2022 về đoàn viên):")
        for (document_set, name), entry in nfd:
            lines.append(f"  {document_set:<{width}}  {name:<10} {_score_cells(entry.nfd)}")
    return "\n".join(lines)


def format_document_lines(evaluations: list[DocumentEvaluation], document_set: str) -> str:
    """The scores of each document of `document_set`, one line per document and scorer."""
    rows = [(e.document.path.name, name, result.score) for e in evaluations
            if e.document.document_set == document_set for name, result in e.results.items()]
    if not rows:
        return ""
    width = max(len(name) for name, _, _ in rows)
    lines = [f"{document_set}, từng tài liệu:"]
    lines += [f"  {name:<{width}}  {scorer:<10} {_score_cells(score)}"
              for name, scorer, score in rows]
    return "\n".join(lines)


def format_score_lines(scores: dict[str, Score]) -> str:
    """One line per named score (the per-check scores of the run)."""
    width = max(len(name) for name in scores)
    return "\n".join(f"{name:<{width}}  {_score_cells(score)}" for name, score in scores.items())


def _gold_fields(record: GoldRecord) -> str:
    return ", ".join(f"{k}={v}" for k, v in record.fields.items())


def _nearest(item: Item, others: list[Item]) -> Item | None:
    touching = [o for o in others if overlap(item, o) > 0]
    return max(touching, key=lambda o: overlap(item, o)) if touching else None


def format_misses(evaluations: list[DocumentEvaluation],
                  scorers: tuple[SpanScorer, ...] = SPAN_SCORERS) -> str:
    """Every miss and false positive with its sentence, per document and extractor."""
    lines: list[str] = []
    for evaluation in evaluations:
        title = f"=== {evaluation.document.path.name} ({evaluation.document.document_set})"
        lines.append(title)
        if evaluation.error:
            lines.append(f"LỖI: {evaluation.error}")
            if evaluation.error_detail:
                lines.append(evaluation.error_detail)
            continue
        text = evaluation.text
        for scorer in scorers:
            result = evaluation.results.get(scorer.name)
            if result is None:
                continue
            predicted = [p for _, p in result.matching.pairs] + result.matching.spurious
            lines.append(f"--- {scorer.name}: {len(result.matching.missed)} bỏ sót, "
                         f"{len(result.matching.spurious)} thừa, "
                         f"{len(result.unlocated)} không định vị được")
            for record in result.unlocated:
                lines.append(f"KHÔNG ĐỊNH VỊ  {record.raw!r} [{_gold_fields(record)}]"
                             f"\n    ngữ cảnh: {record.context}")
            for item in result.matching.missed:
                record: GoldRecord = item.payload
                nearest = _nearest(item, predicted)
                got = (f"\n    dự đoán chồng lấn: {nearest.payload.get('raw')!r} "
                       f"{scorer.describe(nearest.payload)}") if nearest else ""
                lines.append(f"BỎ SÓT  {record.raw!r} [{_gold_fields(record)}]{got}"
                             f"\n    câu: {sentence_around(text, item.char_start, item.char_end)}")
            for item in result.matching.spurious:
                row = item.payload
                lines.append(f"THỪA  {row.get('raw')!r} {scorer.describe(row)}"
                             f"\n    câu: {sentence_around(text, item.char_start, item.char_end)}")
        lines.append("")
    return "\n".join(lines)
