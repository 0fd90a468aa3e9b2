"""Spark throughput and per-record cost: the same WARC files through ``warta spark`` in local[1] and
local[2] and through ``warta ingest --analyze`` with one worker (the single-machine pipeline on one core).

    python benchmarks/spark.py                       # 800 pages in 16 WARC files (~15 min on 2 quiet cores)
    python benchmarks/spark.py --records 200 --files 8 --no-docs --out /tmp/spark-bench.json

The WARCs are built with warcio from ../shared/data: every page of id/html, the ScrapingHub pages,
then IndoSum articles rendered as simple HTML pages until ``--records`` is reached, plus the text
dumps of id/dumps as text/plain records (which the WARC reader skips as non-html, as a crawl's
robots.txt and images are), spread round-robin over ``--files`` files (one Spark task each).
Every contender reads exactly these files, with analysis on (extract, entities/quotes/dates, events).

Two figures per contender, each in wall-clock seconds and CPU seconds (user + system of the whole
process tree: for Spark the driver, the JVM and the Python workers, read from /proc):

* **total**: the command as a user runs it, in a fresh process over all files (`warta ingest
  --analyze --db NEW FILES...`, `warta spark MANIFEST --output NEW --master local[N]`): start-up
  (imports, the JVM, Python workers, models) included;
* **steady state**: in one warm process (session started, workers and models loaded by a job over
  a few one-record files), a job over the first half of the files and a job over all of them; the
  per-record cost is the difference divided by the difference in records, and what is left of the
  total (``total - records x per-record``) is the fixed cost: start-up plus, per job, scheduling
  and the commit.

Every contender runs in its own process (local[1] and local[2] each get a fresh JVM). The steady
state of local[1] and local[2] is then measured ``--repeat`` times in alternation, and the speed-up is
the median of the pairs' ratios: this VM's two vCPUs give anything from 1.5x to 2x the work of one
from one minute to the next, so a single pair says more about the moment than about Spark. The same
run measures that ceiling: two ``process()`` loops at once against one alone, no Spark involved.
On a shared machine wall clock is unreliable: the CPU figures, and the "CPU-bound" throughput (records / max(
busiest process CPU, total CPU / cores)), are what to compare there; run it on a quiet machine for
the wall-clock speed-up.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common import indosum_html_pages, process_tree_cpu, timed_pass, two_process_ceiling

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


# ------------------------------------------------------------------ CPU of a process tree (Linux /proc)

def _cpu_delta(before: dict[int, float], after: dict[int, float]) -> tuple[float, float]:
    """(total CPU seconds, busiest process's CPU seconds) between two snapshots."""
    deltas = [after[pid] - before.get(pid, 0.0) for pid in after]
    return sum(deltas), max(deltas, default=0.0)


def _cpu_bound_rate(records: int, cpu: float, busiest: float) -> float:
    return round(records / max(busiest, cpu / (os.cpu_count() or 1), 1e-9), 2)


def measure_command(cmd: list[str], log: Path) -> dict[str, Any]:
    """Run a command; its wall time and the CPU of its whole process tree (polled from /proc, and the
    rusage of the reaped children as a floor)."""
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    seen: dict[int, float] = {}
    t0 = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=REPO)
        while proc.poll() is None:
            seen.update(process_tree_cpu(proc.pid))
            time.sleep(0.2)
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    cpu = max(reaped, sum(seen.values()))
    return {"exit": proc.returncode, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "busiest_process_cpu_s": round(max(seen.values(), default=cpu), 2)}


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


def _timed(fn: Any) -> dict[str, Any]:
    before, t0 = process_tree_cpu(), time.perf_counter()
    result = fn()
    wall = time.perf_counter() - t0
    cpu, busiest = _cpu_delta(before, process_tree_cpu())
    return {"result": result, "wall_s": wall, "cpu_s": cpu, "busiest_process_cpu_s": busiest}


