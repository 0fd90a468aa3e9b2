"""Build the explorer's index from a warta DuckDB store.

``build_index(db)`` writes a folder beside the database (``news.duckdb`` -> ``news.duckdb.index/``):

* ``text/``: a tantivy full-text index (BM25) of titles and bodies as Sastrawi stems, with outlet,
  entity, event type and publication date as filter fields;
* ``catalog.sqlite3``: a row store of what the pages show, keyed by article id (the article
  document with its entities, mentions, quotes, dates and events), with B-tree indexes for
  listings by date, entity timelines, quotes and actor-pair relations. DuckDB stays the system of
  record; a columnar store answers a point lookup of one article's children by scanning the
  child table, which is too slow for a page (15 ms at 1.5 M rows), so the explorer reads rows here;
* ``manifest.json``: what was indexed (article count, latest ``ingested_at``, events signature).

The build is incremental: a rerun indexes only articles ingested since the last one (replacing
their old entries). It starts again from nothing when articles disappeared, when the events
table changed, or when the index format changed. The database is opened read-only, so building
works while a server reads the same index.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from time import perf_counter
from typing import Any

import duckdb

from warta.search.events import find_event_source, read_events
from warta.search.text import SNIPPET_SCAN, fold, load_stems, save_stems, stemmed_text

INDEX_FORMAT = 7
HITS_VERSION = 1  # the catalog's hits table (an index of format 7 may predate it: build_index adds it)
BATCH = 2000


def index_dir_for(db: str | Path) -> Path:
    """Where the index of ``db`` lives: ``<db>.index`` beside it."""
    return Path(str(db) + ".index")


def title_hash(title: str | None) -> str:
    import hashlib

    return hashlib.sha1(fold(" ".join((title or "").split())).encode()).hexdigest()[:16]


def entity_key(name: str) -> str:
    """The cross-article identity of an entity: its name, folded and with single spaces."""
    return fold(" ".join(name.split()))


def entity_hash(key: str) -> int:
    """A 63-bit number for an entity key: the index's entity facet counts these (a terms
    aggregation over integers costs a fraction of one over strings, which looks every bucket's
    string up in the column's dictionary); ``entity_summary.h`` maps them back to keys."""
    import hashlib

    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") >> 1


@dataclass
class BuildReport:
    index_dir: str
    # "full", "incremental", "derived" (only the hits table and pre-rendered pages redone) or "fresh"
    mode: str
    articles: int
    indexed: int
    events: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


# ------------------------------------------------------------------ schema


CATALOG_SQL = """
PRAGMA page_size = 16384;
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, pub_ts INTEGER, published TEXT, outlet TEXT, language TEXT, title TEXT,
    subtitle TEXT, category TEXT, url TEXT, is_article INTEGER, title_key TEXT, text TEXT, doc TEXT,
    ingested_at TEXT, similar TEXT,  -- JSON list of related article ids, computed after the text index
    page_v TEXT, page_main TEXT, page_side TEXT  -- the pre-rendered page (warta.serve.pages)
);
CREATE INDEX IF NOT EXISTS articles_pub ON articles (pub_ts DESC, id DESC);
-- what a results page shows of each hit, by the article's rowid (the tantivy document's "row"):
-- rows of a few KB, where an articles row (document, pre-rendered page) spans overflow pages
CREATE TABLE IF NOT EXISTS hits (
    rowid INTEGER PRIMARY KEY, id TEXT, title TEXT, subtitle TEXT, outlet TEXT, published TEXT, url TEXT,
    category TEXT, pub_ts INTEGER, opening TEXT
);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet, pub_ts DESC, id DESC);
CREATE TABLE IF NOT EXISTS entities (
    key TEXT, article_id TEXT, pub_ts INTEGER, name TEXT, type TEXT, aliases TEXT, roles TEXT,
    country TEXT, code TEXT, mentions INTEGER
);
CREATE INDEX IF NOT EXISTS entities_key ON entities (key, pub_ts DESC, article_id);
CREATE INDEX IF NOT EXISTS entities_article ON entities (article_id);
CREATE TABLE IF NOT EXISTS quotes (
    qid INTEGER PRIMARY KEY, article_id TEXT, idx INTEGER, pub_ts INTEGER, text TEXT, speaker_key TEXT,
    speaker_name TEXT, cue TEXT, direct INTEGER, source TEXT
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (speaker_key, pub_ts DESC, qid DESC);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
CREATE INDEX IF NOT EXISTS quotes_pub ON quotes (pub_ts DESC, qid DESC);
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5 (stems, content='', tokenize='unicode61');
CREATE TABLE IF NOT EXISTS events (
    eid INTEGER PRIMARY KEY, article_id TEXT, idx INTEGER, pub_ts INTEGER, date TEXT, type TEXT,
    source_key TEXT, source TEXT, target_key TEXT, target TEXT, score REAL, mode TEXT, text TEXT
);
CREATE INDEX IF NOT EXISTS events_pair ON events (source_key, target_key, date);
CREATE INDEX IF NOT EXISTS events_target ON events (target_key, date);
CREATE INDEX IF NOT EXISTS events_article ON events (article_id);
CREATE INDEX IF NOT EXISTS events_type ON events (type, pub_ts DESC, eid DESC);
CREATE TABLE IF NOT EXISTS entity_summary (
    key TEXT PRIMARY KEY, name TEXT, type TEXT, articles INTEGER, aliases TEXT, roles TEXT, code TEXT,
    h INTEGER  -- entity_hash(key), what the index's entity facet counts
);
CREATE INDEX IF NOT EXISTS entity_summary_articles ON entity_summary (articles DESC, key);
CREATE INDEX IF NOT EXISTS entity_summary_h ON entity_summary (h);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


def text_schema() -> Any:
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("title", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("body", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("outlet", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("entity", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("event_type", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("language", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("year", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("tkey", stored=False, tokenizer_name="raw")  # hash of the folded title: copies share it
    sb.add_date_field("published", stored=False, indexed=True, fast=True)
    sb.add_integer_field("is_article", stored=False, indexed=True, fast=True)
    # the article's rowid in the catalog: a results page reads its hits' rows by it, without
    # fetching tantivy's stored documents
    sb.add_integer_field("row", stored=False, indexed=False, fast=True)
    sb.add_integer_field("entity_h", stored=False, indexed=False, fast=True)  # entity_hash of each key
    return sb.build()


# ------------------------------------------------------------------ build


def _utc(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return None


def _read_manifest(index_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((index_dir / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_manifest(index_dir: Path, data: dict[str, Any]) -> None:
    tmp = index_dir / "manifest.json.tmp"
    tmp.write_text(json.dumps(data, indent=2), "utf-8")
    os.replace(tmp, index_dir / "manifest.json")


def db_signature(con: Any) -> dict[str, Any]:
    row = con.execute("SELECT count(*), max(ingested_at) FROM articles").fetchone()
    count, latest = (row[0], row[1]) if row else (0, None)
    source = find_event_source(con)
    events = None
    if source is not None:
        got = con.execute(source.signature_sql()).fetchone()
        events = f"{source.table}:{got[0] if got else 0}"
    return {"articles": int(count), "max_ingested_at": latest.isoformat() if latest else None, "events": events}


def index_status(db: str | Path, index_dir: str | Path | None = None) -> dict[str, Any]:
    """Whether the index of ``db`` is missing, stale or fresh (opens the database read-only)."""
    idx = Path(index_dir) if index_dir else index_dir_for(db)
    manifest = _read_manifest(idx)
    con = duckdb.connect(str(db), read_only=True)
    try:
        sig = db_signature(con)
    finally:
        con.close()
    if manifest is None or manifest.get("format") != INDEX_FORMAT:
        return {"state": "missing", "database": sig, "index": manifest}
    same = all(manifest.get(k) == sig[k] for k in ("articles", "max_ingested_at", "events"))
    return {"state": "fresh" if same else "stale", "database": sig, "index": manifest}


def build_index(
    db: str | Path, index_dir: str | Path | None = None, *, force: bool = False, log: Any = None
) -> BuildReport:
    """Create or bring up to date the explorer's index of ``db``; see the module docstring.

    Call it after every ingest (``warta ingest ... && warta serve`` does it at start-up too)."""
    started = perf_counter()
    idx = Path(index_dir) if index_dir else index_dir_for(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        sig = db_signature(con)
        manifest = _read_manifest(idx)
        full = (
            force
            or manifest is None
            or manifest.get("format") != INDEX_FORMAT
            or manifest.get("events") != sig["events"]
            or not (idx / "catalog.sqlite3").exists()
            or not (idx / "text").is_dir()
        )
        since: str | None = None
        if not full and manifest is not None:
            if all(manifest.get(k) == sig[k] for k in ("articles", "max_ingested_at", "events")):
                if manifest.get("pages") == _pages_version() and manifest.get("hits") == HITS_VERSION:
                    return BuildReport(str(idx), "fresh", sig["articles"], 0, 0, perf_counter() - started)
                # only what is derived from the catalog is out of date (the hits table, or article
                # pages rendered by other templates): redo that
                _sync_hits(idx)
                _prerender(idx, log)
                _write_manifest(idx, {**manifest, "pages": _pages_version(), "hits": HITS_VERSION})
                return BuildReport(str(idx), "derived", sig["articles"], 0, 0, perf_counter() - started)
            since = manifest.get("max_ingested_at")
            if since is None or int(manifest.get("articles") or 0) > sig["articles"]:
                full = True
        if full:
            if idx.exists():
                shutil.rmtree(idx)
            since = None
        idx.mkdir(parents=True, exist_ok=True)
        (idx / "text").mkdir(exist_ok=True)
        load_stems(idx / "stems.tsv")
        indexed, n_events = _build(con, idx, since, full, log)
        save_stems(idx / "stems.tsv")
        if not full and manifest is not None and manifest.get("hits") != HITS_VERSION:
            _sync_hits(idx)  # a catalog from before the hits table (the build added only its new rows)
        _prerender(idx, log)
        # an incremental run that left the counts disagreeing (articles replaced under a new id,
        # deleted ones) falls back to a full build
        if not full:
            check = sqlite3.connect(idx / "catalog.sqlite3")
            try:
                row = check.execute("SELECT count(*) FROM articles").fetchone()
            finally:
                check.close()
            if not row or row[0] != sig["articles"]:
                con.close()
                return build_index(db, idx, force=True, log=log)
        _write_manifest(
            idx,
            {
                "format": INDEX_FORMAT,
                "database": str(Path(db).resolve()),
                "built_at": datetime.now(UTC).isoformat(),
                **sig,
                "pages": _pages_version(),
                "hits": HITS_VERSION,
            },
        )
        mode = "full" if full else "incremental"
        return BuildReport(str(idx), mode, sig["articles"], indexed, n_events, perf_counter() - started)
    finally:
        con.close()


def _sync_hits(idx: Path) -> None:
    """Bring the ``hits`` table in step with ``articles`` (every build keeps it so; this fills
    it in a catalog from before the table): rows of articles gone are dropped, missing ones added."""
    cat = sqlite3.connect(idx / "catalog.sqlite3")
    try:
        cat.executescript(CATALOG_SQL)
        # rowids from the articles' date index (a covering scan: the wide rows are not read)
        articles = {r[0] for r in cat.execute("SELECT rowid FROM articles INDEXED BY articles_pub").fetchall()}
        hits = {r[0] for r in cat.execute("SELECT rowid FROM hits").fetchall()}
        gone, new = sorted(hits - articles), sorted(articles - hits)
        cat.execute("BEGIN")
        for k in range(0, len(gone), 900):
            chunk = gone[k : k + 900]
            cat.execute(f"DELETE FROM hits WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)
        for k in range(0, len(new), 900):
            chunk = new[k : k + 900]
            cat.execute(
                "INSERT INTO hits SELECT rowid, id, title, subtitle, outlet, published, url, category, pub_ts, "
                f"substr(text, 1, {SNIPPET_SCAN + 1}) FROM articles WHERE rowid IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        cat.execute("COMMIT")
    finally:
        cat.close()


def _pages_version() -> str:
    from warta.serve.pages import RENDER_VERSION

    return RENDER_VERSION


def _prerender(idx: Path, log: Any) -> None:
    """The explorer's article pages, rendered ahead of time (see :mod:`warta.serve.pages`)."""
    from warta.serve.pages import prerender

    cat = sqlite3.connect(idx / "catalog.sqlite3")
    try:
        n = prerender(cat, log)
    finally:
        cat.close()
    if log and n:
        log(f"pre-rendered {n} article pages")


