"""Datasets and the ScrapingHub body metric, shared by the benchmark scripts.

The metric is the one of scrapinghub/article-extraction-benchmark (``evaluate.py``): per page,
4-gram shingles of ``\\w+`` tokens; TP/FP/FN normalised by their sum; precision and recall
averaged over pages (pages where they are undefined are skipped, as upstream does); F1 of the
two averages.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class Page:
    dataset: str
    key: str
    html: bytes
    gold: str
    url: str | None = None


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(gold: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    g, p = _shingles(gold, n), _shingles(pred, n)
    tp = float(sum((g & p).values()))
    fp = float(sum((p - g).values()))
    fn = float(sum((g - p).values()))
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(scores: list[tuple[float, float, float]]) -> dict[str, float]:
    ps = [_precision(*s) for s in scores if s[0] + s[1] > 0]
    rs = [_recall(*s) for s in scores if s[0] + s[2] > 0]
    p = statistics.mean(ps) if ps else 0.0
    r = statistics.mean(rs) if rs else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1}


def scrapinghub_pages(root: Path = SHARED_DATA / "extraction" / "scrapinghub") -> Iterator[Page]:
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    for key in sorted(truth):
        path = root / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        yield Page("scrapinghub", key, gzip.decompress(path.read_bytes()), truth[key].get("articleBody", ""),
                   truth[key].get("url"))


# The marker line is "!@#$%^&*()  COMMENTS", sometimes with characters lost ("!@ $%^&*()  COMMENTS").
_COMMENTS = re.compile(r"^[!@#$%^&*() ]{4,}\s*COMMENTS\s*$", re.M)


def dragnet_pages(root: Path = SHARED_DATA / "extraction" / "dragnet", limit: int | None = None) -> Iterator[Page]:
    gold_dir = root / "gold"
    files = sorted(gold_dir.glob("*.txt"), key=lambda p: (len(p.stem), p.stem))
    if limit is not None:
        files = files[:limit]
    for gold_path in files:
        key = gold_path.stem
        html_path = root / "input" / f"{key}.html.gz"
        if not html_path.exists():
            html_path = root / "input" / f"{key}.html"
            if not html_path.exists():
                continue
            raw = html_path.read_bytes()
        else:
            raw = gzip.decompress(html_path.read_bytes())
        raw_gold = gold_path.read_bytes()
        if raw_gold.startswith((b"\xff\xfe", b"\xfe\xff")):
            gold = raw_gold.decode("utf-16", errors="replace")
        else:
            gold = raw_gold.decode("utf-8", errors="replace")
        m = _COMMENTS.search(gold)
        if m:
            gold = gold[: m.start()]
        yield Page("dragnet", key, raw, gold)


def indosum_html_pages(root: Path = SHARED_DATA / "id" / "indosum") -> Iterator[tuple[str, bytes]]:
    """IndoSum articles rendered as simple news pages: (article id, HTML bytes) with a menu, the
    headline (from the id's slug), the paragraphs and a footer. For throughput benchmarks that
    need more Indonesian pages than the saved ones."""
    for path in sorted(root.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                obj = json.loads(line)
                paras = [" ".join(" ".join(s) for s in p) for p in obj.get("paragraphs") or []]
                if not paras:
                    continue
                title = str(obj.get("id", "berita")).split("-", 1)[-1].replace("-", " ").title()
                body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
                page = (
                    f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
                    f"</head><body><header><nav><a href='/'>Beranda</a> <a href='/nasional'>Nasional</a></nav>"
                    f"</header><main><article><h1>{html.escape(title)}</h1>{body}</article></main>"
                    f"<footer>Hak cipta dilindungi undang-undang</footer></body></html>"
                )
                yield str(obj.get("id")), page.encode("utf-8")


def process_tree_cpu(root: int | None = None) -> dict[int, float]:
    """CPU seconds (user + system) of ``root`` (default: this process) and of every live process
    below it, by pid, from Linux /proc. Worker processes started by a fork server are the server's
    children, not ours, so RUSAGE_CHILDREN misses them; reading the tree finds them at any depth."""
    root = root or os.getpid()
    tick = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    found: dict[int, float] = {}
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in cpu:
            found[pid] = cpu[pid]
        stack.extend(children.get(pid, ()))
    return found


def timed_pass(fn: Callable[[Any], Any], items: list[Any], start_at: float | None = None,
               warm_up: int = 30) -> dict[str, float]:
    """``fn`` over ``items`` in this process, after a warm-up over the first ``warm_up`` of them,
    timed from the wall-clock instant ``start_at`` (so that two such processes do their timed work
    at the same time, not one while the other is still loading): the pass
    ``two_process_ceiling`` runs."""
    import time

    for item in items[:warm_up]:
        fn(item)
    if start_at is not None:
        time.sleep(max(0.0, start_at - time.time()))
    c0, t0 = time.process_time(), time.perf_counter()
    for item in items:
        fn(item)
    return {"records": len(items), "seconds": time.perf_counter() - t0, "cpu_s": time.process_time() - c0}


def two_process_ceiling(cmd: list[str], warm_up_s: float = 15.0) -> dict[str, float | list[float]]:
    """How much two copies of a single-process job do together on this machine, against one alone.

    ``cmd`` runs one timed pass and prints a JSON line ``{"records", "seconds", "cpu_s"}`` last; it
    accepts ``--start-at T`` (a wall-clock instant) and starts timing then, after its imports,
    reading and warm-up, so that the two copies do their timed work at the same time. Two such
    processes, with no IPC, no writer and nothing shared, are the best any 2-worker pipeline can
    do: on a VM whose two vCPUs share a physical core's caches or memory bandwidth each slows down
    when the other runs, and the ratio is below 2 whatever the pipeline does."""
    import subprocess
    import time

    def parse(out: str) -> dict[str, float]:
        return dict(json.loads(out.strip().splitlines()[-1]))

    alone = parse(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    start_at = time.time() + warm_up_s
    procs = [subprocess.Popen([*cmd, "--start-at", str(start_at)], stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    together = [parse(p.communicate()[0]) for p in procs]
    rate_alone = alone["records"] / alone["seconds"]
    rate_together = sum(r["records"] for r in together) / max(r["seconds"] for r in together)
    return {
        "records": alone["records"],
        "alone_s": round(alone["seconds"], 2),
        "together_s": [round(r["seconds"], 2) for r in together],
        "cpu_alone_s": round(alone["cpu_s"], 2),
        "cpu_together_s": [round(r["cpu_s"], 2) for r in together],
        "ceiling_2_processes": round(rate_together / rate_alone, 2),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }
