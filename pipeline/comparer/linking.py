"""Which reports, and which of their figures, speak of the same thing.

Reports are linked by agency (or, when a report names none, by a title alike once its
numbers are dropped) and by period; a draft and its final by the same, with "dự thảo" in the
path or title of one of them. Figures are linked by `indicator` when both have one, else by
their subjects: diacritic-folded keys ("Tỷ lệ", "tỉ lệ" and "ti le" are one word) compared
with rapidfuzz, so that rewording, typos and lost diacritics do not break a link. Linked
figures always have the same unit, and periods of the same granularity: a half-year figure is
never set against an annual one.

The score of two subjects is the mean of token_set_ratio (rewording, words added) and
token_sort_ratio (which keeps "hồ sơ" from matching "hồ sơ đăng ký khai sinh" at 100). On the
sample corpus, over 2.793 pairs of figures of different reports with the same unit, taking
"same indicator" as truth: at 85 no pair of different indicators is linked (precision 1.0)
and the pairs missed are mostly different figures of one coarse indicator ("cuộc thanh tra" /
"cuộc kiểm tra"); at 70, 44 wrong links appear.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from pipeline.comparer.intervals import Interval
from pipeline.comparer.model import DocumentRow, MetricRow
from pipeline.comparer.view import DocumentView, StoreView
from pipeline.data_files import read_tsv
from pipeline.semantics.lexicon import relation_phrases

DATA = Path(__file__).with_name("data")
ADMIN_LEVELS = Path(__file__).parents[1] / "structure" / "data" / "admin_levels.tsv"
SUBJECT_THRESHOLD = 85.0
AGENCY_THRESHOLD = 90.0
TITLE_THRESHOLD = 90.0
SENTENCE_THRESHOLD = 85.0
SUB_YEAR = ("half", "quarter", "month")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = re.compile(r"^(?:19|20)\d\d$")


# --- folding -------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 16)
def fold(text: str | None) -> str:
    """Lower case, no diacritics, đ as d, words split at punctuation, a syllable-final y
    written i ("tỷ" and "tỉ" both "ti", "quý" and "quí" both "qui"; "tay", "thủy" kept)."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = []
    for word in re.split(r"[\W_]+", plain):
        if len(word) > 1 and word.endswith("y") and (word[-2] not in "aeiouy"
                                                      or word.endswith("quy")):
            word = word[:-1] + "i"
        if word:
            words.append(word)
    return " ".join(words)


@cache
def words(role: str) -> tuple[str, ...]:
    """The folded words of a role in data/linking_words.tsv, longest first."""
    found = {fold(row["words"]) for row in read_tsv(DATA / "linking_words.tsv")
             if row["role"] == role}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


@cache
def _generic_accented() -> tuple[str, ...]:
    found = {unicodedata.normalize("NFC", row["words"].lower())
             for row in read_tsv(DATA / "linking_words.tsv") if row["role"] == "generic"}
    return tuple(sorted(found, key=len, reverse=True))


def _drop_phrases(text: str, phrases: Iterable[str]) -> str:
    for phrase in phrases:
        text = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ", text)
    return " ".join(text.split())


def subject_key(subject: str | None) -> str:
    """The folded subject without generic words. Single-syllable generic words ("số") are
    dropped only where written with their marks: folded, "so" is also "sơ" of "hồ sơ"."""
    accented = unicodedata.normalize("NFC", (subject or "").lower())
    folded = fold(_drop_phrases(accented, _generic_accented()))
    return _drop_phrases(folded, [w for w in words("generic") if " " in w])


def has_phrase(folded_text: str, role: str) -> str | None:
    """The first word of `role` found in the folded text, as whole words."""
    padded = f" {folded_text} "
    return next((w for w in words(role) if f" {w} " in padded), None)


@lru_cache(maxsize=1 << 18)
def subject_similarity(a: str | None, b: str | None) -> float:
    """0-100; 0 when either key is a single word or empty (too weak to link on)."""
    key_a, key_b = subject_key(a), subject_key(b)
    if len(key_a.split()) < 2 or len(key_b.split()) < 2:
        return 0.0
    return (fuzz.token_set_ratio(key_a, key_b) + fuzz.token_sort_ratio(key_a, key_b)) / 2


# --- documents ----------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentPeriod:
    """What a report covers, from its title: a year, or one half, quarter or month of it."""

    granularity: str  # 'year' | 'half' | 'quarter' | 'month'
    year: int | None
    index: int | None = None


