"""Corpus-level entity tables: one row per real-world entity across every analysed article.

Per-article entities (``doc_entities``, local ids E1, E2, ...) are merged across documents by
:class:`warta.nlp.corpus.EntityIndex` (persons only on guarded full-name matches, other types on
their gazetteer identity), in publication order, into ``entities`` (canonical name, aliases,
mention and article counts, first and last seen), ``entity_roles`` (roles over time) and
``article_entities`` (local id -> corpus id).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from warta.store import Store


def refresh_entities(store: Store) -> int:
    """Rebuild the corpus entity tables from the per-article ones; returns the entity count."""
    from warta.nlp.corpus import EntityIndex

    con = store.con
    counts: dict[tuple[str, str], int] = {
        (a, e): n
        for a, e, n in con.execute(
            "SELECT article_id, entity_id, count(*) FROM mentions GROUP BY 1, 2"
        ).fetchall()
    }
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = con.execute(
        """SELECT d.article_id, d.entity_id, d.name, d.type, d.aliases, d.roles, d.country, d.code,
                  coalesce(a.published, a.ingested_at) AS seen
           FROM doc_entities d JOIN articles a ON a.id = d.article_id
           ORDER BY seen, d.article_id, d.entity_id"""
    ).fetchall()
    seen_at: dict[str, Any] = {}
    order: list[str] = []
    for article_id, local_id, name, typ, aliases, roles, country, code, seen in rows:
        if article_id not in seen_at:
            seen_at[article_id] = seen
            order.append(article_id)
        by_article[article_id].append({
            "id": local_id, "name": name, "type": typ, "aliases": list(aliases or []),
            "roles": json.loads(roles) if roles else [], "country": country, "code": code,
            "count": counts.get((article_id, local_id), 1),
        })
    index = EntityIndex()
    links: list[list[Any]] = []
    for article_id in order:
        seen = seen_at[article_id]
        mapping = index.add(article_id, {"entities": by_article[article_id]},
                            seen=seen.isoformat() if seen is not None else None)
        links.extend([article_id, local, corpus] for local, corpus in mapping.items())
    entity_rows = [
        [r["entity_id"], r["type"], r["name"], r["name_key"], r["aliases"], r["country"], r["code"],
         r["mention_count"], r["article_count"], r["first_seen"], r["last_seen"]]
        for r in index.rows()
    ]
    role_rows = [[r["entity_id"], r["title"], r["country"], r["article_id"], r["seen"]] for r in index.role_rows()]
    with store.batch():
        for table in ("entities", "entity_roles", "article_entities"):
            con.execute(f"DELETE FROM {table}")
        if entity_rows:
            con.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", entity_rows)
        if role_rows:
            con.executemany("INSERT INTO entity_roles VALUES (?, ?, ?, ?, ?)", role_rows)
        if links:
            con.executemany("INSERT INTO article_entities VALUES (?, ?, ?)", links)
    return len(entity_rows)
