"""One event per real-world event: merge records that several articles (or sentences) report.

Two records are the same event when they have the same type, actor, recipient and
location, and dates at most one day apart (undated records merge only with undated ones).
Actors and recipients compare by state code (or IGO/NGO) and, when both sides name an
entity in the same article, by that entity; locations by state when one side has only
the state. The merged event keeps the most confident record's fields and counts its
mentions, distinct articles and distinct outlets (GDELT's NumMentions, NumArticles,
NumSources), with links back to every article and sentence.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _side(rec: dict[str, Any], key: str) -> str:
    a = rec.get(key) or {}
    return str(a.get("code") or a.get("country") or (a.get("name") or "").lower())


def _place(rec: dict[str, Any]) -> tuple[str, str]:
    loc = rec.get("location") or {}
    return (str(loc.get("country") or ""), str(loc.get("name") or "").lower())


def event_id(rec: dict[str, Any]) -> str:
    """Stable id of an aggregated event: hash of its key and first date."""
    raw = "|".join([rec["event"], _side(rec, "actor"), _side(rec, "recipient"), _place(rec)[0], _place(rec)[1],
                    str(rec.get("date") or "")])
    return "ev_" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _same_place(a: tuple[str, str], b: tuple[str, str]) -> bool:
    if a == b:
        return True
    if a[1] and b[1]:
        return False
    return not a[0] or not b[0] or a[0] == b[0]


def aggregate(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge event records (from any number of articles) into events with counts and links."""
    groups: dict[tuple[str, str, str], list[list[dict[str, Any]]]] = {}
    ordered = sorted(records, key=lambda r: (r.get("date") or "", -float(r.get("confidence") or 0)))
    for rec in ordered:
        key = (rec["event"], _side(rec, "actor"), _side(rec, "recipient"))
        day = _day(rec.get("date"))
        place = _place(rec)
        for cluster in groups.setdefault(key, []):
            head = cluster[0]
            hday = _day(head.get("date"))
            if not _same_place(place, _place(head)):
                continue
            if (day is None) != (hday is None):
                continue
            if day is not None and hday is not None and abs((day - hday).days) > 1:
                continue
            cluster.append(rec)
            break
        else:
            groups[key].append([rec])
    out: list[dict[str, Any]] = []
    for clusters in groups.values():
        for cluster in clusters:
            best = max(cluster, key=lambda r: float(r.get("confidence") or 0))
            mentions: list[dict[str, Any]] = []
            for r in cluster:
                ms = r.get("mentions") or [{"article": r.get("article"), "outlet": r.get("outlet"),
                                            "sentence": r.get("sentence"), "trigger": r.get("trigger"),
                                            "start": r.get("start"), "end": r.get("end")}]
                mentions.extend(ms)
            articles = {m.get("article") for m in mentions if m.get("article")}
            sources = {m.get("outlet") for m in mentions if m.get("outlet")}
            modes: list[str] = []
            for r in cluster:
                modes.extend(m for m in r.get("modes", []) if m not in modes)
            merged = {k: v for k, v in best.items() if k not in ("mentions", "article", "outlet")}
            merged["modes"] = modes
            merged["date"] = min((r["date"] for r in cluster if r.get("date")), default=best.get("date"))
            merged["confidence"] = round(min(0.99, float(best.get("confidence") or 0) + 0.05 * (len(articles) - 1)), 2)
            merged["num_mentions"] = len(mentions)
            merged["num_articles"] = len(articles) or 1
            merged["num_sources"] = len(sources) or 1
            merged["mentions"] = mentions
            merged["id"] = event_id(merged)
            out.append(merged)
    out.sort(key=lambda r: (r.get("date") or "", r["event"]))
    return out