def _number_after(folded: str, word: str) -> int | None:
    match = re.search(rf"(?:^| ){re.escape(word)} (\d{{1,2}}|i{{1,3}}|iv)(?: |$)", folded)
    if not match:
        return None
    token = match.group(1)
    return int(token) if token.isdigit() else _ROMAN[token]


@cache
def _document_period(title: str | None, path: str, report_year: int | None) -> DocumentPeriod:
    folded = fold(title) or fold(Path(path).stem)
    if report_year is None:
        years = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", folded)
        report_year = int(years[-1]) if years else None
    for word in words("title_half"):
        match = re.search(rf"(?:^| ){re.escape(word)} (\w+)", folded)
        if match:
            index = 2 if match.group(1) in words("half_second") else 1
            return DocumentPeriod("half", report_year, index)
    for word in words("title_quarter"):
        number = _number_after(folded, word)
        if number and 1 <= number <= 4:
            return DocumentPeriod("quarter", report_year, number)
    for word in words("title_month"):
        number = _number_after(folded, word)
        if number and 1 <= number <= 12:
            return DocumentPeriod("month", report_year, number)
    return DocumentPeriod("year", report_year)


def document_period(document: DocumentRow) -> DocumentPeriod:
    return _document_period(document.title, document.path or "", document.report_year)


def is_draft(document: DocumentRow) -> bool:
    return _is_draft(document.path, document.title)


@lru_cache(maxsize=1 << 16)  # asked for every pair of reports of a series
def _is_draft(path: str | None, title: str | None) -> bool:
    return has_phrase(f"{fold(path)} {fold(title)}", "draft") is not None


def _title_key(document: DocumentRow) -> str:
    return " ".join(w for w in fold(document.title).split() if not w.isdigit())


@cache
def _place_levels() -> frozenset[str]:
    """Folded words of the levels of local government that end a body's name and open its
    place ("... tỉnh Hòa Sơn"), from the structure's lexicon."""
    rows = read_tsv(ADMIN_LEVELS)
    return frozenset(fold(row["word"]) for row in rows if row["ends_field"] == "yes")


@lru_cache(maxsize=1 << 16)  # every pair of author groups asks for the same few names
def agency_place(agency: str | None) -> str | None:
    """The place a body's name ends with ("hoa son" of "Sở Y tế tỉnh Hòa Sơn"), or None."""
    words = fold(agency).split()
    levels = _place_levels()
    for end in range(len(words) - 1, 0, -1):
        for size in (2, 1):
            start = end - size
            if start >= 0 and " ".join(words[start:end]) in levels:
                return " ".join(words[end:])
    return None


def same_series(a: DocumentRow, b: DocumentRow) -> str | None:
    """Why two reports come from the same author (Vietnamese), or None when they do not."""
    if a.agency and b.agency:
        place_a, place_b = agency_place(a.agency), agency_place(b.agency)
        if place_a and place_b and place_a != place_b:
            return None  # the same office of two provinces: alike names, two authors
        score = fuzz.token_sort_ratio(fold(a.agency), fold(b.agency))
        return f"cùng cơ quan {b.agency}" if score >= AGENCY_THRESHOLD else None
    key_a, key_b = _title_key(a), _title_key(b)
    if len(key_a.split()) < 3 or len(key_b.split()) < 3:
        return None
    score = fuzz.token_sort_ratio(key_a, key_b)
    return f"tiêu đề giống {score:.0f}%" if score >= TITLE_THRESHOLD else None


def series_documents(store: StoreView, document: DocumentView) -> list[tuple[DocumentView, str]]:
    """The other reports of `document`'s series, each with why it is linked."""
    index = store.derived("series", lambda: _series_index(store))
    doc_id = document.document.doc_id
    return [(other, reason) for other, reason in index.get(doc_id, [])
            if other.document.doc_id != doc_id]


def series_by_period(store: StoreView, document: DocumentView, kinds: tuple[str, ...]
                     ) -> dict[tuple, list[tuple[DocumentView, str]]]:
    """The reports of `document`'s series (itself included) that have figures of these kinds
    for a period, by the period's key, in series order: a check looking for one period reads
    only those, not the whole series. Built once per series."""
    index = store.derived("series", lambda: _series_index(store))
    linked = index.get(document.document.doc_id, [])
    cache = store.derived(("series_by_period", kinds), dict)
    found = cache.get(id(linked))
    if found is None:
        found = {}
        for view, reason in linked:
            for key in {key for kind, key in view.derived(
                    "figures_by_kind_and_period", lambda v=view: _figures_index(v))
                    if kind in kinds and key is not None}:
                found.setdefault(key, []).append((view, reason))
        cache[id(linked)] = found
    return found


