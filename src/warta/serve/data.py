"""What the explorer's pages and API read: articles, entities, quotes, events and relations.

Everything comes from the index built by :func:`warta.search.build_index` (a tantivy full-text
index and a SQLite row catalog beside the database); DuckDB itself is opened read-only, briefly,
only for the ingest status page. All SQL is parameterised; the only text spliced into SQL is
placeholders and column names chosen here.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from warta.search import Filters, SearchIndex, build_index, index_dir_for
from warta.search.index import ENTITY_FACET_MAX_MATCHES
from warta.search.text import parse_query, snippet

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_QUERY_CHARS = 500
MAX_FILTER_VALUES = 10
HIT_COLUMNS = ("title", "subtitle", "outlet", "published", "url", "text_opening")  # what a results page shows
ID_RE = re.compile(r"^[0-9a-f]{4,64}$")


class BadRequest(ValueError):
    """A request the explorer will not answer, with the reason (becomes a 400)."""

    def __init__(self, message: str, code: str = "bad_request", status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


class NotFound(LookupError):
    pass


# ------------------------------------------------------------------ cursors


def encode_cursor(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, kind: str) -> dict[str, Any] | None:
    """The position a cursor points to; BadRequest when it is not one this API handed out."""
    if not cursor:
        return None
    if len(cursor) > 400:
        raise BadRequest("cursor is too long", "bad_cursor")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequest("cursor is not valid (pass back next_cursor unchanged)", "bad_cursor") from None
    if not isinstance(data, dict) or data.get("k") != kind:
        raise BadRequest("cursor belongs to another listing", "bad_cursor")
    for key, types in CURSOR_FIELDS[kind].items():
        value = data.get(key)
        if (not isinstance(value, types) or isinstance(value, bool)
                or (isinstance(value, str) and len(value) > 300)
                or (isinstance(value, int) and not -(2**62) < value < 2**62)):
            raise BadRequest("cursor is not valid (pass back next_cursor unchanged)", "bad_cursor")
    return data


# what each listing's cursor holds: search offset; entities (articles, key); quotes (time, id);
# events (date, id)
CURSOR_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "s": {"o": int},
    "e": {"n": int, "key": str},
    "q": {"t": int, "i": int},
    "v": {"d": str, "i": int},
}


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequest(f"limit must be between 1 and {MAX_LIMIT}", "bad_limit")
    return limit


def check_id(article_id: str) -> str:
    if not ID_RE.match(article_id):
        raise BadRequest("an article id is 4 to 64 lower-case hexadecimal characters", "bad_id")
    return article_id


def parse_day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]) if len(value) <= 32 else None
    except ValueError:
        raise BadRequest(f"{name} must be a date as YYYY-MM-DD", "bad_date") from None


def _iso(ts: int | None) -> str | None:
    if not ts:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat()


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None
    total: int | None = None


# ------------------------------------------------------------------ the explorer


class Explorer:
    """One database and its index, shared by every request of a server process."""

    def __init__(self, db: str | Path, *, index_dir: str | Path | None = None, build: bool = True,
                 cache: bool = True) -> None:
        self.db = str(db)
        self.cache = cache
        self.index_dir = Path(index_dir) if index_dir else index_dir_for(db)
        if build:
            build_index(self.db, self.index_dir)
        self.index = SearchIndex(self.index_dir)
        self._mtime = (self.index_dir / "manifest.json").stat().st_mtime
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[str, str], Any] = OrderedDict()
        self._checked = time.monotonic()

    # caching: pages are read-only, so results are kept until the index changes (``cache=False``
    # computes every answer, e.g. to measure what an unrepeated request costs)
    def _cached(self, kind: str, key: str, compute: Any, size: int = 2048) -> Any:
        self.maybe_refresh()
        if not self.cache:
            return compute()
        k = (kind, key)
        with self._lock:
            if k in self._cache:
                self._cache.move_to_end(k)
                return self._cache[k]
        value = compute()
        with self._lock:
            self._cache[k] = value
            while len(self._cache) > size:
                self._cache.popitem(last=False)
        return value

    def maybe_refresh(self, force: bool = False) -> None:
        """At most once a second (or now, when ``force``): reopen the index if a build changed it.

        A fresh :class:`SearchIndex` is opened rather than the old one reloaded, because a full
        rebuild replaces the folder's files (the old handles would keep reading the old ones)."""
        now = time.monotonic()
        if not force and now - self._checked < 1.0:
            return
        self._checked = now
        try:
            mtime = (self.index_dir / "manifest.json").stat().st_mtime
        except OSError:
            return
        if mtime != self._mtime:
            self.index = SearchIndex(self.index_dir)
            self._mtime = mtime
            with self._lock:
                self._cache.clear()

    @property
    def sql(self) -> Any:
        return self.index.db

    # ------------------------------------------------------------ articles

    def summaries(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        rows = self.sql.execute(
            f"SELECT id, title, subtitle, outlet, published, url, category FROM articles "
            f"WHERE id IN ({','.join('?' * len(ids))})",
            ids,
        ).fetchall()
        return {
            r[0]: {"id": r[0], "title": r[1], "subtitle": r[2], "outlet": r[3], "published": r[4], "url": r[5],
                   "category": r[6]}
            for r in rows
        }

    def filters(
        self, outlet: list[str], entity: list[str], event_type: list[str], date_from: str | None, date_to: str | None
    ) -> Filters:
        for name, values in (("outlet", outlet), ("entity", entity), ("event_type", event_type)):
            if len(values) > MAX_FILTER_VALUES:
                raise BadRequest(f"at most {MAX_FILTER_VALUES} values of {name}", "too_many_filters")
            if any(len(v) > 200 for v in values):
                raise BadRequest(f"a value of {name} is longer than 200 characters", "bad_filter")
        from warta.search import entity_key

        f = Filters(
            outlet=[o for o in outlet if o],
            entity=[entity_key(e) for e in entity if e.strip()],
            event_type=[t.strip().upper() for t in event_type if t.strip()],
            date_from=parse_day(date_from, "from"),
            date_to=parse_day(date_to, "to"),
        )
        if f.date_from and f.date_to and f.date_from > f.date_to:
            raise BadRequest("from is after to", "bad_date")
        return f

    def search(self, q: str, filters: Filters, *, limit: int, cursor: str | None, sort: str = "relevance",
               facets: bool = True) -> dict[str, Any]:
        """Full-text search (``q``) or, without ``q``, the newest articles; both with filters."""
        check_limit(limit)
        if len(q) > MAX_QUERY_CHARS:
            raise BadRequest(f"q is longer than {MAX_QUERY_CHARS} characters", "query_too_long")
        if sort not in ("relevance", "newest", "oldest"):
            raise BadRequest("sort is one of relevance, newest, oldest", "bad_sort")
        q = q.strip()
        pos = decode_cursor(cursor, "s")
        offset = int(pos.get("o", 0)) if pos else 0
        if not 0 <= offset <= 10_000:
            raise BadRequest("cursor points past the 10,000th result; narrow the query", "bad_cursor")
        key = json.dumps([q, filters.__dict__, limit, offset, sort, facets], default=str)

        def compute() -> dict[str, Any]:
            result = self.index.search(q, filters, limit=limit, offset=offset, facets=facets, columns=HIT_COLUMNS,
                                       sort="newest" if not q and sort == "relevance" else sort)
            return self._search_page(q, result, limit, offset)

        out: dict[str, Any] = self._cached("search", key, compute, size=512)
        return out

    def _search_page(self, q: str, result: Any, limit: int, offset: int) -> dict[str, Any]:
        from warta.search.text import highlight

        stems = result.query.highlight_stems()
        items = []
        for h in result.hits:
            f = h.fields
            items.append(
                {
                    "id": h.id, "title": f["title"], "subtitle": f["subtitle"], "outlet": f["outlet"],
                    "published": f["published"], "url": f["url"], "score": round(h.score, 4),
                    "title_html": str(highlight(f["title"] or "(untitled)", stems)),
                    "snippet_html": str(snippet(f["text_opening"] or f["subtitle"] or "", stems)),
                }
            )
        facets = {k: [{"value": v, "count": n} for v, n in vals] for k, vals in result.facets.items()}
        for f in facets.get("entity", []):
            f["label"] = result.labels.get(f["value"], f["value"])
        more = offset + limit < min(result.total, 10_000)
        return {
            "query": q,
            "parsed": {"terms": result.query.terms, "phrases": result.query.phrases,
                       "excluded": result.query.excluded},
            "relaxed": result.relaxed,
            "total": result.total,
            "results": items,
            "facets": facets,
            "facets_omitted": ([] if "entity" in facets or not result.facets
                               else [{"facet": f, "reason": f"more than {ENTITY_FACET_MAX_MATCHES:,} matches: "
                                      "narrow the search to see them"} for f in ("entity", "event_type")]),
            "next_cursor": encode_cursor({"k": "s", "o": offset + limit}) if more else None,
        }

    def resolve_id(self, article_id: str) -> str:
        check_id(article_id)
        row = self.sql.execute("SELECT id FROM articles WHERE id = ?", [article_id]).fetchone()
        if row:
            return str(row[0])
        rows = self.sql.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? LIMIT 2", [article_id, article_id + "g"]
        ).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
        raise NotFound(f"no article {article_id}" + (" (the prefix is not unique)" if rows else ""))

    def article_page(self, article_id: str) -> tuple[str, str | None, str, str] | None:
        """(id, title, article HTML, side column HTML) as pre-rendered when the index was built
        (:mod:`warta.serve.pages`); None when this article's rendering is missing or of another
        version of the templates (the page is then rendered from :meth:`article`)."""
        from warta.serve.pages import RENDER_VERSION

        check_id(article_id)
        self.maybe_refresh()
        query = "SELECT id, title, page_v, page_main, page_side FROM articles WHERE id = ?"
        try:
            row = self.sql.execute(query, [article_id]).fetchone()
        except sqlite3.OperationalError:  # a catalog from before pre-rendered pages
            return None
        if row is None:
            row = self.sql.execute(query, [self.resolve_id(article_id)]).fetchone()
        if row is None or row[2] != RENDER_VERSION:
            return None
        return row[0], row[1], row[3], row[4]

    def article(self, article_id: str) -> dict[str, Any]:
        """Everything known about one article: the document, its analysis and events, related and
        latest articles."""
        aid = self.resolve_id(article_id)

        def compute() -> dict[str, Any]:
            row = self.sql.execute("SELECT doc, similar FROM articles WHERE id = ?", [aid]).fetchone()
            if row is None:
                raise NotFound(f"no article {aid}")
            doc: dict[str, Any] = json.loads(row[0])
            art = doc["article"]
            if row[1] is not None:  # computed when the index was built
                similar = json.loads(row[1])
            else:
                keys = [e["key"] for e in sorted(doc["entities"], key=lambda e: -e.get("mentions", 0))]
                similar = self.index.similar(aid, art.get("title"), keys)
            sums = self.summaries(similar)
            doc["similar"] = [sums[i] for i in similar if i in sums]
            return doc

        doc: dict[str, Any] = self._cached("article", aid, compute, size=4096)
        out = dict(doc)
        out["latest"] = [s for s in self.latest(6) if s["id"] != aid][:5]
        return out

    def latest(self, n: int = 6) -> list[dict[str, Any]]:
        def compute() -> list[dict[str, Any]]:
            rows = self.sql.execute(
                "SELECT id, title, outlet, published FROM articles WHERE is_article = 1 "
                "ORDER BY pub_ts DESC, id DESC LIMIT ?",
                [n],
            ).fetchall()
            return [{"id": r[0], "title": r[1], "outlet": r[2], "published": r[3]} for r in rows]

        out: list[dict[str, Any]] = self._cached("latest", str(n), compute)
        return out

    # ------------------------------------------------------------ entities

    def entities(self, q: str, etype: str | None, *, limit: int, cursor: str | None) -> Page:
        check_limit(limit)
        if len(q) > 200:
            raise BadRequest("q is longer than 200 characters", "query_too_long")
        pos = decode_cursor(cursor, "e")
        where, params = ["1=1"], []
        if q.strip():
            from warta.search import entity_key

            prefix = entity_key(q)
            where.append("(key >= ? AND key < ?)")
            params += [prefix, prefix + "\uffff"]
        if etype:
            where.append("type = ?")
            params.append(etype.upper())
        if pos:
            where.append("(articles < ? OR (articles = ? AND key > ?))")
            params += [pos["n"], pos["n"], pos["key"]]
        rows = self.sql.execute(
            f"SELECT key, name, type, articles, aliases, roles, code FROM entity_summary WHERE {' AND '.join(where)} "
            "ORDER BY articles DESC, key LIMIT ?",
            [*params, limit + 1],
        ).fetchall()
        items = [
            {"key": r[0], "name": r[1], "type": r[2], "articles": r[3], "aliases": json.loads(r[4]),
             "roles": json.loads(r[5]), "code": r[6]}
            for r in rows[:limit]
        ]
        nxt = None
        if len(rows) > limit:
            last = items[-1]
            nxt = encode_cursor({"k": "e", "n": last["articles"], "key": last["key"]})
        return Page(items, nxt)

    def entity(self, key: str) -> dict[str, Any]:
        from warta.search import entity_key

        if len(key) > 200:
            raise BadRequest("an entity key is at most 200 characters", "bad_entity")
        k = entity_key(key)

        def compute() -> dict[str, Any]:
            row = self.sql.execute(
                "SELECT key, name, type, articles, aliases, roles, code FROM entity_summary WHERE key = ?", [k]
            ).fetchone()
            if row is None:
                raise NotFound(f"no entity {key!r}")
            ent = {"key": row[0], "name": row[1], "type": row[2], "articles": row[3], "aliases": json.loads(row[4]),
                   "roles": json.loads(row[5]), "code": row[6]}
            timeline = [
                {"month": m, "articles": n, "mentions": int(mm or 0)}
                for m, n, mm in self.sql.execute(
                    "SELECT strftime('%Y-%m', pub_ts, 'unixepoch') AS m, count(*), sum(mentions) FROM entities "
                    "WHERE key = ? AND pub_ts > 0 GROUP BY m ORDER BY m",
                    [k],
                ).fetchall()
            ]
            arts = [
                r[0] for r in self.sql.execute(
                    "SELECT article_id FROM entities WHERE key = ? ORDER BY pub_ts DESC, article_id DESC LIMIT 20", [k]
                ).fetchall()
            ]
            sums = self.summaries(arts)
            quotes = [
                {"article_id": r[0], "text": r[1], "cue": r[2], "direct": bool(r[3]), "source": r[4],
                 "published": _iso(r[5]), "speaker": r[6]}
                for r in self.sql.execute(
                    "SELECT article_id, text, cue, direct, source, pub_ts, speaker_name FROM quotes "
                    "WHERE speaker_key = ? ORDER BY pub_ts DESC, qid DESC LIMIT 30",
                    [k],
                ).fetchall()
            ]
            as_actor = self._events_where("source_key = ?", [k], 50)
            as_recipient = self._events_where("target_key = ?", [k], 50)
            partners = [
                {"key": r[0], "name": r[1], "events": r[2]}
                for r in self.sql.execute(
                    "SELECT other, max(name), count(*) FROM ("
                    " SELECT target_key AS other, target AS name FROM events"
                    " WHERE source_key = ? AND target_key IS NOT NULL"
                    " UNION ALL SELECT source_key, source FROM events WHERE target_key = ?"
                    ") GROUP BY other ORDER BY 3 DESC, 1 LIMIT 15",
                    [k, k],
                ).fetchall()
            ]
            return {
                "entity": ent,
                "timeline": timeline,
                "articles": [sums[i] for i in arts if i in sums],
                "quotes": quotes,
                "events_as_actor": as_actor,
                "events_as_recipient": as_recipient,
                "partners": partners,
            }

        out: dict[str, Any] = self._cached("entity", k, compute, size=512)
        return out

    # ------------------------------------------------------------ quotes and events

    def quotes(self, q: str, speaker: str | None, *, limit: int, cursor: str | None) -> Page:
        check_limit(limit)
        if len(q) > MAX_QUERY_CHARS:
            raise BadRequest(f"q is longer than {MAX_QUERY_CHARS} characters", "query_too_long")
        pos = decode_cursor(cursor, "q")
        where, params = [], []
        if q.strip():
            parsed = parse_query(q)
            terms = [*parsed.terms, *(" ".join(p) for p in parsed.phrases)]
            if terms:
                match = " AND ".join('"' + t.replace('"', "") + '"' for t in terms)
                where.append("qid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
                params.append(match)
        if speaker:
            from warta.search import entity_key

            where.append("speaker_key = ?")
            params.append(entity_key(speaker))
        rows = self._newest_first(
            "SELECT qid, article_id, text, speaker_name, speaker_key, cue, direct, source, pub_ts FROM quotes",
            where, params, ("pub_ts", "qid"), (pos["t"], pos["i"]) if pos else None, limit + 1,
        )
        sums = self.summaries(list({r[1] for r in rows[:limit]}))
        items = [
            {"article_id": r[1], "text": r[2], "speaker": r[3], "speaker_key": r[4], "cue": r[5], "direct": bool(r[6]),
             "source": r[7], "published": _iso(r[8]), "article_title": (sums.get(r[1]) or {}).get("title")}
            for r in rows[:limit]
        ]
        nxt = None
        if len(rows) > limit:
            last = rows[limit - 1]
            nxt = encode_cursor({"k": "q", "t": last[8], "i": last[0]})
        return Page(items, nxt)

    def _newest_first(self, select: str, where: list[str], params: list[Any], keys: tuple[str, str],
                      after: tuple[Any, Any] | None, n: int) -> list[tuple[Any, ...]]:
        """``select`` filtered by ``where`` (ANDed), ordered by the two ``keys`` descending, from
        just after the keyset cursor position ``after``; at most ``n`` rows. (The column names
        come from this module, never from a request.)"""
        a, b = keys
        if after is not None:
            where = [*where, f"({a} < ? OR ({a} = ? AND {b} < ?))"]
            params = [*params, after[0], after[0], after[1]]
        cond = " AND ".join(where) or "1=1"
        return list(self.sql.execute(f"{select} WHERE {cond} ORDER BY {a} DESC, {b} DESC LIMIT ?",
                                     [*params, n]).fetchall())

    _EVENT_SELECT = ("SELECT eid, article_id, date, type, source_key, source, target_key, target, score, mode, "
                     "text FROM events")

    def _events_where(self, where: str, params: list[Any], limit: int) -> list[dict[str, Any]]:
        rows = self._newest_first(self._EVENT_SELECT, [where], params, ("date", "eid"), None, limit)
        return [self._event(r) for r in rows]

    @staticmethod
    def _event(r: tuple[Any, ...]) -> dict[str, Any]:
        return {"id": r[0], "article_id": r[1], "date": r[2], "type": r[3], "source_key": r[4], "source": r[5],
                "target_key": r[6], "target": r[7], "score": r[8], "mode": r[9], "text": r[10]}

    def events(self, etype: str | None, actor: str | None, *, limit: int, cursor: str | None) -> Page:
        check_limit(limit)
        pos = decode_cursor(cursor, "v")
        where, params = ["date IS NOT NULL"], []
        if etype:
            where.append("type = ?")
            params.append(etype.strip().upper())
        if actor:
            from warta.search import entity_key

            where.append("(source_key = ? OR target_key = ?)")
            params += [entity_key(actor)] * 2
        rows = self._newest_first(self._EVENT_SELECT, where, params, ("date", "eid"),
                                  (pos["d"], pos["i"]) if pos else None, limit + 1)
        items = [self._event(r) for r in rows[:limit]]
        nxt = encode_cursor({"k": "v", "d": rows[limit - 1][2], "i": rows[limit - 1][0]}) if len(rows) > limit else None
        return Page(items, nxt)

    def has_events(self) -> bool:
        row = self.sql.execute("SELECT 1 FROM events LIMIT 1").fetchone()
        return row is not None

    def relations(self, a: str, b: str) -> dict[str, Any]:
        """Events between two actors (both directions) by month and type, with the mean score."""
        from warta.search import entity_key

        if len(a) > 200 or len(b) > 200:
            raise BadRequest("an actor is at most 200 characters", "bad_actor")
        ka, kb = entity_key(a), entity_key(b)
        if not ka or not kb:
            raise BadRequest("give two actors: a and b", "bad_actor")

        def compute() -> dict[str, Any]:
            pair = "((source_key = ? AND target_key = ?) OR (source_key = ? AND target_key = ?))"
            params = [ka, kb, kb, ka]
            series = [
                {"month": r[0], "type": r[1], "direction": "a_to_b" if r[2] == ka else "b_to_a", "events": r[3],
                 "avg_score": None if r[4] is None else round(r[4], 3)}
                for r in self.sql.execute(
                    f"SELECT substr(date, 1, 7) AS m, type, source_key, count(*), avg(score) FROM events WHERE {pair} "
                    "AND date IS NOT NULL GROUP BY m, type, source_key ORDER BY m, type",
                    params,
                ).fetchall()
            ]
            by_type = [
                {"type": r[0], "events": r[1], "avg_score": None if r[2] is None else round(r[2], 3)}
                for r in self.sql.execute(
                    f"SELECT type, count(*), avg(score) FROM events WHERE {pair} GROUP BY type ORDER BY 2 DESC, 1",
                    params,
                ).fetchall()
            ]
            events = self._events_where(pair, params, 100)
            sums = self.summaries(list({e["article_id"] for e in events}))
            for e in events:
                e["article_title"] = (sums.get(e["article_id"]) or {}).get("title")
            names = {}
            for key in (ka, kb):
                row = self.sql.execute("SELECT name FROM entity_summary WHERE key = ?", [key]).fetchone()
                if row is None:
                    row = self.sql.execute(
                        "SELECT source FROM events WHERE source_key = ? UNION ALL "
                        "SELECT target FROM events WHERE target_key = ? LIMIT 1", [key, key]
                    ).fetchone()
                names[key] = row[0] if row else key
            scores = [e["score"] for e in events if e["score"] is not None]
            return {
                "a": {"key": ka, "name": names[ka]},
                "b": {"key": kb, "name": names[kb]},
                "total": sum(t["events"] for t in by_type),
                "avg_score": round(sum(scores) / len(scores), 3) if scores else None,
                "series": series,
                "by_type": by_type,
                "events": events,
            }

        out: dict[str, Any] = self._cached("relations", f"{ka}\x00{kb}", compute, size=512)
        return out

    def top_pairs(self, limit: int = 20) -> list[dict[str, Any]]:
        def compute() -> list[dict[str, Any]]:
            rows = self.sql.execute(
                "SELECT min(source_key, target_key), max(source_key, target_key), count(*), avg(score) "
                "FROM events WHERE target_key IS NOT NULL AND source_key != target_key "
                "GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?",
                [limit],
            ).fetchall()
            names = self.names({k for r in rows for k in r[:2]})
            return [{"a": r[0], "b": r[1], "a_name": names.get(r[0], r[0]), "b_name": names.get(r[1], r[1]),
                     "events": r[2], "avg_score": None if r[3] is None else round(r[3], 3)} for r in rows]

        out: list[dict[str, Any]] = self._cached("pairs", str(limit), compute)
        return out

    def names(self, keys: set[str]) -> dict[str, str]:
        """Display names of entity keys: the entity's usual name, else a name an event gave it."""
        keys = set(keys)
        if not keys:
            return {}
        marks = ",".join("?" * len(keys))
        out = dict(self.sql.execute(f"SELECT key, name FROM entity_summary WHERE key IN ({marks})",
                                    list(keys)).fetchall())
        rest = [k for k in keys if k not in out]
        if rest:
            m = ",".join("?" * len(rest))
            for key, name in self.sql.execute(
                f"SELECT source_key, max(source) FROM events WHERE source_key IN ({m}) GROUP BY 1 UNION ALL "
                f"SELECT target_key, max(target) FROM events WHERE target_key IN ({m}) GROUP BY 1",
                rest + rest,
            ).fetchall():
                out.setdefault(key, name)
        return out

    # ------------------------------------------------------------ status

    def status(self) -> dict[str, Any]:
        """Counts from the index, and the ingest log read from DuckDB (opened read-only, briefly)."""
        manifest = self.index.manifest()
        counts = {}
        for table in ("articles", "entity_summary", "quotes", "events"):
            row = self.sql.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts["entities" if table == "entity_summary" else table] = row[0] if row else 0
        outlets = [
            {"outlet": r[0], "articles": r[1], "latest": _iso(r[2])}
            for r in self.sql.execute(
                "SELECT coalesce(outlet, '(unknown)'), count(*), max(pub_ts) FROM articles GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall()
        ]
        out: dict[str, Any] = {"database": self.db, "index": manifest, "counts": counts, "outlets": outlets,
                               "events_available": counts["events"] > 0}
        try:
            import duckdb

            con = duckdb.connect(self.db, read_only=True)
        except Exception as exc:  # a writer holds the database: say so rather than fail
            out["ingest"] = {"available": False, "reason": f"database busy: {str(exc)[:200]}"}
            return out
        try:
            outcomes = con.execute("SELECT status, count(*) FROM ingest_log GROUP BY 1 ORDER BY 2 DESC").fetchall()
            recent = con.execute(
                "SELECT source, status, article_id, reason, logged_at FROM ingest_log ORDER BY logged_at DESC LIMIT 25"
            ).fetchall()
            row = con.execute("SELECT count(*), max(ingested_at) FROM articles").fetchone()
        finally:
            con.close()
        out["ingest"] = {
            "available": True,
            "outcomes": [{"status": s, "count": n} for s, n in outcomes],
            "recent": [
                {"source": r[0], "status": r[1], "article_id": r[2], "reason": r[3],
                 "logged_at": r[4].isoformat() if r[4] else None}
                for r in recent
            ],
            "articles_in_database": row[0] if row else 0,
            "last_ingested_at": row[1].isoformat() if row and row[1] else None,
        }
        out["index_fresh"] = bool(manifest) and manifest.get("articles") == out["ingest"]["articles_in_database"]
        return out
