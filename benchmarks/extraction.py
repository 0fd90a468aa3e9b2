"""HTML article extraction: warta against the common open-source extractors, in one run.

    .venv/bin/python benchmarks/extraction.py                 # ScrapingHub + full Dragnet, all tools
    .venv/bin/python benchmarks/extraction.py --limit 300     # Dragnet cut to its first 300 pages
    .venv/bin/python benchmarks/extraction.py --tools warta,trafilatura --no-write

Every tool runs in its own subprocess pinned to one CPU core, on the same pages in the same
order, so that:

* speed is pages per CPU-second of that process (``time.process_time``), i.e. per core, which
  stays honest when other work shares the machine;
* peak memory is the subprocess's peak resident set (``ru_maxrss``) and its growth over the
  baseline measured after imports and before the first page;
* a tool that crashes on a page gets an empty body for that page (counted, reported).

Every tool gets the page as a Unicode string decoded the same way (BOM, then ``<meta charset>``,
then UTF-8, then cp1252), so decoding is not part of anyone's time.

Body quality uses the ScrapingHub metric (benchmarks/common.py). Field accuracy (title, authors,
published date) is measured where gold exists: the Media Indonesia pages with their expected
fields, and the Indonesian outlet pages with the expectations written for the tests
(tests/pages/outlets_expected.json).

Results go to the ``## HTML extraction`` section of docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import REPO, SHARED_DATA, dragnet_pages, metrics, scrapinghub_pages, tp_fp_fn

TOOLS = ["warta", "trafilatura", "readability-lxml", "newspaper4k", "goose3", "justext", "boilerpy3", "resiliparse"]
SECTION = "## HTML extraction"
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", "replace")
    m = _META_CHARSET.search(raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii", "ignore"))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


# --- tools: each returns (body text, fields dict) -------------------------------------------------

Fields = dict[str, object]
Extractor = Callable[[str, str | None], tuple[str, Fields]]


def _make(tool: str) -> Extractor:
    if tool == "warta":
        from warta.extract.html import extract_html

        def run(html: str, url: str | None) -> tuple[str, Fields]:
            a = extract_html(html, url=url)
            return a.text, {"title": a.title, "authors": [x.name for x in a.authors],
                            "published": a.published.isoformat() if a.published else None}
        return run
    if tool == "trafilatura":
        import trafilatura

        def run(html: str, url: str | None) -> tuple[str, Fields]:
            # the body with the default call (what users run and what its published figures use)
            return trafilatura.extract(html, url=url) or "", {}

        def fields(html: str, url: str | None) -> tuple[str, Fields]:
            doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
            if not doc:
                return "", {}
            d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            author = d.get("author") or ""
            return d.get("text") or "", {"title": d.get("title"),
                                         "authors": [x.strip() for x in author.split(";") if x.strip()],
                                         "published": d.get("date")}
        run.fields = fields  # type: ignore[attr-defined]
        return run
    if tool == "readability-lxml":
        from lxml.html import fromstring
        from readability import Document

        def run(html: str, url: str | None) -> tuple[str, Fields]:
            doc = Document(html)
            summary = doc.summary(html_partial=True)
            text = fromstring(summary).text_content() if summary.strip() else ""
            return text, {"title": doc.short_title()}
        return run
    if tool == "newspaper4k":
        import newspaper

        def run(html: str, url: str | None) -> tuple[str, Fields]:
            art = newspaper.Article(url or "http://example.com/a", fetch_images=False)
            art.download(input_html=html)
            art.parse()
            pub = art.publish_date.isoformat() if art.publish_date else None
            return art.text or "", {"title": art.title, "authors": list(art.authors), "published": pub}
        return run
    if tool == "goose3":
        from goose3 import Goose

        g = Goose({"enable_image_fetching": False})

        def run(html: str, url: str | None) -> tuple[str, Fields]:
            art = g.extract(raw_html=html)
            return art.cleaned_text or "", {"title": art.title, "authors": list(art.authors or []),
                                            "published": art.publish_datetime_utc.isoformat()
                                            if art.publish_datetime_utc else art.publish_date}
        return run
    if tool == "justext":
        import justext

        stop = justext.get_stoplist("English")

        def run(html: str, url: str | None) -> tuple[str, Fields]:
            paras = justext.justext(html.encode("utf-8"), stop, encoding="utf-8")
            return "\n\n".join(p.text for p in paras if not p.is_boilerplate), {}
        return run
    if tool == "boilerpy3":
        from boilerpy3 import extractors

        ext = extractors.ArticleExtractor(raise_on_failure=False)

        def run(html: str, url: str | None) -> tuple[str, Fields]:
            return ext.get_content(html) or "", {}
        return run
    if tool == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree

        def run(html: str, url: str | None) -> tuple[str, Fields]:
            tree = HTMLTree.parse(html)
            return extract_plain_text(tree, main_content=True, alt_texts=False, links=False,
                                      list_bullets=False, noscript=False), {}
        return run
    raise ValueError(f"unknown tool {tool}")


# --- pages -----------------------------------------------------------------------------------------


def field_pages() -> Iterator[tuple[str, str, str | None, dict[str, object]]]:
    """(key, html, url, gold fields) for pages with gold title/authors/date."""
    mi = SHARED_DATA / "id" / "html" / "mediaindonesia"
    for exp in sorted(mi.glob("*.expected.json")):
        gold = json.loads(exp.read_text("utf-8"))
        v = next(iter(gold.values()))
        html = decode(gzip.decompress((mi / exp.name.replace(".expected.json", ".html.gz")).read_bytes()))
        yield exp.name, html, None, {"title": v.get("title"), "authors": v.get("authors"),
                                     "published": (v.get("publishing_date") or "").replace(" ", "T")}
    expected = REPO / "tests" / "pages" / "outlets_expected.json"
    if expected.exists():
        for name, e in json.loads(expected.read_text("utf-8")).items():
            path = SHARED_DATA / "id" / "html" / "outlets" / name
            if path.exists():
                yield name, decode(path.read_bytes()), e.get("url"), {
                    "title": e.get("title"), "authors": e.get("authors"), "published": e.get("published")}


def _fold(s: object) -> str:
    return re.sub(r"\W+", " ", str(s or "").casefold()).strip()


def field_scores(pred: dict[str, object], gold: dict[str, object]) -> dict[str, bool]:
    out = {}
    out["title"] = _fold(pred.get("title")) == _fold(gold.get("title"))
    pa = sorted(_fold(a) for a in (pred.get("authors") or []))  # type: ignore[union-attr]
    ga = sorted(_fold(a) for a in (gold.get("authors") or []))  # type: ignore[union-attr]
    out["authors"] = pa == ga
    gp, pp = str(gold.get("published") or ""), str(pred.get("published") or "")
    # the same instant, zone included when gold has one
    from datetime import datetime

    def parse(s: str) -> datetime | None:
        try:
            return datetime.fromisoformat(s.strip().replace("Z", "+00:00"))
        except ValueError:
            return None

    g, p = parse(gp), parse(pp)
    if g is None:
        out["published"] = not pp
    elif p is None:
        out["published"] = False
    elif g.tzinfo is not None and p.tzinfo is not None:
        out["published"] = g == p and g.utcoffset() == p.utcoffset()
    else:
        out["published"] = g.replace(tzinfo=None) == p.replace(tzinfo=None)
    out["day"] = g is not None and p is not None and g.date() == p.date()
    if g is None:
        out["day"] = not pp
    return out


# --- worker ----------------------------------------------------------------------------------------


def worker(tool: str, datasets: list[str], limit: int | None, out_path: str, core: int = 0) -> None:
    import resource

    with contextlib.suppress(AttributeError, OSError):
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cores[core % len(cores)]})
    run = _make(tool)
    # warm-up: imports and lazy initialisation are not part of the timed run
    run("<html><head><title>x</title></head><body><p>warm up text for the extractor.</p></body></html>", None)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results: dict[str, object] = {"tool": tool, "datasets": {}}
    for ds in datasets:
        pages = scrapinghub_pages() if ds == "scrapinghub" else dragnet_pages(limit=limit)
        texts: dict[str, str] = {}
        cpu = 0.0
        wall = 0.0
        errors = 0
        for page in pages:
            html = decode(page.html)
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                text, _ = run(html, page.url)
            except Exception:
                text, errors = "", errors + 1
            cpu += time.process_time() - c0
            wall += time.perf_counter() - t0
            texts[page.key] = text or ""
        results["datasets"][ds] = {"texts": texts, "cpu": cpu, "wall": wall, "errors": errors}  # type: ignore[index]
    fields: dict[str, object] = {}
    field_run = getattr(run, "fields", run)
    for key, html, url, _gold in field_pages():
        try:
            _, f = field_run(html, url)
        except Exception:
            f = {}
        fields[key] = f
    results["fields"] = fields
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["base_rss_mb"] = base_rss / 1024
    Path(out_path).write_text(json.dumps(results), "utf-8")


# --- report ----------------------------------------------------------------------------------------


def gold_texts(datasets: list[str], limit: int | None) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for ds in datasets:
        pages = scrapinghub_pages() if ds == "scrapinghub" else dragnet_pages(limit=limit)
        out[ds] = {p.key: p.gold for p in pages}
    return out


def report(all_results: list[dict], datasets: list[str], limit: int | None) -> str:
    gold = gold_texts(datasets, limit)
    gold_fields = {k: g for k, _h, _u, g in field_pages()}
    lines = [SECTION, ""]
    lines.append(
        f"Development figures, measured {time.strftime('%Y-%m-%d')} with `benchmarks/extraction.py"
        + (f" --limit {limit}" if limit else "") + "` (one run, every tool on the same pages; "
        "speed is pages per CPU-second of a single-core process; memory is the process's peak RSS "
        "and its growth over the post-import baseline)."
    )
    lines.append("")
    for ds in datasets:
        n = len(gold[ds])
        lines.append(f"### {ds} ({n} pages)")
        lines.append("")
        lines.append("| tool | F1 | precision | recall | pages/s (1 core) | peak RSS MB | RSS growth MB | errors |")
        lines.append("|---|---|---|---|---|---|---|---|")
        rows = []
        for r in all_results:
            d = r["datasets"].get(ds)
            if not d:
                continue
            scores = [tp_fp_fn(gold[ds][k], d["texts"].get(k, "")) for k in gold[ds]]
            m = metrics(scores)
            speed = n / d["cpu"] if d["cpu"] else float("inf")
            rows.append((m["f1"], r["tool"], m, speed, r["peak_rss_mb"], r["peak_rss_mb"] - r["base_rss_mb"],
                         d["errors"]))
        for f1, tool, m, speed, rss, growth, errors in sorted(rows, key=lambda x: -x[0]):
            lines.append(f"| {tool} | {f1:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | {speed:.1f} | "
                         f"{rss:.0f} | {growth:.0f} | {errors} |")
        lines.append("")
    if gold_fields:
        lines.append(f"### Fields ({len(gold_fields)} Indonesian pages with gold title, authors, published)")
        lines.append("")
        lines.append("| tool | title | authors | published (same instant and zone) | published (same day) |")
        lines.append("|---|---|---|---|---|")
        for r in all_results:
            fields = r.get("fields", {})
            if not any(fields.values()):
                continue
            counts = {"title": 0, "authors": 0, "published": 0, "day": 0}
            for k, g in gold_fields.items():
                s = field_scores(fields.get(k, {}) or {}, g)
                for f in counts:
                    counts[f] += int(s[f])
            n = len(gold_fields)
            lines.append(f"| {r['tool']} | {counts['title']}/{n} | {counts['authors']}/{n} | "
                         f"{counts['published']}/{n} | {counts['day']}/{n} |")
        lines.append("")
        lines.append("Tools that return no metadata (jusText, boilerpy3, resiliparse) are left out of this table; "
                     "readability-lxml returns a title only. Gold: the two Media Indonesia pages' expected fields "
                     "(flairNLP/fundus test data; on one of them the expected author is the name the page prints "
                     "as editor, see tests/test_html_outlets.py) and the 13 outlet pages' expectations written "
                     "for warta's tests by reading the pages (not independent of warta's development).")
        lines.append("")
    return "\n".join(lines)


def write_section(section: str, path: Path) -> None:
    text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    else:
        nxt = re.search(r"^## ", text[start + len(SECTION):], re.M)
        end = start + len(SECTION) + nxt.start() if nxt else len(text)
        text = text[:start] + section.rstrip("\n") + "\n\n" + text[end:].lstrip("\n")
    path.write_text(text.rstrip("\n") + "\n", "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--datasets", default="scrapinghub,dragnet")
    ap.add_argument("--limit", type=int, default=None, help="first N Dragnet pages (default: all 1,381)")
    ap.add_argument("--jobs", type=int, default=1, help="tools run at once (each on its own core)")
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--worker", nargs=2, metavar=("TOOL", "OUT"), help=argparse.SUPPRESS)
    ap.add_argument("--core", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args()
    datasets = [d for d in args.datasets.split(",") if d]
    if args.worker:
        worker(args.worker[0], datasets, args.limit, args.worker[1], args.core)
        return
    if not SHARED_DATA.is_dir():
        sys.exit("../shared/data is not present")
    tools = [t for t in args.tools.split(",") if t]
    tmp = Path(tempfile.mkdtemp(prefix="warta-bench-"))
    results = []
    pending = list(tools)
    running: list[tuple[str, subprocess.Popen[bytes], Path, float, int]] = []
    while pending or running:
        while pending and len(running) < args.jobs:
            tool = pending.pop(0)
            out = tmp / f"{tool}.json"
            # each running worker on its own core
            busy = {r[4] for r in running}
            core = next(c for c in range(args.jobs + 1) if c not in busy)
            cmd = [sys.executable, __file__, "--worker", tool, str(out), "--datasets", args.datasets,
                   "--core", str(core)]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            running.append((tool, subprocess.Popen(cmd), out, time.time(), core))
        for item in list(running):
            tool, proc, out, t0, _core = item
            if proc.poll() is None:
                continue
            running.remove(item)
            if proc.returncode == 0 and out.exists():
                results.append(json.loads(out.read_text("utf-8")))
                print(f"{tool}: done in {time.time() - t0:.0f}s", file=sys.stderr)
            else:
                print(f"{tool}: failed (exit {proc.returncode})", file=sys.stderr)
        time.sleep(0.2)
    order = {t: i for i, t in enumerate(tools)}
    results.sort(key=lambda r: order.get(r["tool"], 99))
    section = report(results, datasets, args.limit)
    print(section)
    if not args.no_write:
        write_section(section, args.out)
        print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
