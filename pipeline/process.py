"""One document through every stage, from file to table rows.

ingest -> structure -> extractors -> semantics -> rows for the store.
This is the unit of work a batch fans out; it touches no shared state.
"""

from __future__ import annotations

import bisect
from pathlib import Path

from extractors import citations as citation_extractor
from extractors import dates as date_extractor
from extractors import quantities as quantity_extractor
from pipeline.ingest import ingest
from pipeline.model import Document, Figure, IngestError, Metric
from pipeline.result import (
    DocumentResult,
    doc_id_for,
    failed_result,
    file_sha256,
    path_text,
    sha256_or_none,
)
from pipeline.semantics.annotate import annotate
from pipeline.semantics.precision import written_precision
from pipeline.semantics.sentences import split_sentences
from pipeline.semantics.tables import (
    slashed_cell_figures,
    table_grids,
    with_header_units,
    without_identifiers,
)
from pipeline.structure import document_info, parse_sections
from pipeline.version import pipeline_version

TABLES = ("documents", "sections", "metrics", "dates", "citations", "findings")


def process_file(path: Path) -> DocumentResult:
    # Ingest first: it checks the path (a folder, no permission, empty, too big) and
    # explains what is wrong in Vietnamese, where hashing would only raise an OSError.
    try:
        document = ingest(path)
        sha256 = file_sha256(path)
    except IngestError as error:
        return failed_result(path, sha256_or_none(path), str(error))
    except OSError as error:
        return failed_result(path, None, f"Không đọc được tệp: {error.strerror or error}")
    return extract_rows(document, doc_id_for(sha256), sha256)


def extract_rows(document: Document, doc_id: str, sha256: str | None) -> DocumentResult:
    sections = parse_sections(document)
    info = document_info(document, sections)
    text = document.text

    citations = citation_extractor.extract(text)
    dates = date_extractor.extract(text)
    taken = [(c.char_start, c.char_end) for c in citations]
    taken += [(d.char_start, d.char_end) for d in dates]
    figures = with_header_units(document, without_identifiers(  # "Mã TTHC | 2.001234"
        document, quantity_extractor.extract(text, taken=taken,
                                             tables=table_grids(document))))
    figures = sorted([*figures, *slashed_cell_figures(
        document, [*taken, *((f.char_start, f.char_end) for f in figures)])],
        key=lambda figure: figure.char_start)

    sentences = split_sentences(document)
    metrics = annotate(document, sections, sentences, figures, info, dates)
    sentence_starts = [s.char_start for s in sentences]
    metric_ids = {id(m.figure): f"{doc_id}-m{i}" for i, m in enumerate(metrics, 1)}

    def sentence_at(offset: int) -> str | None:
        index = bisect.bisect_right(sentence_starts, offset) - 1
        if index >= 0 and sentences[index].char_end > offset:
            return sentences[index].text
        return None

    rows: dict[str, list[dict]] = {
        "documents": [{
            "doc_id": doc_id, "path": path_text(document.path), "format": document.format,
            "sha256": sha256, "status": "ok", "error": None, "pages": document.pages,
            "text": text, "title": info.title, "agency": info.agency,
            "report_year": info.report_year, "encoding": document.encoding,
            "pipeline_version": pipeline_version(),
        }],
        "sections": [{
            "doc_id": doc_id, "section_id": s.section_id, "parent_id": s.parent_id,
            "level": s.level, "label": s.label, "title": s.title, "path": s.path,
            "char_start": s.char_start, "char_end": s.char_end,
        } for s in sections],
        "metrics": [{
            "doc_id": doc_id, "metric_id": f"{doc_id}-m{i}", "section_id": m.section_id,
            "page": m.page, "sentence": m.sentence, "char_start": m.figure.char_start,
            "char_end": m.figure.char_end, "raw": m.figure.raw, "value": m.figure.value,
            "value_max": m.figure.value_max, "denominator": m.figure.denominator,
            "unit": m.figure.unit, "unit_class": m.figure.unit_class,
            "approx": m.figure.approx, "subject": m.subject, "indicator": m.indicator,
            "period": m.period, "period_granularity": m.period_granularity,
            "period_start": m.period_start, "period_end": m.period_end, "kind": m.kind,
            **relation_columns(m, metric_ids),
        } for i, m in enumerate(metrics, 1)],
        "dates": [{
            "doc_id": doc_id, "date_id": f"{doc_id}-d{i}", "raw": d.raw,
            "start_date": d.start_date, "end_date": d.end_date,
            "granularity": d.granularity, "char_start": d.char_start,
            "char_end": d.char_end, "page": document.page_of(d.char_start),
            "sentence": sentence_at(d.char_start),
        } for i, d in enumerate(dates, 1)],
        "citations": [{
            "doc_id": doc_id, "ref_id": f"{doc_id}-r{i}", "raw": c.raw, "ref_key": c.ref_key,
            "doc_type": c.doc_type, "type_code": c.type_code, "number": c.number,
            "year": c.year, "issuer_code": c.issuer_code, "issued_date": c.issued_date,
            "issued_date_written": c.issued_date_written, "char_start": c.char_start,
            "char_end": c.char_end,
            "page": document.page_of(c.char_start), "sentence": sentence_at(c.char_start),
        } for i, c in enumerate(citations, 1)],
    }
    return DocumentResult(doc_id, "ok", rows)


def relation_columns(metric: Metric, metric_ids: dict[int, str]) -> dict:
    """The columns the comparer needs: precision, sign and the ids of related figures."""
    relation = metric.relation
    decimals, precision = written_precision(metric.figure)

    def id_of(figure: Figure | None) -> str | None:
        return metric_ids.get(id(figure)) if figure is not None else None

    return {
        "decimals": decimals, "precision": precision, "delta": relation.delta,
        "whole_metric_id": id_of(relation.whole), "part_scope": relation.part_scope,
        "base_metric_id": id_of(relation.base), "compared_metric_id": id_of(relation.compared),
        "relation": relation.relation,
    }
