"""The Spark job: a manifest of WARC files in, Parquet tables out.

Plan (one Spark application, one pass over the input):

1. The driver reads the manifest and makes one partition per WARC file (``file_idx``, path).
2. ``mapPartitions`` streams each file's records through :func:`warta.spark.rows.process_file`
   (the local pipeline's stage functions) and yields one wide row per record; the wide rows become
   a DataFrame with an explicit schema and are persisted (memory and disk), so every output
   table is cut from the same single computation.
3. Articles whose id occurs more than once in the run (the same URL crawled twice) keep the
   last occurrence in manifest order, as a local ingest that replaces the article would.
4. Each table (articles, sections, images, related, entities, mentions, quotes, dates, events)
   is written as Parquet under ``OUTPUT/<table>/pub_date=…/pub_outlet=…/manifest=…/`` with dynamic
   partition overwrite: a rerun of the manifest replaces exactly the partitions it writes, other
   manifests' partitions are untouched, and Spark's commit protocol discards the output of a
   failed task attempt, so a retried task does not duplicate rows. Problems (records skipped or
   failed, with reasons) go to ``OUTPUT/errors/manifest=…/``; one row per finished run is appended
   to ``OUTPUT/runs/``.

Run it with ``warta spark``, from Python (:func:`run`), or with ``spark-submit`` on this file
(:func:`main`); ``docs/spark.md`` has cluster settings.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from time import perf_counter
from typing import Any

from warta.spark.manifest import manifest_id, read_manifest
from warta.spark.rows import CHILDREN, Options, process_files
from warta.spark.schema import (
    ARTICLE_COLUMNS,
    ERROR_COLUMNS,
    PARTITION_COLUMNS,
    RUN_COLUMNS,
    TABLES,
    child_columns,
    record_schema,
)

TASK_ATTEMPTS = 4
SEQ_FILE = 1 << 40  # seq = file_idx * SEQ_FILE + rec_no
_LOCAL = re.compile(r"local\[(\d+|\*)\]")


@dataclass
class SparkRunReport:
    run_id: str
    manifest_id: str
    output: str
    master: str = ""
    files: int = 0
    records: int = 0
    articles: int = 0
    duplicates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def failed(self) -> int:
        return sum(self.skipped.values()) + sum(self.errors.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "manifest_id": self.manifest_id,
            "output": self.output,
            "master": self.master,
            "files": self.files,
            "records": self.records,
            "articles": self.articles,
            "duplicates_dropped": self.duplicates,
            "skipped": dict(self.skipped),
            "errors": dict(self.errors),
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
        }


def local_master(master: str) -> str:
    """``local[N]`` with task retries: Spark's local mode tries a task once unless told otherwise."""
    m = _LOCAL.fullmatch(master.strip())
    return f"local[{m.group(1)},{TASK_ATTEMPTS}]" if m else master


def build_session(master: str | None = None, conf: dict[str, str] | None = None, *, app_name: str = "warta",
                  files: int = 0) -> Any:
    """A SparkSession for the job. ``master=None`` leaves the master to spark-submit (or Spark's default)."""
    from pyspark.sql import SparkSession

    conf = dict(conf or {})
    builder = SparkSession.builder.appName(app_name)
    is_local = master is None or master.startswith("local")
    if master:
        builder = builder.master(local_master(master))
    if is_local:
        # Executors are child processes of this Python: make them use the same interpreter (the venv).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        conf.setdefault("spark.ui.enabled", "false")
        conf.setdefault("spark.ui.showConsoleProgress", "false")
    conf.setdefault("spark.sql.shuffle.partitions", str(max(2, min(200, files or 2))))
    conf.setdefault("spark.sql.session.timeZone", "UTC")
    conf.setdefault("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    conf.setdefault("spark.sql.sources.partitionOverwriteMode", "dynamic")
    conf.setdefault("spark.task.maxFailures", str(TASK_ATTEMPTS))
    for key, value in conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("WARTA_SPARK_LOG_LEVEL", "ERROR"))
    return spark


