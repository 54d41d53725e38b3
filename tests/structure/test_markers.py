"""The marker examples table beside pipeline/structure/markers.py, run as tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.data_files import read_tsv
from pipeline.structure import markers

EXAMPLES = Path(markers.__file__).with_name("marker_examples.tsv")


def _examples() -> list[dict[str, str]]:
    return read_tsv(EXAMPLES)


def test_table_has_positives_and_negatives():
    styles = {row["style"] for row in _examples()}
    assert "none" in styles
    assert {"part:phần", "roman", "arabic1", "arabic2", "letter", "dash", "plus"} <= styles


@pytest.mark.parametrize("row", _examples(), ids=lambda row: row["line"][:40])
def test_marker_example(row: dict[str, str]):
    marker = markers.match_marker(row["line"].strip())
    if row["style"] == "none":
        assert marker is None
        return
    assert marker is not None
    assert (marker.style, marker.label) == (row["style"], row["label"])
    assert marker.lowercase_tail == (row["tail"] == "weak")
