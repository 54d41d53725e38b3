"""Digit screening: the leading digits of an archive's actual counts and money against
Benford's law, scored by Nigrini's mean absolute deviation (MAD).

Which figures: `kind = 'actual'` with `unit_class` 'count' or 'money' (percentages, scores,
ranks, targets, plans and changes are not naturally Benford-distributed and are left out),
values >= 1 for the first-digit test and >= 10 for the first-two-digits test (Nigrini: a
number below 10 has no second digit). Each test is run per agency and report year, and over
the whole archive (agency and report_year null).

Why not the `benford_py` library (PyPI benford-py 0.5.0, BSD-3-Clause): it installs on
Python 3.11 with numpy 2 and pandas 3, and its `mad()` equals this module's exactly on the
same samples (log-uniform, uniform, log-normal money, a geometric series; both tests), but
its last release is of June 2021 with status "Alpha", it already warns that pandas 4 removes
an API it calls (`dropna(inplace=True)`), it needs matplotlib, and it prints as a side
effect; the MAD itself is the mean of |observed - expected| proportions, a few lines of numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import duckdb

INCLUDED_UNIT_CLASSES = ("count", "money")
INCLUDED_KIND = "actual"
NOT_ENOUGH = "không đủ mẫu để đánh giá"
# Nigrini's conformity levels, by MAD, as Vietnamese verdicts.
LEVELS = ("phù hợp chặt chẽ", "phù hợp chấp nhận được", "phù hợp ở mức biên",
          "không phù hợp")
COLUMNS = ["scope", "agency", "report_year", "test", "n", "minimum_n", "mad", "conformity",
           "observed", "expected"]


@dataclass(frozen=True)
class DigitTest:
    name: str  # 'first' | 'first_two'
    digits: range  # the possible leading digits
    smallest: float  # the smallest value that has that many digits
    bounds: tuple[float, float, float]  # Nigrini: close, acceptable, marginal

    @property
    def expected(self) -> np.ndarray:
        return np.log10(1 + 1 / np.asarray(self.digits, dtype=float))

    @property
    def minimum_n(self) -> int:
        """The sample at which data drawn from Benford's law itself has, on average, a MAD
        at the 'acceptable' bound: below it the sampling noise alone can make conforming
        data look nonconforming, so no verdict is given. E|p̂ - p| ≈ sqrt(2p(1-p)/(πn)), so
        n = (mean sqrt(2p(1-p)/π) / bound)²: 384 for the first digit, 1944 for the first
        two (Nigrini asks for "several hundred" and over a thousand records respectively)."""
        p = self.expected
        spread = float(np.mean(np.sqrt(2 * p * (1 - p) / math.pi)))
        return math.ceil((spread / self.bounds[1]) ** 2)


TESTS = (
    DigitTest("first", range(1, 10), 1.0, (0.006, 0.012, 0.015)),
    DigitTest("first_two", range(10, 100), 10.0, (0.0012, 0.0018, 0.0022)),
)


def leading_digits(values: np.ndarray, count: int) -> np.ndarray:
    """The first `count` digits of each positive value, as an integer (1234.5 -> 12)."""
    values = np.abs(np.asarray(values, dtype=float))
    exponent = np.floor(np.log10(values)) - (count - 1)
    digits = np.floor(values / 10.0 ** exponent + 1e-9).astype(int)
    # log10 rounding can land one digit off at powers of ten (999.9999 vs 1000)
    too_big = digits >= 10 ** count
    digits[too_big] //= 10
    return digits


def conformity(mad: float, bounds: tuple[float, float, float]) -> str:
    for level, bound in zip(LEVELS, bounds, strict=False):
        if mad <= bound:
            return level
    return LEVELS[-1]


def digit_test(values: np.ndarray, test: DigitTest) -> dict:
    """n, MAD, verdict and the observed and expected proportions of one sample."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values) & (np.abs(values) >= test.smallest)]
    n = len(values)
    expected = test.expected
    if n:
        digits = leading_digits(values, len(str(test.digits.start)))
        counts = np.bincount(digits - test.digits.start, minlength=len(test.digits))
        observed = counts / n
        mad = float(np.mean(np.abs(observed - expected)))
    else:
        observed, mad = np.zeros_like(expected), math.nan
    minimum = test.minimum_n
    return {"test": test.name, "n": n, "minimum_n": minimum,
            "mad": mad if n else None,
            "conformity": conformity(mad, test.bounds) if n >= minimum else NOT_ENOUGH,
            "observed": [round(float(x), 6) for x in observed],
            "expected": [round(float(x), 6) for x in expected]}


def screened_figures(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """agency, report_year, value of every figure the screen counts."""
    classes = ", ".join(f"'{c}'" for c in INCLUDED_UNIT_CLASSES)
    return connection.execute(
        "SELECT d.agency, d.report_year, m.value FROM metrics m "
        "JOIN documents d USING (doc_id) "
        f"WHERE d.status = 'ok' AND m.kind = ? AND m.unit_class IN ({classes}) "
        "AND m.value IS NOT NULL", [INCLUDED_KIND]).df()


def screen(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per (agency, report year) and test (`scope` 'agency'; either may be null when
    unknown), then the whole archive's rows (`scope` 'archive'): n, minimum_n, mad,
    conformity, observed and expected proportions (lists in the test's digit order)."""
    figures = screened_figures(connection)
    groups: list[tuple[str, object, object, np.ndarray]] = [
        ("agency", agency, year, group["value"].to_numpy())
        for (agency, year), group in figures.groupby(["agency", "report_year"], dropna=False,
                                                     sort=True)]
    groups.append(("archive", None, None, figures["value"].to_numpy()))
    rows = [{"scope": scope, "agency": None if pd.isna(agency) else agency,
             "report_year": None if pd.isna(year) else int(year),
             **digit_test(values, test)}
            for scope, agency, year, values in groups for test in TESTS]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["report_year"] = frame["report_year"].astype("Int64")
    return frame


# Column titles and test names as `baocao digits` prints them.
TITLES = {"agency": "cơ quan", "report_year": "năm báo cáo", "test": "phép thử",
          "n": "số giá trị", "minimum_n": "cỡ mẫu tối thiểu", "mad": "MAD",
          "conformity": "mức phù hợp"}
TEST_NAMES = {"first": "chữ số đầu", "first_two": "hai chữ số đầu"}
ARCHIVE, NO_AGENCY = "(toàn kho)", "(không rõ cơ quan)"


def screen_titled(connection: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The screen as a result on `connection`, with Vietnamese column titles and names."""
    screened = screen(connection)
    frame = screened[list(TITLES)].copy()
    frame["agency"] = frame["agency"].fillna(NO_AGENCY).where(
        screened["scope"] == "agency", ARCHIVE)
    frame["test"] = frame["test"].map(TEST_NAMES)
    frame["mad"] = frame["mad"].round(5)
    frame = frame.rename(columns=TITLES)
    connection.register("digit_screen", frame)
    return connection.execute("SELECT * FROM digit_screen")
