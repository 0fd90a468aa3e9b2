"""Kill a crawling process with SIGKILL mid-run; the rerun finishes the work, losing nothing.

The consumer stands in for the store: it records each page under its ``source`` key (unique) in
the same commit as a delivery log, then acknowledges it to the frontier (``auto_ack=False``).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tests.servers import NewsSite

N = 40

CONSUMER = textwrap.dedent(
    """
    import sqlite3, sys
    from warta.sources.crawler import CrawlConfig, Crawler
    from warta.sources.base import RawDocument

    frontier, store, base, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    db = sqlite3.connect(store)
    db.execute("CREATE TABLE IF NOT EXISTS pages(source TEXT PRIMARY KEY, size INT)")
    db.execute("CREATE TABLE IF NOT EXISTS deliveries(source TEXT)")
    db.commit()
    config = CrawlConfig(per_host_delay=0.04, per_host_concurrency=1, allowed_networks=("127.0.0.1/32",),
                         auto_ack=False, timeout=5)
    crawler = Crawler(config, frontier)
    crawler.add([f"{base}/page/{i}.html" for i in range(1, n + 1)], revisit=False)
    for item in crawler.run():
        if isinstance(item, RawDocument):
            db.execute("INSERT OR IGNORE INTO pages VALUES (?, ?)", (item.source, item.size))
            db.execute("INSERT INTO deliveries VALUES (?)", (item.source,))
            db.commit()
            crawler.ack(item.source)
    print("finished")
    """
)


def _start(tmp_path: Path, site: NewsSite) -> subprocess.Popen[str]:
    script = tmp_path / "consumer.py"
    script.write_text(CONSUMER)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    return subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(tmp_path / "frontier.sqlite"),
            str(tmp_path / "store.sqlite"),
            f"http://127.0.0.1:{site.port}",
            str(N),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _stored(tmp_path: Path) -> tuple[set[str], list[str]]:
    db = sqlite3.connect(tmp_path / "store.sqlite")
    try:
        pages = {r[0] for r in db.execute("SELECT source FROM pages")}
        deliveries = [r[0] for r in db.execute("SELECT source FROM deliveries")]
    finally:
        db.close()
    return pages, deliveries


def test_sigkill_mid_crawl_then_rerun(tmp_path: Path):
    with NewsSite() as site:
        proc = _start(tmp_path, site)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # wait until some, not all, pages are stored
            time.sleep(0.1)
            if (tmp_path / "store.sqlite").exists():
                try:
                    got, _ = _stored(tmp_path)
                except sqlite3.OperationalError:
                    continue
                if len(got) >= 8:
                    break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        first, _ = _stored(tmp_path)
        assert 8 <= len(first) < N

        proc = _start(tmp_path, site)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "finished" in out
        pages, deliveries = _stored(tmp_path)
        assert pages == {f"http://127.0.0.1:{site.port}/page/{i}.html" for i in range(1, N + 1)}
        # at most the page in flight at the kill (stored, not yet acknowledged) is delivered twice
        assert len(deliveries) - len(set(deliveries)) <= 1
        # pages stored before the kill were not fetched again
        assert sum(site.hits[u.split(str(site.port))[1]] for u in first) <= len(first) + 1
