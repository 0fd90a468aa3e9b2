"""Stage 5: keep articles (and what was learnt about them) in an embedded DuckDB file.

The schema is in ``schema.sql`` beside this module and documented in
``docs/store.md``. Writes are idempotent: an article is keyed by its stable id
(canonical URL hash, else content hash), so ingesting the same input twice
leaves one copy; the child tables of an article are replaced with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from warta.errors import StoreError
from warta.model import Article

SCHEMA_VERSION = 1


def _schema_sql() -> str:
    return resources.files("warta.store").joinpath("schema.sql").read_text("utf-8")


class Store:
    """One DuckDB database. Use as a context manager; one writer at a time."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot open database: {exc}") from None
        self._batch_depth = 0
        if not read_only:
            self.con.execute(_schema_sql())
        elif not self.con.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'ingest_log'"
        ).fetchone():
            self.con.close()
            raise StoreError(f"{self.path}: not a warta database (no warta tables in it)")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction around many writes (DuckDB commits are costly; batches are fast).

        Everything written inside commits together or not at all, which keeps an article and
        its ingest-log row together across a crash. Batches nest: only the outermost commits."""
        self.begin()
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.commit()

    def begin(self) -> None:
        if self._batch_depth == 0:
            self.con.execute("BEGIN TRANSACTION")
        self._batch_depth += 1

    def commit(self) -> None:
        self._batch_depth -= 1
        if self._batch_depth == 0:
            self.con.execute("COMMIT")

    def rollback(self) -> None:
        if self._batch_depth:
            self._batch_depth = 0
            self.con.execute("ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        return self._batch_depth > 0

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ------------------------------------------------------------ writing

    def put_article(
        self,
        article: Article,
        analysis: dict[str, Any] | None = None,
        *,
        log_source: str | None = None,
        dedup: Any = None,
    ) -> bool:
        """Insert or replace one article with its children; True when it was new.

        ``log_source`` records the input in ``ingest_log`` in the same transaction, so that an
        article and the note that its input is done are committed together (exactly-once
        ingest). ``dedup`` is a :class:`warta.dedup.DedupResult` for the article."""
        return self.write_articles([ArticleWrite(article, analysis, log_source, dedup)])[0]

    def write_articles(self, writes: list[ArticleWrite]) -> list[bool]:
        """Insert or replace many articles in one transaction with bulk inserts; for each write,
        True when its article was new. Within one call the last write of an id wins."""
        if not writes:
            return []
        for w in writes:
            if w.article.id is None:
                raise StoreError("article has no id (extract() assigns one)")
        con = self.con
        ids = [str(w.article.id) for w in writes]
        found = con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        existing = {r[0] for r in found}
        last = {article_id: i for i, article_id in enumerate(ids)}
        new_flags: list[bool] = []
        seen: set[str] = set()
        for article_id in ids:
            new_flags.append(article_id not in existing and article_id not in seen)
            seen.add(article_id)
        rows: dict[str, list[list[Any]]] = {table: [] for table in _COLUMNS}
        now = datetime.now(UTC)
        for i, w in enumerate(writes):
            if last[ids[i]] != i:
                continue
            _article_rows(w, now, rows)
        previous_origins = [w.dedup.previous_origin for w in writes if w.dedup is not None and w.dedup.previous_origin]
        logs = [[w.log_source, "stored", w.article.id, None, now] for w in writes if w.log_source is not None]
        with self.batch():
            replaced = sorted(existing)
            if replaced:
                for table in _CHILD_TABLES:
                    con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [replaced])
                con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [replaced])
            for table, table_rows in rows.items():
                self._bulk_insert(table, table_rows)
            if previous_origins:
                con.execute("UPDATE articles SET is_origin = false WHERE id IN (SELECT unnest(?))", [previous_origins])
            for i, w in enumerate(writes):
                if last[ids[i]] == i and w.analysis and "events" in w.analysis:
                    from warta.events.store import store_events

                    store_events(con, ids[i], w.analysis["events"])
            if logs:
                self._bulk_insert("ingest_log", logs, replace=True)
        return new_flags

    def _bulk_insert(self, table: str, rows: list[list[Any]], *, replace: bool = False) -> None:
        """Rows into a table through one Arrow scan: much faster than row-by-row inserts."""
        if not rows:
            return
        import pyarrow as pa

        columns = _COLUMNS[table]
        arrow = pa.table({name: [row[k] for row in rows] for k, name in enumerate(columns)})
        names = ", ".join(f'"{c}"' for c in columns)
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        self.con.register("_warta_rows", arrow)
        try:
            self.con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM _warta_rows")
        finally:
            self.con.unregister("_warta_rows")

    def log_source(self, source: str, status: str, article_id: str | None = None, reason: str | None = None) -> None:
        """Record what happened to one input, so that a rerun can skip it."""
        self.con.execute(
            "INSERT OR REPLACE INTO ingest_log VALUES (?, ?, ?, ?, ?)",
            [source, status, article_id, reason, datetime.now(UTC)],
        )

    def done_sources(self) -> set[str]:
        rows = self.con.execute("SELECT source FROM ingest_log WHERE status IN ('stored', 'duplicate')").fetchall()
        return {r[0] for r in rows}

    # ------------------------------------------------------------ reading

    def get_article(self, article_id: str) -> Article | None:
        row = self.con.execute(
            "SELECT article_json FROM articles WHERE id = ? OR id LIKE ? ORDER BY id LIMIT 2",
            [article_id, article_id + "%"],
        ).fetchall()
        if len(row) != 1:
            return None
        return Article.from_json(row[0][0])

    def iter_articles(self) -> Iterator[Article]:
        cur = self.con.execute("SELECT article_json FROM articles ORDER BY published NULLS LAST, id")
        while batch := cur.fetchmany(500):
            for (doc,) in batch:
                yield Article.from_json(doc)

    def stats(self) -> dict[str, Any]:
        con = self.con

        def scalar(sql: str) -> Any:
            row = con.execute(sql).fetchone()
            return row[0] if row else None

        return {
            "database": self.path,
            "articles": scalar("SELECT count(*) FROM articles"),
            "non_articles": scalar("SELECT count(*) FROM articles WHERE NOT is_article"),
            "sections": scalar("SELECT count(*) FROM sections"),
            "images": scalar("SELECT count(*) FROM images"),
            "related": scalar("SELECT count(*) FROM related"),
            "entities": scalar("SELECT count(*) FROM doc_entities"),
            "quotes": scalar("SELECT count(*) FROM quotes"),
            "duplicate_clusters": scalar(
                "SELECT count(*) FROM (SELECT cluster_id FROM articles WHERE cluster_id IS NOT NULL "
                "GROUP BY 1 HAVING count(*) > 1)"
            ),
            "earliest": _iso(scalar("SELECT min(published) FROM articles")),
            "latest": _iso(scalar("SELECT max(published) FROM articles")),
            "outlets": con.execute(
                "SELECT coalesce(outlet_name, '(unknown)'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
            ).fetchall(),
            "languages": con.execute(
                "SELECT coalesce(language, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall(),
            "ingest": con.execute(
                "SELECT status, count(*) FROM ingest_log GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall(),
        }

    def export(self, path: str | Path, fmt: str) -> int:
        """Write every article to JSON Lines (full Article documents) or Parquet (flat columns)."""
        path = Path(path)
        if fmt == "jsonl":
            n = 0
            with path.open("w", encoding="utf-8") as out:
                for article in self.iter_articles():
                    out.write(article.model_dump_json() + "\n")
                    n += 1
            return n
        if fmt == "parquet":
            self.con.execute(
                f"COPY (SELECT * EXCLUDE (article_json) FROM articles ORDER BY id) TO '{_sql_path(path)}' "
                "(FORMAT parquet)"
            )
            row = self.con.execute("SELECT count(*) FROM articles").fetchone()
            return int(row[0]) if row else 0
        raise StoreError(f"unknown export format {fmt!r} (use jsonl or parquet)")


@dataclass(slots=True)
class ArticleWrite:
    """One article to store, with what goes in the same transaction."""

    article: Article
    analysis: dict[str, Any] | None = None
    log_source: str | None = None
    dedup: Any = None


_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id", "url", "outlet_name", "outlet_domain", "language", "title", "subtitle", "key_points", "authors",
        "editors", "published", "modified", "dateline_place", "dateline_outlet", "category", "tags", "notes",
        "is_article", "text", "source", "input_kind", "extractor_version", "key_points_generated", "schema_version",
        "article_json", "ingested_at", "text_hash", "cluster_id", "is_origin",
    ),
    "sections": ("article_id", "idx", "heading", "number", "paragraphs"),
    "images": ("article_id", "idx", "url", "caption", "credit", "is_cover", "section"),
    "related": ("article_id", "idx", "title", "url", "kind"),
    "doc_entities": ("article_id", "entity_id", "name", "type", "aliases", "roles", "country", "code"),
    "mentions": ("article_id", "start", "end", "text", "type", "entity_id"),
    "quotes": (
        "article_id", "idx", "text", "start", "end", "direct", "cue", "speaker_entity", "speaker_name", "source",
    ),
    "dates": ("article_id", "text", "start", "end", "value", "precision"),
    "ingest_log": ("source", "status", "article_id", "reason", "logged_at"),
}
_CHILD_TABLES = ("sections", "images", "related", "doc_entities", "mentions", "quotes", "dates")


def _utc(value: datetime | None) -> datetime | None:
    # one time zone per Arrow column; the Article JSON keeps the original offset
    return value.astimezone(UTC) if value is not None else None


def _article_rows(w: ArticleWrite, now: datetime, rows: dict[str, list[list[Any]]]) -> None:
    a, d = w.article, w.dedup
    rows["articles"].append([
        a.id, a.url, a.outlet.name, a.outlet.domain, a.language, a.title, a.subtitle, list(a.key_points),
        json.dumps([x.model_dump() for x in a.authors], ensure_ascii=False),
        json.dumps([x.model_dump() for x in a.editors], ensure_ascii=False),
        _utc(a.published), _utc(a.modified), a.dateline.place if a.dateline else None,
        a.dateline.outlet if a.dateline else None, a.category, list(a.tags), list(a.notes), a.is_article, a.text,
        a.provenance.source, a.provenance.input_kind, a.provenance.extractor_version,
        a.provenance.key_points_generated, a.schema_version, a.model_dump_json(), now,
        d.text_hash if d is not None else None, d.cluster_id if d is not None else None,
        d.is_origin if d is not None else None,
    ])
    rows["sections"].extend([a.id, i, s.heading, s.number, list(s.paragraphs)] for i, s in enumerate(a.sections))
    rows["images"].extend(
        [a.id, i, im.url, im.caption, im.credit, im.is_cover, im.section] for i, im in enumerate(a.images)
    )
    rows["related"].extend([a.id, i, r.title, r.url, r.kind] for i, r in enumerate(a.related))
    analysis = w.analysis or {}
    rows["doc_entities"].extend(
        [a.id, e.get("id"), e.get("name"), e.get("type"), list(e.get("aliases") or []),
         json.dumps(e.get("roles") or [], ensure_ascii=False), e.get("country"), e.get("code")]
        for e in analysis.get("entities", [])
    )
    rows["mentions"].extend(
        [a.id, m.get("start"), m.get("end"), m.get("text"), m.get("type"), m.get("entity")]
        for m in analysis.get("mentions", [])
    )
    for i, q in enumerate(analysis.get("quotes", [])):
        speaker = q.get("speaker") or {}
        rows["quotes"].append([
            a.id, i, q.get("text"), q.get("start"), q.get("end"), q.get("direct"), q.get("cue"),
            speaker.get("entity"), speaker.get("name"), q.get("source"),
        ])
    rows["dates"].extend(
        [a.id, d2.get("text"), d2.get("start"), d2.get("end"), d2.get("value"), d2.get("precision")]
        for d2 in analysis.get("dates", [])
    )


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