def _article_rows(con: Any, since: str | None) -> Iterator[tuple[Any, ...]]:
    where, params = ("WHERE ingested_at > ?::TIMESTAMPTZ", [since]) if since else ("", [])
    cur = con.execute(
        "SELECT id, url, outlet_name, language, title, subtitle, category, published, is_article, text, "
        f"article_json, ingested_at FROM articles {where} ORDER BY id",
        params,
    )
    while batch := cur.fetchmany(BATCH):
        yield from batch


def _children(con: Any, table: str, columns: str, since: str | None) -> Iterator[tuple[Any, ...]]:
    where, params = "", []
    if since:
        where = "WHERE article_id IN (SELECT id FROM articles WHERE ingested_at > ?::TIMESTAMPTZ)"
        params = [since]
    cur = con.cursor().execute(f"SELECT article_id, {columns} FROM {table} {where} ORDER BY article_id", params)
    while batch := cur.fetchmany(BATCH * 10):
        yield from batch


class _Merge:
    """Rows of a child table grouped by article id, consumed in article id order."""

    def __init__(self, rows: Iterator[tuple[Any, ...]]) -> None:
        self.rows = rows
        self.head: tuple[Any, ...] | None = next(rows, None)

    def take(self, article_id: str) -> list[tuple[Any, ...]]:
        out = []
        while self.head is not None and self.head[0] < article_id:
            self.head = next(self.rows, None)
        while self.head is not None and self.head[0] == article_id:
            out.append(self.head)
            self.head = next(self.rows, None)
        return out


