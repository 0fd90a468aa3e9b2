"""``warta load-parquet``: the Spark job's Parquet output into a warta DuckDB store.

No Spark is needed: DuckDB reads the Parquet tables (hive-partitioned directories) directly.
Loading is idempotent and follows the store's rule that an article is replaced with all of its
children: for every article id in the output, the newest version (latest ``run_started``, over
all manifests and runs) replaces what the database holds, and its children are taken from that
same run. Records the job could not read become ``ingest_log`` rows with their reason, so
``warta stats`` counts them as a local ingest would.

Event records go to the events stage's ``event_mentions`` table and the aggregated ``events``
are rebuilt (``warta.events.store.refresh_events``), as ``warta ingest --analyze`` does. The
near-duplicate clusters (``cluster_id``, ``is_origin``) are assigned here, in one pass over the
loaded articles in manifest order with the database's de-duplication index, because clustering
is sequential by nature.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# store table -> Spark table; columns are matched by name (the Spark tables carry extra ones).
CHILD_TABLES: dict[str, str] = {
    "sections": "sections",
    "images": "images",
    "related": "related",
    "doc_entities": "entities",
    "mentions": "mentions",
    "quotes": "quotes",
    "dates": "dates",
    "event_mentions": "events",
}
DEDUP_COLUMNS = ("text_hash", "cluster_id", "is_origin")


@dataclass
class LoadReport:
    articles: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    problems: int = 0
    events_not_loaded: int = 0
    runs: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "rows": self.rows, "problems": self.problems,
                "events_not_loaded": self.events_not_loaded, "runs": self.runs}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def table_source(output: str, table: str) -> str | None:
    """A DuckDB ``read_parquet(...)`` over one output table, or None when the table has no files."""
    base = output.rstrip("/") + "/" + table
    pattern = base + "/**/*.parquet"
    if "://" not in output or output.startswith("file://"):
        local = pattern.removeprefix("file://")
        if not glob.glob(local, recursive=True):
            return None
        pattern = local
    return (f"read_parquet({_lit(pattern)}, hive_partitioning = true, hive_types_autocast = false, "
            "union_by_name = true)")


def _columns(con: Any, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND table_schema = 'main' "
        "ORDER BY ordinal_position", [table]).fetchall()]


def _parquet_columns(con: Any, src: str) -> list[str]:
    return [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]


def load_parquet(output: str | Path, db: str | Path) -> LoadReport:
    """Import the Spark output directory ``output`` into the DuckDB store ``db`` (created if missing)."""
    from warta.store import Store

    output = str(output)
    if "://" not in output and not os.path.isdir(output):
        from warta.errors import StoreError

        raise StoreError(f"{output}: no such directory (expected the output of `warta spark`)")
    report = LoadReport()
    articles_src = table_source(output, "articles")
    with Store(db) as store:
        con = store.con
        if articles_src is None:
            return report
        events_store = _events_store()
        if events_store is not None:
            events_store.ensure_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(
                f"""CREATE OR REPLACE TEMP TABLE _spark_articles AS
                    SELECT * FROM {articles_src}
                    QUALIFY row_number() OVER (PARTITION BY id ORDER BY run_started DESC, run_id DESC,
                                               fetched DESC NULLS LAST, record_source DESC) = 1"""
            )
            row = con.execute("SELECT count(*) FROM _spark_articles").fetchone()
            report.articles = int(row[0]) if row else 0
            tables = [t for t in CHILD_TABLES if _columns(con, t)]
            for table in (*tables, "articles"):
                key = "id" if table == "articles" else "article_id"
                con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM _spark_articles)")
            have = set(_parquet_columns(con, "_spark_articles"))
            cols = [c for c in _columns(con, "articles") if c in have]
            col_list = ", ".join(_q(c) for c in cols)
            con.execute(f"INSERT INTO articles ({col_list}) SELECT {col_list} FROM _spark_articles")
            for store_table in tables:
                src = table_source(output, CHILD_TABLES[store_table])
                if src is None:
                    report.rows[store_table] = 0
                    continue
                have = set(_parquet_columns(con, src))
                cols = [c for c in _columns(con, store_table) if c in have]
                n = con.execute(
                    f"""INSERT INTO {store_table} ({", ".join(_q(c) for c in cols)})
                        SELECT {", ".join("c." + _q(c) for c in cols)} FROM {src} c
                        JOIN _spark_articles a ON c.article_id = a.id AND c.run_id = a.run_id
                             AND c.manifest = a.manifest"""
                ).fetchone()
                report.rows[store_table] = int(n[0]) if n else 0
            if "event_mentions" not in tables:
                src = table_source(output, "events")
                if src is not None:
                    n = con.execute(f"SELECT count(*) FROM {src}").fetchone()
                    report.events_not_loaded = int(n[0]) if n else 0
            report.problems = _log_sources(con, output)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        try:
            _assign_clusters(con, Path(str(db)))
        finally:
            con.execute("DROP TABLE IF EXISTS _spark_articles")
        if events_store is not None and report.rows.get("event_mentions"):
            report.rows["events"] = int(events_store.refresh_events(con))
        runs = table_source(output, "runs")
        if runs is not None:
            row = con.execute(f"SELECT count(*) FROM {runs}").fetchone()
            report.runs = int(row[0]) if row else 0
    return report


def _events_store() -> Any:
    try:
        from warta.events import store as events_store
    except ImportError:
        return None
    return events_store


def _assign_clusters(con: Any, db: Path) -> None:
    """Near-duplicate clusters for the loaded articles, with the index ``warta ingest`` keeps beside the db."""
    if not set(DEDUP_COLUMNS) <= set(_columns(con, "articles")):
        return
    try:
        from warta.dedup import DedupIndex
    except ImportError:
        return
    import pyarrow as pa

    path = db.with_name(db.name + ".dedup")
    index = None
    if path.exists():
        try:
            index = DedupIndex.load(path)
        except Exception:  # a torn or foreign file: rebuild, as ingest does
            index = None
    stored = con.execute("SELECT count(*) FROM articles WHERE text_hash IS NOT NULL "
                         "AND id NOT IN (SELECT id FROM _spark_articles)").fetchone()
    if index is None or (stored is not None and len(index) < stored[0]):
        index = DedupIndex()
        cur = con.execute("SELECT id, text, published FROM articles WHERE text_hash IS NOT NULL "
                          "AND id NOT IN (SELECT id FROM _spark_articles) ORDER BY ingested_at, id")
        while batch := cur.fetchmany(1000):
            for article_id, text, published in batch:
                index.add(article_id, text or "", published=published)
    rows = con.execute("SELECT id, text, published FROM _spark_articles WHERE coalesce(text, '') <> '' "
                       "ORDER BY run_started, manifest, seq").fetchall()
    ids, hashes, clusters, origins, lost = [], [], [], [], []
    for article_id, text, published in rows:
        r = index.add(article_id, text, published=published)
        ids.append(article_id)
        hashes.append(r.text_hash)
        clusters.append(r.cluster_id)
        origins.append(r.is_origin)
        if r.previous_origin:
            lost.append(r.previous_origin)
    if ids:
        con.register("_spark_dedup", pa.table({"id": ids, "text_hash": hashes, "cluster_id": clusters,
                                               "is_origin": origins}))
        con.execute("""UPDATE articles SET text_hash = d.text_hash, cluster_id = d.cluster_id, is_origin = d.is_origin
                       FROM _spark_dedup d WHERE articles.id = d.id""")
        con.unregister("_spark_dedup")
    for article_id in lost:
        con.execute("UPDATE articles SET is_origin = false WHERE id = ?", [article_id])
    index.save(path)


def _log_sources(con: Any, output: str) -> int:
    """ingest_log rows: problems first, then stored articles (a record stored by a later run wins)."""
    problems = 0
    src = table_source(output, "errors")
    if src is not None:
        row = con.execute(f"SELECT count(*) FROM {src}").fetchone()
        problems = int(row[0]) if row else 0
        con.execute(
            f"""INSERT OR REPLACE INTO ingest_log
                SELECT record_source, status, NULL, reason, now() FROM {src}
                WHERE record_source IS NOT NULL
                QUALIFY row_number() OVER (PARTITION BY record_source ORDER BY run_started DESC, stage DESC) = 1"""
        )
    con.execute(
        """INSERT OR REPLACE INTO ingest_log
           SELECT record_source, 'stored', id, NULL, now() FROM _spark_articles
           WHERE record_source IS NOT NULL
           QUALIFY row_number() OVER (PARTITION BY record_source ORDER BY run_started DESC, id) = 1"""
    )
    return problems
