"""Makes the worker-side helpers importable here and in spawned worker processes."""

from __future__ import annotations

import sys
from pathlib import Path

HELPERS = str(Path(__file__).parent)
if HELPERS not in sys.path:
    sys.path.insert(0, HELPERS)  # spawned workers inherit the parent's sys.path
