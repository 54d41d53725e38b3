"""Synthetic reports at archive scale: many fictional agencies, years and formats.

    .venv/bin/python -m corpus.generate --reports N --out DIR [--seed S] [--no-pdf]

Writes DIR/reports/<province>/<agency>/<report>.<ext> and DIR/expected_findings.json, the
inconsistencies planted on purpose (a total its parts do not add up to, a wrong percentage,
last year's figure restated differently from last year's report). Everything else is
consistent: an agency's figures follow one series over the years, each report's plan is the
target its previous report set, and every change is the difference of the figures it names.

The words are data (corpus/generator/*.tsv: provinces, agencies, indicators, sentence
templates, word groups); the same seed gives the same texts. Formats: plain text in UTF-8,
UTF-16, Windows-1258, TCVN3 and VNI, Markdown, Word (python-docx) and PDF with a text layer
(the Word files converted by LibreOffice, all in one call).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pipeline.data_files import read_tsv
from pipeline.ingest.legacy import decode_legacy, encode_legacy

DATA = Path(__file__).resolve().parent / "generator"
FIRST_YEAR, LAST_YEAR = 2012, 2025
PERIODS_PER_AGENCY = (LAST_YEAR - FIRST_YEAR + 1) * 12  # a report a year, quarter or month
ADDED_DISTRICTS = 4  # of a province added for a large archive, besides its city
ROMAN = ("I", "II", "III", "IV")
PLANTED_SHARE = 0.01  # of the reports, per kind of inconsistency (at least one each)
FORMATS = (  # (format, weight): what an archive holds
    ("utf-8", 30), ("markdown", 8), ("utf-16", 5), ("cp1258", 6), ("tcvn3", 6), ("vni", 5),
    ("docx", 28), ("pdf", 12),
)
EXTENSIONS = {"markdown": ".md", "docx": ".docx", "pdf": ".pdf"}


def table(name: str) -> list[dict[str, str]]:
    return read_tsv(DATA / f"{name}.tsv")


@dataclass(frozen=True)
class Indicator:
    domain: str
    key: str
    phrase: str
    unit: str
    base: float
    growth: float
    decimals: int
    parts: tuple[str, ...]
    checked: bool  # the comparer's rules read its unit: inconsistencies are planted on it


@dataclass(frozen=True)
class Agency:
    ident: str  # a slug: folder name, seed of its series
    name: str  # "Sở Y tế"
    province: str
    code: str
    scale: float
    indicators: tuple[Indicator, ...]
    districts: tuple[str, ...]

    @property
    def full_name(self) -> str:
        """The name with its province, unique across the archive (the comparer's key)."""
        if self.name.startswith("Ủy ban"):
            return self.name
        return f"{self.name} tỉnh {self.province}"


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None
    month: int | None = None

    @property
    def annual(self) -> bool:
        return self.quarter is None and self.month is None

    def words(self) -> str:
        if self.quarter:
            return f"quý {ROMAN[self.quarter - 1]} năm {self.year}"
        if self.month:
            return f"tháng {self.month} năm {self.year}"
        return f"năm {self.year}"

    def slug(self) -> str:
        if self.quarter:
            return f"quy-{self.quarter}-{self.year}"
        if self.month:
            return f"thang-{self.month:02d}-{self.year}"
        return f"nam-{self.year}"


@dataclass
class Report:
    agency: Agency
    period: Period
    form: str  # one of FORMATS
    path: str = ""  # relative to DIR/reports
    lines: list[str] = field(default_factory=list)
    planted: list[dict] = field(default_factory=list)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    letters = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in letters).split())


def number(value: int, decimals: int = 0) -> str:
    """An integer count of 10^-decimals units in Vietnamese style: 17.050, 201,10."""
    whole, fraction = divmod(abs(value), 10 ** decimals)
    text = f"{whole:,}".replace(",", ".")
    if decimals:
        text += "," + str(fraction).zfill(decimals)
    return ("-" if value < 0 else "") + text


def percent(numerator: int, denominator: int) -> str:
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    return str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")


def load_indicators() -> dict[str, list[Indicator]]:
    by_domain: dict[str, list[Indicator]] = {}
    for row in table("indicators"):
        by_domain.setdefault(row["domain"], []).append(Indicator(
            row["domain"], row["key"], row["phrase"], row["unit"], float(row["base"]),
            float(row["growth"]), int(row["decimals"]),
            tuple(part for part in row["parts"].split(";") if part), row["checked"] == "yes"))
    return by_domain


