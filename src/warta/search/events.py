"""Read coded events from the store, whatever the events stage named its columns.

The events coder (``warta.events``) owns its tables. The explorer reads the first table that
exists among :data:`EVENT_TABLES` and maps its columns by name (:data:`COLUMNS` lists the names
accepted for each role). Actors given as per-article entity ids (``E3``) are resolved to names
through ``doc_entities``. When no events table exists the explorer shows no events and says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# per-article records first (``event_mentions``), then tables of aggregated events
EVENT_TABLES = ("event_mentions", "event_records", "plover_events", "coded_events", "events")

COLUMNS: dict[str, tuple[str, ...]] = {
    "article_id": ("article_id", "doc_id", "article"),
    "type": ("event_type", "plover_type", "type", "event", "category", "root_code", "code"),
    "source": ("source_name", "actor_name", "source_actor", "source", "actor1_name", "actor1", "actor"),
    "source_entity": ("actor_entity", "source_entity", "source_entity_id", "source_id", "actor1_entity"),
    "target": ("target_name", "recipient_name", "target_actor", "target", "recipient", "actor2_name", "actor2"),
    "target_entity": ("recipient_entity", "target_entity", "target_entity_id", "target_id", "actor2_entity"),
    "date": ("event_date", "date", "day", "when", "value_date"),
    "score": ("plover_score", "score", "intensity", "goldstein", "weight", "scale"),
    "mode": ("mode", "event_mode", "modes"),
    "text": ("sentence", "text", "evidence", "snippet"),
    "idx": ("idx", "event_idx", "index", "n"),
}


@dataclass(frozen=True)
class EventSource:
    table: str
    mapping: dict[str, str]  # role -> column name

    def signature_sql(self) -> str:
        return f'SELECT count(*) FROM "{self.table}"'


def find_event_source(con: Any) -> EventSource | None:
    """The events table and its column mapping, or None when the events stage left no table."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    for name in EVENT_TABLES:
        cols = tables.get(name)
        if not cols:
            continue
        lower = {c.lower(): c for c in cols}
        mapping: dict[str, str] = {}
        for role, candidates in COLUMNS.items():
            for cand in candidates:
                if cand in lower and lower[cand] not in mapping.values():
                    mapping[role] = lower[cand]
                    break
        if "article_id" in mapping and "type" in mapping and ("source" in mapping or "source_entity" in mapping):
            return EventSource(name, mapping)
    return None


def _actor(value: Any) -> str | None:
    """An actor column may hold a name, a JSON object ({name, code, entity}) or a list."""
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get("name") or value.get("text") or value.get("code")
    if isinstance(value, list | tuple):
        names = [n for n in (_actor(v) for v in value) if n]
        return names[0] if names else None
    text = str(value).strip()
    if text.startswith(("{", "[")):
        try:
            return _actor(json.loads(text))
        except ValueError:
            return text
    return text or None


def _mode(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or None
    return str(value) or None


def _score(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def read_events(
    con: Any, source: EventSource, where: str = "", params: list[Any] | None = None
) -> list[dict[str, Any]]:
    """Events as plain dicts: article_id, idx, type, source, target, date, score, mode, text.

    ``where`` is a SQL condition on ``article_id`` written by the caller (never user text)."""
    m = source.mapping
    select = ", ".join(f'"{col}" AS "{role}"' for role, col in m.items())
    sql = f'SELECT {select} FROM "{source.table}"'
    if where:
        sql += f' WHERE "{m["article_id"]}" {where}'
    rows = con.execute(sql, params or []).fetchall()
    roles = list(m)
    # entity ids per article -> names, to resolve actors given as "E3"
    need_entities = "source_entity" in m or "target_entity" in m
    names: dict[tuple[str, str], str] = {}
    if need_entities:
        ent_sql = "SELECT article_id, entity_id, name FROM doc_entities"
        if where:
            ent_sql += f" WHERE article_id {where}"
        for aid, eid, name in con.execute(ent_sql, params or []).fetchall():
            names[(aid, eid)] = name
    out: list[dict[str, Any]] = []
    counters: dict[str, int] = {}
    for row in rows:
        rec = dict(zip(roles, row, strict=True))
        aid = rec.get("article_id")
        if aid is None or not rec.get("type"):
            continue
        # an actor resolved to the article's entity has that entity's canonical name (so that its
        # events meet its page); otherwise the name as the coder wrote it
        src = tgt = None
        if rec.get("source_entity") is not None:
            src = names.get((aid, str(rec["source_entity"])))
        if rec.get("target_entity") is not None:
            tgt = names.get((aid, str(rec["target_entity"])))
        src = src or _actor(rec.get("source"))
        tgt = tgt or _actor(rec.get("target"))
        if not src:
            continue
        idx = rec.get("idx")
        if not isinstance(idx, int):
            idx = counters.get(aid, 0)
        counters[aid] = max(counters.get(aid, 0), idx) + 1
        date: Any = rec.get("date")
        out.append(
            {
                "article_id": aid,
                "idx": idx,
                "type": str(rec["type"]).strip().upper(),
                "source": src,
                "target": tgt,
                "date": date.isoformat()[:10] if hasattr(date, "isoformat") else (str(date)[:10] if date else None),
                "score": _score(rec.get("score")),
                "mode": _mode(rec.get("mode")),
                "text": str(rec["text"]) if rec.get("text") is not None else None,
            }
        )
    return out
