"""Check corpus/expected_findings.json against the reports' text.

Each entry names a rule, a file, a unique substring of that file, the stated value and the
inputs a correct check starts from; the arithmetic here recomputes `computed` from the
inputs, so the fixture cannot claim a finding the numbers do not support (nor miss one).
"""

from __future__ import annotations

from collections.abc import Callable

from annotated_source import collapse_whitespace, count_occurrences

RULES = ("parts_total", "percentage", "plan_attainment", "stated_change",
         "cross_year_restatement", "target_missed")


def _ratio(entry: dict) -> tuple[float, bool]:
    inputs = entry["inputs"]
    exact = inputs["numerator"] / inputs["denominator"] * 100
    return exact, abs(entry["stated"] - exact) <= inputs["precision"] / 2 + 1e-9


def _parts_total(entry: dict) -> tuple[float, bool]:
    total = sum(entry["inputs"]["parts"])
    return total, abs(total - entry["stated"]) < 1e-9


def _stated_change(entry: dict) -> tuple[float, bool]:
    inputs = entry["inputs"]
    difference = inputs["current"] - inputs["previous"]
    direction_ok = (difference < 0) == (inputs["direction"] == "giảm")
    return round(abs(difference), 6), direction_ok and abs(abs(difference) - entry["stated"]) < 1e-6


def _restatement(entry: dict) -> tuple[float, bool]:
    original = entry["inputs"]["original"]
    return original, abs(original - entry["stated"]) < 1e-9


def _target(entry: dict) -> tuple[float, bool]:
    inputs = entry["inputs"]
    met = entry["stated"] >= inputs["target"] if inputs["higher_is_better"] \
        else entry["stated"] <= inputs["target"]
    return inputs["target"], met


CHECKS: dict[str, Callable[[dict], tuple[float, bool]]] = {
    "parts_total": _parts_total,
    "percentage": _ratio,
    "plan_attainment": _ratio,
    "stated_change": _stated_change,
    "cross_year_restatement": _restatement,
    "target_missed": _target,
}


def check_findings(findings: dict, texts: dict[str, str]) -> list[str]:
    """Problems with the fixture (empty when it is sound). texts: report file -> plain text."""
    flat = {name: collapse_whitespace(text) for name, text in texts.items()}
    problems = []
    for group, should_flag in (("findings", True), ("must_not_flag", False)):
        for number, entry in enumerate(findings[group], 1):
            where = f"{group}[{number}] {entry.get('rule')} {entry.get('file')}"
            problems += [f"{where}: {p}" for p in _check_entry(entry, should_flag, flat)]
    return problems


def _check_entry(entry: dict, should_flag: bool, flat: dict[str, str]) -> list[str]:
    problems = []
    if entry["rule"] not in CHECKS:
        return [f"quy tắc lạ (chỉ có {', '.join(RULES)})"]
    places = [(entry["file"], entry["substring"])]
    if "other_file" in entry:
        places.append((entry["other_file"], entry["other_substring"]))
    for file, substring in places:
        if file not in flat:
            problems.append(f"không có tệp {file}")
        elif count_occurrences(collapse_whitespace(substring), flat[file]) != 1:
            problems.append(f"'{substring}' không xuất hiện đúng một lần trong {file}")
    if entry["stated_raw"] not in entry["substring"]:
        problems.append(f"'{entry['stated_raw']}' không nằm trong '{entry['substring']}'")
    computed, consistent = CHECKS[entry["rule"]](entry)
    precision = entry["inputs"].get("precision", 0) / 2 + 1e-6
    if abs(computed - entry["computed"]) > precision:
        problems.append(f"computed ghi {entry['computed']} nhưng tính ra {computed}")
    if consistent == should_flag:
        problems.append("số liệu " + ("khớp nên không phải phát hiện" if consistent
                                      else "không khớp nên phải là phát hiện"))
    if not entry.get("explanation"):
        problems.append("thiếu giải thích")
    return problems