def load_agencies(reports: int = 0) -> list[Agency]:
    """The agencies of provinces.tsv, and of as many provinces added (`added_place_names`)
    as it takes for their series to hold `reports` reports."""
    indicators = load_indicators()
    provinces = [(row["province"], tuple(row["districts"].split(";")))
                 for row in table("provinces")]
    agencies = [a for province in provinces for a in province_agencies(*province, indicators)]
    names = added_place_names({name for province, districts in provinces
                               for name in (province, *districts)})
    while len(agencies) * PERIODS_PER_AGENCY < reports:
        place = list(itertools.islice(names, 1 + ADDED_DISTRICTS))
        if len(place) <= ADDED_DISTRICTS:
            raise ValueError(f"Bộ sinh chỉ tạo được tối đa "
                             f"{len(agencies) * PERIODS_PER_AGENCY} báo cáo khác nhau")
        province, *districts = place
        agencies += province_agencies(province, (f"Thành phố {province}", *(
            f"huyện {district}" for district in districts)), indicators)
    return agencies


def province_agencies(province: str, districts: tuple[str, ...],
                      indicators: dict[str, list[Indicator]]) -> list[Agency]:
    agencies = []
    for row in table("agencies"):
        chosen = tuple(i for domain in row["domains"].split(";") for i in indicators[domain])
        places = districts if row["kind"] == "district" else (province,)
        for place in places:
            name = row["name"].replace("{district}", place)
            scale = 0.2 if row["kind"] == "district" else 1.0
            agencies.append(Agency(slug(f"{province} {name}"), name, province,
                                   row["code"], scale, chosen, districts))
    return agencies


def added_place_names(taken: set[str]) -> Iterator[str]:
    """Place names from place_syllables.tsv, in a fixed mixed order, none already taken
    (names of provinces.tsv are compared without their "huyện"/"Thành phố")."""
    syllables: dict[str, list[str]] = {}
    for row in table("place_syllables"):
        syllables.setdefault(row["position"], []).append(row["syllable"])
    pairs = [f"{a} {b}" for a in syllables["first"] for b in syllables["second"]]
    random.Random(0).shuffle(pairs)
    bare = {" ".join(name.split()[-2:]) for name in taken}
    yield from (name for name in pairs if name not in bare)


class Words:
    """Sentence templates and word groups, filled in with a seeded random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.templates: dict[str, list[str]] = {}
        for row in table("sentences"):
            self.templates.setdefault(row["role"], []).append(row["template"])
        self.groups: dict[str, list[str]] = {}
        for row in table("words"):
            self.groups.setdefault(row["group"], []).append(row["words"])

    def sentence(self, role: str, **values: str) -> str:
        template = self.rng.choice(self.templates[role])
        fill = {group: self.rng.choice(words) for group, words in self.groups.items()}
        fill |= values
        if "phrase" in values:
            fill["Phrase"] = values["phrase"][0].upper() + values["phrase"][1:]
        fill["Lead"] = fill["lead"].replace("{scope}", values.get("scope", "tỉnh"))
        return template.format(**fill)


def series_value(seed: int, agency: Agency, indicator: Indicator, year: int) -> int:
    """The agency's true figure for a year, in 10^-decimals units: one smooth series."""
    rng = random.Random(f"{seed}|{agency.ident}|{indicator.key}")
    level = indicator.base * agency.scale * rng.uniform(0.6, 1.4)
    growth = (1 + indicator.growth / 100 * rng.uniform(0.5, 1.5)) ** (year - FIRST_YEAR)
    noise = random.Random(f"{seed}|{agency.ident}|{indicator.key}|{year}").uniform(0.97, 1.03)
    return max(3, round(level * growth * noise * 10 ** indicator.decimals))


def plan_value(seed: int, agency: Agency, indicator: Indicator, year: int) -> int:
    """The plan for a year (the target the previous year's report set): a little below what
    was then achieved, so that targets are met and attainment is over 100%."""
    actual = series_value(seed, agency, indicator, year)
    share = random.Random(f"{seed}|{agency.ident}|{indicator.key}|{year}|plan").uniform(
        0.93, 0.995)
    step = 10 ** max(0, len(str(actual)) - 3)
    return max(1, round(actual * share / step) * step)


