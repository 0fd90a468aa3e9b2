"""Stage 5: keep articles (and what was learnt about them) in an embedded DuckDB file.

The schema is in ``schema.sql`` beside this module and documented in
``docs/store.md``. Writes are idempotent: an article is keyed by its stable id
(canonical URL hash, else content hash), so ingesting the same input twice
leaves one copy; the child tables of an article are replaced with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
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
        if not read_only:
            self.con.execute(_schema_sql())
        elif not self.con.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_name = 'ingest_log'"
        ).fetchone():
            self.con.close()
            raise StoreError(f"{self.path}: not a warta database (no warta tables in it)")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # ------------------------------------------------------------ writing

    def put_article(self, article: Article, analysis: dict[str, Any] | None = None) -> bool:
        """Insert or replace one article with its children; True when it was new."""
        if article.id is None:
            raise StoreError("article has no id (extract() assigns one)")
        con = self.con
        existed = con.execute("SELECT 1 FROM articles WHERE id = ?", [article.id]).fetchone() is not None
        con.execute("BEGIN TRANSACTION")
        try:
            self._delete_children(article.id)
            con.execute("DELETE FROM articles WHERE id = ?", [article.id])
            con.execute(
                """INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                   ?, ?, ?, ?)""",
                [
                    article.id,
                    article.url,
                    article.outlet.name,
                    article.outlet.domain,
                    article.language,
                    article.title,
                    article.subtitle,
                    article.key_points,
                    json.dumps([a.model_dump() for a in article.authors], ensure_ascii=False),
                    json.dumps([a.model_dump() for a in article.editors], ensure_ascii=False),
                    article.published,
                    article.modified,
                    article.dateline.place if article.dateline else None,
                    article.dateline.outlet if article.dateline else None,
                    article.category,
                    article.tags,
                    article.notes,
                    article.is_article,
                    article.text,
                    article.provenance.source,
                    article.provenance.input_kind,
                    article.provenance.extractor_version,
                    article.provenance.key_points_generated,
                    article.schema_version,
                    article.model_dump_json(),
                    datetime.now(UTC),
                ],
            )
            if article.sections:
                con.executemany(
                    "INSERT INTO sections VALUES (?, ?, ?, ?, ?)",
                    [[article.id, i, s.heading, s.number, s.paragraphs] for i, s in enumerate(article.sections)],
                )
            if article.images:
                con.executemany(
                    "INSERT INTO images VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        [article.id, i, im.url, im.caption, im.credit, im.is_cover, im.section]
                        for i, im in enumerate(article.images)
                    ],
                )
            if article.related:
                con.executemany(
                    "INSERT INTO related VALUES (?, ?, ?, ?, ?)",
                    [[article.id, i, r.title, r.url, r.kind] for i, r in enumerate(article.related)],
                )
            if analysis:
                self._put_analysis(article.id, analysis)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        return not existed

    def _delete_children(self, article_id: str) -> None:
        for table in ("sections", "images", "related", "doc_entities", "mentions", "quotes", "dates"):
            self.con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])

    def _put_analysis(self, article_id: str, analysis: dict[str, Any]) -> None:
        con = self.con
        rows = [
            [
                article_id,
                e.get("id"),
                e.get("name"),
                e.get("type"),
                e.get("aliases") or [],
                json.dumps(e.get("roles") or [], ensure_ascii=False),
                e.get("country"),
                e.get("code"),
            ]
            for e in analysis.get("entities", [])
        ]
        if rows:
            con.executemany("INSERT INTO doc_entities VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        rows = [
            [article_id, m.get("start"), m.get("end"), m.get("text"), m.get("type"), m.get("entity")]
            for m in analysis.get("mentions", [])
        ]
        if rows:
            con.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?)", rows)
        rows = []
        for i, q in enumerate(analysis.get("quotes", [])):
            speaker = q.get("speaker") or {}
            rows.append(
                [
                    article_id, i, q.get("text"), q.get("start"), q.get("end"), q.get("direct"), q.get("cue"),
                    speaker.get("entity"), speaker.get("name"), q.get("source"),
                ]
            )
        if rows:
            con.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        rows = [
            [article_id, d.get("text"), d.get("start"), d.get("end"), d.get("value"), d.get("precision")]
            for d in analysis.get("dates", [])
        ]
        if rows:
            con.executemany("INSERT INTO dates VALUES (?, ?, ?, ?, ?, ?)", rows)

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


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else None


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
