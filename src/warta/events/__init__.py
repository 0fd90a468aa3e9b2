"""PLOVER 2.0 event coding: who did what to whom, when and where.

- :func:`code_events` (pure): an article and its NLP analysis in, event records out;
- :func:`aggregate` (pure): records from many articles in, one event per real-world event
  out, with mention, article and source counts (as GDELT's NumMentions/NumArticles/NumSources);
- :mod:`warta.events.store`: DuckDB tables ``event_mentions`` and ``events``.

See ``docs/events.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from warta.events.aggregate import aggregate

if TYPE_CHECKING:
    from warta.model import Article

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip


def code_events(article: Article | str, analysis: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """PLOVER event records of an article (or a plain text), from its ``warta.analyze()`` output.

    Each record: ``{event, modes[], context[], actor{entity, name, country, sector, code},
    recipient{...}|None, date, date_precision, date_text, location{name, country}|None, trigger,
    sentence, start, end, voice, confidence, score, reported_by, language, article, outlet,
    mentions[]}``. Offsets are into ``article.text``; an event found only in the headline has
    ``field: "title"`` and offsets into ``article.title``, and a headline that repeats a body event
    is one more of its ``mentions``. Without ``analysis`` the coder runs on its
    own gazetteers and word lists only (enough for English wire copy; Indonesian wants the
    NLP mentions).
    """
    from warta.events.coder import code_text
    from warta.model import Article as _Article

    if isinstance(article, str):
        return code_text(article, analysis)
    if not isinstance(article, _Article):
        raise TypeError("code_events() takes an Article or a str")
    published = article.published.date() if article.published else None
    outlet = article.outlet.domain or article.outlet.name
    home = None
    if article.dateline is not None and article.dateline.place:
        from warta.nlp.gazetteer import gazetteer

        entry = gazetteer().lookup(article.dateline.place.strip().title()) or gazetteer().lookup(
            article.dateline.place.strip())
        home = entry.code if entry is not None and entry.code else None
    records = code_text(article.text, analysis, lang=article.language, published=published, article_id=article.id,
                        outlet=outlet, home=home)
    if article.title:
        # the headline: a further mention of a body event, or an event of its own (field "title")
        lang = article.language or (records[0]["language"] if records else None)
        heads = code_text(article.title, _field_view(analysis, "title"), lang=lang, published=published,
                          article_id=article.id, outlet=outlet, home=home)
        for rec in heads:
            same = next((r for r in records if r["event"] == rec["event"] and _code(r, "actor") == _code(rec, "actor")
                         and _code(r, "recipient") == _code(rec, "recipient")), None)
            for m in rec["mentions"]:
                m["field"] = "title"
            if same is not None:
                same["mentions"].extend(rec["mentions"])
                same["confidence"] = min(0.99, round(same["confidence"] + 0.05, 2))
            else:
                rec["field"] = "title"
                records.append(rec)
    return records


def _code(rec: dict[str, Any], side: str) -> Any:
    a = rec.get(side) or {}
    return a.get("code") or a.get("name")


def _field_view(analysis: dict[str, Any] | None, field: str) -> dict[str, Any] | None:
    """The analysis of one of the article's other strings (title, captions), as if it were the body."""
    if not analysis:
        return analysis
    return {
        "entities": analysis.get("entities", []),
        "mentions": [{**m, "field": "text"} for m in analysis.get("mentions", []) if m.get("field") == field],
        "dates": [{**d, "field": "text"} for d in analysis.get("dates", []) if d.get("field") == field],
        "quotes": [],
    }


__all__ = ["PLOVER_TYPES", "aggregate", "code_events"]
