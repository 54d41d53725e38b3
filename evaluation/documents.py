"""Which documents are evaluated, and against which gold."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
REAL_CORPUS = REPOSITORY.parent / "shared" / "corpus"
REAL_GOLD = REPOSITORY / "tests" / "gold"
# Real working files of a provincial office, annotated document by document: the manifest
# lists each gold file and its source, relative to the archive folder.
REAL_ARCHIVE = REPOSITORY.parent / "shared" / "real"
REAL_ARCHIVE_GOLD = REPOSITORY / "tests" / "gold" / "real"
REAL_ARCHIVE_SET = "real archive (../shared/real)"
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



@dataclass(frozen=True)
class ManifestEntry:
    gold: str  # the gold file name, in the manifest's folder
    source: str  # the document, relative to the archive folder


def read_manifest(path: Path) -> list[ManifestEntry]:
    """The rows of a MANIFEST.tsv (columns `gold`, `source`)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        missing = {"gold", "source"} - set(rows.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: thiếu cột {', '.join(sorted(missing))}")
        return [ManifestEntry(row["gold"].strip(), row["source"].strip()) for row in rows
                if (row.get("gold") or "").strip()]


def real_archive_documents(archive: Path = REAL_ARCHIVE, gold_dir: Path = REAL_ARCHIVE_GOLD,
                           document_set: str = REAL_ARCHIVE_SET
                           ) -> tuple[list[EvalDocument], list[str]]:
    """Each document of the manifest whose source and gold exist, scored as one set."""
    manifest = gold_dir / "MANIFEST.tsv"
    if not manifest.exists():
        return [], [f"Bỏ qua bộ {document_set}: chưa có {manifest}"]
    if not archive.is_dir():
        return [], [f"Bỏ qua bộ {document_set}: không có thư mục {archive}"]
    documents, notices = [], []
    for entry in read_manifest(manifest):
        path, gold_path = archive / entry.source, gold_dir / entry.gold
        if not path.exists():
            notices.append(f"Bỏ qua {entry.source}: không tìm thấy tệp trong {archive}")
        elif not gold_path.exists():
            notices.append(f"Bỏ qua {entry.source}: không có tệp gold {entry.gold}")
        else:
            documents.append(EvalDocument(path, gold_path, document_set))
    return documents, notices