def _task(pairs: Iterator[tuple[int, str]], options: Options, fail_after: int | None) -> Iterator[tuple[Any, ...]]:
    """The mapPartitions function; ``fail_after`` (tests only) kills the first attempt after that many rows."""
    if fail_after is None:
        yield from process_files(pairs, options)
        return
    from pyspark import TaskContext

    ctx = TaskContext.get()
    first_attempt = ctx is not None and ctx.attemptNumber() == 0
    for n, row in enumerate(process_files(pairs, options)):
        if first_attempt and n == fail_after:
            raise RuntimeError("injected task failure (warta.spark test hook)")
        yield row


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def run(
    manifest: str | Sequence[str],
    output: str,
    *,
    master: str | None = None,
    spark: Any = None,
    prefix: str | None = None,
    manifest_name: str | None = None,
    analyze: bool = True,
    key_points: bool = False,
    events: bool = True,
    run_id: str | None = None,
    conf: dict[str, str] | None = None,
    cluster_partitions: bool = True,
    partition_by: Sequence[str] = ("pub_date", "pub_outlet"),
    fail_first_attempt_after: int | None = None,
) -> SparkRunReport:
    """Process every WARC file a manifest lists and write the Parquet tables under ``output``.

    ``manifest`` is a manifest file (local or remote, plain or gzip) or a list of paths. ``spark``
    is a SparkSession to use (left running); without one the active session is used, else one is
    built for ``master`` and stopped at the end. ``cluster_partitions`` shuffles each table by its
    partition columns before writing, so that each partition directory gets one file per run
    instead of one per task. ``partition_by`` is ``("pub_date", "pub_outlet")`` (the default) or
    ``("pub_date",)``, for collections with many outlets and few articles per outlet and day; the
    manifest id is always the last level.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    started_clock = perf_counter()
    paths = read_manifest(manifest, prefix=prefix) if isinstance(manifest, str) else list(manifest)
    mid = manifest_id(paths, manifest_name)
    started = datetime.now(UTC).replace(microsecond=0)
    run_id = run_id or new_run_id(started)
    output = output.rstrip("/")
    partition_by = tuple(partition_by)
    if not partition_by or not set(partition_by) <= {"pub_date", "pub_outlet"}:
        raise ValueError(f"partition_by must be pub_date and/or pub_outlet, not {partition_by!r}")
    partitions = (*partition_by, "manifest")
    options = Options(analyze=analyze, key_points=key_points, events=events, run_started=started)
    report = SparkRunReport(run_id=run_id, manifest_id=mid, output=output, files=len(paths))

    own = False
    if spark is None:
        from pyspark.sql import SparkSession

        spark = SparkSession.getActiveSession()  # e.g. a notebook's, or the tests'
        if spark is None:
            spark = build_session(master, conf, files=len(paths))
            own = True
    try:
        sc = spark.sparkContext
        report.master = sc.master
        spark.conf.set("spark.sql.session.timeZone", "UTC")
        spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        if not paths:
            report.seconds = perf_counter() - started_clock
            return report
        rdd = sc.parallelize(list(enumerate(paths)), numSlices=len(paths)).mapPartitions(
            partial(_task, options=options, fail_after=fail_first_attempt_after)
        )
        wide = (
            spark.createDataFrame(rdd, record_schema(), verifySchema=False)
            .withColumn("manifest", F.lit(mid))
            .withColumn("run_id", F.lit(run_id))
            .withColumn("run_started", F.lit(started))
            # Input order (file, record): de-duplication clusters follow the order articles were first seen.
            .withColumn("seq", F.col("file_idx").cast("long") * SEQ_FILE + F.col("rec_no"))
        )
        wide = wide.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            sizes = _count(wide, report)  # the one pass over the input: fills the cache
            articles = wide.filter(F.col("kind") == "article")
            dups = None
            if report.duplicates:
                dups = (
                    articles.groupBy("id")
                    .agg(F.count(F.lit(1)).alias("_n"), F.max("seq").alias("_keep"), F.min("seq").alias("_first"))
                    .filter(F.col("_n") > 1)
                ).persist(StorageLevel.MEMORY_AND_DISK)
                # The last copy wins (as a local ingest replaces the article), in the first copy's place.
                keep = F.col("_keep")
                articles = (
                    articles.join(dups.select("id", "_keep", "_first"), "id", "left")
                    .filter(keep.isNull() | (F.col("seq") == keep))
                    .withColumn("seq", F.coalesce(F.col("_first"), F.col("seq")))
                    .drop("_keep", "_first")
                )
                row = articles.agg(*[F.sum(F.size(child)).alias(child) for child in CHILDREN]).first()
                sizes = {child: int(row[child] or 0) for child in CHILDREN} if row else {}
            report.articles -= report.duplicates
            report.rows = {"articles": report.articles}
            for table, child in TABLES.items():
                if child is not None:
                    report.rows[table] = sizes.get(child, 0)
                # An empty table is not written: with dynamic overwrite it would replace nothing anyway.
                if report.rows[table]:
                    _write(table_frame(articles, table), f"{output}/{table}", partitions, cluster_partitions)
            errors = wide.filter(F.col("kind") == "problem").select(*ERROR_COLUMNS, *RUN_COLUMNS, "manifest")
            report.rows["errors"] = report.failed
            if report.failed:
                _write(errors, f"{output}/errors", ("manifest",), cluster_partitions)
            if dups is not None:
                dups.unpersist()
        finally:
            wide.unpersist()
        report.seconds = perf_counter() - started_clock
        _append_run(spark, output, report, started, options, paths)
        return report
    finally:
        if own:
            spark.stop()


def table_frame(articles: Any, table: str) -> Any:
    """One output table cut from the (deduplicated) article rows."""
    from pyspark.sql import functions as F

    child = TABLES[table]
    if child is None:
        return articles.select(*ARTICLE_COLUMNS, *RUN_COLUMNS, *PARTITION_COLUMNS)
    exploded = articles.select(
        F.col("id").alias("article_id"), *RUN_COLUMNS, *PARTITION_COLUMNS, F.explode(child).alias("_c")
    )
    return exploded.select(
        "article_id", *[F.col(f"_c.{name}").alias(name) for name in child_columns(table)], *RUN_COLUMNS,
        *PARTITION_COLUMNS,
    )


def _count(wide: Any, report: SparkRunReport) -> dict[str, int]:
    """Fill the report's counts in one job over all records; returns child row counts before deduplication."""
    from pyspark.sql import functions as F

    sizes: Counter[str] = Counter()
    aggs = [F.count(F.lit(1)).alias("n"), F.count_distinct("id").alias("ids"),
            *[F.sum(F.size(child)).alias(child) for child in CHILDREN]]
    for row in wide.groupBy("kind", "status", "stage", "reason").agg(*aggs).collect():
        n = int(row["n"])
        if row["stage"] != "events":  # an article whose event coding failed is one record, two rows
            report.records += n
        if row["kind"] == "article":
            report.articles += n
            report.duplicates += n - int(row["ids"])
            for child in CHILDREN:
                sizes[child] += int(row[child] or 0)
        elif row["status"] == "error":
            report.errors[row["reason"] or "unknown"] += n
        else:
            report.skipped[row["reason"] or "unknown"] += n
    return dict(sizes)


