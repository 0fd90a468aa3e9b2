"""DuckDB tables for events: per-article records, aggregated events, and their links.

The schema is ``schema.sql`` beside this module. Functions take a
:class:`warta.store.Store` (or a DuckDB connection):

- :func:`ensure_schema` creates the tables (idempotent);
- :func:`store_events` replaces one article's event records (call it after
  ``Store.put_article`` when ingesting with ``--analyze``);
- :func:`refresh_events` rebuilds the aggregated ``events`` and ``event_links`` from all records;
- :func:`read_events` returns records or aggregated events, filtered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb

from warta.events.aggregate import aggregate


def _con(store_or_con: Any) -> duckdb.DuckDBPyConnection:
    con = getattr(store_or_con, "con", store_or_con)
    if not isinstance(con, duckdb.DuckDBPyConnection):
        raise TypeError("expected a warta.store.Store or a DuckDB connection")
    return con


def schema_sql() -> str:
    return Path(__file__).with_name("schema.sql").read_text("utf-8")


_READY: set[int] = set()  # connections whose schema has been applied in this process


def ensure_schema(store_or_con: Any) -> None:
    """Create the event tables if they are missing (once per connection)."""
    con = _con(store_or_con)
    if id(con) in _READY and _has_tables(con):
        return
    con.execute(schema_sql())
    _READY.add(id(con))


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                      "('event_mentions', 'events', 'event_links')").fetchone()
    return row is not None and row[0] == 3


def _side(rec: dict[str, Any], key: str) -> list[Any]:
    a = rec.get(key) or {}
    return [a.get("entity"), a.get("name"), a.get("country"), a.get("sector"), a.get("code")]


def _loc(rec: dict[str, Any]) -> list[Any]:
    loc = rec.get("location") or {}
    return [loc.get("name"), loc.get("country")]


def store_events(store_or_con: Any, article_id: str, events: list[dict[str, Any]]) -> int:
    """Replace the event records of one article (``code_events`` output); returns the row count."""
    con = _con(store_or_con)
    ensure_schema(con)
    con.execute("DELETE FROM event_mentions WHERE article_id = ?", [article_id])
    rows = []
    for i, rec in enumerate(events):
        rows.append([
            article_id, i, rec.get("outlet"), rec.get("event"), list(rec.get("modes") or []),
            list(rec.get("context") or []), *_side(rec, "actor"), *_side(rec, "recipient"), rec.get("date"),
            rec.get("date_precision"), *_loc(rec), rec.get("trigger"), rec.get("sentence"), rec.get("start"),
            rec.get("end"), rec.get("confidence"), rec.get("score"), rec.get("language"),
            json.dumps({**rec, "article": article_id}, ensure_ascii=False, default=str),
        ])
    _bulk(con, "event_mentions", rows, _MENTION_NAMES)
    return len(rows)


_MENTION_NAMES = (
    "article_id", "idx", "outlet", "event", "modes", "context", "actor_entity", "actor_name", "actor_country",
    "actor_sector", "actor_code", "recipient_entity", "recipient_name", "recipient_country", "recipient_sector",
    "recipient_code", "date", "date_precision", "location_name", "location_country", "trigger", "sentence", "start",
    "end", "confidence", "score", "language", "record",
)  # fmt: skip
_EVENT_NAMES = (
    "event_id", "event", "modes", "context", "actor_name", "actor_country", "actor_sector", "actor_code",
    "recipient_name", "recipient_country", "recipient_sector", "recipient_code", "date", "date_precision",
    "location_name", "location_country", "trigger", "sentence", "confidence", "score", "num_mentions", "num_articles",
    "num_sources", "record",
)  # fmt: skip
_LINK_NAMES = ("event_id", "article_id", "outlet", "sentence", "trigger", "start", "end")


def _bulk(con: duckdb.DuckDBPyConnection, table: str, rows: list[list[Any]], names: tuple[str, ...]) -> None:
    """Rows into a table through one Arrow scan (far faster than executemany)."""
    if not rows:
        return
    import pyarrow as pa

    arrow = pa.table({name: [row[k] for row in rows] for k, name in enumerate(names)})
    cols = ", ".join(f'"{c}"' for c in names)
    view = f"_warta_{table}_rows"
    con.register(view, arrow)
    try:
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")
    finally:
        con.unregister(view)


def mention_records(store_or_con: Any) -> list[dict[str, Any]]:
    """All stored per-article records, as ``code_events`` returned them."""
    con = _con(store_or_con)
    if not _has_tables(con):
        return []  # a database ingested without events (or opened read-only before any)
    out = []
    for article_id, raw in con.execute("SELECT article_id, record FROM event_mentions ORDER BY article_id, idx"
                                       ).fetchall():
        rec = json.loads(raw)
        rec["article"] = article_id
        for m in rec.get("mentions") or []:
            m["article"] = article_id
        out.append(rec)
    return out


def refresh_events(store_or_con: Any, *, own_transaction: bool | None = None) -> int:
    """Rebuild ``events`` and ``event_links`` from ``event_mentions``; returns the event count.

    The rebuild is one transaction of its own, unless the Store is inside ``Store.batch()``
    (or ``own_transaction=False``): then it is part of the caller's transaction.
    """
    con = _con(store_or_con)
    ensure_schema(con)
    merged = aggregate(mention_records(con))
    own = own_transaction
    if own is None:
        in_tx = getattr(store_or_con, "in_transaction", False)  # a method or a property of Store
        own = not bool(in_tx() if callable(in_tx) else in_tx)
    if own:
        con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM events")
        con.execute("DELETE FROM event_links")
        rows, links = [], []
        for ev in merged:
            a, r = _side(ev, "actor"), _side(ev, "recipient")
            rows.append([
                ev["id"], ev["event"], list(ev.get("modes") or []), list(ev.get("context") or []), *a[1:], *r[1:],
                ev.get("date"), ev.get("date_precision"), *_loc(ev), ev.get("trigger"), ev.get("sentence"),
                ev.get("confidence"), ev.get("score"), ev["num_mentions"], ev["num_articles"], ev["num_sources"],
                json.dumps(ev, ensure_ascii=False, default=str),
            ])
            for m in ev.get("mentions") or []:
                links.append([ev["id"], m.get("article"), m.get("outlet"), m.get("sentence"), m.get("trigger"),
                              m.get("start"), m.get("end")])
        _bulk(con, "events", rows, _EVENT_NAMES)
        _bulk(con, "event_links", links, _LINK_NAMES)
        if own:
            con.execute("COMMIT")
    except Exception:
        if own:
            con.execute("ROLLBACK")
        raise
    return len(merged)


def read_events(
    store_or_con: Any,
    *,
    aggregated: bool = True,
    actor: str | None = None,
    recipient: str | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    outlet: str | None = None,
    min_confidence: float = 0.0,
) -> list[dict[str, Any]]:
    """Events (aggregated across articles, or per-article records) matching the filters.

    ``actor``/``recipient`` match a code (KAZ, IGO) or, case-insensitively, part of a name;
    ``since``/``until`` compare ISO dates (an event with a coarser date matches when its
    prefix does); ``outlet`` keeps events reported by that outlet.
    """
    records = mention_records(store_or_con)
    if outlet:
        records = [r for r in records if (r.get("outlet") or "").lower().find(outlet.lower()) >= 0]
    items = aggregate(records) if aggregated else records

    def side_ok(ev: dict[str, Any], key: str, want: str | None) -> bool:
        if not want:
            return True
        a = ev.get(key) or {}
        if want.upper() in (a.get("code"), a.get("country")):
            return True
        return want.lower() in (a.get("name") or "").lower()

    out = []
    for ev in items:
        if event_type and ev.get("event") != event_type.upper():
            continue
        if not side_ok(ev, "actor", actor) or not side_ok(ev, "recipient", recipient):
            continue
        d = ev.get("date") or ""
        if since and (not d or d < since[: len(d)]):
            continue
        if until and (not d or d[: len(until)] > until):
            continue
        if float(ev.get("confidence") or 0) < min_confidence:
            continue
        out.append(ev)
    return out
