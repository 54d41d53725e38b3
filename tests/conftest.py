"""Makes the test helpers beside this file (e.g. `sample_files`) importable from any test."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = str(Path(__file__).parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)
