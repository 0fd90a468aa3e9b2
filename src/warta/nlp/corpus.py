"""Corpus-level entities: one row per real-world entity across many analysed articles.

:class:`EntityIndex` accumulates ``analyze()`` results and yields rows for the ``entities``
and ``entity_roles`` tables proposed in docs/nlp.md: canonical names, aliases, roles over time
and mention counts. Across documents persons merge only on full names (two or more tokens)
that pass the guarded :func:`~warta.nlp.aliases.same_person` test, or on an identical name key;
a bare surname never links two documents. Other types merge on (type, country code or
lower-cased name).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from warta.nlp.aliases import name_key, name_tokens, same_person


@dataclass
class CorpusEntity:
    entity_id: str
    type: str
    name: str
    aliases: Counter[str] = field(default_factory=Counter)
    country: Counter[str] = field(default_factory=Counter)
    code: str | None = None
    mention_count: int = 0
    articles: set[str] = field(default_factory=set)
    first_seen: str | None = None
    last_seen: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {
            "entity_id": self.entity_id,
            "type": self.type,
            "name": self.name,
            "name_key": name_key(self.name) if self.type == "PERSON" else self.name.lower(),
            "aliases": sorted(a for a in self.aliases if a != self.name),
            "country": self.country.most_common(1)[0][0] if self.country else None,
            "code": self.code,
            "mention_count": self.mention_count,
            "article_count": len(self.articles),
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }


class EntityIndex:
    """Accumulates per-article entities into corpus entities (not thread-safe)."""

    def __init__(self) -> None:
        self.entities: dict[str, CorpusEntity] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        self._by_token: dict[str, list[str]] = {}

    def _new_id(self, typ: str, name: str) -> str:
        digest = hashlib.sha1(f"{typ}|{name_key(name) or name.lower()}".encode()).hexdigest()[:12]
        eid = f"{typ[:3]}-{digest}"
        while eid in self.entities:
            eid += "x"
        return eid

    def _match(self, ent: dict[str, Any]) -> str | None:
        typ = ent["type"]
        if typ != "PERSON":
            key = (typ, ent.get("code") or ent["name"].lower())
            return self._by_key.get(key)
        names = [ent["name"], *ent.get("aliases", [])]
        full = [n for n in names if len(name_tokens(n)) >= 2]
        for n in full:
            hit = self._by_key.get(("PERSON", name_key(n)))
            if hit:
                return hit
        for n in full:
            for tok in name_tokens(n):
                for cid in self._by_token.get(tok, []):
                    cand = self.entities[cid]
                    if any(len(name_tokens(a)) >= 2 and same_person(n, a) for a in cand.aliases):
                        return cid
        return None

    def add(self, article_id: str, result: dict[str, Any], seen: str | None = None) -> dict[str, str]:
        """Adds one article's ``analyze()`` result; returns its local id -> corpus id map."""
        mapping: dict[str, str] = {}
        for ent in result.get("entities", []):
            cid = self._match(ent)
            if cid is None:
                cid = self._new_id(ent["type"], ent["name"])
                self.entities[cid] = CorpusEntity(cid, ent["type"], ent["name"], code=ent.get("code"))
            ce = self.entities[cid]
            mapping[ent["id"]] = cid
            for n in [ent["name"], *ent.get("aliases", [])]:
                ce.aliases[n] += 1
            if ent.get("country"):
                ce.country[ent["country"]] += 1
            ce.mention_count += int(ent.get("count", 1))
            ce.articles.add(article_id)
            if seen:
                ce.first_seen = min(filter(None, [ce.first_seen, seen]))
                ce.last_seen = max(filter(None, [ce.last_seen, seen]))
            for r in ent.get("roles", []):
                ce.roles.append({"entity_id": cid, "title": r["title"], "country": r.get("country"),
                                 "article_id": article_id, "seen": seen})
            # canonical name: the alias seen most often among the longest forms
            ce.name = max(ce.aliases, key=lambda a: (len(name_tokens(a)) if ce.type == "PERSON" else 0,
                                                     ce.aliases[a]))
            if ce.type == "PERSON":
                for n in [ent["name"], *ent.get("aliases", [])]:
                    if len(name_tokens(n)) >= 2:
                        self._by_key[("PERSON", name_key(n))] = cid
                        for tok in name_tokens(n):
                            if cid not in self._by_token.setdefault(tok, []):
                                self._by_token[tok].append(cid)
            else:
                self._by_key[(ce.type, ent.get("code") or ent["name"].lower())] = cid
        return mapping

    def rows(self) -> list[dict[str, Any]]:
        return [e.row() for e in self.entities.values()]

    def role_rows(self) -> list[dict[str, Any]]:
        return [r for e in self.entities.values() for r in e.roles]
