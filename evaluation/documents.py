"""Which documents are evaluated, and against which gold."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
REAL_CORPUS = REPOSITORY.parent / "shared" / "corpus"
REAL_GOLD = REPOSITORY / "tests" / "gold"
SAMPLE_REPORTS = REPOSITORY / "corpus" / "reports"
SAMPLE_GOLD = REPOSITORY / "corpus" / "gold"
# Held-out sets, each a folder with reports/ and gold/ (its README says whether it is still
# unseen): the name `make eval` prints -> the folder.
HELDOUT_SETS = {
    "held-out": REPOSITORY / "tests" / "heldout",
    "held-out 2": REPOSITORY / "tests" / "heldout2",
    "held-out 3": REPOSITORY / "tests" / "heldout3",
    "held-out 4": REPOSITORY / "tests" / "heldout4",
}
REAL_FORMATS = ("txt", "docx", "pdf")
# The scan holds the first pages of the report only: it is scored on the gold whose context
# lies on those pages of the text-layer PDF (its page boundaries say where they end).
SCAN_PAGES = 3


@dataclass(frozen=True)
class PageSubset:
    """Score only the gold that lies on pages 1..last_page of `reference` (a paged form)."""

    reference: Path
    last_page: int


@dataclass(frozen=True)
class EvalDocument:
    path: Path
    gold_path: Path
    document_set: str  # the row of the score table: 'bao-cao-2021 (pdf)', 'sample corpus'
    nfd_source: Path | None = None  # a .txt whose non-NFC lines define the NFD stretch
    page_subset: PageSubset | None = None  # None: the whole gold


def real_report_documents(corpus: Path = REAL_CORPUS, gold_dir: Path = REAL_GOLD,
                          include_scan: bool = True) -> tuple[list[EvalDocument], list[str]]:
    """The real report in each form, scored against the same gold (the scan against the
    gold of its pages, OCR takes ~20 s); and skip notices."""
    documents, notices = [], []
    for gold_path in sorted(gold_dir.glob("*.jsonl")):
        stem = gold_path.stem
        source_txt = corpus / f"{stem}.txt"
        if not corpus.is_dir():
            notices.append(f"Bỏ qua báo cáo thật {stem}: không có thư mục {corpus}")
            continue
        for fmt in REAL_FORMATS:
            path = corpus / f"{stem}.{fmt}"
            if path.exists():
                documents.append(EvalDocument(
                    path, gold_path, f"{stem} ({fmt})",
                    source_txt if source_txt.exists() else None))
            else:
                notices.append(f"Bỏ qua {path.name}: không tìm thấy tệp")
        if include_scan:
            scan, reference = corpus / f"{stem}-scan.pdf", corpus / f"{stem}.pdf"
            if scan.exists() and reference.exists():
                documents.append(EvalDocument(
                    scan, gold_path, f"{stem} (scan, trang 1-{SCAN_PAGES})",
                    page_subset=PageSubset(reference, SCAN_PAGES)))
            else:
                notices.append(f"Bỏ qua bản quét {scan.name}: thiếu tệp quét hoặc {reference.name}")
    return documents, notices


def sample_corpus_documents(reports: Path = SAMPLE_REPORTS, gold_dir: Path = SAMPLE_GOLD,
                            document_set: str = "sample corpus"
                            ) -> tuple[list[EvalDocument], list[str]]:
    """Each report of `reports` that has a gold file (<gold_dir>/<report file name>.jsonl)."""
    if not reports.is_dir():
        return [], [f"Bỏ qua bộ {document_set}: chưa có thư mục {reports}"]
    documents, notices = [], []
    for path in sorted(p for p in reports.rglob("*") if p.is_file()):
        candidates = [gold_dir / f"{path.name}.jsonl", gold_dir / f"{path.stem}.jsonl"]
        gold_path = next((c for c in candidates if c.exists()), None)
        if gold_path is None:
            notices.append(f"Bỏ qua {path.name}: chưa có tệp gold")
            continue
        nfd_source = path if path.suffix.lower() == ".txt" else None
        documents.append(EvalDocument(path, gold_path, document_set, nfd_source))
    return documents, notices


def heldout_documents(name: str) -> tuple[list[EvalDocument], list[str]]:
    """The reports of the held-out set `name` (a key of HELDOUT_SETS), scored as that set."""
    folder = HELDOUT_SETS[name]
    return sample_corpus_documents(folder / "reports", folder / "gold", name)

