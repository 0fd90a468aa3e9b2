"""Ingest throughput: a WARC built from ../shared/data, read and extracted end to end.

    python benchmarks/ingest.py                 # 2,000-record and 200-record WARCs, 1 and 2 workers
    python benchmarks/ingest.py --records 5000 --out results.json

What is measured, each in a fresh process (so that peak RSS belongs to that run alone):

* ``warta`` with ``--workers 1`` and ``2``: ``warta.ingest.ingest`` end to end (the WARC reader,
  extraction in worker processes, :class:`warta.dedup.DedupIndex` and the DuckDB writes in the
  main process, the single writer), into a fresh database: read, extract, de-duplicate, store.
* ``trafilatura``: ``trafilatura.extract`` on the same records' HTML, in one process, timing the
  extraction calls only (reading the WARC is not counted against it).

The WARC holds every page of ../shared/data/extraction (ScrapingHub, Dragnet) and id/html, plus
IndoSum articles rendered as simple HTML pages until ``--records`` is reached; it is written with
warcio (gzip, one member per record) into ``--workdir`` and reused when it exists.
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common import indosum_html_pages, process_tree_cpu, timed_pass, two_process_ceiling

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def _pages() -> Iterator[tuple[str, bytes]]:
    ext = SHARED / "extraction"
    for p in sorted((ext / "scrapinghub" / "html").glob("*.html.gz")):
        yield f"scrapinghub/{p.name[:-8]}", gzip.decompress(p.read_bytes())
    for p in sorted((ext / "dragnet" / "input").glob("*.html.gz"), key=lambda q: q.name):
        yield f"dragnet/{p.name[:-8]}", gzip.decompress(p.read_bytes())
    for p in sorted((SHARED / "id" / "html").rglob("*.html")):
        yield f"id/{p.parent.name}/{p.stem}", p.read_bytes()


def _indosum() -> Iterator[tuple[str, bytes]]:
    for article_id, page in indosum_html_pages():
        yield f"indosum/{article_id}", page


def build_warc(path: Path, records: int) -> dict[str, int]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    counts: Counter[str] = Counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, (key, body) in enumerate(itertools.chain(_pages(), _indosum())):
            if n >= records:
                break
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html"), ("Date", "Tue, 01 Sep 2026 10:00:00 GMT")],
                protocol="HTTP/1.1",
            )
            rec = writer.create_warc_record(
                f"https://bench.warta.example/{key}", "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(rec)
            counts[key.split("/", 1)[0]] += 1
    tmp.replace(path)
    return dict(counts)


def _vm_hwm_mb(pid: int | None = None) -> float:
    """Peak RSS of this process or of ``pid`` (VmHWM: unlike ru_maxrss it does not carry the
    parent's peak across fork+exec)."""
    try:
        with open(f"/proc/{pid or 'self'}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        if pid is not None:
            return 0.0  # it has just ended
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _cpu_bound_seconds(main_cpu: float, worker_cpu: list[float]) -> float:
    cores = os.cpu_count() or 1
    busiest = max([main_cpu, *worker_cpu])
    return max(busiest, (main_cpu + sum(worker_cpu)) / cores, 1e-9)


class _WorkerCpu:
    """Samples the descendants' CPU time every 100 ms while a run goes on (the last 100 ms of a
    worker's life may be missed: an undercount of at most that per worker)."""

    def __init__(self) -> None:
        import threading

        self.seen: dict[int, float] = {}
        self.peak_rss_mb: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            found = process_tree_cpu()
            found.pop(os.getpid(), None)  # the workers (and the fork server), not this process
            self.seen.update(found)
            for pid in found:
                self.peak_rss_mb[pid] = max(self.peak_rss_mb.get(pid, 0.0), _vm_hwm_mb(pid))
            self._stop.wait(0.1)

    def __enter__(self) -> _WorkerCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


def run_warta(warc: Path, workers: int) -> dict[str, Any]:
    """End to end, as a user runs it: ``warta.ingest.ingest`` reads the WARC, extracts in
    ``workers`` processes, de-duplicates and stores into a fresh DuckDB file."""
    import tempfile

    from warta.ingest import ingest

    cpu0 = time.process_time()
    with tempfile.TemporaryDirectory() as tmp, _WorkerCpu() as sampled:
        started = time.perf_counter()
        report = ingest([str(warc)], Path(tmp) / "bench.duckdb", workers=workers)
        seconds = time.perf_counter() - started
    main_cpu = time.process_time() - cpu0
    worker_cpu = sampled.seconds
    records = report.read
    nbytes = report.bytes_read
    return {
        "engine": "warta",
        "workers": workers,
        "records": records,
        "seconds": round(seconds, 2),
        "records_per_s": round(records / seconds, 1),
        "mb_per_s": round(nbytes / 1e6 / seconds, 2),
        "payload_mb": round(nbytes / 1e6, 1),
        "peak_rss_main_mb": _vm_hwm_mb(),
        # the largest worker (the fork server, which only imports, is smaller than any worker)
        "peak_rss_worker_mb": max(sampled.peak_rss_mb.values(), default=0.0) if workers > 1 else 0.0,
        "main_cpu_s": round(main_cpu, 2),
        # CPU seconds of the worker processes, and the rate the run would reach with the
        # machine's cores to itself: the busiest process, or all the CPU work spread over the
        # cores, whichever takes longer (IPC waits ignored).
        "worker_cpu_s": round(worker_cpu, 2) if workers > 1 else 0.0,
        "records_per_cpu_bound_s": round(
            records / _cpu_bound_seconds(main_cpu, [worker_cpu / workers] * workers if workers > 1 else []), 1
        ),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "outcome": {
            "stored": report.stored,
            "duplicates": report.duplicates,
            "near_duplicates": report.near_duplicates,
            **{f"skipped:{k}": v for k, v in report.skipped.items()},
            **{f"error:{k}": v for k, v in report.errors.items()},
        },
    }


def run_trafilatura(warc: Path) -> dict[str, Any]:
    import trafilatura

    from warta.sources.base import RawDocument
    from warta.sources.warc import WarcReader

    seconds = 0.0
    cpu = 0.0
    nbytes = 0
    records = 0
    ok = 0
    for item in WarcReader(str(warc)):
        if not isinstance(item, RawDocument):
            continue
        data = item.data if isinstance(item.data, bytes) else item.data.encode()
        t0, c0 = time.perf_counter(), time.process_time()
        text = trafilatura.extract(data, url=item.url, with_metadata=True)
        seconds += time.perf_counter() - t0
        cpu += time.process_time() - c0
        records += 1
        nbytes += len(data)
        ok += bool(text)
    me = _vm_hwm_mb()
    return {
        "engine": "trafilatura",
        "workers": 1,
        "records": records,
        "seconds": round(seconds, 2),
        "records_per_s": round(records / seconds, 1),
        "mb_per_s": round(nbytes / 1e6 / seconds, 2),
        "payload_mb": round(nbytes / 1e6, 1),
        "peak_rss_main_mb": me,
        "peak_rss_worker_mb": 0.0,
        "main_cpu_s": round(cpu, 2),
        "worker_cpu_s": 0.0,
        "records_per_cpu_bound_s": round(records / cpu, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "outcome": {"articles": ok},
    }


def run_extract_pass(warc: Path, records: int, start_at: float | None = None) -> dict[str, Any]:
    """Extraction alone over the WARC's first ``records`` pages (see ``common.timed_pass``)."""
    from warta.sources.base import RawDocument
    from warta.sources.parallel import extract_document
    from warta.sources.warc import WarcReader

    docs = [d for d in itertools.islice(WarcReader(str(warc)), records) if isinstance(d, RawDocument)]
    return timed_pass(extract_document, docs, start_at, warm_up=50)


def hardware_ceiling(warc: Path, records: int = 600) -> dict[str, Any]:
    """Two extraction passes at once against one alone (see ``common.two_process_ceiling``)."""
    return two_process_ceiling(
        [sys.executable, __file__, "--run", "extract-pass", "--warc", str(warc), "--workers", str(records)])


def _child(args: list[str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, env={**os.environ}
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--small", type=int, default=200, help="records in the small WARC (memory comparison)")
    ap.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "warta-bench-ingest")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each warta configuration; the median is reported")
    ap.add_argument("--write", action="store_true", help="replace the Ingest section of docs/benchmarks.md")
    ap.add_argument("--run", choices=["warta", "trafilatura", "extract-pass"], help=argparse.SUPPRESS)
    ap.add_argument("--warc", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument("--start-at", type=float, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.run:
        if args.run == "extract-pass":
            result = run_extract_pass(args.warc, args.workers, args.start_at)  # --workers: the record count
        else:
            result = run_warta(args.warc, args.workers) if args.run == "warta" else run_trafilatura(args.warc)
        print(json.dumps(result))
        return

    if not SHARED.is_dir():
        sys.exit("../shared/data is not present: nothing to build the WARC from")
    big = args.workdir / f"pages-{args.records}.warc.gz"
    small = args.workdir / f"pages-{args.small}.warc.gz"
    for path, n in ((big, args.records), (small, args.small)):
        if not path.exists():
            counts = build_warc(path, n)
            print(f"built {path} ({path.stat().st_size / 1e6:.1f} MB): {counts}", file=sys.stderr)

    # Each configuration --repeat times, each run in a fresh process, the configurations interleaved
    # (so that a noisy spell of the machine hits all of them alike); the median run of each is reported.
    configs = ((small, 1), (big, 1), (big, 2))
    runs: list[list[dict[str, Any]]] = [[] for _ in configs]
    for _ in range(max(1, args.repeat)):
        for k, (warc, workers) in enumerate(configs):
            r = _child(["--run", "warta", "--warc", str(warc), "--workers", str(workers)])
            r["warc"] = warc.name
            print(json.dumps(r), file=sys.stderr)
            runs[k].append(r)
    # the 2-worker/1-worker ratio of each round (runs next to each other in time), median
    paired = sorted(
        float(two["records_per_s"]) / float(one["records_per_s"]) for one, two in zip(runs[1], runs[2], strict=True)
    )
    results = []
    for config_runs in runs:
        config_runs.sort(key=lambda run: float(run["records_per_s"]))
        results.append(config_runs[len(config_runs) // 2])
    if not args.no_trafilatura:
        r = _child(["--run", "trafilatura", "--warc", str(big)])
        r["warc"] = big.name
        results.append(r)
        print(json.dumps(r), file=sys.stderr)

    ceiling = hardware_ceiling(big)
    print(json.dumps({"hardware_ceiling": ceiling}), file=sys.stderr)
    w_small, w1, w2 = results[0], results[1], results[2]
    summary = {
        "rss_2000_over_200": round(float(w1["peak_rss_main_mb"]) / float(w_small["peak_rss_main_mb"]), 2),
        "speedup_2_workers": round(float(w2["records_per_s"]) / float(w1["records_per_s"]), 2),
        "speedup_2_workers_paired_median": round(paired[len(paired) // 2], 2),
        "speedup_2_workers_paired_range": f"{paired[0]:.2f}-{paired[-1]:.2f}",
        "two_extraction_processes_vs_one (hardware ceiling)": ceiling["ceiling_2_processes"],
        "speedup_2_workers_cpu_bound": round(
            float(w2["records_per_cpu_bound_s"]) / float(w1["records_per_cpu_bound_s"]), 2
        ),
    }
    if len(results) > 3:
        summary["warta_2w_over_trafilatura"] = round(
            float(w2["records_per_s"]) / float(results[3]["records_per_s"]),
            2,
        )
        summary["warta_1w_over_trafilatura"] = round(float(w1["records_per_s"]) / float(results[3]["records_per_s"]), 2)
        summary["warta_1w_over_trafilatura_cpu"] = round(
            float(w1["records_per_cpu_bound_s"]) / float(results[3]["records_per_cpu_bound_s"]), 2
        )
    print(
        "| engine | WARC | workers | records | s | records/s | MB/s | records/CPU-bound s "
        "| peak RSS main MB | peak RSS worker MB | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['engine']} | {r['warc']} | {r['workers']} | {r['records']} | {r['seconds']} | "
            f"{r['records_per_s']} | {r['mb_per_s']} | {r['records_per_cpu_bound_s']} | "
            f"{r['peak_rss_main_mb']} | {r['peak_rss_worker_mb']} | "
            f"{r['load_avg_1m']} |"
        )
    print()
    for k, v in summary.items():
        print(f"- {k}: {v}")
    if args.out:
        args.out.write_text(json.dumps({"results": results, "summary": summary}, indent=2))
    if args.write:
        write_section(results, summary)


def write_section(results: list[dict[str, Any]], summary: dict[str, Any]) -> None:
    """Replace the ``## Ingest`` section of docs/benchmarks.md with this run's table."""
    lines = [
        "## Ingest",
        "",
        "Development figures from `python benchmarks/ingest.py --write`: a WARC built from ../shared/data"
        " (ScrapingHub, Dragnet and Indonesian outlet pages, IndoSum articles as HTML), read, extracted,"
        " de-duplicated and stored end to end by `warta.ingest.ingest` into a fresh DuckDB file, each run in"
        " a fresh process (warta rows: the median of `--repeat` interleaved runs by records/s); trafilatura's column"
        " times its extraction calls alone on the same records. Worker CPU and peak RSS are sampled from"
        " /proc while the workers run. The hardware ceiling runs pure extraction over the first 600 records in"
        " one process, then in two processes at once (no IPC, no writer): the most any 2-worker pipeline can"
        " gain on this machine.",
        "",
        "| engine | WARC | workers | records | s | records/s | MB/s | records per CPU-bound s "
        "| peak RSS main MB | peak RSS worker MB | load (1 min) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['engine']} | {r['warc']} | {r['workers']} | {r['records']} | {r['seconds']} | "
            f"{r['records_per_s']} | {r['mb_per_s']} | {r['records_per_cpu_bound_s']} | "
            f"{r['peak_rss_main_mb']} | {r['peak_rss_worker_mb']} | {r['load_avg_1m']} |"
        )
    lines += ["", *(f"- {k}: {v}" for k, v in summary.items()), ""]
    path = REPO / "docs" / "benchmarks.md"
    text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    section = "\n".join(lines)
    start = text.find("\n## Ingest\n")
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[: start + 1] + section + ("\n" + text[end + 1 :] if end != -1 else "")
    path.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
