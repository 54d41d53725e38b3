"""Views in the DuckDB store that answer the analysts' usual questions without joins.

Each view is one SQL statement below; `create_views` (re)creates all of them on a connection
to the store and is called wherever the DuckDB file is written. docs/schema.md documents
them with an example query each.

What SQL can and cannot do here: the comparer (pipeline/comparer/linking.py) links figures of
different reports by `indicator` when both have one, else by a diacritic-folded subject
compared with rapidfuzz. The views link by `indicator` only; figures without one stay in
`metrics` and are left out of `indicator_series` and `targets_vs_actuals`. Like the comparer,
they leave out the parts of a total (rows with a `whole_metric_id`): a district's share is not
the province's figure. Reports are of one series when their agencies are equal once lower
case and without diacritics (the comparer also accepts near-equal agencies and, without any,
alike titles).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

# Figures of an indicator, with their report; `restated` marks a figure of a period that
# ended before the report's year began (the previous year's value in brackets).
INDICATOR_SERIES = """
CREATE OR REPLACE VIEW indicator_series AS
SELECT
    m.indicator, d.agency,
    m.period, m.period_granularity, m.period_start, m.period_end,
    CASE WHEN m.period_granularity = 'range' THEN NULL
         ELSE coalesce(year(m.period_end), TRY_CAST(m.period AS INTEGER)) END AS period_year,
    m.value, m.value_max, m.unit, m.unit_class, m.kind, m.approx, m.raw, m.subject,
    coalesce(m.period_end, make_date(TRY_CAST(m.period AS INTEGER), 12, 31))
        < make_date(d.report_year, 1, 1) AS restated,
    m.doc_id, d.path, d.report_year, m.page, m.sentence, m.char_start, m.char_end, m.metric_id
FROM metrics m JOIN documents d USING (doc_id)
WHERE m.indicator IS NOT NULL AND m.whole_metric_id IS NULL AND d.status = 'ok'
"""

# A target one report set for a year, and the figure the report of that year gave for it.
# The actual is a whole figure of the same indicator, unit and year, of kind 'actual', in a
# report of the same agency whose report_year is the target's year; a whole year before a
# running total ("tính đến 30/11"), then the later total, then the subject most alike, then
# the first in the text. A target written as a fall ("Tỷ lệ hộ nghèo giảm 0,5%-0,7%": one of
# the semantics' decrease words among the three words before it, as the comparer reads it)
# is set against that year's stated fall (a 'change' with a negative delta), as a positive
# number. attainment = 100 × actual / target (the lower end of a range target).
TARGETS_VS_ACTUALS = """
CREATE OR REPLACE VIEW targets_vs_actuals AS
WITH figures AS (
    SELECT m.*, d.path, d.report_year,
           lower(strip_accents(d.agency)) AS agency_key, d.agency,
           lower(m.sentence) AS lower_sentence,
           strpos(m.sentence, m.raw) AS raw_at
    FROM metrics m JOIN documents d USING (doc_id)
    WHERE m.indicator IS NOT NULL AND m.whole_metric_id IS NULL AND d.status = 'ok'
),
targets AS (
    SELECT *,
        len(list_filter({decrease_words}, lambda w: contains(
            ' ' || array_to_string(list_slice(string_split(trim(
                left(lower_sentence, greatest(raw_at - 1, 0))), ' '), -3, -1), ' ') || ' ',
            ' ' || w || ' '))) > 0 AS is_fall
    FROM figures
    WHERE kind = 'target' AND period_granularity = 'year'
          AND TRY_CAST(period AS INTEGER) IS NOT NULL
),
ranked AS (
    SELECT t.metric_id AS target_id, a.metric_id AS actual_id,
           row_number() OVER (
               PARTITION BY t.metric_id
               ORDER BY a.period_granularity = 'year' DESC, a.period_end DESC,
                        jaro_winkler_similarity(lower(strip_accents(coalesce(a.subject, ''))),
                                                lower(strip_accents(coalesce(t.subject, ''))))
                            DESC,
                        a.path, a.char_start) AS rank
    FROM targets t JOIN figures a
      ON a.indicator = t.indicator AND a.unit IS NOT DISTINCT FROM t.unit
     AND a.agency_key = t.agency_key AND a.doc_id <> t.doc_id
     AND a.report_year = TRY_CAST(t.period AS INTEGER) AND a.period = t.period
     AND a.period_granularity IN ('year', 'cumulative')
     AND CASE WHEN t.is_fall THEN a.kind = 'change' AND a.delta < 0
              ELSE a.kind = 'actual' END
)
SELECT
    t.indicator, t.agency, t.period,
    t.value AS target, t.value_max AS target_max, t.approx AS target_approx, t.is_fall,
    abs(a.value) AS actual, t.unit,
    round(100 * abs(a.value) / nullif(t.value, 0), 1) AS attainment,
    t.raw AS target_raw, a.raw AS actual_raw,
    t.doc_id AS target_doc_id, t.path AS target_path, t.report_year AS target_report_year,
    t.page AS target_page, t.sentence AS target_sentence,
    a.doc_id AS actual_doc_id, a.path AS actual_path, a.report_year AS actual_report_year,
    a.page AS actual_page, a.sentence AS actual_sentence,
    t.metric_id AS target_metric_id, a.metric_id AS actual_metric_id