@dataclass(frozen=True)
class AuthorGroups:
    """Reports grouped by their folded agency (or, without one, title), and which groups
    are of one series (each group with itself among them)."""

    members: dict[tuple[bool, str], list[DocumentView]]
    linked: dict[tuple[bool, str], list[tuple[tuple[bool, str], str]]]  # key -> (key, why)


def _author_groups(store: StoreView) -> AuthorGroups:
    """Only one report of each group is compared with each other group: the cost grows with
    the number of distinct authors squared, not of reports."""
    members: dict[tuple[bool, str], list[DocumentView]] = {}
    for view in store.documents:
        info = view.document
        key = (True, fold(info.agency)) if info.agency else (False, _title_key(info))
        members.setdefault(key, []).append(view)
    linked: dict[tuple[bool, str], list[tuple[tuple[bool, str], str]]] = {}
    for key, group in members.items():
        first = group[0].document
        linked[key] = [(other_key, reason) for other_key, others in members.items()
                       if (reason := same_series(first, others[0].document))]
    return AuthorGroups(members, linked)


def _series_index(store: StoreView) -> dict[str, list[tuple[DocumentView, str]]]:
    """Every report's series (itself included: one list shared by its group, so that the
    index does not grow with reports squared)."""
    groups = store.derived("author_groups", lambda: _author_groups(store))
    index: dict[str, list[tuple[DocumentView, str]]] = {}
    for key, group in groups.members.items():
        linked = [(other, reason) for other_key, reason in groups.linked[key]
                  for other in groups.members[other_key]]
        for view in group:
            index[view.document.doc_id] = linked
    return index


def series_components(store: StoreView) -> list[list[DocumentView]]:
    """The reports in sets that no cross-report check looks beyond: a report's series, and
    its series' series, and so on. A change to one report can change the findings of its
    set only."""
    groups = store.derived("author_groups", lambda: _author_groups(store))
    parent = {key: key for key in groups.members}

    def root(key: tuple[bool, str]) -> tuple[bool, str]:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, linked in groups.linked.items():
        for other_key, _ in linked:
            parent[root(other_key)] = root(key)
    components: dict[tuple[bool, str], list[DocumentView]] = {}
    for key, group in groups.members.items():
        components.setdefault(root(key), []).extend(group)
    return list(components.values())


# --- periods of figures -------------------------------------------------------------------

@dataclass(frozen=True)
class FigurePeriod:
    granularity: str  # 'year' | 'half' | 'quarter' | 'month' | 'cumulative' | 'range'
    year: int | None
    index: int | None = None  # which half, quarter or month
    end: date | None = None  # where a running total stops
    text: str | None = None

    @property
    def key(self) -> tuple[str, int | None, int | None]:
        """Two figures are of one period when their keys are equal (a running total: of
        one year; its end orders it)."""
        if self.granularity == "cumulative":
            return (self.granularity, self.year, None)
        return (self.granularity, self.year, self.index)

    def label(self) -> str:
        """The period in Vietnamese: "2022", "6 tháng đầu năm 2022", "tháng 8/2025"."""
        year = self.year if self.year is not None else (self.text or "?")
        if self.granularity == "half":
            return f"6 tháng {'cuối' if self.index == 2 else 'đầu'} năm {year}"
        if self.granularity == "quarter" and self.index:
            return f"quý {self.index}/{year}"
        if self.granularity == "month" and self.index:
            return f"tháng {self.index}/{year}"
        if self.granularity == "cumulative":
            return f"lũy kế đến {self.end:%d/%m/%Y}" if self.end else f"lũy kế {year}"
        return str(self.text or year)


def _clause_before(metric: MetricRow) -> str:
    sentence = metric.sentence or ""
    at = sentence.find(metric.raw) if metric.raw else -1
    return sentence[:at] if at >= 0 else sentence


def _clause_after(metric: MetricRow) -> str:
    sentence = metric.sentence or ""
    at = sentence.find(metric.raw) if metric.raw else -1
    return sentence[at + len(metric.raw):] if at >= 0 else ""


