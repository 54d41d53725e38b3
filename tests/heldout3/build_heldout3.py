"""Third held-out set: annotated sources -> reports and gold, with the first set's builder.

    .venv/bin/python tests/heldout3/build_heldout3.py          # write reports/ and gold/
    .venv/bin/python tests/heldout3/build_heldout3.py --check  # only check they are current

One report is a legacy Word .doc: written as .docx by the corpus writer, then converted
by LibreOffice; it is read back through the ingest's own LibreOffice conversion.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

HELDOUT3 = Path(__file__).resolve().parent
REPORTS = HELDOUT3 / "reports"


def _load_first_builder() -> ModuleType:
    """tests/heldout/build_heldout.py (not a package), loaded once by its path."""
    name = "heldout_build"
    if name in sys.modules:
        return sys.modules[name]
    path = HELDOUT3.parent / "heldout" / "build_heldout.py"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


builder = _load_first_builder()
corpus_build = builder.corpus_build
HeldoutReport = builder.HeldoutReport


def write_doc(report, path: Path) -> None:
    """The corpus's .docx, saved as a Word 97-2003 .doc by LibreOffice."""
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / (path.stem + ".docx")
        corpus_build.write_docx(report, source)
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{scratch}/profile",
             "--convert-to", "doc", "--outdir", scratch, str(source)],
            check=True, capture_output=True, timeout=120)
        shutil.copyfile(Path(scratch) / (path.stem + ".doc"), path)


def read_doc(path: Path) -> str:
    from pipeline.ingest.office import convert_to_docx

    with tempfile.TemporaryDirectory() as scratch:
        return corpus_build.read_docx(convert_to_docx(path, Path(scratch)))


HELDOUT3_REPORTS = (
    HeldoutReport("so-tc-kim-ha-2024.txt", "so-tc-kim-ha-2024.doc",
                  write_doc, read_doc, binary=True),
    HeldoutReport("ban-atgt-tan-ninh-9-thang-2025.txt", "ban-atgt-tan-ninh-9-thang-2025.pdf",
                  corpus_build.write_pdf, corpus_build.read_pdf, binary=True),
    HeldoutReport("bhxh-hoa-son-2024.txt", "bhxh-hoa-son-2024.txt",
                  corpus_build.write_utf8, corpus_build.read_utf8),
)


def gold_path(report: HeldoutReport) -> Path:
    return builder.gold_path(report, HELDOUT3)


def stale() -> list[str]:
    return builder.stale(HELDOUT3_REPORTS, HELDOUT3)


if __name__ == "__main__":
    sys.exit(builder.main(reports=HELDOUT3_REPORTS, folder=HELDOUT3))
