"""The per-file work of a Spark task, without Spark: WARC records in, flat rows out.

:func:`process_file` streams one WARC file through the same stage functions as the local
pipeline (``warta.ingest.process``: extract, then analyse and key points; then
``warta.events.code_events`` when that stage is installed) and yields one *wide row* per record:
either an article with all of its children (sections, images, related links, entities,
mentions, quotes, dates, events) as nested lists, or a problem (a record the reader skipped, an
input the extractor refused, an exception) with its reason. The Spark job turns the wide rows
into one table per child; keeping them together until then means each record is processed once
and a retried task replaces all of its rows at once.

The column lists here are the single description of the output: :mod:`warta.spark.schema` turns
them into Spark types and :mod:`warta.spark.load` into DuckDB inserts. Article columns follow
``warta.store`` (``schema.sql``) exactly, and every value is computed the way
:meth:`warta.store.Store.put_article` computes it, so that Spark's output and a local ingest
agree row for row.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

# A field type is "string", "int", "long", "double", "bool", "timestamp", "array<string>", or a tuple of
# fields (an array of structs with those fields).
Field = tuple[str, Any]

SECTION_FIELDS: tuple[Field, ...] = (("idx", "int"), ("heading", "string"), ("number", "int"),
                                     ("paragraphs", "array<string>"))
IMAGE_FIELDS: tuple[Field, ...] = (("idx", "int"), ("url", "string"), ("caption", "string"), ("credit", "string"),
                                   ("is_cover", "bool"), ("section", "int"))
RELATED_FIELDS: tuple[Field, ...] = (("idx", "int"), ("title", "string"), ("url", "string"), ("kind", "string"))
ENTITY_FIELDS: tuple[Field, ...] = (("entity_id", "string"), ("name", "string"), ("type", "string"),
                                    ("aliases", "array<string>"), ("roles", "string"), ("country", "string"),
                                    ("code", "string"), ("n_mentions", "int"))
MENTION_FIELDS: tuple[Field, ...] = (("start", "int"), ("end", "int"), ("text", "string"), ("type", "string"),
                                     ("entity_id", "string"), ("field", "string"))
QUOTE_FIELDS: tuple[Field, ...] = (("idx", "int"), ("text", "string"), ("start", "int"), ("end", "int"),
                                   ("direct", "bool"), ("cue", "string"), ("speaker_entity", "string"),
                                   ("speaker_name", "string"), ("source", "string"), ("field", "string"))
DATE_FIELDS: tuple[Field, ...] = (("text", "string"), ("start", "int"), ("end", "int"), ("value", "string"),
                                  ("precision", "string"), ("relative", "bool"), ("field", "string"))
# The events stage's ``event_mentions`` table (warta/events/schema.sql): one row per event record
# ``warta.events.code_events`` found in the article, as ``warta.events.store.store_events`` writes it.
EVENT_FIELDS: tuple[Field, ...] = (
    ("idx", "int"), ("outlet", "string"), ("event", "string"), ("modes", "array<string>"),
    ("context", "array<string>"), ("actor_entity", "string"), ("actor_name", "string"), ("actor_country", "string"),
    ("actor_sector", "string"), ("actor_code", "string"), ("recipient_entity", "string"),
    ("recipient_name", "string"), ("recipient_country", "string"), ("recipient_sector", "string"),
    ("recipient_code", "string"), ("date", "string"), ("date_precision", "string"), ("location_name", "string"),
    ("location_country", "string"), ("trigger", "string"), ("sentence", "string"), ("start", "int"),
    ("end", "int"), ("confidence", "double"), ("score", "double"), ("language", "string"), ("record", "string"),
)

# The columns of the store's ``articles`` table, in its order.
ARTICLE_FIELDS: tuple[Field, ...] = (
    ("id", "string"), ("url", "string"), ("outlet_name", "string"), ("outlet_domain", "string"),
    ("language", "string"), ("title", "string"), ("subtitle", "string"), ("key_points", "array<string>"),
    ("authors", "string"), ("editors", "string"), ("published", "timestamp"), ("modified", "timestamp"),
    ("dateline_place", "string"), ("dateline_outlet", "string"), ("category", "string"), ("tags", "array<string>"),
    ("notes", "array<string>"), ("is_article", "bool"), ("text", "string"), ("source", "string"),
    ("input_kind", "string"), ("extractor_version", "string"), ("key_points_generated", "bool"),
    ("schema_version", "string"), ("article_json", "string"), ("ingested_at", "timestamp"),
    ("text_hash", "string"),  # warta.dedup.text_hash; the store's cluster_id/is_origin are set by load-parquet
)

# Child lists of a wide row: name -> struct fields.
CHILDREN: dict[str, tuple[Field, ...]] = {
    "sections": SECTION_FIELDS,
    "images": IMAGE_FIELDS,
    "related": RELATED_FIELDS,
    "entities": ENTITY_FIELDS,
    "mentions": MENTION_FIELDS,
    "quotes": QUOTE_FIELDS,
    "dates": DATE_FIELDS,
    "events": EVENT_FIELDS,
}

RECORD_FIELDS: tuple[Field, ...] = (
    ("kind", "string"),  # "article" or "problem"
    ("status", "string"),  # article: "stored"; problem: "skipped" (not a page) or "error" (damaged, failed)
    ("file_idx", "int"),  # position of the WARC file in the manifest
    ("rec_no", "long"),  # position of the record in its file: (file_idx, rec_no) orders the run
    ("warc_path", "string"),  # the manifest's path of the file
    ("record_source", "string"),  # the record's stable name, "warc-path#offset" (the ingest log key)
    ("stage", "string"),  # problem: "fetch", "read", "extract", "events"
    ("reason", "string"),
    ("detail", "string"),
    ("fetched", "timestamp"),  # WARC-Date
    *ARTICLE_FIELDS,
    ("pub_date", "string"),  # partition: publication date (the outlet's local date), else "unknown"
    ("pub_outlet", "string"),  # partition: outlet domain, else outlet name (lower case), else "unknown"
    *((name, fields) for name, fields in CHILDREN.items()),
)
RECORD_NAMES = tuple(name for name, _ in RECORD_FIELDS)
_INDEX = {name: i for i, name in enumerate(RECORD_NAMES)}
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Options:
    """What a task does to every record (picklable: it travels to the executors)."""

    analyze: bool = True
    key_points: bool = False
    events: bool = True
    run_started: datetime | None = None  # written as ingested_at


def _row(**values: Any) -> tuple[Any, ...]:
    row: list[Any] = [None] * len(RECORD_NAMES)
    for key, value in values.items():
        row[_INDEX[key]] = value
    for name in CHILDREN:
        if row[_INDEX[name]] is None:
            row[_INDEX[name]] = []
    return tuple(row)


def problem_row(file_idx: int, rec_no: int, warc_path: str, source: str, stage: str, reason: str, detail: str = "",
                *, status: str | None = None) -> tuple[Any, ...]:
    if status is None:
        from warta.sources.reader import is_error

        status = "error" if is_error(reason) else "skipped"
    return _row(kind="problem", status=status, file_idx=file_idx, rec_no=rec_no, warc_path=warc_path,
                record_source=source, stage=stage, reason=reason, detail=(detail or "")[:500])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def partition_date(article: Any) -> str:
    return article.published.date().isoformat() if article.published else UNKNOWN


def partition_outlet(article: Any) -> str:
    value = article.outlet.domain or article.outlet.name
    return value.strip().lower() if value and value.strip() else UNKNOWN


def article_row(file_idx: int, rec_no: int, warc_path: str, record_source: str, fetched: datetime | None,
                article: Any, analysis: dict[str, Any] | None, events: list[dict[str, Any]],
                ingested_at: datetime | None) -> tuple[Any, ...]:
    """One article as a wide row; every value as :meth:`Store.put_article` writes it."""
    a = article
    analysis = analysis or {}
    return _row(
        kind="article", status="stored", file_idx=file_idx, rec_no=rec_no, warc_path=warc_path,
        record_source=record_source, fetched=fetched,
        id=a.id, url=a.url, outlet_name=a.outlet.name, outlet_domain=a.outlet.domain, language=a.language,
        title=a.title, subtitle=a.subtitle, key_points=list(a.key_points),
        authors=_json([x.model_dump() for x in a.authors]), editors=_json([x.model_dump() for x in a.editors]),
        published=a.published, modified=a.modified,
        dateline_place=a.dateline.place if a.dateline else None,
        dateline_outlet=a.dateline.outlet if a.dateline else None,
        category=a.category, tags=list(a.tags), notes=list(a.notes), is_article=a.is_article, text=a.text,
        source=a.provenance.source, input_kind=a.provenance.input_kind,
        extractor_version=a.provenance.extractor_version,
        key_points_generated=a.provenance.key_points_generated, schema_version=a.schema_version,
        article_json=a.model_dump_json(), ingested_at=ingested_at,
        text_hash=_text_hash(a.text),
        pub_date=partition_date(a), pub_outlet=partition_outlet(a),
        sections=[(i, s.heading, s.number, list(s.paragraphs)) for i, s in enumerate(a.sections)],
        images=[(i, im.url, im.caption, im.credit, im.is_cover, im.section) for i, im in enumerate(a.images)],
        related=[(i, r.title, r.url, r.kind) for i, r in enumerate(a.related)],
        entities=[
            (e.get("id"), e.get("name"), e.get("type"), list(e.get("aliases") or []), _json(e.get("roles") or []),
             e.get("country"), e.get("code"), e.get("count"))
            for e in analysis.get("entities", [])
        ],
        mentions=[
            (m.get("start"), m.get("end"), m.get("text"), m.get("type"), m.get("entity"), m.get("field"))
            for m in analysis.get("mentions", [])
        ],
        quotes=[
            (i, q.get("text"), q.get("start"), q.get("end"), q.get("direct"), q.get("cue"),
             (q.get("speaker") or {}).get("entity"), (q.get("speaker") or {}).get("name"), q.get("source"),
             q.get("field"))
            for i, q in enumerate(analysis.get("quotes", []))
        ],
        dates=[
            (d.get("text"), d.get("start"), d.get("end"), d.get("value"), d.get("precision"), d.get("relative"),
             d.get("field"))
            for d in analysis.get("dates", [])
        ],
        events=[event_tuple(i, a.id, e) for i, e in enumerate(events)],
    )


# ------------------------------------------------------------------ events (provisional contract)

@cache
def event_coder() -> Callable[..., Any] | None:
    """``warta.events.code_events`` when the events stage is installed, else None."""
    import importlib

    try:
        module = importlib.import_module("warta.events")
    except ImportError:
        return None
    coder = getattr(module, "code_events", None)
    return coder if callable(coder) else None


def normalise_events(result: Any) -> list[dict[str, Any]]:
    """What ``code_events`` returned (a list of dicts, pydantic models or dataclasses, or a dict with
    an ``events`` list) as a list of plain dicts."""
    if result is None:
        return []
    if isinstance(result, dict):
        result = result.get("events", [])
    out: list[dict[str, Any]] = []
    for item in result:
        if hasattr(item, "model_dump"):
            out.append(item.model_dump(mode="json"))
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            out.append(dataclasses.asdict(item))
        elif isinstance(item, dict):
            out.append(item)
        else:
            out.append({"value": str(item)})
    return out


def _side(rec: dict[str, Any], key: str) -> list[Any]:
    side = rec.get(key) or {}
    if not isinstance(side, dict):
        side = {"name": str(side)}
    return [side.get("entity"), side.get("name"), side.get("country"), side.get("sector"), side.get("code")]


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _strs(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def event_tuple(idx: int, article_id: str | None, rec: dict[str, Any]) -> tuple[Any, ...]:
    """One ``event_mentions`` row, as ``warta.events.store.store_events`` builds it."""
    loc = rec.get("location") or {}
    if not isinstance(loc, dict):
        loc = {"name": str(loc)}
    return (
        idx, rec.get("outlet"), rec.get("event"), _strs(rec.get("modes")), _strs(rec.get("context")),
        *_side(rec, "actor"), *_side(rec, "recipient"), rec.get("date"), rec.get("date_precision"),
        loc.get("name"), loc.get("country"), rec.get("trigger"), rec.get("sentence"), _int(rec.get("start")),
        _int(rec.get("end")), _float(rec.get("confidence")), _float(rec.get("score")), rec.get("language"),
        json.dumps({**rec, "article": article_id}, ensure_ascii=False, default=str),
    )


def _text_hash(text: str) -> str | None:
    if not text:
        return None
    from warta.dedup import text_hash

    return text_hash(text)


def code_events(article: Any, analysis: dict[str, Any] | None) -> list[dict[str, Any]]:
    coder = event_coder()
    if coder is None:
        return []
    return normalise_events(coder(article, analysis))


# ------------------------------------------------------------------ one file

def process_record(file_idx: int, rec_no: int, warc_path: str, doc: Any, options: Options) -> Iterator[tuple[Any, ...]]:
    """One RawDocument through the local pipeline's stage functions: an article row, or a problem row
    (and an extra problem row when only the event coder failed: the article is kept, as without events)."""
    from warta.errors import InputError
    from warta.ingest import process

    try:
        article, analysis = process(doc, analyze=options.analyze, key_points=options.key_points)
    except InputError as exc:
        yield problem_row(file_idx, rec_no, warc_path, doc.source, "extract", exc.reason, status="skipped")
        return
    except Exception as exc:  # one bad record never stops a task: recorded like ingest does
        yield problem_row(file_idx, rec_no, warc_path, doc.source, "extract", f"{type(exc).__name__}: {exc}"[:300],
                          status="error")
        return
    if article.id is None:
        yield problem_row(file_idx, rec_no, warc_path, doc.source, "extract", "article has no id", status="error")
        return
    events: list[dict[str, Any]] = []
    if analysis is not None and "events" in analysis:  # warta.analyze() codes events once the stage is installed
        events = normalise_events(analysis["events"]) if options.events else []
    elif options.events:
        try:
            events = code_events(article, analysis)
        except Exception as exc:
            yield problem_row(file_idx, rec_no, warc_path, doc.source, "events",
                              f"{type(exc).__name__}: {exc}"[:300], status="error")
    yield article_row(file_idx, rec_no, warc_path, doc.source, doc.fetched, article, analysis, events,
                      options.run_started)


def process_file(file_idx: int, warc_path: str, options: Options) -> Iterator[tuple[Any, ...]]:
    """Every record of one WARC file (local or remote) as wide rows, streaming."""
    from warta.sources.base import Skipped
    from warta.sources.warc import WarcReader
    from warta.spark.fetch import FetchError, fetched

    try:
        with fetched(warc_path) as local:
            rename = (lambda s: warc_path + s[len(local):]) if local != warc_path else (lambda s: s)
            reader = WarcReader(local)
            for rec_no, item in enumerate(reader):
                if isinstance(item, Skipped):
                    yield problem_row(file_idx, rec_no, warc_path, rename(item.source), "read", item.reason,
                                      item.detail)
                    continue
                if local != warc_path:
                    item.source = rename(item.source)
                item.meta.setdefault("input_kind", reader.kind)  # as warta.sources.detect.SourceSet marks it
                yield from process_record(file_idx, rec_no, warc_path, item, options)
    except FetchError as exc:
        yield problem_row(file_idx, -1, warc_path, warc_path, "fetch", exc.reason, exc.detail, status="error")
    except Exception as exc:  # a reader bug: the rest of this file is lost, the run goes on
        yield problem_row(file_idx, -1, warc_path, warc_path, "read", f"{type(exc).__name__}: {exc}"[:300],
                          status="error")


def process_files(pairs: Iterator[tuple[int, str]], options: Options) -> Iterator[tuple[Any, ...]]:
    """A Spark partition: (file index, path) pairs, normally one."""
    for file_idx, path in pairs:
        yield from process_file(file_idx, path, options)