def _index_of(granularity: str, day: date) -> int | None:
    if granularity == "month":
        return day.month
    if granularity == "quarter":
        return (day.month - 1) // 3 + 1
    if granularity == "half":
        return 1 if day.month <= 6 else 2
    return None


def _period_end(period: DocumentPeriod) -> date | None:
    if period.year is None:
        return None
    month = {"month": period.index, "quarter": (period.index or 4) * 3,
             "half": (period.index or 2) * 6}.get(period.granularity, 12) or 12
    return date(period.year, month, calendar.monthrange(period.year, month)[1])


@lru_cache(maxsize=1 << 16)
def figure_period(metric: MetricRow, document: DocumentRow) -> FigurePeriod:
    """The figure's period. Where the row has no granularity (rows stored before the column
    existed, or not yet known): a single year in a report shorter than a year is that
    report's half, quarter or month of the year (a running total after "lũy kế",
    "tính đến"), otherwise the year."""
    text = metric.period
    year = int(text) if text and _YEAR.match(text) else None
    granularity = metric.period_granularity
    whole = document_period(document)
    if granularity is None:
        if text and year is None:
            granularity = "range"
        elif whole.granularity in SUB_YEAR:
            cumulative = has_phrase(fold(_clause_before(metric)), "cumulative")
            granularity = "cumulative" if cumulative else whole.granularity
        else:
            granularity = "year"
    if year is None and granularity != "range":
        year = metric.period_start.year if metric.period_start is not None else (
            whole.year if text is None else None)
    index = None
    if granularity in SUB_YEAR:
        if metric.period_start is not None:
            index = _index_of(granularity, metric.period_start)
        elif granularity == whole.granularity:
            index = whole.index
    end = metric.period_end
    if granularity == "cumulative" and end is None and whole.granularity in SUB_YEAR:
        end = _period_end(DocumentPeriod(whole.granularity, year, whole.index))
    return FigurePeriod(granularity, year, index, end, text)


# --- figures ------------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureLink:
    by_indicator: bool
    score: float  # subject similarity, 0-100
    reason: str

    @property
    def strong(self) -> bool:
        return self.score >= SUBJECT_THRESHOLD

    @property
    def rank(self) -> tuple[bool, float]:
        return (self.by_indicator, self.score)


def _unit_text(metric: MetricRow) -> str:
    return metric.unit or metric.unit_class


def link_figures(a: MetricRow, b: MetricRow) -> FigureLink | None:
    """Whether two figures measure the same thing (periods aside), and why."""
    if a.unit_class != b.unit_class or fold(a.unit) != fold(b.unit):
        return None
    score = subject_similarity(a.subject, b.subject)
    unit = _unit_text(a)
    if a.indicator and b.indicator:
        if a.indicator != b.indicator:
            return None
        return FigureLink(True, score, f"cùng chỉ tiêu {a.indicator}, cùng đơn vị {unit}")
    if score < SUBJECT_THRESHOLD:
        return None
    return FigureLink(False, score, f'chủ đề giống {score:.0f}%: "{a.subject}" / '
                                    f'"{b.subject}", cùng đơn vị {unit}')


def masked_sentence(sentence: str | None) -> str:
    """The folded sentence with every number as "#": a month's sentence and the next month's
    are alike when only their figures changed."""
    return re.sub(r"\d+", "#", fold(sentence))


def sentence_similarity(a: MetricRow, b: MetricRow) -> float:
    return fuzz.ratio(masked_sentence(a.sentence), masked_sentence(b.sentence))