def steady_process(paths: list[str], half: list[str], tiny: list[str], workdir: Path) -> dict[str, Any]:
    """The stage functions alone (``warta.ingest.process`` over the WARC reader's documents), warm."""
    from warta.errors import InputError
    from warta.ingest import process
    from warta.sources.base import Skipped
    from warta.sources.warc import WarcReader

    def loop(files: list[str]) -> int:
        n = 0
        for p in files:
            for item in WarcReader(p):
                n += 1
                if isinstance(item, Skipped):
                    continue
                item.meta.setdefault("input_kind", "warc")
                with contextlib.suppress(InputError):
                    process(item, analyze=True)
        return n

    loop(tiny)
    return {"half": _timed(lambda: loop(half)), "full": _timed(lambda: loop(paths))}


def steady_ingest(paths: list[str], half: list[str], tiny: list[str], workdir: Path) -> dict[str, Any]:
    from warta.ingest import ingest

    def one(files: list[str], name: str) -> int:
        for p in workdir.glob(f"{name}.duckdb*"):
            p.unlink()
        report = ingest(files, workdir / f"{name}.duckdb", analyze=True)
        return int(report.as_dict()["read"])

    one(tiny, "steady-warm")
    return {"half": _timed(lambda: one(half, "steady-half")), "full": _timed(lambda: one(paths, "steady-full"))}


def steady_spark(master: str, paths: list[str], half: list[str], tiny: list[str], workdir: Path,
                 partition_by: tuple[str, ...]) -> dict[str, Any]:
    from warta.spark.job import build_session, run

    out = workdir / f"steady-{master.replace('[', '').replace(']', '')}"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    spark = build_session(master, app_name=f"warta-bench-{master}", files=len(paths))
    startup = time.perf_counter() - t0
    try:
        def job(files: list[str], name: str) -> dict[str, Any]:
            return run(files, str(out / name), spark=spark, partition_by=partition_by).as_dict()

        job(tiny, "warm")  # Python workers started, models loaded, the job's code paths taken once
        job(tiny, "warm2")
        res: dict[str, Any] = {"half": _timed(lambda: job(half, "half")), "full": _timed(lambda: job(paths, "full"))}
    finally:
        spark.stop()
    res["session_start_s"] = round(startup, 2)
    return res


def run_steady(which: str, workdir: Path, partition_by: tuple[str, ...]) -> dict[str, Any]:
    """One contender's steady-state runs (called in a fresh process: ``--steady WHICH``)."""
    files = json.loads((workdir / "files.json").read_text("utf-8"))
    paths, half, tiny = files["paths"], files["half"], files["tiny"]
    if which == "process":
        res = steady_process(paths, half, tiny, workdir)
    elif which == "ingest":
        res = steady_ingest(paths, half, tiny, workdir)
    else:
        res = steady_spark(which, paths, half, tiny, workdir, partition_by)
    for key in ("half", "full"):
        r = res[key]
        result = r.pop("result")
        r["records"] = result["records"] if isinstance(result, dict) else int(result)
        if isinstance(result, dict):
            r["parquet_files"] = result.get("parquet_files")
        for k in ("wall_s", "cpu_s", "busiest_process_cpu_s"):
            r[k] = round(r[k], 2)
    return res


def total_command(which: str, manifest: Path, paths: list[str], workdir: Path, partition_by: str) -> list[str]:
    warta = [sys.executable, "-m", "warta.cli.main"]
    if which == "ingest":
        db = workdir / "total-ingest.duckdb"
        for p in workdir.glob("total-ingest.duckdb*"):
            p.unlink()
        return [*warta, "ingest", "--analyze", "--db", str(db), *paths]
    out = workdir / f"total-{which.replace('[', '').replace(']', '')}"
    shutil.rmtree(out, ignore_errors=True)
    return [*warta, "spark", str(manifest), "--output", str(out), "--master", which, "--partition-by", partition_by,
            "--report", str(workdir / f"total-{which}.json")]