def _json_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        try:
            got = json.loads(value)
        except ValueError:
            return []
        return got if isinstance(got, list) else []
    return list(value)


def _build(con: Any, idx: Path, since: str | None, full: bool, log: Any) -> tuple[int, int]:
    import tantivy

    schema = text_schema()
    index = tantivy.Index(schema, path=str(idx / "text"))
    writer = index.writer(heap_size=128_000_000, num_threads=1)
    cat = sqlite3.connect(idx / "catalog.sqlite3")
    cat.executescript(CATALOG_SQL)
    cat.execute("PRAGMA synchronous = OFF")
    event_source = find_event_source(con)
    events_by_article: dict[str, list[dict[str, Any]]] = {}
    if event_source is not None:
        where, params = "", []
        if since:
            where, params = "IN (SELECT id FROM articles WHERE ingested_at > ?::TIMESTAMPTZ)", [since]
        for ev in read_events(con, event_source, where, params):
            events_by_article.setdefault(ev["article_id"], []).append(ev)
    ents = _Merge(_children(con, "doc_entities", "entity_id, name, type, aliases, roles, country, code", since))
    ments = _Merge(_children(con, "mentions", '"start", "end", text, type, entity_id', since))
    quotes = _Merge(
        _children(con, "quotes", 'idx, text, "start", "end", direct, cue, speaker_entity, speaker_name, source', since)
    )
    dates = _Merge(_children(con, "dates", 'text, "start", "end", value, precision', since))
    n = n_events = 0
    done: list[tuple[str, Any, list[str]]] = []
    cat.execute("BEGIN")
    for row in _article_rows(con, since):
        (aid, url, outlet, language, title, subtitle, category, published, is_article, text, article_json,
         ingested_at) = row
        pub = _utc(published)
        pub_ts = int(pub.timestamp()) if pub else 0  # 0: date unknown (sorts last)
        entity_rows = ents.take(aid)
        mention_rows = ments.take(aid)
        mention_count: dict[str, int] = {}
        for m in mention_rows:
            if m[5]:
                mention_count[m[5]] = mention_count.get(m[5], 0) + 1
        entities = []
        for _, eid, name, etype, aliases, roles, country, code in entity_rows:
            if not name:
                continue
            entities.append(
                {
                    "id": eid, "key": entity_key(name), "name": name, "type": etype, "aliases": list(aliases or []),
                    "roles": _json_list(roles), "country": country, "code": code,
                    "mentions": mention_count.get(eid, 0),
                }
            )
        by_eid = {e["id"]: e["key"] for e in entities}
        mentions = [
            {"start": s, "end": e, "text": t, "type": ty, "entity": eid, "key": by_eid.get(eid)}
            for _, s, e, t, ty, eid in mention_rows
        ]
        quote_list = []
        for _, qidx, qtext, qs, qe, direct, cue, sp_ent, sp_name, qsource in quotes.take(aid):
            sp_key = by_eid.get(sp_ent) if sp_ent else None
            if sp_key is None and sp_name:
                sp_key = entity_key(sp_name)
            quote_list.append(
                {
                    "idx": qidx, "text": qtext, "start": qs, "end": qe, "direct": direct, "cue": cue,
                    "speaker": sp_name, "speaker_key": sp_key, "source": qsource,
                }
            )
        date_list = [
            {"text": t, "start": s, "end": e, "value": v, "precision": p} for _, t, s, e, v, p in dates.take(aid)
        ]
        events = events_by_article.get(aid, [])
        for ev in events:
            ev["source_key"] = entity_key(ev["source"]) if ev.get("source") else None
            ev["target_key"] = entity_key(ev["target"]) if ev.get("target") else None
        doc = {
            "article": json.loads(article_json) if article_json else {},
            "entities": entities,
            "mentions": mentions,
            "quotes": quote_list,
            "dates": date_list,
            "events": events,
        }
        if not full:
            cat.execute("DELETE FROM hits WHERE rowid IN (SELECT rowid FROM articles WHERE id = ?)", [aid])
            cat.execute("DELETE FROM articles WHERE id = ?", [aid])
            for table in ("entities", "events"):
                cat.execute(f"DELETE FROM {table} WHERE article_id = ?", [aid])
            for (qid,) in cat.execute("SELECT qid FROM quotes WHERE article_id = ?", [aid]).fetchall():
                cat.execute("DELETE FROM quotes WHERE qid = ?", [qid])
                cat.execute("DELETE FROM quotes_fts WHERE rowid = ?", [qid])
            writer.delete_documents_by_term("id", aid)
        row_cur = cat.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL)",
            [
                aid, pub_ts, pub.isoformat() if pub else None, outlet, language, title, subtitle, category, url,
                1 if is_article is not False else 0, fold(" ".join((title or "").split())), text,
                json.dumps(doc, ensure_ascii=False, default=str),
                ingested_at.isoformat() if isinstance(ingested_at, datetime) else None,
            ],
        )
        cat.execute(
            "INSERT INTO hits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [row_cur.lastrowid, aid, title, subtitle, outlet, pub.isoformat() if pub else None, url, category, pub_ts,
             text[: SNIPPET_SCAN + 1] if text is not None else None],
        )
        cat.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [e["key"], aid, pub_ts, e["name"], e["type"], json.dumps(e["aliases"], ensure_ascii=False),
                 json.dumps(e["roles"], ensure_ascii=False, default=str), e["country"], e["code"], e["mentions"]]
                for e in entities
            ],
        )
        for q in quote_list:
            cur = cat.execute(
                "INSERT INTO quotes (article_id, idx, pub_ts, text, speaker_key, speaker_name, cue, direct, source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [aid, q["idx"], pub_ts, q["text"], q["speaker_key"], q["speaker"], q["cue"],
                 1 if q["direct"] else 0, q["source"]],
            )
            cat.execute("INSERT INTO quotes_fts (rowid, stems) VALUES (?, ?)", [cur.lastrowid, stemmed_text(q["text"])])
        for ev in events:
            cat.execute(
                "INSERT INTO events (article_id, idx, pub_ts, date, type, source_key, source, target_key, target, "
                "score, mode, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [aid, ev["idx"], pub_ts, ev.get("date") or (pub.date().isoformat() if pub else None), ev["type"],
                 ev["source_key"], ev["source"], ev["target_key"], ev["target"], ev["score"], ev["mode"],
                 ev["text"]],
            )
            n_events += 1
        tdoc = tantivy.Document()
        tdoc.add_text("id", aid)
        tdoc.add_text("title", stemmed_text(" ".join(x for x in (title, subtitle) if x)))
        tdoc.add_text("body", stemmed_text(text))
        tdoc.add_text("outlet", outlet or "(unknown)")
        tdoc.add_text("language", language or "?")
        tdoc.add_text("tkey", title_hash(title))
        tdoc.add_integer("is_article", 1 if is_article is not False else 0)
        tdoc.add_integer("row", int(row_cur.lastrowid or 0))
        for key in {e["key"] for e in entities}:
            tdoc.add_text("entity", key)
            tdoc.add_integer("entity_h", entity_hash(key))
        for etype in {ev["type"] for ev in events}:
            tdoc.add_text("event_type", etype)
        if pub is not None:
            tdoc.add_date("published", pub)
            tdoc.add_text("year", str(pub.year))
        writer.add_document(tdoc)
        n += 1
        done.append((aid, title, [e["key"] for e in sorted(entities, key=lambda e: -e["mentions"])]))
        if n % BATCH == 0:
            cat.execute("COMMIT")
            cat.execute("BEGIN")
            if log:
                log(f"indexed {n} articles")
    cat.execute("COMMIT")
    writer.commit()
    writer.wait_merging_threads()
    _summarise_entities(cat)
    _similar(index, cat, done, log)
    cat.close()
    return n, n_events


