"""The store tests' worker-side helpers, importable here and in spawned workers."""

from __future__ import annotations

import sys
from pathlib import Path

HELPERS = str(Path(__file__).parents[1] / "store")
if HELPERS not in sys.path:
    sys.path.insert(0, HELPERS)
