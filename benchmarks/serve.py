"""Explorer load test: 100,000 articles, 50 concurrent clients, search / article page / relation chart.

    python benchmarks/serve.py [--articles 100000] [--clients 50] [--duration 20] [--workers 2]
                               [--data ../shared/data] [--workdir /tmp/warta-bench] [--reuse]
                               [--no-cache] [--no-write]

1. Base articles: the development pages in ``../shared/data/id`` (text dumps, saved outlet pages,
   Media Indonesia pages, the IndoSum articles rebuilt as text dumps) and ``examples/``, read
   with ``warta.extract``; as many as fit in ``--analyze-seconds`` are analysed
   (``warta.analyze``) and event-coded (``warta.events.code_events`` when it exists).
2. ``--articles`` articles are generated from them with new ids and publication dates spread
   over two years, and written into a fresh warta DuckDB store in bulk (with the base article's
   entities, mentions, quotes, dates and events, re-keyed), then indexed with
   ``warta.search.build_index``.
3. ``warta serve --workers N`` runs on 127.0.0.1; the load tool is ``wrk`` (when installed; a
   Lua script draws a random URL per request) or else a bounded asyncio client, with
   ``--clients`` connections, for each scenario: search (``/search?q=`` with one to three words
   drawn from titles: 20,000 queries, so that the server's per-process result cache of 512
   searches sees few repeats), article page (``/articles/{id}``, random ids among all) and
   relation chart (``/relations?a=&b=`` over the 200 most frequent actor pairs). ``--no-cache``
   turns the result cache off (``WARTA_SERVE_CACHE=0``): every request is computed.

Writes the ``## Explorer`` section of docs/benchmarks.md unless ``--no-write``.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

import warta  # noqa: E402
from common import process_tree_cpu  # noqa: E402
from warta.model import Article  # noqa: E402
from warta.store import Store  # noqa: E402

SECTION = "## Explorer"


# ------------------------------------------------------------------ base articles


def _detok(tokens: list[str]) -> str:
    text = " ".join(tokens)
    text = re.sub(r" ([.,;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    text = re.sub(r'" (.*?) "', r'"\1"', text)
    return text


def base_pages(data: Path) -> list[tuple[str, bytes, str | None, str | None]]:
    """(label, bytes, kind, outlet) of every development page."""
    out: list[tuple[str, bytes, str | None, str | None]] = []
    for p in sorted((REPO / "examples").glob("*")):
        if p.suffix in (".txt", ".html"):
            out.append((p.name, p.read_bytes(), "html" if p.suffix == ".html" else None, None))
    idd = data / "id"
    for p in sorted((idd / "dumps").glob("*.txt")):
        out.append((p.name, p.read_bytes(), "text", None))
    for p in sorted((idd / "html" / "outlets").glob("*.html")):
        out.append((p.name, p.read_bytes(), "html", None))
    for p in sorted((idd / "html" / "mediaindonesia").glob("*.html.gz")):
        out.append((p.name, gzip.decompress(p.read_bytes()), "html", None))
    for p in sorted((idd / "indosum").glob("*.jsonl")):
        for line in p.read_text("utf-8").splitlines():
            rec = json.loads(line)
            slug = (rec.get("source_url") or rec["id"]).rstrip("/").rsplit("/", 1)[-1]
            slug = re.sub(r"^\d+[-_]?", "", slug)
            title = " ".join(w.capitalize() for w in re.split(r"[-_]+", slug) if w)[:140]
            paras = [" ".join(_detok(s) for s in para) for para in rec["paragraphs"]]
            text = title + "\n\n" + "\n\n".join(paras) + "\n"
            out.append((f"indosum/{rec['id']}", text.encode(), "text", rec.get("source")))
    return out


def read_bases(data: Path, analyze_seconds: float) -> list[tuple[Article, dict[str, Any] | None, list[Any]]]:
    try:
        from warta.events import code_events
    except ImportError:
        code_events = None  # type: ignore[assignment]
    bases: list[tuple[Article, dict[str, Any] | None, list[Any]]] = []
    pages = base_pages(data)
    random.Random(7).shuffle(pages)
    t0 = time.perf_counter()
    analysed = 0
    for label, raw, kind, outlet in pages:
        try:
            art = warta.extract(raw, source=label, kind=kind or "auto")  # type: ignore[arg-type]
        except Exception:
            continue
        if not art.is_article or len(art.text) < 200:
            continue
        if outlet and not art.outlet.name:
            art.outlet.name = outlet.title()
        analysis: dict[str, Any] | None = None
        events: list[Any] = []
        if time.perf_counter() - t0 < analyze_seconds:
            try:
                analysis = warta.analyze(art)
                analysed += 1
                events = analysis.pop("events", None) or []
                if not events and code_events is not None:
                    events = code_events(art, analysis)
            except Exception as exc:  # a base page the NLP cannot read stays without analysis
                print(f"  analysis of {label} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        bases.append((art, analysis, events))
    print(f"base articles: {len(bases)} ({analysed} analysed, {sum(len(b[2]) for b in bases)} events) "
          f"in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return bases


# ------------------------------------------------------------------ the generated store

def generate_db(db: Path, bases: list[tuple[Article, dict[str, Any] | None, list[Any]]], n: int) -> None:
    """``n`` articles from the bases (new ids and dates), written in bulk with their children."""
    import pyarrow as pa

    if db.exists():
        db.unlink()
    rng = random.Random(42)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    span = 730 * 24 * 3600
    with Store(db) as store:
        con = store.con
        try:
            from warta.events.store import ensure_schema

            ensure_schema(con)
        except ImportError:  # before the events stage: its per-article table, as docs/events.md has it
            con.execute(
                "CREATE TABLE IF NOT EXISTS event_mentions (article_id VARCHAR, idx INTEGER, event VARCHAR, "
                "modes VARCHAR[], actor_entity VARCHAR, actor_name VARCHAR, recipient_entity VARCHAR, "
                "recipient_name VARCHAR, date VARCHAR, score DOUBLE, sentence VARCHAR)"
            )
        cols: dict[str, dict[str, list[Any]]] = {}

        def add(table: str, row: dict[str, Any]) -> None:
            t = cols.setdefault(table, {})
            for k, v in row.items():
                t.setdefault(k, []).append(v)

        def flush() -> None:
            for table, data in cols.items():
                arrow = pa.table(data)  # noqa: F841  (read by DuckDB's replacement scan)
                names = ", ".join(f'"{k}"' for k in data)
                con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM arrow")
            cols.clear()

        now = datetime.now(UTC)
        for i in range(n):
            art, analysis, events = bases[i % len(bases)]
            aid = hashlib.sha1(f"bench-{i}".encode()).hexdigest()[:16]
            published = start + timedelta(seconds=rng.randrange(span))
            doc = json.loads(art.model_dump_json())
            doc["id"], doc["published"] = aid, published.isoformat()
            doc["url"] = f"https://bench.example/{i}"
            add("articles", {
                "id": aid, "url": doc["url"], "outlet_name": art.outlet.name, "outlet_domain": art.outlet.domain,
                "language": art.language, "title": art.title, "subtitle": art.subtitle, "key_points": art.key_points,
                "authors": json.dumps(doc["authors"]), "editors": json.dumps(doc["editors"]), "published": published,
                "modified": None, "dateline_place": art.dateline.place if art.dateline else None,
                "dateline_outlet": art.dateline.outlet if art.dateline else None, "category": art.category,
                "tags": art.tags, "notes": art.notes, "is_article": art.is_article, "text": art.text,
                "source": f"bench/{i}", "input_kind": art.provenance.input_kind,
                "extractor_version": art.provenance.extractor_version,
                "key_points_generated": art.provenance.key_points_generated, "schema_version": art.schema_version,
                "article_json": json.dumps(doc, ensure_ascii=False), "ingested_at": now,
            })
            for k, s in enumerate(art.sections):
                add("sections", {"article_id": aid, "idx": k, "heading": s.heading, "number": s.number,
                                 "paragraphs": s.paragraphs})
            if analysis:
                for e in analysis.get("entities", []):
                    add("doc_entities", {"article_id": aid, "entity_id": e.get("id"), "name": e.get("name"),
                                         "type": e.get("type"), "aliases": e.get("aliases") or [],
                                         "roles": json.dumps(e.get("roles") or [], ensure_ascii=False),
                                         "country": e.get("country"), "code": e.get("code")})
                for m in analysis.get("mentions", []):
                    if m.get("field", "text") != "text":
                        continue
                    add("mentions", {"article_id": aid, "start": m["start"], "end": m["end"], "text": m["text"],
                                     "type": m.get("type"), "entity_id": m.get("entity")})
                for k, q in enumerate(analysis.get("quotes", [])):
                    sp = q.get("speaker") or {}
                    add("quotes", {"article_id": aid, "idx": k, "text": q.get("text"), "start": q.get("start"),
                                   "end": q.get("end"), "direct": q.get("direct"), "cue": q.get("cue"),
                                   "speaker_entity": sp.get("entity"), "speaker_name": sp.get("name"),
                                   "source": q.get("source")})
            for k, ev in enumerate(events):
                actor, recipient = ev.get("actor") or {}, ev.get("recipient") or None
                if not actor.get("name"):
                    continue
                day = (published - timedelta(days=rng.randrange(3))).date().isoformat()
                add("event_mentions", {"article_id": aid, "idx": k, "event": ev.get("event"),
                                       "modes": list(ev.get("modes") or []), "actor_entity": actor.get("entity"),
                                       "actor_name": actor.get("name"),
                                       "recipient_entity": (recipient or {}).get("entity"),
                                       "recipient_name": (recipient or {}).get("name"),
                                       "date": day, "score": ev.get("score"), "sentence": ev.get("sentence")})
            if (i + 1) % 5000 == 0:
                flush()
                print(f"  generated {i + 1} articles", file=sys.stderr)
        flush()


def synthetic_events(bases: list[tuple[Article, dict[str, Any] | None, list[Any]]]) -> int:
    """When the events coder found nothing (or is absent): events between an article's two most
    mentioned actors, typed by a hash of the pair, so that the relation chart has data. Said so
    in the report."""
    types = ["CONSULT", "AGREE", "COOPERATE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "PROTEST", "THREATEN",
             "SANCTION"]
    scores = {"CONSULT": 1.0, "AGREE": 3.0, "COOPERATE": 4.0, "SUPPORT": 3.5, "REQUEST": -0.5, "ACCUSE": -2.0,
              "REJECT": -4.0, "PROTEST": -4.5, "THREATEN": -6.0, "SANCTION": -7.0}
    made = 0
    for k, (_art, analysis, events) in enumerate(bases):
        if events or not analysis:
            continue
        actors = [e for e in analysis.get("entities", []) if e.get("type") in ("COUNTRY", "PERSON", "ORGANIZATION")]
        actors.sort(key=lambda e: -(e.get("count") or 0))
        if len(actors) < 2:
            continue
        a, b = actors[0], actors[1]
        t = types[(hash(a["name"]) + k) % len(types)]
        events.append({"event": t, "actor": {"name": a["name"]}, "recipient": {"name": b["name"]},
                       "score": scores[t], "modes": [], "sentence": None})
        made += 1
    return made


# ------------------------------------------------------------------ load


WRK_LUA = """
local paths = {}
for line in io.lines(os.getenv("WARTA_BENCH_PATHS")) do paths[#paths + 1] = line end
math.randomseed(os.time() + math.floor(os.clock() * 1000000))
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local out = io.open(os.getenv("WARTA_BENCH_OUT"), "w")
  out:write(string.format('{"requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d, ' ..
    '"p50": %d, "p95": %d, "p99": %d, "mean": %f}\\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
  out:close()
end
"""


def run_wrk(base: str, paths: list[str], clients: int, duration: int, threads: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        pfile, ofile, script = Path(tmp) / "paths", Path(tmp) / "out.json", Path(tmp) / "bench.lua"
        pfile.write_text("\n".join(paths) + "\n", "utf-8")
        script.write_text(WRK_LUA, "utf-8")
        env = {**os.environ, "WARTA_BENCH_PATHS": str(pfile), "WARTA_BENCH_OUT": str(ofile)}
        subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{duration}s", "--timeout", "10s", "-s",
             str(script), base],
            check=True, env=env, capture_output=True,
        )
        got = json.loads(ofile.read_text())
    return {
        "requests": got["requests"],
        "rps": got["requests"] / (got["duration_us"] / 1e6),
        "p50_ms": got["p50"] / 1000, "p95_ms": got["p95"] / 1000, "p99_ms": got["p99"] / 1000,
        "errors": got["errors"] + got["status_errors"], "tool": "wrk",
    }


async def _client_loop(host: str, port: int, paths: list[str], stop: float, lat: list[float], errs: list[int],
                       rng: random.Random) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop:
            path = paths[rng.randrange(len(paths))]
            t = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            lat.append(time.perf_counter() - t)
            if status != 200:
                errs.append(status)
    finally:
        writer.close()


def run_python_client(host: str, port: int, paths: list[str], clients: int, duration: int) -> dict[str, Any]:
    lat: list[float] = []
    errs: list[int] = []

    async def main() -> float:
        t0 = time.perf_counter()
        stop = t0 + duration
        await asyncio.gather(*(_client_loop(host, port, paths, stop, lat, errs, random.Random(i))
                               for i in range(clients)))
        return time.perf_counter() - t0

    elapsed = asyncio.run(main())
    lat.sort()
    q = statistics.quantiles(lat, n=100)
    return {"requests": len(lat), "rps": len(lat) / elapsed, "p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000,
            "p99_ms": q[98] * 1000, "errors": len(errs), "tool": "python asyncio client"}


def http_stack() -> str:
    """What uvicorn picks here: httptools and uvloop when installed, else h11 and asyncio."""
    import importlib.util

    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return f"{http} + {loop}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(port: int, timeout: float = 120.0) -> None:
    import httpx

    end = time.time() + timeout
    while time.time() < end:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("server did not start")


def page_weight(port: int, path: str) -> int:
    import httpx

    return len(httpx.get(f"http://127.0.0.1:{port}{path}").content) + sum(
        len(httpx.get(f"http://127.0.0.1:{port}/static/{name}").content) for name in ("app.css", "app.js")
    )


def in_process_cpu(db: Path, scenarios: dict[str, list[str]], n: int, rounds: int = 3) -> dict[str, float]:
    """CPU ms per request of each scenario with the app called directly (ASGI, no HTTP, no load
    tool, result cache off), the least of ``rounds`` passes over ``n`` URLs: what the request
    itself costs, nearly independent of what else the machine runs."""
    import resource

    from warta.serve.app import asgi, create_app

    app = asgi(create_app(db, build=False, cache=False))

    async def call(path: str) -> int:
        p, _, query = path.partition("?")
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": p, "raw_path": p.encode(), "query_string": query.encode(),
                 "root_path": "", "headers": [(b"host", b"bench")], "client": ("127.0.0.1", 1),
                 "server": ("127.0.0.1", 80)}
        status = [0]

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]

        await app(scope, receive, send)  # type: ignore[arg-type]
        return status[0]

    def cpu() -> float:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime + r.ru_stime

    async def measure(paths: list[str]) -> float:
        for path in paths[:20]:  # first touch of the index pages
            await call(path)
        best = float("inf")
        for k in range(rounds):
            batch = paths[20 + k * n : 20 + (k + 1) * n] or paths[:n]
            c = cpu()
            for path in batch:
                if await call(path) != 200:
                    raise RuntimeError(f"{path}: not 200")
            best = min(best, (cpu() - c) * 1000 / len(batch))
        return best

    return {name: asyncio.run(measure(paths)) for name, paths in scenarios.items()}


# ------------------------------------------------------------------ report


def write_section(text: str) -> None:
    path = REPO / "docs" / "benchmarks.md"
    doc = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(doc):
        doc = pattern.sub(lambda _m: text.rstrip() + "\n\n", doc)
    else:
        doc = doc.rstrip() + "\n\n" + text.rstrip() + "\n"
    path.write_text(doc, "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=int, default=20, help="seconds per scenario")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=5, help="seconds of unmeasured load before each scenario")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "warta-bench")
    ap.add_argument("--analyze-seconds", type=float, default=240.0)
    ap.add_argument("--reuse", action="store_true", help="keep an existing generated database")
    ap.add_argument("--no-cache", action="store_true", help="serve with the result cache off (WARTA_SERVE_CACHE=0)")
    ap.add_argument("--queries", type=int, default=20_000, help="search URLs drawn")
    ap.add_argument("--in-process", type=int, default=400, metavar="N",
                    help="also measure CPU per request in one process over N URLs per scenario (0: not)")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    db = args.workdir / f"bench-{args.articles}.duckdb"
    from warta.search import build_index, index_dir_for

    meta_path = args.workdir / f"generation-{args.articles}.json"
    meta: dict[str, Any] = {}
    if args.reuse and db.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
    else:
        if not args.data.is_dir():
            sys.exit(f"{args.data}: development data not found")
        bases = read_bases(args.data, args.analyze_seconds)
        meta["synthetic_events"] = synthetic_events(bases)
        t = time.perf_counter()
        generate_db(db, bases, args.articles)
        meta["generate_s"] = time.perf_counter() - t
        shutil.rmtree(index_dir_for(db), ignore_errors=True)
        meta_path.write_text(json.dumps(meta), "utf-8")
    t = time.perf_counter()
    report = build_index(db, log=lambda m: print("  " + m, file=sys.stderr))
    if report.mode == "full":  # ("derived": only the hits table and pre-rendered pages were redone)
        meta["index_s"] = time.perf_counter() - t
        meta_path.write_text(json.dumps(meta), "utf-8")
    print(f"index: {report.as_dict()}", file=sys.stderr)
    gen_s, index_s, synthetic = meta.get("generate_s", 0.0), meta.get("index_s", 0.0), meta.get("synthetic_events", 0)

    import sqlite3

    cat = sqlite3.connect(index_dir_for(db) / "catalog.sqlite3")
    ids = [r[0] for r in cat.execute("SELECT id FROM articles")]
    n_articles = len(ids)
    titles = [r[0] for r in cat.execute("SELECT title FROM articles WHERE title IS NOT NULL GROUP BY title")]
    pairs = cat.execute(
        "SELECT min(source_key, target_key), max(source_key, target_key), count(*) FROM events "
        "WHERE target_key IS NOT NULL AND source_key != target_key GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 200"
    ).fetchall()
    n_events = cat.execute("SELECT count(*) FROM events").fetchone()[0]
    cat.close()
    from urllib.parse import quote

    rng = random.Random(1)
    words = [w for t in titles for w in re.findall(r"[A-Za-z]{4,}", t)]
    queries = []
    for _ in range(args.queries):
        k = rng.choice((1, 1, 2, 2, 3))
        queries.append("/search?q=" + quote(" ".join(rng.choice(words) for _ in range(k)).lower()))
    scenarios = {
        "search": queries,
        "article page": [f"/articles/{rng.choice(ids)}" for _ in range(20000)],
        "relation chart": [f"/relations?a={quote(a)}&b={quote(b)}" for a, b, _ in pairs] or ["/relations"],
    }

    cpu_in_process: dict[str, float] = {}
    if args.in_process:
        cpu_in_process = in_process_cpu(db, scenarios, args.in_process)
        print("in one process, cache off: " + ", ".join(f"{k} {v:.2f} ms CPU/request"
                                                        for k, v in cpu_in_process.items()), file=sys.stderr)
    port = free_port()
    env = {**os.environ, "WARTA_SERVE_CACHE": "0" if args.no_cache else "1"}
    load_before = os.getloadavg()[0]
    proc = subprocess.Popen(
        [sys.executable, "-m", "warta.cli.main", "serve", "--db", str(db), "--port", str(port), "--workers",
         str(args.workers), "--no-build"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True, env=env,
    )
    results: dict[str, dict[str, Any]] = {}
    try:
        wait_up(port)
        weight = page_weight(port, scenarios["article page"][0])
        for name, paths in scenarios.items():
            # warm-up (and first-touch of the index pages), then the measured run
            if shutil.which("wrk"):
                run_wrk(f"http://127.0.0.1:{port}", paths, args.clients, args.warmup, 2)
                cpu0 = sum(process_tree_cpu(proc.pid).values())
                results[name] = run_wrk(f"http://127.0.0.1:{port}", paths, args.clients, args.duration, 2)
            else:
                run_python_client("127.0.0.1", port, paths, args.clients, args.warmup)
                cpu0 = sum(process_tree_cpu(proc.pid).values())
                results[name] = run_python_client("127.0.0.1", port, paths, args.clients, args.duration)
            r = results[name]
            r["cpu_ms"] = (sum(process_tree_cpu(proc.pid).values()) - cpu0) * 1000 / max(r["requests"], 1)
            r["load"] = os.getloadavg()[0]
            print(f"{name:15s} {r['rps']:8.0f} req/s  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
                  f"p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}  cpu {r['cpu_ms']:.2f} ms/req  "
                  f"load {r['load']:.1f}", file=sys.stderr)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)

    targets = {"search": 100.0, "article page": 50.0}
    command = (f"python benchmarks/serve.py --articles {args.articles} --clients {args.clients} --duration "
               f"{args.duration} --workers {args.workers}" + (" --no-cache" if args.no_cache else "")
               + (f" --reuse --workdir {args.workdir}" if args.reuse else ""))
    lines = [
        SECTION,
        "",
        f"`{command}` on this machine ({os.cpu_count()} cores, shared with the load "
        f"tool), {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; 1-minute load average {load_before:.1f} "
        "before the server started.",
        "",
        f"Database: {n_articles:,} articles generated from the development pages (`../shared/data/id` and "
        f"`examples/`: new ids and publication dates over two years), {n_events:,} events"
        + (f" ({synthetic} base articles given a synthetic event: the events coder found none in them)"
           if synthetic else "")
        + f". Generating the store took {gen_s:.0f} s and `warta.search.build_index` {index_s:.0f} s "
        f"({n_articles / index_s if index_s else 0:,.0f} articles/s).",
        "",
        f"Server: `warta serve --workers {args.workers}` (uvicorn with {http_stack()}, FastAPI) on 127.0.0.1. Load: "
        f"{results[next(iter(results))]['tool']}, {args.clients} concurrent connections (keep-alive, no think "
        f"time), {args.duration} s per scenario after a {args.warmup} s warm-up; each request draws a random URL: "
        f"search with 1 to 3 title words ({len(set(queries)):,} distinct queries; full HTML results page with "
        f"facets and highlighting), article page (random id among all), relation chart (the 200 most frequent "
        f"actor pairs). Result cache: "
        + ("off (`--no-cache`: every request computed)." if args.no_cache else
           "on, as shipped (per process: 512 searches, 512 relation charts, 4,096 article documents; article "
           "pages are pre-rendered by `build_index` and do not use it)."),
        "",
        "| scenario | requests/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/request | load avg | p95 target "
        "| 2 dedicated cores: requests/s, p50 ms (projected) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, r in results.items():
        tgt = targets.get(name)
        verdict = "" if tgt is None else (f"< {tgt:.0f} ms: {'met' if r['p95_ms'] < tgt else 'NOT met'}")
        cap = 2000 / max(r["cpu_ms"], 0.01)
        lines.append(f"| {name} | {r['rps']:,.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | "
                     f"{r['errors']} | {r['cpu_ms']:.2f} | {r['load']:.1f} | {verdict} | "
                     f"{cap:,.0f}, {args.clients / cap * 1000:.0f} |")
    busiest = max(max(r["load"] for r in results.values()), load_before)
    if busiest > 2.5:
        lines += ["", f"This run shared the machine with other work (1-minute load average up to {busiest:.1f} on "
                  f"{os.cpu_count()} cores): its latencies are not those of the explorer on a machine of its own; "
                  "the CPU figures and the projection from them are."]
    lines += ["", "The load average (1 min, after the run) counts every process on the machine, the load tool "
              "and other work included; on a 2-core machine anything above 2 means the server did not have "
              "the cores to itself. *Server CPU ms/request* is the CPU time the server processes used "
              "during the run divided by the requests served: it does not depend on that contention, and "
              "2000 / (CPU ms/request) is the most requests/s two dedicated cores could serve, which by "
              "Little's law puts the p50 latency at 50 clients near 50 / that rate."]
    if cpu_in_process:
        lines += ["", "The same URLs with the app called in one process (ASGI, no HTTP and no load tool, result "
                  f"cache off; the least of 3 passes over {args.in_process} URLs): "
                  + ", ".join(f"{k} {v:.2f} ms" for k, v in cpu_in_process.items())
                  + " of CPU per request. This is what a request costs by itself; the HTTP server adds about "
                  "0.1 ms."]
    lines += ["", f"Article page weight (HTML + CSS + JS, no images are embedded): {weight / 1024:.1f} KB "
              "(target < 200 KB)."]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
