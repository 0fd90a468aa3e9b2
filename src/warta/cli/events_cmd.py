"""``warta events``: PLOVER events from a warta database or straight from pages."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click

FLAT_FIELDS = (
    "id", "event", "modes", "context", "actor_name", "actor_country", "actor_sector", "actor_code", "recipient_name",
    "recipient_country", "recipient_sector", "recipient_code", "date", "date_precision", "location_name",
    "location_country", "trigger", "sentence", "confidence", "score", "num_mentions", "num_articles", "num_sources",
    "articles",
)  # fmt: skip


def flatten(ev: dict[str, Any]) -> dict[str, Any]:
    """One event as a flat row (for CSV and Parquet)."""
    a, r, loc = ev.get("actor") or {}, ev.get("recipient") or {}, ev.get("location") or {}
    mentions = ev.get("mentions") or []
    articles = sorted({str(m.get("article")) for m in mentions if m.get("article")})
    return {
        "id": ev.get("id"),
        "event": ev.get("event"),
        "modes": "|".join(ev.get("modes") or []),
        "context": "|".join(ev.get("context") or []),
        "actor_name": a.get("name"),
        "actor_country": a.get("country"),
        "actor_sector": a.get("sector"),
        "actor_code": a.get("code"),
        "recipient_name": r.get("name"),
        "recipient_country": r.get("country"),
        "recipient_sector": r.get("sector"),
        "recipient_code": r.get("code"),
        "date": ev.get("date"),
        "date_precision": ev.get("date_precision"),
        "location_name": loc.get("name"),
        "location_country": loc.get("country"),
        "trigger": ev.get("trigger"),
        "sentence": ev.get("sentence"),
        "confidence": ev.get("confidence"),
        "score": ev.get("score"),
        "num_mentions": ev.get("num_mentions", len(mentions) or 1),
        "num_articles": ev.get("num_articles", len(articles) or 1),
        "num_sources": ev.get("num_sources", 1),
        "articles": "|".join(articles),
    }


def _from_files(sources: tuple[str, ...]) -> tuple[list[dict[str, Any]], list[str]]:
    import warta
    from warta.errors import InputError
    from warta.events import code_events
    from warta.ingest import read_file

    records: list[dict[str, Any]] = []
    failures: list[str] = []
    paths: list[Path] = []
    for src in sources:
        p = Path(src)
        if p.is_dir():
            paths.extend(sorted(x for x in p.rglob("*") if x.is_file()))
        else:
            paths.append(p)
    for p in paths:
        try:
            doc = read_file(p)
            article = warta.extract(doc.data, source=str(p), kind="html" if doc.kind == "html" else "auto")
        except (InputError, OSError) as exc:
            failures.append(f"{p}: {exc}")
            continue
        if article.id is None:
            article.id = str(p)
        analysis = warta.analyze(article)
        events = analysis.get("events")
        if events is None:
            events = code_events(article, analysis)
        for ev in events:
            ev.setdefault("article", article.id)
            for m in ev.get("mentions") or []:
                m["article"] = m.get("article") or article.id
        records.extend(events)
    return records, failures


def _filter(items: list[dict[str, Any]], actor: str | None, recipient: str | None, event_type: str | None,
            since: str | None, until: str | None, outlet: str | None) -> list[dict[str, Any]]:
    def side_ok(ev: dict[str, Any], key: str, want: str | None) -> bool:
        if not want:
            return True
        a = ev.get(key) or {}
        return want.upper() in (a.get("code"), a.get("country")) or want.lower() in (a.get("name") or "").lower()

    out = []
    for ev in items:
        d = ev.get("date") or ""
        if event_type and ev.get("event") != event_type.upper():
            continue
        if not side_ok(ev, "actor", actor) or not side_ok(ev, "recipient", recipient):
            continue
        if since and (not d or d < since[: len(d)]):
            continue
        if until and (not d or d[: len(until)] > until):
            continue
        if outlet and not any(outlet.lower() in str(m.get("outlet") or "").lower() for m in ev.get("mentions") or []):
            continue
        out.append(ev)
    return out


@click.command()
@click.argument("sources", nargs=-1)
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="Read the events stored in this warta database (ingest --analyze).")
@click.option("--actor", default=None, help="Actor code (KAZ, IGO) or part of its name.")
@click.option("--recipient", default=None, help="Recipient code or part of its name.")
@click.option("--type", "event_type", default=None, help="PLOVER event type (ACCUSE, PROTEST, ...).")
@click.option("--since", default=None, help="Earliest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--until", default=None, help="Latest date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--outlet", default=None, help="Only events reported by this outlet (domain or name).")
@click.option("--records", is_flag=True, help="One row per article record instead of merged events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "parquet"]), default="table",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="File to write (required for parquet; default standard output).")
@click.option("--refresh", is_flag=True, help="With --db: also rebuild the events and event_links tables.")
def events(sources: tuple[str, ...], db: str | None, actor: str | None, recipient: str | None,
           event_type: str | None, since: str | None, until: str | None, outlet: str | None, records: bool,
           fmt: str, output: str | None, refresh: bool) -> None:
    """Who did what to whom: PLOVER events, merged across the articles that report them.

    Give a database (--db) filled by `warta ingest --analyze`, or page FILES/directories
    to read and code on the spot.

    \b
    Examples:
      warta events --db news.duckdb --actor KAZ --type ACCUSE
      warta events page1.txt page2.html --format jsonl
      warta events --db news.duckdb --since 2024-08 --format parquet -o events.parquet
    """
    from warta.events import aggregate

    if not db and not sources:
        raise click.UsageError("give --db or page files")
    failures: list[str] = []
    if db:
        from warta.errors import StoreError
        from warta.events.store import mention_records, refresh_events
        from warta.store import Store

        if not Path(db).is_file():
            click.echo(f"warta: error: {db}: no such database", err=True)
            sys.exit(3)
        try:
            with Store(db, read_only=not refresh) as store:
                if refresh:
                    n = refresh_events(store)
                    click.echo(f"rebuilt {n} events", err=True)
                recs = mention_records(store)
        except StoreError as exc:
            click.echo(f"warta: error: {exc}", err=True)
            sys.exit(3)
    else:
        recs, failures = _from_files(sources)
    items = recs if records else aggregate(recs)
    items = _filter(items, actor, recipient, event_type, since, until, outlet)
    _write(items, fmt, output)
    for f in failures:
        click.echo(f"skipped: {f}", err=True)
    sys.exit(1 if failures else 0)


def _write(items: list[dict[str, Any]], fmt: str, output: str | None) -> None:
    if fmt == "parquet":
        if not output:
            raise click.UsageError("--format parquet needs --output")
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [flatten(ev) for ev in items]
        table = pa.Table.from_pylist(rows) if rows else pa.Table.from_pylist([], schema=pa.schema(
            [(f, pa.string()) for f in FLAT_FIELDS]))
        pq.write_table(table, output)
        click.echo(f"wrote {len(rows)} events to {output}", err=True)
        return
    buf = io.StringIO()
    if fmt == "jsonl":
        for ev in items:
            buf.write(json.dumps(ev, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(buf, fieldnames=list(FLAT_FIELDS))
        writer.writeheader()
        for ev in items:
            writer.writerow(flatten(ev))
    else:
        for ev in items:
            row = flatten(ev)
            who = f"{row['actor_name']} [{row['actor_code'] or '?'}]"
            whom = f"{row['recipient_name']} [{row['recipient_code'] or '?'}]" if row["recipient_name"] else "-"
            where = f" @ {row['location_name']}" if row["location_name"] else ""
            modes = f"/{row['modes']}" if row["modes"] else ""
            buf.write(f"{row['date'] or '????-??-??'}  {row['event']}{modes}  {who} -> {whom}{where}  "
                      f"({row['num_articles']} art., {row['num_sources']} src., score {row['score']})\n")
    if output:
        Path(output).write_text(buf.getvalue(), "utf-8")
        click.echo(f"wrote {len(items)} events to {output}", err=True)
    else:
        click.echo(buf.getvalue(), nl=False)


commands = [events]