def _write(df: Any, path: str, partitions: Sequence[str], cluster: bool) -> None:
    if cluster:
        df = df.repartition(*partitions)
    (
        df.write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(*partitions)
        .parquet(path)
    )


def _append_run(spark: Any, output: str, report: SparkRunReport, started: datetime, options: Options,
                paths: Sequence[str]) -> None:
    from warta.version import __version__

    row = {
        "run_id": report.run_id,
        "manifest": report.manifest_id,
        "run_started": started,
        "run_finished": datetime.now(UTC),
        "master": report.master,
        "files": report.files,
        "records": report.records,
        "articles": report.articles,
        "duplicates_dropped": report.duplicates,
        "skipped": sum(report.skipped.values()),
        "errors": sum(report.errors.values()),
        "seconds": float(round(report.seconds, 3)),
        "warta_version": __version__,
        "options": json.dumps({"analyze": options.analyze, "key_points": options.key_points,
                               "events": options.events}),
        "first_path": paths[0] if paths else None,
    }
    schema = (
        "run_id string, manifest string, run_started timestamp, run_finished timestamp, master string, "
        "files int, records long, articles long, duplicates_dropped long, skipped long, errors long, "
        "seconds double, warta_version string, options string, first_path string"
    )
    spark.createDataFrame([tuple(row.values())], schema).coalesce(1).write.mode("append").parquet(f"{output}/runs")


# ------------------------------------------------------------------ spark-submit entry point

def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="warta-spark", description="Run the warta pipeline over a WARC manifest.")
    p.add_argument("manifest", help="file with one WARC path per line (plain or .gz; local or URI)")
    p.add_argument("--output", required=True, help="output directory (local, s3a://, hdfs://)")
    p.add_argument("--master", default=None, help="Spark master; omit under spark-submit")
    p.add_argument("--prefix", default=None, help="prepended to relative manifest lines (s3://commoncrawl/)")
    p.add_argument("--manifest-id", default=None, help="name of this manifest's partitions (default: a hash)")
    p.add_argument("--no-analyze", action="store_true", help="articles only: no entities, quotes, dates, events")
    p.add_argument("--no-events", action="store_true", help="do not run the event coder")
    p.add_argument("--key-points", action="store_true", help="fill key points the outlet did not give")
    p.add_argument("--partition-by", choices=["date,outlet", "date"], default="date,outlet",
                   help="partition levels above the manifest id")
    p.add_argument("--run-id", default=None)
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="extra Spark setting")
    return p.parse_args(argv)


def parse_conf(items: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--conf {item!r}: expected KEY=VALUE")
        out[key.strip()] = value.strip()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(
        args.manifest, args.output, master=args.master, prefix=args.prefix, manifest_name=args.manifest_id,
        analyze=not args.no_analyze, events=not args.no_events and not args.no_analyze, key_points=args.key_points,
        run_id=args.run_id, conf=parse_conf(args.conf),
        partition_by=("pub_date", "pub_outlet") if args.partition_by == "date,outlet" else ("pub_date",),
    )
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
