"""The crawler's to-do list, in a small SQLite file of its own, so a crawl survives restarts.

States: ``pending`` -> ``claimed`` (a worker has it) -> ``fetched`` (a page was handed to the
consumer, not yet acknowledged) -> ``done``; or ``skipped`` / ``failed`` with a reason.
:meth:`Frontier.recover` (called when a crawl starts) puts ``claimed`` and unacknowledged
``fetched`` rows back to ``pending``: a page that was fetched but never stored is fetched again
(unconditionally: its validators are cleared), one that was stored is not.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from warta.sources.urls import canonical_url

_SCHEMA = """
CREATE TABLE IF NOT EXISTS frontier (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    host TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'auto',
    depth INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending',
    seq INTEGER NOT NULL,
    parent TEXT,
    published TEXT,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    http_status INTEGER,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated REAL
);
CREATE INDEX IF NOT EXISTS frontier_state ON frontier(state, seq);
"""

ACTIVE = ("pending", "claimed", "fetched")


@dataclass(slots=True)
class Row:
    key: str
    url: str
    host: str
    kind: str
    depth: int
    published: str | None
    title: str | None
    etag: str | None
    last_modified: str | None
    parent: str | None


def url_key(url: str) -> str:
    return canonical_url(url)


def url_host(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


class Frontier:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        if self.path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        row = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM frontier").fetchone()
        self._seq = int(row[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(
        self,
        urls: Iterable[tuple[str, dict[str, object]]],
        *,
        kind: str = "auto",
        depth: int = 0,
        parent: str | None = None,
        revisit: bool = False,
        revisit_before: float | None = None,
    ) -> int:
        """Add (url, extra) pairs; ``extra`` may set kind, published, title. Returns how many were new.
        With ``revisit``, finished rows go back to ``pending`` keeping their ETag/Last-Modified,
        so the fetch is conditional; ``revisit_before`` limits that to rows last updated before
        that time (a crawl passes its start time: a sitemap read earlier in the same crawl is not
        read again, one read by an earlier crawl is)."""
        added = 0
        now = time.time()
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for url, extra in urls:
                    key = url_key(url)
                    self._seq += 1
                    cur = self._db.execute(
                        "INSERT OR IGNORE INTO frontier(key, url, host, kind, depth, seq, parent, published,"
                        " title, updated) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (
                            key,
                            url,
                            url_host(url),
                            str(extra.get("kind") or kind),
                            depth,
                            self._seq,
                            parent,
                            extra.get("published"),
                            extra.get("title"),
                            now,
                        ),
                    )
                    if cur.rowcount:
                        added += 1
                    elif revisit:
                        self._db.execute(
                            "UPDATE frontier SET state='pending', attempts=0, seq=?, updated=?"
                            " WHERE key=? AND state NOT IN ('pending','claimed','fetched') AND updated < ?",
                            (self._seq, now, key, revisit_before if revisit_before is not None else now + 1),
                        )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return added

    def recover(self, retry_failed_below: int = 3) -> int:
        """Return interrupted work to ``pending``, and rows that failed for a passing reason
        (timeout, network, 429/5xx) in fewer than ``retry_failed_below`` crawls; returns how many."""
        with self._lock:
            c = self._db.execute(
                "UPDATE frontier SET state='pending' WHERE state='failed' AND attempts < ?"
                " AND reason IN ('timeout', 'network', 'http-error', 'robots-unavailable')",
                (retry_failed_below,),
            ).rowcount
            a = self._db.execute(
                "UPDATE frontier SET state='pending', etag=NULL, last_modified=NULL WHERE state='fetched'"
            ).rowcount
            b = self._db.execute("UPDATE frontier SET state='pending' WHERE state='claimed'").rowcount
        return a + b + c

    def claim(
        self, limit: int, *, per_host: int | None = None, held: dict[str, int] | None = None, scan: int = 20_000
    ) -> list[Row]:
        """Claim up to ``limit`` pending rows in queue order, at most ``per_host`` per host counting
        the ``held`` rows the caller already has per host (so that one host with 50,000 queued
        pages does not starve the others); at most ``scan`` rows are looked at."""
        counts = dict(held or {})
        with self._lock:
            cur = self._db.execute(
                "SELECT key, url, host, kind, depth, published, title, etag, last_modified, parent"
                " FROM frontier WHERE state='pending' ORDER BY seq LIMIT ?",
                (scan if per_host is not None else limit,),
            )
            rows = []
            for r in cur:
                if per_host is not None:
                    if counts.get(r[2], 0) >= per_host:
                        continue
                    counts[r[2]] = counts.get(r[2], 0) + 1
                rows.append(r)
                if len(rows) >= limit:
                    break
            cur.close()
            if rows:
                self._db.executemany(
                    "UPDATE frontier SET state='claimed', attempts=attempts+1 WHERE key=?",
                    [(r[0],) for r in rows],
                )
        return [Row(*r) for r in rows]

    def release(self, keys: list[str]) -> None:
        with self._lock:
            self._db.executemany(
                "UPDATE frontier SET state='pending' WHERE key=? AND state='claimed'", [(k,) for k in keys]
            )

    def mark(
        self,
        key: str,
        state: str,
        *,
        http_status: int | None = None,
        reason: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        keep_validators: bool = False,
    ) -> None:
        with self._lock:
            if keep_validators:
                self._db.execute(
                    "UPDATE frontier SET state=?, http_status=COALESCE(?, http_status), reason=?, updated=?"
                    " WHERE key=?",
                    (state, http_status, reason, time.time(), key),
                )
            else:
                self._db.execute(
                    "UPDATE frontier SET state=?, http_status=?, reason=?, etag=?, last_modified=?, updated=?"
                    " WHERE key=?",
                    (state, http_status, reason, etag, last_modified, time.time(), key),
                )

    def ack(self, url: str) -> None:
        """The consumer has stored the page fetched from ``url``: it is done."""
        with self._lock:
            self._db.execute(
                "UPDATE frontier SET state='done', updated=? WHERE key=? AND state='fetched'",
                (time.time(), url_key(url)),
            )

    def state_of(self, url: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT state FROM frontier WHERE key=?", (url_key(url),)).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._db.execute("SELECT state, COUNT(*) FROM frontier GROUP BY state").fetchall())

    def pending(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM frontier WHERE state='pending'").fetchone()
        return int(row[0])