def contender(which: str, manifest: Path, paths: list[str], workdir: Path, args: argparse.Namespace,
              records: int) -> dict[str, Any]:
    """Total (fresh CLI process) and steady state (fresh benchmark process) of one contender."""
    res: dict[str, Any] = {}
    if which != "process":
        total = measure_command(total_command(which, manifest, paths, workdir, args.partition_by),
                                workdir / f"total-{which}.log")
        total["records"] = records
        total["records_per_s"] = round(records / total["wall_s"], 2)
        total["cpu_ms_per_record"] = round(1000 * total["cpu_s"] / records, 1)
        total["cpu_bound_records_per_s"] = _cpu_bound_rate(records, total["cpu_s"], total["busiest_process_cpu_s"])
        res["total"] = total
    res["steady"] = steady_run(which, workdir, args)
    if "total" in res:
        t, st = res["total"], res["steady"]
        t["fixed_cpu_s"] = round(t["cpu_s"] - records * st["cpu_ms_per_record"] / 1000, 2)
        t["fixed_wall_s"] = round(t["wall_s"] - records * st["wall_ms_per_record"] / 1000, 2)
    return res


def steady_run(which: str, workdir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """One contender's steady state, in a fresh benchmark process (see the module docstring)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--steady", which, "--workdir", str(workdir),
           "--partition-by", args.partition_by]
    log = workdir / f"steady-{which}.log"
    with log.open("wb") as err:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=err, cwd=REPO, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{which}: steady-state run failed, see {log}")
    steady = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    h, f = steady["half"], steady["full"]
    dn = max(f["records"] - h["records"], 1)
    per_cpu = (f["cpu_s"] - h["cpu_s"]) / dn
    per_wall = (f["wall_s"] - h["wall_s"]) / dn
    per_busiest = (f["busiest_process_cpu_s"] - h["busiest_process_cpu_s"]) / dn
    return {
        **steady,
        "cpu_ms_per_record": round(1000 * per_cpu, 1),
        "wall_ms_per_record": round(1000 * per_wall, 1),
        "records_per_s": round(1 / max(per_wall, 1e-9), 2),
        "cpu_bound_records_per_s": round(1 / max(per_busiest, per_cpu / (os.cpu_count() or 1), 1e-9), 2),
        "fixed_job_cpu_s": round(f["cpu_s"] - f["records"] * per_cpu, 2),
        "fixed_job_wall_s": round(f["wall_s"] - f["records"] * per_wall, 2),
        "load_avg_1m": _loadavg()[:1],
    }


def ceiling_pass(workdir: Path, records: int, start_at: float | None) -> dict[str, Any]:
    """The stage functions (extract + analyze) over the benchmark WARCs' first ``records`` documents
    (see ``common.timed_pass``)."""
    from warta.ingest import process
    from warta.sources.base import RawDocument
    from warta.sources.warc import WarcReader

    files = json.loads((workdir / "files.json").read_text("utf-8"))
    found = (d for path in files["paths"] for d in WarcReader(path) if isinstance(d, RawDocument))
    docs = list(itertools.islice(found, records))

    def analyse(doc: Any) -> None:
        with contextlib.suppress(Exception):
            process(doc, analyze=True)

    return timed_pass(analyse, docs, start_at)


def _loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


# ------------------------------------------------------------------ report

def ratios(res: dict[str, Any]) -> dict[str, Any]:
    s1, s2, ing = res["local[1]"], res["local[2]"], res["ingest"]
    pairs = [(s1["steady"], s2["steady"]), *((a, b) for a, b in res.get("repeats", []))]
    paired = [round(b["records_per_s"] / a["records_per_s"], 2) for a, b in pairs]
    # the job over all files in a warm session: records / wall clock, its scheduling and commit included
    jobs = [round(a["full"]["wall_s"] / b["full"]["wall_s"], 2) for a, b in pairs]
    r = {
        "speedup_job_wall": statistics.median(jobs),
        "speedup_job_wall_pairs": jobs,
        "job_records_per_s": {"local[1]": [round(a["full"]["records"] / a["full"]["wall_s"], 2) for a, _ in pairs],
                              "local[2]": [round(b["full"]["records"] / b["full"]["wall_s"], 2) for _, b in pairs]},
        "speedup_steady_wall": statistics.median(paired),
        "speedup_steady_wall_pairs": paired,
        "speedup_total_wall": round(s1["total"]["wall_s"] / s2["total"]["wall_s"], 2),
        "speedup_steady_cpu_bound": round(s2["steady"]["cpu_bound_records_per_s"]
                                          / s1["steady"]["cpu_bound_records_per_s"], 2),
        "speedup_total_cpu_bound": round(s2["total"]["cpu_bound_records_per_s"]
                                         / s1["total"]["cpu_bound_records_per_s"], 2),
        "cost_steady_cpu": round(s1["steady"]["cpu_ms_per_record"] / ing["steady"]["cpu_ms_per_record"], 2),
        "cost_steady_wall": round(s1["steady"]["wall_ms_per_record"] / ing["steady"]["wall_ms_per_record"], 2),
        "cost_total_cpu": round(s1["total"]["cpu_s"] / ing["total"]["cpu_s"], 2),
        "cost_total_wall": round(s1["total"]["wall_s"] / ing["total"]["wall_s"], 2),
        "core_hours_per_million": round(s1["steady"]["cpu_ms_per_record"] * 1e3 / 3600, 1),
        "ingest_core_hours_per_million": round(ing["steady"]["cpu_ms_per_record"] * 1e3 / 3600, 1),
    }
    if "process" in res:
        r["process_core_hours_per_million"] = round(res["process"]["steady"]["cpu_ms_per_record"] * 1e3 / 3600, 1)
    return r


def render(res: dict[str, Any]) -> str:
    a, r = res["args"], res["ratios"]
    load = max(res["loadavg_before"] + res["loadavg_after"], default=0.0)
    busy = ": shared with other work, so wall clock is unreliable and CPU is the figure to compare" \
        if load >= 1.5 else ""
    cmd = f"python benchmarks/spark.py --records {a['records']} --files {a['files']} --partition-by {a['partition_by']}"
    lines = [
        "## Spark",
        "",
        f"`{cmd}` ({res['date']}; {res['input']['pages']} pages and {res['input']['text_records']} text/plain "
        f"records = {res['input']['records']} records in {res['input']['files']} WARC files, the same files for "
        f"every row; analysis on; {os.cpu_count()} cores, load average {res['loadavg_before']} before and "
        f"{res['loadavg_after']} after{busy}).",
        "",
        "**Total** is the command in a fresh process over all files (start-up included). **Steady state** is "
        "measured in one warm process from a job over half of the files and one over all of them: per-record "
        "cost = difference / difference in records; fixed = the rest (start-up, and per job scheduling and "
        "commit). CPU is user + system of the whole process tree (driver, JVM, Python workers). CPU-bound "
        "records/s = records / max(busiest process CPU, CPU / cores).",
        "",
        "| run | total wall s | total CPU s | fixed (total) wall s / CPU s | steady ms/record wall / CPU | "
        "steady records/s (wall) | steady CPU-bound records/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    names = {"ingest": "`warta ingest --analyze`, one worker", "local[1]": "`warta spark --master local[1]`",
             "local[2]": "`warta spark --master local[2]`", "process": "`process()` loop (stage functions only)"}
    for key in ("process", "ingest", "local[1]", "local[2]"):
        if key not in res:
            continue
        c = res[key]
        st = c["steady"]
        t = c.get("total")
        total = (f"{t['wall_s']} | {t['cpu_s']} | {t['fixed_wall_s']} / {t['fixed_cpu_s']}" if t else "- | - | -")
        lines.append(f"| {names[key]} | {total} | {st['wall_ms_per_record']} / {st['cpu_ms_per_record']} | "
                     f"{st['records_per_s']} | {st['cpu_bound_records_per_s']} |")
    s1 = res["local[1]"]
    ceiling = res.get("ceiling", {})
    n = len(r["speedup_job_wall_pairs"])
    lines += [
        "",
        f"- local[2] / local[1] throughput (target 1.6x), {n} local[1], local[2] pairs of warm sessions run one "
        "after the other, median:",
        f"  - **a job over all files in a warm session** (records / wall clock of the job, its scheduling, "
        f"de-duplication and commit included): **{r['speedup_job_wall']}x** (pairs: "
        f"{', '.join(map(str, r['speedup_job_wall_pairs']))}; records/s local[1] "
        f"{r['job_records_per_s']['local[1]']}, local[2] {r['job_records_per_s']['local[2]']});",
        f"  - steady-state per-record rate (the two-point split): {r['speedup_steady_wall']}x (pairs: "
        f"{', '.join(map(str, r['speedup_steady_wall_pairs']))}): the difference of two noisy timings, it "
        "moves most from run to run;",
        f"  - the whole command in a fresh process (one run each, JVM start included): "
        f"{r['speedup_total_wall']}x wall, {r['speedup_total_cpu_bound']}x CPU-bound.",
        *([f"- This machine's ceiling for the same work: two `process()` loops (extract + analyze, "
           f"{ceiling['records']} documents each) at once do {ceiling['ceiling_2_processes']}x the work of one "
           f"alone ({ceiling['alone_s']} s alone, {ceiling['together_s']} s together; CPU "
           f"{ceiling['cpu_alone_s']} s against {ceiling['cpu_together_s']} s), no Spark involved: what two "
           "vCPUs of this VM give when both are busy."] if ceiling else []),
        f"- Per-record cost, local[1] / `warta ingest` on one core (target within 1.3x): steady state "
        f"**{r['cost_steady_cpu']}x** CPU, {r['cost_steady_wall']}x wall; total {r['cost_total_cpu']}x CPU, "
        f"{r['cost_total_wall']}x wall.",
        f"- Spark's fixed cost: session start {s1['steady']['session_start_s']} s wall in local[1]; per job "
        f"(scheduling, de-duplication, commit) {s1['steady']['fixed_job_wall_s']} s wall / "
        f"{s1['steady']['fixed_job_cpu_s']} s CPU; the job over all files wrote "
        f"{s1['steady']['full'].get('parquet_files')} Parquet files.",
        f"- Extrapolated steady-state cost: {r['core_hours_per_million']} core-hours (CPU) per million records in "
        f"local[1], {r['ingest_core_hours_per_million']} for `warta ingest`"
        + (f", {r['process_core_hours_per_million']} for the stage functions alone"
           if "process_core_hours_per_million" in r else "") + " (see docs/spark.md for cluster cost).",
    ]
    fixed = [c[k][f] for c in (res[m] for m in ("ingest", "local[1]", "local[2]")) for k, f in
             (("steady", "fixed_job_wall_s"), ("steady", "fixed_job_cpu_s"), ("total", "fixed_wall_s"),
              ("total", "fixed_cpu_s"))]
    if min(fixed) < 0:
        lines.append("- A negative fixed cost is noise: the two-point split of a loaded machine's times put more "
                     "than the whole fixed cost into the per-record figure.")
    def verdict(ok: bool) -> str:
        return "met" if ok else "not met"

    lines.append(
        f"- Targets: per-record cost {verdict(r['cost_steady_cpu'] <= 1.3)} in the steady state "
        f"({r['cost_steady_cpu']}x CPU), {verdict(r['cost_total_cpu'] <= 1.3)} for the whole command "
        f"({r['cost_total_cpu']}x CPU, start-up included); speed-up {verdict(r['speedup_job_wall'] >= 1.6)} for "
        f"a job in a warm session ({r['speedup_job_wall']}x), {verdict(r['speedup_steady_wall'] >= 1.6)} in "
        f"the steady-state split ({r['speedup_steady_wall']}x), "
        f"{verdict(r['speedup_total_wall'] >= 1.6)} for the whole command ({r['speedup_total_wall']}x wall: "
        f"Spark's start-up is not amortised over {res['input']['records']} records)."
        + (f" Wall clock on this shared machine is unreliable: re-run `{cmd}` on a quiet machine." if busy else ""))
    lines.append("")
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
    ap.add_argument("--records", type=int, default=800, help="HTML pages in the WARCs")
    ap.add_argument("--files", type=int, default=16, help="WARC files (Spark tasks); half of them are the "
                    "steady state's smaller job")
    ap.add_argument("--workdir", type=Path, default=None, help="where WARCs and outputs go (default: a temp dir)")
    ap.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    ap.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    ap.add_argument("--skip-process", action="store_true", help="do not time the stage functions alone")
    ap.add_argument("--partition-by", choices=["date,outlet", "date"], default="date,outlet")
    ap.add_argument("--repeat", type=int, default=3, help="local[1], local[2] pairs of steady-state runs; the "
                    "speed-up is the median of the pairs' ratios")
    ap.add_argument("--no-ceiling", action="store_true", help="do not measure two process() loops against one")
    ap.add_argument("--render", type=Path, default=None, help="rewrite the docs section from a saved --out JSON "
                    "(no runs)")
    ap.add_argument("--steady", default=None, help=argparse.SUPPRESS)  # internal: one contender's steady state
    ap.add_argument("--ceiling-pass", type=int, default=None, help=argparse.SUPPRESS)  # internal: timed pass
    ap.add_argument("--start-at", type=float, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.ceiling_pass:
        print(json.dumps(ceiling_pass(args.workdir, args.ceiling_pass, args.start_at)))
        return 0
    if args.render:
        saved = json.loads(args.render.read_text("utf-8"))
        saved["ratios"] = ratios(saved)
        write_section(render(saved))
        print(json.dumps(saved["ratios"]))
        return 0
    pby = ("pub_date", "pub_outlet") if args.partition_by == "date,outlet" else ("pub_date",)
    if args.steady:
        print(json.dumps(run_steady(args.steady, args.workdir, pby)))
        return 0
    if not SHARED.is_dir():
        print(f"{SHARED} is not there: the benchmark needs the development data", file=sys.stderr)
        return 2
    if args.files < 2:
        ap.error("--files must be at least 2")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="warta-spark-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    paths, info = build_warcs(workdir / "warcs", args.records, args.files)
    half = paths[: len(paths) // 2]
    from warta.spark.warcs import Page, write_warc

    tiny_dir = workdir / "tiny"
    tiny_dir.mkdir(exist_ok=True)
    tiny = []
    pages = _pages()
    for i in range(4):
        url, body, _ = next(pages)
        write_warc(tiny_dir / f"tiny-{i}.warc.gz", [Page(url.replace("https://", f"https://t{i}."), body)])
        tiny.append(str(tiny_dir / f"tiny-{i}.warc.gz"))
    (workdir / "files.json").write_text(json.dumps({"paths": paths, "half": half, "tiny": tiny}), "utf-8")
    manifest = workdir / "warc.paths"
    manifest.write_text("\n".join(paths) + "\n", "utf-8")
    docs, skipped = count_records(paths)
    records = docs + skipped
    res: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                           "args": {"records": args.records, "files": args.files, "partition_by": args.partition_by},
                           "input": {**info, "documents": docs, "skipped_by_reader": skipped, "records": records},
                           "loadavg_before": _loadavg()}
    print(f"WARCs in {workdir / 'warcs'}: {res['input']}", file=sys.stderr)
    for which in ("ingest", "local[1]", "local[2]", *(() if args.skip_process else ("process",))):
        res[which] = contender(which, manifest, paths, workdir, args, records)
        print(which, json.dumps(res[which]), file=sys.stderr)
    res["repeats"] = []
    for _ in range(max(0, args.repeat - 1)):
        pair = tuple(steady_run(which, workdir, args) for which in ("local[1]", "local[2]"))
        res["repeats"].append(pair)
        print("repeat", json.dumps([p["records_per_s"] for p in pair]), file=sys.stderr)
    if not args.no_ceiling:
        res["ceiling"] = two_process_ceiling([sys.executable, str(Path(__file__).resolve()), "--workdir",
                                              str(workdir), "--ceiling-pass", "300"])
        print("ceiling", json.dumps(res["ceiling"]), file=sys.stderr)
    res["loadavg_after"] = _loadavg()
    res["ratios"] = ratios(res)
    print(json.dumps(res["ratios"]), file=sys.stderr)
    if args.out:
        args.out.write_text(json.dumps(res, indent=2), "utf-8")
    if not args.no_docs:
        write_section(render(res))
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
