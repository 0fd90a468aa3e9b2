"""Spark throughput: the same WARC files through ``warta spark`` in local[1] and local[2], and through
the single-process pipeline on one core.

    python benchmarks/spark.py                      # ~460 records in 8 WARC files
    python benchmarks/spark.py --records 200 --no-docs --out /tmp/spark-bench.json

The WARCs are built with warcio from ../shared/data: every page of id/html, the ScrapingHub pages,
then IndoSum articles rendered as simple HTML pages until ``--records`` is reached, plus the text
dumps of id/dumps as text/plain records (which the WARC reader skips as non-html, as a crawl's
robots.txt and images are), spread round-robin over ``--files`` files (one Spark task each).

What is measured (analysis on: extract, entities/quotes/dates, events when installed):

* ``process``: this process reads the WARCs with :class:`warta.sources.warc.WarcReader` and runs
  :func:`warta.ingest.process` on every record (the pure stage function, no store) -- one core;
* ``ingest``: :func:`warta.ingest.ingest` with one worker into a fresh DuckDB file (the
  single-machine pipeline end to end: store, de-duplication, event aggregation), when it reads
  WARC input;
* ``local[1]`` and ``local[2]``: :func:`warta.spark.job.run` into a fresh output directory, after a
  warm-up pass over the same WARCs (Python workers started, models loaded, the JVM's hot paths
  compiled; ``--cold`` skips it), so the figure is the steady-state job: the records through the
  stage functions plus every Parquet table written. The Spark session start
  (JVM launch, ~5-20 s) is reported apart: it is paid once per application, not per record. A job
  over a single one-record file gives the fixed cost of a job (scheduling and ten table writes),
  and the per-record cost is the rest divided by the records.

Wall time on a shared machine is noisy, so CPU time is reported too: for Spark, the CPU of every
process under this one (JVM, Python daemon and workers) read from /proc; the "CPU-bound" time is
max(busiest process, total CPU / cores), what the run would take with the cores to itself.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common import indosum_html_pages

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
DOCS = REPO / "docs" / "benchmarks.md"


# ------------------------------------------------------------------ input

def _pages() -> Iterator[tuple[str, bytes, str]]:
    """(url, body, content type) of the pages, Indonesian first."""
    urls: dict[str, str] = {}
    sources = SHARED / "id" / "SOURCES.tsv"
    if sources.exists():
        for line in sources.read_text("utf-8").splitlines()[1:]:
            parts = line.split("\t")
            if len(parts) >= 3:
                urls[parts[0]] = parts[2]
    for p in sorted((SHARED / "id" / "html").rglob("*.html")):
        rel = f"html/{p.parent.name}/{p.name}"
        yield urls.get(f"html/{p.name}") or f"https://bench.warta.example/{rel}", p.read_bytes(), "text/html"
    for p in sorted((SHARED / "id" / "html").rglob("*.html.gz")):
        yield f"https://bench.warta.example/id/{p.name[:-8]}", gzip.decompress(p.read_bytes()), "text/html"
    truth_path = SHARED / "extraction" / "scrapinghub" / "ground-truth.json"
    truth = json.loads(truth_path.read_text("utf-8")) if truth_path.exists() else {}
    for p in sorted((SHARED / "extraction" / "scrapinghub" / "html").glob("*.html.gz")):
        key = p.name[:-8]
        url = (truth.get(key) or {}).get("url") or f"https://bench.warta.example/scrapinghub/{key}"
        yield url, gzip.decompress(p.read_bytes()), "text/html"
    for article_id, page in indosum_html_pages():
        yield f"https://bench.warta.example/indosum/{article_id}", page, "text/html"


def build_warcs(folder: Path, records: int, files: int) -> tuple[list[str], dict[str, int]]:
    from warta.spark.warcs import Page, write_warc

    folder.mkdir(parents=True, exist_ok=True)
    buckets: list[list[Page]] = [[] for _ in range(files)]
    n = 0
    for url, body, ctype in _pages():
        if n >= records:
            break
        buckets[n % files].append(Page(url, body, content_type=ctype, date="2026-09-01T10:00:00Z"))
        n += 1
    dumps = sorted((SHARED / "id" / "dumps").glob("*.txt"))
    for i, p in enumerate(dumps):
        buckets[i % files].append(Page(f"https://bench.warta.example/dumps/{p.name}", p.read_bytes(),
                                       content_type="text/plain", record_type="resource"))
    paths = []
    for i, pages in enumerate(buckets):
        path = folder / f"bench-{i:02d}.warc.gz"
        write_warc(path, pages)
        paths.append(str(path))
    return paths, {"pages": n, "text_records": len(dumps), "files": files}


# ------------------------------------------------------------------ CPU of this process tree (Linux /proc)

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _tree_cpu() -> dict[int, float]:
    """CPU seconds (user + system) of this process and every process below it, by pid."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()
        parents[int(entry)] = int(fields[1])
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICK
    me = os.getpid()
    out = {}
    for pid in cpu:
        p = pid
        while p and p != me:
            p = parents.get(p, 0)
        if p == me:
            out[pid] = cpu[pid]
    return out