def _similar(index: Any, cat: sqlite3.Connection, done: list[tuple[str, Any, list[str]]], log: Any) -> None:
    """"Baca juga" lists of the articles just indexed, kept in the catalog so that a page does
    not run the query. (Older articles keep the lists of their own build.)"""
    from warta.search.index import similar_ids

    index.reload()
    searcher = index.searcher()
    schema = text_schema()
    cat.execute("BEGIN")
    for k, (aid, title, keys) in enumerate(done, 1):
        ids = similar_ids(searcher, schema, cat, aid, title, keys)
        cat.execute("UPDATE articles SET similar = ? WHERE id = ?", [json.dumps(ids), aid])
        if k % (BATCH * 5) == 0:
            cat.execute("COMMIT")
            cat.execute("BEGIN")
            if log:
                log(f"related articles of {k} articles")
    cat.execute("COMMIT")


def _summarise_entities(cat: sqlite3.Connection) -> None:
    """One row per entity key: the most used name and type, article count, aliases and roles."""
    cat.execute("BEGIN")
    cat.execute("DELETE FROM entity_summary")
    rows = cat.execute("SELECT key, name, type, aliases, roles, code FROM entities ORDER BY key").fetchall()
    current: str | None = None
    acc: dict[str, Any] = {}

    def flush() -> None:
        if current is None:
            return
        name = max(acc["names"].items(), key=lambda kv: (kv[1], kv[0]))[0]
        etype = max(acc["types"].items(), key=lambda kv: (kv[1], kv[0]))[0]
        aliases = sorted(a for a in acc["aliases"] if entity_key(a) != current)[:50]
        roles = sorted(acc["roles"].items(), key=lambda kv: -kv[1])[:20]
        cat.execute(
            "INSERT INTO entity_summary VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [current, name, etype, acc["n"], json.dumps(aliases, ensure_ascii=False),
             json.dumps([{"role": r, "count": c} for r, c in roles], ensure_ascii=False), acc["code"],
             entity_hash(current)],
        )

    for key, name, etype, aliases, roles, code in rows:
        if key != current:
            flush()
            current = key
            acc = {"names": {}, "types": {}, "aliases": set(), "roles": {}, "n": 0, "code": None}
        acc["n"] += 1
        acc["names"][name] = acc["names"].get(name, 0) + 1
        acc["types"][etype or "?"] = acc["types"].get(etype or "?", 0) + 1
        acc["aliases"].update(json.loads(aliases or "[]"))
        acc["code"] = acc["code"] or code
        for role in json.loads(roles or "[]"):
            label = _role_label(role)
            if label:
                acc["roles"][label] = acc["roles"].get(label, 0) + 1
    flush()
    cat.execute("COMMIT")


def _role_label(role: Any) -> str | None:
    if isinstance(role, str):
        return role
    if isinstance(role, dict):
        parts = [str(role[k]) for k in ("title", "role", "name", "org", "of") if role.get(k)]
        return " ".join(parts) if parts else None
    return None
