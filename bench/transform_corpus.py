"""Transform throughput: reports per second over the real fixture corpus replicated to 1,000+
documents, with peak memory.

Each copy gets different bytes (an HTML comment, trailing whitespace, bytes after a PDF's
%%EOF or a ZIP's central directory, none of which changes what is printed) and an organ of its
own, so every copy is a document to parse and a report of its own. Measured in one run:

- baseline: the parser alone, `parse_bytes` in one process, document after document;
- `transform run --no-sandbox` with 2 workers (the pipeline's own overhead and parallelism);
- a rerun with nothing new (what an incremental run costs when nothing changed);
- sandboxed vs not on a sample (the price of the per-document hard limits: one interpreter
  start per document).

The .doc (LibreOffice, seconds each) and the image-only scan (OCR, seconds per page) are left
out of the replicated corpus: they would measure LibreOffice and OCR, not the pipeline.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from crawler.manifest import load_documents
from tests.conftest import REAL, REPO
from tests.pipeline_data import CrawlWriter
from transform.parse import parse_bytes
from transform.pipeline import RUNS_DIR, RunSummary

DOCUMENTS = int(os.environ.get("BENCH_DOCUMENTS", "1000"))
SANDBOX_SAMPLE = 100
FIXTURES = (
    "linxia_gongan_2023.txt",
    "shanghai_szfbgt_2019.html",
    "hongze_2023.pdf",
    "derived/linxia_gongan_2023.docx",
    "derived/linxia_gongan_2023.pdf",
)
FETCHED_AT = "2024-02-01T08:00:00+00:00"


@dataclass
class Measurement:
    label: str
    documents: int
    reports: int
    seconds: float
    cpu_seconds: float  # user + system of the whole process tree
    peak_rss: int  # bytes: the largest process tree total seen while it ran

    @property
    def per_second(self) -> float:
        return self.reports / self.seconds if self.seconds else 0.0

    @property
    def per_cpu_second(self) -> float:
        # The fair rate on a shared machine: wall time there mostly measures other processes.
        return self.reports / self.cpu_seconds if self.cpu_seconds else 0.0


def fixture_documents() -> list[tuple[str, bytes]]:
    names = [*FIXTURES, *(f"partial/{p.name}" for p in sorted((REAL / "partial").glob("*.txt")))]
    return [(name, (REAL / name).read_bytes()) for name in names]


def vary(name: str, data: bytes, n: int) -> bytes:
    """Different bytes, same printed content."""
    if name.endswith(".html"):
        return data + f"\n<!-- copy {n} -->\n".encode()
    if name.endswith(".txt"):
        return data + b" " * (n % 7) + b"\n" * (n // 7 + 1)
    # PDF readers stop at the last %%EOF's xref; ZIP readers find the central directory from
    # the end and skip trailing bytes.
    return data + f"\n% copy {n}\n".encode()


def build_corpus(data_dir: Path, count: int) -> None:
    fixtures = fixture_documents()
    crawl = CrawlWriter(data_dir, "bench")
    for n in range(count):
        name, data = fixtures[n % len(fixtures)]
        suffix = name.rsplit(".", 1)[-1]
        crawl.fetched(
            f"http://bench{n:05d}.example.gov.cn/zfxxgk/gknb/2024/report.{suffix}",
            vary(name, data, n),
            FETCHED_AT,
            source_id=f"bench{n:05d}",
            organ=f"基准测试机关{n:05d}",
            year=2023,
            index_no=f"BENCH{n:05d}/2024-00001",
        )
    crawl.close()


def parser_alone(data_dir: Path, count: int) -> Measurement:
    frame = load_documents(data_dir).head(count)
    started, cpu, peak = time.perf_counter(), time.process_time(), 0
    for path, url in zip(frame["raw_path"], frame["url"], strict=True):
        parse_bytes(Path(path).read_bytes(), filename=url.rsplit("/", 1)[-1], source_url=url)
        peak = max(peak, psutil.Process().memory_info().rss)
    cpu = time.process_time() - cpu
    return Measurement("parser alone, 1 process", count, count, _since(started), cpu, peak)


def pipeline(data_dir: Path, label: str, *extra: str) -> Measurement:
    command = [sys.executable, "-m", "transform", "run", "--data-dir", str(data_dir), *extra]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    peak, cpu = _watch(proc)
    seconds = _since(started)
    out = proc.stdout.read().decode() if proc.stdout else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {out}")
    summary = _last_run(data_dir)
    return Measurement(label, summary.documents_seen, summary.reports, seconds, cpu, peak)


def _watch(proc: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Peak RSS and CPU seconds of the whole process tree (pool workers and sandbox children
    included), sampled every 50 ms: the last instants of short-lived children are missed."""
    root, peak, cpu_by_pid = psutil.Process(proc.pid), 0, {}
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        peak = max(peak, sum(_rss(p) for p in tree))
        for p in tree:
            try:
                times = p.cpu_times()
                cpu_by_pid[p.pid] = times.user + times.system
            except psutil.Error:
                pass
        time.sleep(0.05)
    return peak, sum(cpu_by_pid.values())


def _rss(p: psutil.Process) -> int:
    try:
        return p.memory_info().rss
    except psutil.Error:
        return 0


def _last_run(data_dir: Path) -> RunSummary:
    runs = sorted((data_dir / "datasets" / RUNS_DIR).glob("*.json"), key=os.path.getmtime)
    record = json.loads(runs[-1].read_text(encoding="utf-8"))
    fields = RunSummary.__dataclass_fields__
    return RunSummary(**{k: v for k, v in record.items() if k in fields})


def _since(started: float) -> float:
    return time.perf_counter() - started


def run() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-transform-") as tmp:
        corpus, sample = Path(tmp) / "corpus", Path(tmp) / "sample"
        build_corpus(corpus, DOCUMENTS)
        build_corpus(sample, SANDBOX_SAMPLE)
        baseline = parser_alone(corpus, DOCUMENTS)
        rows = [
            baseline,
            pipeline(corpus, "transform run --no-sandbox, 2 workers", "--no-sandbox"),
            pipeline(corpus, "rerun, nothing new", "--no-sandbox"),
        ]
        unsandboxed = pipeline(sample, f"sample of {SANDBOX_SAMPLE}, --no-sandbox", "--no-sandbox")
        sandboxed = pipeline(sample, f"sample of {SANDBOX_SAMPLE}, sandboxed (default)", "--force")
        rows += [unsandboxed, sandboxed]

    print(
        f"{'mode':<42} {'docs':>6} {'reports':>7} {'wall s':>7} {'CPU s':>7} "
        f"{'rep/s':>7} {'rep/CPU s':>9} {'× base':>7} {'peak MiB':>9}"
    )
    for m in rows:
        ratio = m.per_cpu_second / baseline.per_cpu_second if baseline.per_cpu_second else 0.0
        print(
            f"{m.label:<42} {m.documents:>6} {m.reports:>7} {m.seconds:>7.1f} "
            f"{m.cpu_seconds:>7.1f} {m.per_second:>7.1f} {m.per_cpu_second:>9.1f} "
            f"{ratio:>7.2f} {m.peak_rss / 2**20:>9.0f}"
        )
    print("× base: reports per CPU-second against the parser alone (on a shared machine wall")
    print("time mostly measures the other processes; CPU time is the pipeline's own cost).")
    cost = sandboxed.cpu_seconds / unsandboxed.cpu_seconds if unsandboxed.cpu_seconds else 0.0
    print(f"sandbox cost on the sample: {cost:.1f}× the CPU of parsing in the pool processes")


if __name__ == "__main__":
    run()