def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> tuple[float, float]:
    """(total CPU seconds, busiest process's CPU seconds) between two snapshots."""
    deltas = [after[pid] - before.get(pid, 0.0) for pid in after]
    return sum(deltas), max(deltas, default=0.0)


def _cpu_bound(total: float, busiest: float) -> float:
    return max(busiest, total / (os.cpu_count() or 1), 1e-9)


# ------------------------------------------------------------------ the runs

def count_records(paths: list[str]) -> tuple[int, int]:
    """(documents, skipped records) the WARC reader yields."""
    from warta.sources.base import Skipped
    from warta.sources.warc import WarcReader

    docs = skipped = 0
    for p in paths:
        for item in WarcReader(p):
            if isinstance(item, Skipped):
                skipped += 1
            else:
                docs += 1
    return docs, skipped


def run_process(paths: list[str]) -> dict[str, Any]:
    from warta.errors import InputError
    from warta.ingest import process
    from warta.sources.base import Skipped
    from warta.sources.warc import WarcReader

    # Warm up: models load on first use, as in a Spark worker's first record.
    for item in WarcReader(paths[0]):
        if not isinstance(item, Skipped):
            process(item, analyze=True)
            break
    n = 0
    cpu0, t0 = time.process_time(), time.perf_counter()
    for p in paths:
        for item in WarcReader(p):
            n += 1
            if isinstance(item, Skipped):
                continue
            item.meta.setdefault("input_kind", "warc")
            with contextlib.suppress(InputError):
                process(item, analyze=True)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    return {"records": n, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "records_per_s": round(n / wall, 2),
            "cpu_bound_records_per_s": round(n / cpu, 2)}


