"""`baocao run` at archive size, on reports written by `corpus.generate`.

For each size (100 and 1,000 reports by default; `--archive 100,1000,10000` or
BAOCAO_BENCH_ARCHIVE=100,1000,10000 for the long one):
- a first run with one worker and with all cores: documents/s, MB/s, peak memory of the
  whole process tree (psutil, sampled), CPU seconds;
- a rerun with nothing changed and one with 1% of the files changed, on the all-cores store;
- the floor on the same files: reading each file (`pipeline.ingest`) and underthesea's
  `word_tokenize` on its text, nothing else, in one process; the one-worker run's time over
  the floor's is the ratio the issue tracks (within 2x). Up to ONE_WORKER_UP_TO reports.

Generated reports are kept under BAOCAO_BENCH_DIR (default: <tmp>/baocao-bench) and reused
by later runs with the same size and seed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmarks.measures import ROOT

DEFAULT_SIZES = (100, 1000)
# above this size the one-worker run and the floor are left out (each would take as long as
# the first run again); their ratio is the one measured at the smaller sizes
ONE_WORKER_UP_TO = 2000
SEED = 1
CHANGED_SHARE = 0.01
SAMPLE_SECONDS = 0.2
WORK_DIR = Path(os.environ.get("BAOCAO_BENCH_DIR",
                               Path(tempfile.gettempdir()) / "baocao-bench"))


def sizes(option: str | None) -> tuple[int, ...]:
    text = option or os.environ.get("BAOCAO_BENCH_ARCHIVE")
    if not text:
        return DEFAULT_SIZES
    return tuple(int(part) for part in text.replace(" ", "").split(",") if part)


def generated(reports: int) -> Path:
    """The generated archive of `reports` reports (made once, then reused)."""
    folder = WORK_DIR / f"archive-{reports}-seed{SEED}"
    if not (folder / "summary.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        from corpus.generate import generate

        summary = generate(reports, folder, seed=SEED)
        (folder / "summary.json").write_text(json.dumps(summary, ensure_ascii=False))
    return folder


class TreeSampler:
    """Peak resident memory of a process and all its descendants, sampled."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            total = 0
            for member in tree:
                try:
                    total += member.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_bytes / 2**20


def children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measured(command: list[str]) -> dict:
    """Wall seconds, CPU seconds of the whole tree and its peak memory for one command."""
    cpu, started = children_cpu(), time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(process.pid)
    stdout, stderr = process.communicate()
    peak = sampler.stop()
    if process.returncode not in (0, 1):  # 1: some documents failed, the run itself did not
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): "
                           f"{stderr.strip()[-500:]}")
    return {"seconds": time.perf_counter() - started, "cpu_s": children_cpu() - cpu,
            "peak_mb": peak, "output": stdout.strip().splitlines()[-1:] or [""]}


def baocao_run(reports: Path, out: Path, workers: int) -> dict:
    return measured([sys.executable, "-m", "pipeline.cli", "run", str(reports), "-o", str(out),
                     "--workers", str(workers), "--quiet"])


def change_some(folder: Path, share: float) -> int:
    """Append a sentence to `share` of the UTF-8 plain-text reports (at least one); their
    other reports stay as they were. Returns how many files changed."""
    from corpus.generate import iter_files

    folder = folder.parent  # iter_files wants the folder above reports/
    files = [path for path in iter_files(folder) if path.suffix in (".txt", ".md")]
    utf8 = []
    for path in files:
        try:
            path.read_text(encoding="utf-8")
            utf8.append(path)
        except UnicodeDecodeError:
            continue
    total = sum(1 for _ in iter_files(folder))
    chosen = utf8[:max(1, round(total * share))]
    for path in chosen:
        with path.open("a", encoding="utf-8") as file:
            file.write("Báo cáo được bổ sung sau khi rà soát lại số liệu.\n")
    return len(chosen)


def floor(folder: str) -> None:
    """Read every report and word_tokenize its text: the floor the pipeline is held to."""
    from underthesea import word_tokenize

    from pipeline.ingest import ingest

    for path in sorted(Path(folder).rglob("*.*")):
        word_tokenize(ingest(path).text)


def bench_archive(reports: int) -> list[dict]:
    source = generated(reports)
    files = list((source / "reports").rglob("*.*"))
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    cores = os.cpu_count() or 1
    rows = []
    with tempfile.TemporaryDirectory(prefix="baocao-bench-") as scratch:
        work = Path(scratch) / "reports"
        shutil.copytree(source / "reports", work)

        def row(what: str, figures: dict, documents: int = len(files)) -> dict:
            print(f"archive {reports}: {what}: {figures['seconds']:.1f} s", file=sys.stderr,
                  flush=True)
            return {"what": f"archive {reports}: {what}", "documents": documents,
                    "seconds": figures["seconds"], "docs_per_s": documents / figures["seconds"],
                    "mb_per_s": megabytes * documents / len(files) / figures["seconds"],
                    "cpu_s": figures["cpu_s"], "docs_per_cpu_s": documents / figures["cpu_s"],
                    "peak_mb": figures["peak_mb"]}

        out = Path(scratch) / "out"
        first = baocao_run(work, out, cores)
        rows.append(row(f"first run, {cores} workers", first))
        rerun = baocao_run(work, out, cores)
        rows.append(row("rerun, nothing changed", rerun, 0) | {
            "share_of_first": rerun["seconds"] / first["seconds"]})
        changed = change_some(work, CHANGED_SHARE)
        partial = baocao_run(work, out, cores)
        rows.append(row(f"rerun, {changed} files changed", partial, changed) | {
            "share_of_first": partial["seconds"] / first["seconds"]})
        if reports <= ONE_WORKER_UP_TO:
            one = baocao_run(work, Path(scratch) / "out1", 1)  # the changed files: same size
            rows.append(row("first run, 1 worker", one))
            rows[0]["speedup_vs_1"] = one["seconds"] / first["seconds"]
            base = measured([sys.executable, "-c", "from benchmarks.archive import floor; "
                             f"floor({str(work)!r})"])
            rows.append(row("floor (read + word_tokenize), 1 process", base) | {
                "pipeline_over_floor": one["seconds"] / base["seconds"],
                "pipeline_over_floor_cpu": one["cpu_s"] / base["cpu_s"]})
        findings = findings_found(source, out)
        rows.append({"what": f"archive {reports}: planted findings found",
                     "planted": findings[0], "found": findings[1],
                     "other_errors_warnings": findings[2]})
    return rows


def findings_found(source: Path, out: Path) -> tuple[int, int, int]:
    """(planted, found, other error/warning findings) of a run over a generated archive."""
    expected = json.loads((source / "expected_findings.json").read_text(encoding="utf-8"))
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "query", "-o", str(out), "--format", "json",
         "SELECT f.rule, f.sentence, d.path FROM findings f JOIN documents d USING (doc_id) "
         "WHERE f.severity IN ('error', 'warning')"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    findings = json.loads(done.stdout)
    matched: set[int] = set()
    found = 0
    for entry in expected["findings"]:
        hits = {i for i, f in enumerate(findings) if f["rule"] == entry["rule"]
                and f["path"].endswith(entry["file"])
                and entry["substring"] in (f["sentence"] or "")}
        found += bool(hits)
        matched |= hits
    return len(expected["findings"]), found, len(findings) - len(matched)
