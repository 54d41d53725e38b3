"""Second held-out set: annotated sources -> reports and gold, with the first set's builder.

    .venv/bin/python tests/heldout2/build_heldout2.py          # write reports/ and gold/
    .venv/bin/python tests/heldout2/build_heldout2.py --check  # only check they are current
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HELDOUT2 = Path(__file__).resolve().parent
REPORTS = HELDOUT2 / "reports"


def _load_first_builder() -> ModuleType:
    """tests/heldout/build_heldout.py (not a package), loaded once by its path."""
    name = "heldout_build"
    if name in sys.modules:
        return sys.modules[name]
    path = HELDOUT2.parent / "heldout" / "build_heldout.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


builder = _load_first_builder()
corpus_build = builder.corpus_build
HeldoutReport = builder.HeldoutReport

HELDOUT2_REPORTS = (
    HeldoutReport("so-nn-binh-khe-2024.txt", "so-nn-binh-khe-2024.pdf",
                  corpus_build.write_pdf, corpus_build.read_pdf, binary=True),
    HeldoutReport("xa-dong-hung-2024.txt", "xa-dong-hung-2024.txt",
                  corpus_build.write_utf8, corpus_build.read_utf8),
    HeldoutReport("so-gd-quang-hoa-2023-2024.txt", "so-gd-quang-hoa-2023-2024.docx",
                  corpus_build.write_docx, corpus_build.read_docx, binary=True),
)


def gold_path(report: HeldoutReport) -> Path:
    return builder.gold_path(report, HELDOUT2)


def stale() -> list[str]:
    return builder.stale(HELDOUT2_REPORTS, HELDOUT2)


if __name__ == "__main__":
    sys.exit(builder.main(reports=HELDOUT2_REPORTS, folder=HELDOUT2))