def run_ingest(paths: list[str], workdir: Path) -> dict[str, Any] | None:
    from warta.ingest import ingest

    db = workdir / "ingest.duckdb"
    for p in workdir.glob("ingest.duckdb*"):
        p.unlink()
    # warm-up in another database: models loaded before the clock starts
    warm = workdir / "warm.duckdb"
    try:
        ingest(paths[:1], warm, analyze=True)
    except Exception as exc:  # the local pipeline is another stage's: report, do not fail the benchmark
        return {"error": f"{type(exc).__name__}: {exc}"[:200]}
    cpu0, t0 = time.process_time(), time.perf_counter()
    report = ingest(paths, db, analyze=True)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    doc = report.as_dict()
    if not doc.get("stored"):
        return None  # ingest does not read WARC input (yet)
    n = doc["read"]
    return {"records": n, "stored": doc["stored"], "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "records_per_s": round(n / wall, 2), "cpu_bound_records_per_s": round(n / cpu, 2)}


def run_spark(master: str, paths: list[str], tiny: list[str], workdir: Path, records: int,
              partition_by: tuple[str, ...] = ("pub_date", "pub_outlet"), warm_full: bool = True) -> dict[str, Any]:
    from warta.spark.job import build_session, run

    t0 = time.perf_counter()
    spark = build_session(master, {"spark.sql.shuffle.partitions": "2"}, app_name=f"warta-bench-{master}")
    startup = time.perf_counter() - t0
    try:
        out = workdir / f"out-{master.replace('[', '').replace(']', '')}"
        shutil.rmtree(out, ignore_errors=True)
        # Warm-up: a whole pass over the same WARCs starts the Python workers, loads the models and lets
        # the JVM compile its hot paths (the JVM's CPU per job halves from the first to the third pass),
        # which is the state of an executor a few minutes into a long job.
        run(tiny, str(out / "warm0"), spark=spark, partition_by=partition_by)
        if warm_full:
            run(paths, str(out / "warm"), spark=spark, partition_by=partition_by)
        before, t1 = _tree_cpu(), time.perf_counter()
        report = run(paths, str(out / "full"), spark=spark, partition_by=partition_by)
        files = sum(1 for _ in (out / "full").rglob("*.parquet"))
        wall = time.perf_counter() - t1
        total, busiest = _cpu_delta(before, _tree_cpu())
        t2 = time.perf_counter()
        run(tiny[:1], str(out / "fixed"), spark=spark, partition_by=partition_by)
        fixed = time.perf_counter() - t2
    finally:
        spark.stop()
    marginal = max(wall - fixed, 1e-9)
    cpu_bound = _cpu_bound(total, busiest)
    return {
        "master": master, "partition_by": list(partition_by), "parquet_files": files, "records": report.records,
        "articles": report.articles, "session_start_s": round(startup, 2),
        "wall_s": round(wall, 2), "records_per_s": round(report.records / wall, 2),
        "fixed_job_s": round(fixed, 2), "marginal_records_per_s": round(report.records / marginal, 2),
        "cpu_s": round(total, 2), "busiest_process_cpu_s": round(busiest, 2),
        "cpu_bound_records_per_s": round(report.records / cpu_bound, 2),
    }


def _loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


# ------------------------------------------------------------------ report

def add_ingest_ratios(res: dict[str, Any]) -> None:
    ing, s1 = res.get("ingest"), res["local[1]"]
    if ing and "records_per_s" in ing:
        res["ratios"]["cost_vs_ingest_wall"] = round(ing["records_per_s"] / s1["records_per_s"], 2)
        res["ratios"]["cost_vs_ingest_cpu"] = round(s1["cpu_s"] / max(ing["cpu_s"], 1e-9), 2)


def render(res: dict[str, Any]) -> str:
    p, s1, s2, ing = res["process"], res["local[1]"], res["local[2]"], res.get("ingest")
    lines = [
        "## Spark",
        "",
        f"`python benchmarks/spark.py --records {res['args']['records']} --files {res['args']['files']} "
        f"--partition-by {res['args']['partition_by']}{' --cold' if res['args'].get('cold') else ''}` "
        f"({res['date']}; {res['input']['pages']} pages and {res['input']['text_records']} text/plain records in "
        f"{res['input']['files']} WARC files, analysis on; {os.cpu_count()} cores shared with other work, load "
        f"average {res['loadavg_before']} before and {res['loadavg_after']} after). Records per second; "
        "\"CPU-bound\" is records / max(busiest process CPU, total CPU / cores), what the run would do with the "
        "cores to itself. Spark figures are for a job after a warm-up pass over the same files (JVM compiled, "
        f"workers and models loaded); the job writes {s1['parquet_files']} Parquet files.",
        "",
        "| run | wall s | records/s | marginal records/s | CPU s | CPU-bound records/s |",
        "|---|---:|---:|---:|---:|---:|",
        f"| `process()` loop, one core | {p['wall_s']} | {p['records_per_s']} | - | {p['cpu_s']} | "
        f"{p['cpu_bound_records_per_s']} |",
    ]
    if ing and "records_per_s" in ing:
        lines.append(f"| `warta ingest --analyze`, one worker | {ing['wall_s']} | {ing['records_per_s']} | - | "
                     f"{ing['cpu_s']} | {ing['cpu_bound_records_per_s']} |")
    for s in (s1, s2):
        lines.append(f"| `warta spark` {s['master']} | {s['wall_s']} | {s['records_per_s']} | "
                     f"{s['marginal_records_per_s']} | {s['cpu_s']} | {s['cpu_bound_records_per_s']} |")
    r = res["ratios"]
    lines += [
        "",
        f"- local[2] / local[1] throughput: **{r['speedup_wall']}x** wall, {r['speedup_marginal']}x marginal, "
        f"{r['speedup_cpu_bound']}x CPU-bound (target 1.6x).",
        f"- Per-record cost, local[1] / single process: **{r['cost_ratio_wall']}x** wall, "
        f"{r['cost_ratio_marginal']}x marginal, {r['cost_ratio_cpu']}x CPU"
        + (f"; local[1] / `warta ingest`: **{r['cost_vs_ingest_wall']}x** wall, {r['cost_vs_ingest_cpu']}x CPU"
           if "cost_vs_ingest_cpu" in r else "") + " (target within 1.3x of ingest).",
        f"- Fixed cost per job (one one-record file: scheduling, ten table writes): {s1['fixed_job_s']} s in "
        f"local[1], {s2['fixed_job_s']} s in local[2]; Spark session start {s1['session_start_s']} s "
        "(once per application).",
        f"- Extrapolated: {r['core_hours_per_million']} core-hours (CPU) per million records in local[1], against "
        f"{r['process_core_hours_per_million']} for the `process()` loop (see docs/spark.md for cluster cost).",
        "",
    ]
    return "\n".join(lines)


def write_section(text: str, path: Path = DOCS) -> None:
    """Replace the ``## Spark`` section of docs/benchmarks.md (or append it), leaving the rest alone."""
    old = path.read_text("utf-8") if path.exists() else "# Benchmarks\n\n"
    lines = old.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == "## Spark"), None)
    if start is None:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = next((j for j in range(start + 1, len(lines)) if lines[j].startswith("## ")), len(lines))
        new = "".join(lines[:start]) + text + ("\n" if end < len(lines) else "") + "".join(lines[end:])
    path.write_text(new, "utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=450, help="HTML pages in the WARCs")
    ap.add_argument("--files", type=int, default=8, help="WARC files (Spark tasks)")
    ap.add_argument("--workdir", type=Path, default=None, help="where WARCs and outputs go (default: a temp dir)")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    ap.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    ap.add_argument("--skip-ingest", action="store_true", help="do not run warta ingest")
    ap.add_argument("--partition-by", choices=["date,outlet", "date"], default="date,outlet")
    ap.add_argument("--cold", action="store_true", help="no warm-up pass before the timed Spark job")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print(f"{SHARED} is not there: the benchmark needs the development data", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="warta-spark-bench-"))
    paths, info = build_warcs(workdir / "warcs", args.records, args.files)
    tiny_pages = workdir / "tiny"
    from warta.spark.warcs import Page, write_warc

    tiny_pages.mkdir(exist_ok=True)
    tiny = []
    for i in range(2):
        url, body, _ = next(_pages())
        write_warc(tiny_pages / f"tiny-{i}.warc.gz", [Page(url.replace("https://", f"https://t{i}."), body)])
        tiny.append(str(tiny_pages / f"tiny-{i}.warc.gz"))
    docs, skipped = count_records(paths)
    res: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"),
                           "args": {"records": args.records, "files": args.files, "partition_by": args.partition_by,
                                    "cold": args.cold},
                           "input": {**info, "documents": docs, "skipped_by_reader": skipped},
                           "loadavg_before": _loadavg()}
    print(f"WARCs in {workdir / 'warcs'}: {info}", file=sys.stderr)
    res["process"] = run_process(paths)
    print("process", res["process"], file=sys.stderr)
    if not args.skip_ingest:
        res["ingest"] = run_ingest(paths, workdir)
        print("ingest", res["ingest"], file=sys.stderr)
    for master in ("local[1]", "local[2]"):
        pby = ("pub_date", "pub_outlet") if args.partition_by == "date,outlet" else ("pub_date",)
        res[master] = run_spark(master, paths, tiny, workdir, args.records, pby, warm_full=not args.cold)
        print(master, res[master], file=sys.stderr)
    res["loadavg_after"] = _loadavg()
    s1, s2, p = res["local[1]"], res["local[2]"], res["process"]
    res["ratios"] = {
        "speedup_wall": round(s2["records_per_s"] / s1["records_per_s"], 2),
        "speedup_marginal": round(s2["marginal_records_per_s"] / s1["marginal_records_per_s"], 2),
        "cost_ratio_wall": round(p["records_per_s"] / s1["records_per_s"], 2),
        "cost_ratio_marginal": round(p["records_per_s"] / s1["marginal_records_per_s"], 2),
        "cost_ratio_cpu": round(s1["cpu_s"] / max(p["cpu_s"], 1e-9), 2),
        "speedup_cpu_bound": round(s2["cpu_bound_records_per_s"] / s1["cpu_bound_records_per_s"], 2),
        "core_hours_per_million": round(s1["cpu_s"] / s1["records"] * 1e6 / 3600, 1),
        "process_core_hours_per_million": round(p["cpu_s"] / p["records"] * 1e6 / 3600, 1),
    }
    add_ingest_ratios(res)
    print(json.dumps(res["ratios"]), file=sys.stderr)
    if args.out:
        args.out.write_text(json.dumps(res, indent=2), "utf-8")
    if not args.no_docs:
        write_section(render(res))
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