def counterparts(metric: MetricRow, candidates: Iterable[MetricRow],
                 rivals: Iterable[MetricRow] = ()) -> list[tuple[MetricRow, FigureLink]]:
    """The candidates linked to `metric`, best first. A link by indicator alone, with
    subjects unlike, counts only when it is the one figure of that indicator: indicators
    are coarse ("budget" is every sum of money).

    `rivals` are the figures of `metric`'s own report that could be taken for it (same kind
    and period). When one of them has the same subject ("17 mô hình đã hoàn thành, 16 mô
    hình đang triển khai"), or several candidates tie, the subject cannot tell them apart:
    the figure is then linked only to the one in the same place of an alike sentence."""
    links = [(c, link) for c in candidates if (link := link_figures(metric, c))]
    strong = [(c, link) for c, link in links if link.strong]
    if strong:
        ranked = sorted(strong, key=lambda pair: (-pair[1].score, pair[0].char_start))
    else:
        weak = [(c, link) for c, link in links if link.by_indicator]
        ranked = weak if len(weak) == 1 else []
    if not ranked:
        return []
    top = [pair for pair in ranked if pair[1].rank == ranked[0][1].rank]
    alike = [m for m in rivals if m.metric_id != metric.metric_id
             and (link := link_figures(metric, m)) is not None and link.strong]
    if not alike and (len(top) == 1 or len({c.value for c, _ in top}) == 1):
        return ranked
    aligned = _aligned(metric, [c for c, _ in ranked], [metric, *alike])
    return [(c, link) for c, link in ranked if aligned is not None
            and c.metric_id == aligned.metric_id]


def _aligned(metric: MetricRow, candidates: list[MetricRow], group: list[MetricRow]
             ) -> MetricRow | None:
    """The candidate in the same place, among the figures alike, of the most alike
    sentence."""
    scored = [(sentence_similarity(metric, c), c) for c in candidates]
    best = max((score for score, _ in scored), default=0.0)
    if best < SENTENCE_THRESHOLD:
        return None
    in_sentence = sorted((c for score, c in scored if score == best),
                         key=lambda c: c.char_start)
    own = sorted((m for m in group if m.sentence == metric.sentence), key=lambda m: m.char_start)
    place = next(i for i, m in enumerate(own) if m.metric_id == metric.metric_id)
    return in_sentence[place] if place < len(in_sentence) and len(own) == len(
        in_sentence) else None


def best_counterpart(metric: MetricRow, candidates: Iterable[MetricRow],
                     rivals: Iterable[MetricRow] = ()) -> tuple[MetricRow, FigureLink] | None:
    found = counterparts(metric, candidates, rivals)
    return found[0] if found else None


def link_reason(figure: FigureLink, period: FigurePeriod, documents: str | None = None) -> str:
    parts = [figure.reason, f"kỳ {period.label()}"]
    if documents:
        parts.append(documents)
    return ", ".join(parts)


def is_part(metric: MetricRow) -> bool:
    return metric.whole_metric_id is not None


def figures(document: DocumentView, kinds: Iterable[str], period_key: tuple | None = None
            ) -> list[MetricRow]:
    """The document's figures of these kinds (and of that period), parts of a total left
    out: a restated or target figure is a total, not one district's share of it."""
    index = document.derived("figures_by_kind_and_period", lambda: _figures_index(document))
    return [m for kind in kinds for m in index.get((kind, period_key), [])]


def _figures_index(document: DocumentView) -> dict[tuple, list[MetricRow]]:
    """Whole figures by (kind, None) and by (kind, period key), in document order."""
    index: dict[tuple, list[MetricRow]] = {}
    for metric in document.metrics:
        if is_part(metric):
            continue
        index.setdefault((metric.kind, None), []).append(metric)
        key = figure_period(metric, document.document).key
        index.setdefault((metric.kind, key), []).append(metric)
    return index


def tolerance(*intervals: Interval) -> float:
    """The slack two figures were allowed: the sum of their interval half-widths."""
    return float(sum((i.width for i in intervals), start=Interval.exact(0).width) / 2)


# --- writing figures in findings ------------------------------------------------------------

def sign_of_change(metric: MetricRow) -> int | None:
    """-1 for a fall, 1 for a rise (the semantics signs every change), None otherwise."""
    if metric.delta is not None and metric.delta != 0:
        return -1 if metric.delta < 0 else 1
    return None


@cache
def _decrease_words() -> tuple[str, ...]:
    return tuple(sorted({fold(p) for p in relation_phrases("decrease")}, key=len, reverse=True))


def follows_decrease(metric: MetricRow) -> bool:
    """Whether a decrease word of the semantics (data/relation_cues.tsv) stands right before
    the figure: "Tỷ lệ hộ nghèo giảm 0,4%-0,6%" is a fall to reach."""
    last = f" {' '.join(fold(_clause_before(metric)).split()[-3:])} "
    return any(f" {word} " in last for word in _decrease_words())


def clause_after(metric: MetricRow) -> str:
    return _clause_after(metric)


def clause_before(metric: MetricRow) -> str:
    return _clause_before(metric)