def split(total: int, count: int, rng: random.Random) -> list[int]:
    weights = [rng.uniform(0.5, 2.0) for _ in range(count)]
    parts = [max(1, int(total * weight / sum(weights))) for weight in weights]
    parts[-1] = total - sum(parts[:-1])
    return parts


def choose_reports(agencies: list[Agency], reports: int, rng: random.Random
                   ) -> list[Report]:
    """About six reports per agency (consecutive years, some quarters and months), over as
    many agencies as that takes."""
    count = max(1, min(len(agencies), reports // 6 or 1))
    chosen = rng.sample(agencies, count)
    per_agency = [reports // count + (1 if i < reports % count else 0) for i in range(count)]
    forms = [name for name, _ in FORMATS]
    weights = [weight for _, weight in FORMATS]
    chosen_reports = []
    for agency, wanted in zip(chosen, per_agency, strict=True):
        for period in agency_periods(agency, wanted, rng):
            # The first reports take every format once, so that a small run has them all.
            form = forms[len(chosen_reports)] if len(chosen_reports) < len(forms) else \
                rng.choices(forms, weights)[0]
            chosen_reports.append(Report(agency, period, form))
    return chosen_reports


def agency_periods(agency: Agency, wanted: int, rng: random.Random) -> list[Period]:
    annual_count = max(1, min(LAST_YEAR - FIRST_YEAR + 1, round(wanted * 0.7)))
    first = rng.randint(FIRST_YEAR, LAST_YEAR - annual_count + 1)
    periods = [Period(year) for year in range(first, first + annual_count)]
    extras = [Period(year, quarter=q) for year in range(first, LAST_YEAR + 1)
              for q in (1, 2, 3)]
    extras += [Period(year, month=m) for year in range(first, LAST_YEAR + 1)
               for m in (1, 2, 4, 5, 7, 8, 10, 11)]
    rng.shuffle(extras)
    periods += extras[:max(0, wanted - len(periods))]
    # A long series that asked for more annual reports than the years allow.
    return periods[:wanted]


class Writer:
    """One report's lines, with the planted inconsistencies it was asked for."""

    def __init__(self, report: Report, seed: int, words: Words, rng: random.Random,
                 plant: set[str]) -> None:
        self.report, self.seed, self.words, self.rng, self.plant = (
            report, seed, words, rng, plant)
        self.scope = "huyện" if report.agency.name.startswith("Ủy ban") else "tỉnh"

    def value(self, indicator: Indicator, year: int) -> int:
        return series_value(self.seed, self.report.agency, indicator, year)

    def header(self) -> list[str]:
        agency, period = self.report.agency, self.report.period
        parent = ("TỈNH " if self.scope == "huyện" else "ỦY BAN NHÂN DÂN TỈNH ") + \
            agency.province.upper()
        day = self.rng.randint(10, 28)  # after the plan it cites
        month = 12 if period.annual else (period.month or period.quarter * 3)
        title = (f"Kết quả thực hiện nhiệm vụ {period.words()} và phương hướng, nhiệm vụ "
                 f"năm {period.year + 1}") if period.annual else \
            f"Kết quả thực hiện nhiệm vụ {period.words()}"
        number_ = self.rng.randint(12, 480)
        return [parent, agency.full_name.upper(), f"Số: {number_}/BC-{agency.code}",
                f"{agency.province}, ngày {day} tháng {month} năm {period.year}", "",
                "BÁO CÁO", title, ""]

    def opening(self) -> str:
        """Every agency of a province cites the province's one plan for the year, with its
        one number and date (early January, before any report of the year)."""
        year, province = self.report.period.year, self.report.agency.province
        plan = random.Random(f"{self.seed}|{province}|{year}|plan")
        plan_number, plan_day = plan.randint(3, 95), plan.randint(2, 6)
        return (f"Thực hiện Kế hoạch số {plan_number}/KH-UBND ngày "
                f"{plan_day:02d}/01/{year} của Ủy ban nhân dân tỉnh "
                f"{self.report.agency.province} về nhiệm vụ {self.report.period.words()}, "
                f"{self.report.agency.full_name} báo cáo kết quả thực hiện như sau:")

    def annual_figure(self, indicator: Indicator, planted: set[str]) -> list[str]:
        year, decimals = self.report.period.year, indicator.decimals
        actual = self.value(indicator, year)
        previous = self.value(indicator, year - 1)
        plan = plan_value(self.seed, self.report.agency, indicator, year)
        unit = indicator.unit
        restated = previous
        if "cross_year_restatement" in planted:
            step = 10 ** max(0, len(str(previous)) - 3)
            restated = previous + self.rng.choice((-1, 1)) * self.rng.randint(2, 6) * step
        difference = actual - restated
        values = {"phrase": indicator.phrase, "value": number(actual, decimals), "unit": unit,
                  "attain": percent(actual, plan), "plan": number(plan, decimals),
                  "direction": "tăng" if difference >= 0 else "giảm",
                  "delta": number(abs(difference), decimals), "prev_year": str(year - 1),
                  "prev_value": number(restated, decimals), "scope": self.scope}
        if indicator.parts and ("parts_total" in planted or self.rng.random() < 0.5):
            return [self.parts_sentence(indicator, actual, values["attain"], planted)]
        sentence = self.words.sentence("annual", **values)
        if restated != previous:
            self.report.planted.append({
                "rule": "cross_year_restatement", "substring": f"({values['prev_value']} {unit})",
                "stated_raw": f"{values['prev_value']} {unit}",
                "stated": restated / 10 ** decimals, "computed": previous / 10 ** decimals,
                "inputs": {"original": previous / 10 ** decimals},
                "other_period": Period(year - 1).slug(), "indicator": indicator.key,
                "explanation": f"{indicator.phrase.capitalize()} năm {year - 1} được nhắc lại là "
                               f"{values['prev_value']} {unit}, báo cáo năm {year - 1} ghi "
                               f"{number(previous, decimals)} {unit}."})
        lines = [sentence]
        if "percentage" in planted or self.rng.random() < 0.3:
            lines.append(self.ratio_sentence(indicator, actual, planted))
        return lines

    def parts_sentence(self, indicator: Indicator, total: int, attain: str,
                       planted: set[str]) -> str:
        decimals, unit = indicator.decimals, indicator.unit
        parts = split(total, len(indicator.parts), self.rng)
        if "parts_total" in planted:  # a part is off, so the total stays the series' figure
            step = 10 ** max(0, len(str(max(parts))) - 3)
            largest = parts.index(max(parts))
            parts[largest] += self.rng.choice((-1, 1)) * self.rng.randint(1, 5) * step
        stated, total = total, sum(parts)
        listed = ", ".join(f"{name} {number(part, decimals)} {unit}"
                           for name, part in zip(indicator.parts, parts, strict=True))
        sentence = self.words.sentence("parts", phrase=indicator.phrase,
                                       value=number(stated, decimals), unit=unit,
                                       parts=listed, attain=attain, scope=self.scope)
        if stated != total:
            self.report.planted.append({
                "rule": "parts_total", "substring": f"{number(stated, decimals)} {unit}",
                "stated_raw": f"{number(stated, decimals)} {unit}",
                "stated": stated / 10 ** decimals, "computed": total / 10 ** decimals,
                "inputs": {"parts": [part / 10 ** decimals for part in parts]},
                "explanation": f"{indicator.phrase.capitalize()}: tổng các thành phần là "
                               f"{number(total, decimals)}, ghi {number(stated, decimals)}."})
        return sentence

    def ratio_sentence(self, indicator: Indicator, total: int, planted: set[str]) -> str:
        decimals, unit = indicator.decimals, indicator.unit
        part = self.rng.choice(self.report.agency.districts)
        numerator = max(1, round(total * self.rng.uniform(0.15, 0.35)))
        denominator = max(numerator + 1, round(numerator / self.rng.uniform(0.7, 0.97)))
        shown = percent(numerator, denominator)
        if "percentage" in planted:
            wrong = Decimal(shown.replace(",", ".")) - Decimal(self.rng.randint(25, 60)) / 10
            shown = str(wrong).replace(".", ",")
        sentence = self.words.sentence(
            "ratio", part=part, num=number(numerator, decimals),
            den=number(denominator, decimals), unit=unit, pct=shown)
        if shown != percent(numerator, denominator):
            self.report.planted.append({
                "rule": "percentage", "substring": f"(đạt {shown}%)", "stated_raw": f"{shown}%",
                "stated": float(shown.replace(",", ".")),
                "computed": round(numerator / denominator * 100, 1),
                "inputs": {"numerator": numerator / 10 ** decimals,
                           "denominator": denominator / 10 ** decimals, "precision": 0.1},
                "explanation": f"{part[0].upper() + part[1:]}: {number(numerator, decimals)}/"
                               f"{number(denominator, decimals)} là "
                               f"{percent(numerator, denominator)}%, ghi {shown}%."})
        return sentence

    def period_figure(self, indicator: Indicator) -> str:
        period = self.report.period
        share = 0.25 if period.quarter else 1 / 12
        noise = random.Random(f"{self.seed}|{self.report.agency.ident}|{indicator.key}|"
                              f"{period.slug()}").uniform(0.8, 1.2)
        value = max(1, round(self.value(indicator, period.year) * share * noise))
        return self.words.sentence("period", phrase=indicator.phrase,
                                   value=number(value, indicator.decimals),
                                   unit=indicator.unit, period=period.words(),
                                   scope=self.scope)

    def target(self, indicator: Indicator) -> str:
        year = self.report.period.year
        target = plan_value(self.seed, self.report.agency, indicator, year + 1)
        return self.words.sentence("target", phrase=indicator.phrase,
                                   target=number(target, indicator.decimals),
                                   unit=indicator.unit, next_year=str(year + 1))

    def lines(self) -> list[str]:
        agency, period = self.report.agency, self.report.period
        figures = report_indicators(self.seed, agency, period)
        for rule in sorted(self.plant):  # a planted rule needs an indicator it fits
            if not any(carries(rule, i, self.seed, self.report) for i in figures):
                figures += [i for i in agency.indicators
                            if carries(rule, i, self.seed, self.report)][:1]
        fill = {"Agency": agency.full_name, "scope": self.scope}
        lines = self.header() + [self.opening(), ""]
        lines += ["Phần thứ nhất", f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ {period.words().upper()}",
                  "I. KẾT QUẢ ĐẠT ĐƯỢC", "1. Công tác chỉ đạo, điều hành",
                  self.words.sentence("filler", **fill) + " " +
                  self.words.sentence("filler", **fill),
                  "2. Kết quả thực hiện các chỉ tiêu"]
        planted_on = self._planted_indicators(figures)
        for indicator in figures:
            if period.annual:
                lines += self.annual_figure(indicator, planted_on.get(indicator.key, set()))
            else:
                lines.append(self.period_figure(indicator))
        lines += ["II. TỒN TẠI, HẠN CHẾ", self.words.sentence("difficulty", **fill), "",
                  "Phần thứ hai", f"PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {period.year + 1}"
                  if period.annual else "NHIỆM VỤ KỲ TỚI"]
        if period.annual:
            lines += [self.target(indicator) for indicator in figures]
        lines += [self.words.sentence("task", **fill) for _ in range(self.rng.randint(2, 4))]
        lines += ["", "Nơi nhận:", f"- Ủy ban nhân dân tỉnh {agency.province};", "- Lưu: VT."]
        return lines

    def _planted_indicators(self, figures: list[Indicator]) -> dict[str, set[str]]:
        """Which indicator carries each inconsistency this report was asked for."""
        placed: dict[str, set[str]] = {}
        for rule in sorted(self.plant):
            fitting = [i for i in figures if carries(rule, i, self.seed, self.report)]
            taken = {key for key, rules in placed.items() if rules}
            candidates = [i for i in fitting if i.key not in taken] or fitting
            if candidates:
                placed.setdefault(self.rng.choice(candidates).key, set()).add(rule)
        return placed


def fits(rule: str, indicator: Indicator) -> bool:
    """Whether an inconsistency of `rule` can be planted on the indicator: a wrong total needs
    parts; the others go in the sentence of an indicator without parts."""
    return indicator.checked and bool(indicator.parts) == (rule == "parts_total")


def report_indicators(seed: int, agency: Agency, period: Period) -> list[Indicator]:
    """The indicators a report states, chosen for that report alone: the report of the year
    after knows which of them it can restate."""
    rng = random.Random(f"{seed}:{agency.ident}:{period.slug()}")
    return rng.sample(agency.indicators, min(len(agency.indicators), rng.randint(3, 6)))


def carries(rule: str, indicator: Indicator, seed: int, report: Report) -> bool:
    """Whether the report can carry an inconsistency of `rule` on the indicator: a
    restatement needs the indicator in the report of the year before, to disagree with."""
    if not fits(rule, indicator):
        return False
    if rule != "cross_year_restatement":
        return True
    previous = Period(report.period.year - 1)
    return indicator in report_indicators(seed, report.agency, previous)


def plan_inconsistencies(reports: list[Report], rng: random.Random,
                         seed: int) -> dict[int, set[str]]:
    """Report index -> rules to break in it: about 1% of the reports each, at least one.
    A restatement needs the agency's report of the year before in the set."""
    count = max(1, round(len(reports) * PLANTED_SHARE))
    annual = [i for i, r in enumerate(reports) if r.period.annual]
    have = {(r.agency.ident, r.period.year) for r in reports if r.period.annual}
    with_previous = [i for i in annual
                     if (reports[i].agency.ident, reports[i].period.year - 1) in have]
    plan: dict[int, set[str]] = {}
    for rule, candidates in (("cross_year_restatement", with_previous),
                             ("parts_total", annual), ("percentage", annual)):
        eligible = [i for i in candidates
                    if any(carries(rule, ind, seed, reports[i])
                           for ind in reports[i].agency.indicators)]
        free = [i for i in eligible if i not in plan] or eligible
        for index in rng.sample(free, min(count, len(free))):
            plan.setdefault(index, set()).add(rule)
    return plan


def sentence_case(report: Report) -> list[str]:
    """Lines in capitals as typists wrote them in TCVN3, which has no toned capitals: the
    agency under its name, other headings with one capital."""
    agency = report.agency.full_name
    return [agency if line == agency.upper() else line[0] + line[1:].lower()
            if line.isupper() else line for line in report.lines]


def encode(text: str, form: str, exact: bool = True) -> bytes | None:
    """The text in a plain-text encoding; None when it cannot be written exactly in it (or,
    with exact=False, when a character other than a toned capital cannot be written)."""
    if form == "utf-8":
        return text.encode("utf-8")
    if form == "utf-16":
        return text.encode("utf-16")
    try:
        data = encode_legacy(text, form)
    except ValueError:
        return None
    decoded = data.decode("cp1258") if form == "cp1258" else decode_legacy(data, form)
    same = unicodedata.normalize("NFC", decoded) == text if exact else \
        unicodedata.normalize("NFC", decoded).lower() == text.lower()
    return data if same else None


def write_text(report: Report, target: Path) -> None:
    text = "\n".join(report.lines) + "\n"
    data = encode(text, report.form)
    if data is None:
        report.lines = sentence_case(report)
        text = "\n".join(report.lines) + "\n"
        data = encode(text, report.form, exact=False)
    if data is None:  # cannot happen with the words of corpus/generator, kept as a guard
        raise ValueError(f"{report.path}: không viết được bằng bảng mã {report.form}")
    target.write_bytes(data)


def write_markdown(report: Report, target: Path) -> None:
    marked = []
    for line in report.lines:
        if line == "BÁO CÁO":
            line = "# " + line
        elif line.startswith("Phần thứ"):
            line = "## " + line
        elif line[:3] in ("I. ", "II.") or line[:2].rstrip(".").isdigit():
            line = "### " + line
        marked.append(line)
    target.write_text("\n".join(marked) + "\n", encoding="utf-8")


def write_docx(report: Report, target: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for line in report.lines:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        if line.isupper() or line.startswith("Phần thứ"):
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    properties = document.core_properties
    properties.title = report.lines[6] if len(report.lines) > 6 else ""
    properties.created = properties.modified = datetime(report.period.year, 12, 1)
    document.save(str(target))


PDF_BATCH = 200  # Word files a LibreOffice call converts (a longer list it may cut short)


def convert_to_pdf(docx_files: list[Path], out_dir: Path) -> None:
    """The Word files to PDF, PDF_BATCH files a LibreOffice call (starting it is most of
    its time). LibreOffice sometimes leaves a file of a long list unconverted and still
    exits 0: those are converted again one at a time."""
    for start in range(0, len(docx_files), PDF_BATCH):
        _soffice_to_pdf(docx_files[start:start + PDF_BATCH], out_dir)
    for missing in [f for f in docx_files if not (out_dir / f"{f.stem}.pdf").exists()]:
        _soffice_to_pdf([missing], out_dir)
        if not (out_dir / f"{missing.stem}.pdf").exists():
            raise RuntimeError(f"LibreOffice did not convert {missing} to PDF")


def _soffice_to_pdf(docx_files: list[Path], out_dir: Path) -> None:
    if not docx_files:
        return
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{scratch}/profile",
             "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_files)],
            check=True, capture_output=True, timeout=120 + 5 * len(docx_files))


def generate(reports: int, out: Path, seed: int = 1, make_pdf: bool = True) -> dict:
    """Write the reports and expected_findings.json; returns the summary it also prints."""
    rng = random.Random(seed)
    words = Words(rng)
    chosen = choose_reports(load_agencies(reports), reports, rng)
    if len(chosen) != reports:
        raise ValueError(f"Chỉ sinh được {len(chosen)} trong {reports} báo cáo")
    plan = plan_inconsistencies(chosen, rng, seed)
    if make_pdf and shutil.which("soffice") is None:
        make_pdf = False
    reports_dir = out / "reports"
    reports_dir.mkdir(parents=True, exist_ok=True)
    to_pdf: dict[Path, Path] = {}  # Word file in scratch -> the PDF to write
    scratch = Path(tempfile.mkdtemp(prefix="baocao-generate-"))
    try:
        for index, report in enumerate(chosen):
            if report.form == "pdf" and not make_pdf:
                report.form = "docx"
            folder = Path(slug(report.agency.province)) / report.agency.ident
            extension = EXTENSIONS.get(report.form, ".txt")
            report.path = str(folder / f"bao-cao-{report.period.slug()}{extension}")
            report.lines = Writer(report, seed, words, rng, plan.get(index, set())).lines()
            target = reports_dir / report.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if report.form == "markdown":
                write_markdown(report, target)
            elif report.form == "docx":
                write_docx(report, target)
            elif report.form == "pdf":
                source = scratch / f"{index:06d}.docx"  # one folder: one LibreOffice call
                write_docx(report, source)
                to_pdf[source] = target
            else:
                write_text(report, target)
        convert_to_pdf(list(to_pdf), scratch)
        for source, target in to_pdf.items():
            shutil.move(source.with_suffix(".pdf"), target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    findings = expected_findings(chosen)
    (out / "expected_findings.json").write_text(
        json.dumps(findings, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    forms: dict[str, int] = {}
    for report in chosen:
        forms[report.form] = forms.get(report.form, 0) + 1
    return {"reports": len(chosen), "agencies": len({r.agency.ident for r in chosen}),
            "formats": forms, "planted": len(findings["findings"])}


def expected_findings(reports: list[Report]) -> dict:
    by_period = {(r.agency.ident, r.period.slug()): r for r in reports}
    entries = []
    for report in reports:
        for planted in report.planted:
            entry = {"id": f"G{len(entries) + 1}", "rule": planted["rule"],
                     "file": report.path} | {k: v for k, v in planted.items()
                                             if k not in ("rule", "other_period")}
            if "other_period" in planted:
                other = by_period[(report.agency.ident, planted["other_period"])]
                entry["other_file"] = other.path
            entries.append(entry)
    return {"description": "Các điểm bất nhất được cài vào bộ báo cáo sinh tự động "
                           "(corpus/generate.py); mọi số liệu khác đều nhất quán.",
            "findings": entries}


def iter_files(out: Path) -> Iterator[Path]:
    yield from sorted(path for path in (out / "reports").rglob("*") if path.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.generate",
                                     description="Sinh bộ báo cáo tổng hợp cho đo quy mô")
    parser.add_argument("--reports", type=int, required=True, help="số báo cáo")
    parser.add_argument("--out", type=Path, required=True, help="thư mục ghi ra")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-pdf", action="store_true",
                        help="không dùng LibreOffice: tệp PDF được ghi thành .docx")
    args = parser.parse_args(argv)
    if args.reports < 1:
        parser.error("--reports phải lớn hơn 0")
    try:
        summary = generate(args.reports, args.out, args.seed, make_pdf=not args.no_pdf)
    except ValueError as error:  # more reports than the provinces can hold
        parser.error(str(error))
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