FROM targets t
LEFT JOIN ranked r ON r.target_id = t.metric_id AND r.rank = 1
LEFT JOIN figures a ON a.metric_id = r.actual_id
"""

# One row per (citing report, cited document): the edges of the reference graph.
REFERENCE_GRAPH = """
CREATE OR REPLACE VIEW reference_graph AS
SELECT
    c.doc_id, d.path, d.agency, d.report_year,
    c.ref_key,
    mode(c.doc_type) AS doc_type, mode(c.type_code) AS type_code,
    mode(c.issuer_code) AS issuer_code, min(c.issued_date) AS issued_date,
    count(*) AS mentions, min(c.page) AS first_page, min(c.char_start) AS first_char_start
FROM citations c JOIN documents d USING (doc_id)
WHERE c.ref_key IS NOT NULL AND d.status = 'ok'
GROUP BY c.doc_id, d.path, d.agency, d.report_year, c.ref_key
"""

# One row per legal document cited anywhere. A report's time is its report_year (the store
# keeps no signing date); `issued_dates` counts the distinct issue dates written for it.
CITED_DOCUMENTS = """
CREATE OR REPLACE VIEW cited_documents AS
SELECT
    ref_key,
    mode(doc_type) AS doc_type, mode(type_code) AS type_code, mode(issuer_code) AS issuer_code,
    min(issued_date) AS issued_date, count(DISTINCT issued_date) AS issued_dates,
    count(DISTINCT doc_id) AS citing_reports, CAST(sum(mentions) AS BIGINT) AS mentions,
    min(report_year) AS first_cited_year, arg_min(path, (report_year, path)) AS first_cited_in,
    max(report_year) AS last_cited_year, arg_max(path, (report_year, path)) AS last_cited_in
FROM reference_graph
GROUP BY ref_key
"""

VIEWS: dict[str, str] = {
    "indicator_series": INDICATOR_SERIES,
    "targets_vs_actuals": TARGETS_VS_ACTUALS,
    "reference_graph": REFERENCE_GRAPH,
    "cited_documents": CITED_DOCUMENTS,
}


@cache
def _decrease_words() -> str:
    """The semantics' decrease words (data/relation_cues.tsv) as a SQL list literal."""
    # Imported here: the semantics package loads its NLP models, which a run has loaded
    # already and a reader of the store never needs.
    from pipeline.semantics.lexicon import relation_phrases

    quoted = (f"'{word.lower().replace(chr(39), chr(39) * 2)}'"
              for word in sorted(relation_phrases("decrease")))
    return f"[{', '.join(quoted)}]::VARCHAR[]"


def view_statements() -> dict[str, str]:
    """Each view's CREATE statement, the lexicon words filled in."""
    return {name: sql.replace("{decrease_words}", _decrease_words())
            for name, sql in VIEWS.items()}


def create_views(connection: duckdb.DuckDBPyConnection, *, temporary: bool = False) -> None:
    """(Re)create every view on a connection to the store (its tables must exist).
    `temporary`: for this connection only, e.g. a read-only one on a store written before
    the views existed."""
    for statement in view_statements().values():
        if temporary:
            statement = statement.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW")
        connection.execute(statement)


def missing_views(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The views a store (written by an older version) does not have."""
    present = {name for (name,) in connection.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    return [name for name in VIEWS if name not in present]
