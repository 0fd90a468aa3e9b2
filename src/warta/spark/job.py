"""The Spark job: a manifest of WARC files in, Parquet tables out.

Plan (one Spark application; the JVM only schedules tasks and carries small status records):

1. The driver reads the manifest and makes one partition per WARC file (``file_idx``, path).
2. Each task streams its file's records through :func:`warta.spark.rows.process_file` (the local
   pipeline's stage functions) and writes the output tables (articles, sections, images, related,
   entities, mentions, quotes, dates, events, errors) itself, with pyarrow, as Parquet files in a
   staging directory of its own attempt (:class:`warta.spark.staging.TaskWriter`). It returns a
   status (files, counts, reasons) and one small tuple per article for de-duplication.
3. Articles whose id occurs more than once in the run (the same URL crawled twice) keep the last
   occurrence in manifest order, in the first occurrence's place, as a local ingest that replaces
   the article would: a ``reduceByKey`` over the article ids finds them, and the chunks that hold
   the losing copies are filtered (:func:`warta.spark.staging.fix_chunk`).
4. The driver commits the attempt of each file whose status it received, by moving its files into
   ``OUTPUT/<table>/pub_date=…/pub_outlet=…/manifest=…/``, and deletes earlier runs' files from
   the partitions it wrote (dynamic partition overwrite): a rerun of the manifest replaces exactly
   those partitions, other manifests' partitions are untouched, and failed, retried or speculative
   attempts never reach the output. Problems (records skipped or failed, with reasons) go to
   ``OUTPUT/errors/manifest=…/``; one row per finished run is added to ``OUTPUT/runs/``.

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

from warta.errors import WartaError
from warta.spark.manifest import manifest_id, read_manifest
from warta.spark.rows import Options, process_file
from warta.spark.schema import TABLES
from warta.spark.staging import (
    FLUSH_ARTICLES,
    FLUSH_BYTES,
    TaskWriter,
    WriteSpec,
    attempt_name,
    commit,
    discard_staging,
    fix_chunk,
    merge_copies,
    plan_fixes,
    write_run,
)

TASK_ATTEMPTS = 4
# The driver JVM's options in local mode: the quick (C1) compiler only, and the serial collector
# (one GC thread, for a heap that holds only task bookkeeping).
LOCAL_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
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
    parquet_files: int = 0
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
            "parquet_files": self.parquet_files,
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
        # In local mode the JVM only schedules: the records are read, extracted and written by the
        # Python workers. Its optimising (C2) compiler would otherwise spend more CPU than all the
        # Java code it speeds up, on the same cores as the workers (docs/spark.md, "JVM options").
        conf.setdefault("spark.driver.extraJavaOptions", LOCAL_JVM_OPTIONS)
    conf.setdefault("spark.default.parallelism", str(max(2, min(200, files or 2))))
    conf.setdefault("spark.sql.session.timeZone", "UTC")
    conf.setdefault("spark.task.maxFailures", str(TASK_ATTEMPTS))
    for key, value in conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("WARTA_SPARK_LOG_LEVEL", "ERROR"))
    return spark


def _task(pairs: Iterator[tuple[int, str]], options: Options, spec: WriteSpec,
          fail_after: int | None) -> Iterator[tuple[Any, ...]]:
    """The mapPartitions function: write the partition's files, yield their statuses and article ids.

    ``fail_after`` (tests only) makes the first attempt of every task fail after that many records,
    or, for a file with fewer, after it has written all of its output.
    """
    from pyspark import TaskContext

    ctx = TaskContext.get()
    attempt = attempt_name(ctx.partitionId(), ctx.taskAttemptId()) if ctx else attempt_name(0, None)
    fail = fail_after is not None and ctx is not None and ctx.attemptNumber() == 0
    for file_idx, path in pairs:
        writer = TaskWriter(spec, file_idx, attempt)
        for n, row in enumerate(process_file(file_idx, path, options), 1):
            writer.add(row)
            if fail and n == fail_after:
                raise RuntimeError("injected task failure (warta.spark test hook)")
        status = writer.close()
        if fail:
            raise RuntimeError("injected task failure after the output was written (warta.spark test hook)")
        yield ("s", status)
        for aid, first, last, chunk in writer.ids:
            yield ("i", aid, (first, last, (file_idx, chunk), ()))


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
    partition_by: Sequence[str] = ("pub_date", "pub_outlet"),
    flush_articles: int = FLUSH_ARTICLES,
    flush_bytes: int = FLUSH_BYTES,
    fail_first_attempt_after: int | None = None,
) -> SparkRunReport:
    """Process every WARC file a manifest lists and write the Parquet tables under ``output``.

    ``manifest`` is a manifest file (local or remote, plain or gzip) or a list of paths. ``spark``
    is a SparkSession to use (left running); without one the active session is used, else one is
    built for ``master`` and stopped at the end. ``partition_by`` is ``("pub_date", "pub_outlet")``
    (the default) or ``("pub_date",)``, for collections with many outlets and few articles per
    outlet and day; the manifest id is always the last level. A task writes its rows every
    ``flush_articles`` articles (or ``flush_bytes`` of article JSON), which bounds its memory;
    each flush is one file per table and partition.
    """
    from pyspark import StorageLevel

    started_clock = perf_counter()
    paths = read_manifest(manifest, prefix=prefix) if isinstance(manifest, str) else list(manifest)
    mid = manifest_id(paths, manifest_name)
    started = datetime.now(UTC).replace(microsecond=0)
    run_id = run_id or new_run_id(started)
    output = output.rstrip("/")
    partition_by = tuple(partition_by)
    if not partition_by or not set(partition_by) <= {"pub_date", "pub_outlet"}:
        raise ValueError(f"partition_by must be pub_date and/or pub_outlet, not {partition_by!r}")
    if flush_articles < 1 or flush_bytes < 1:
        raise ValueError("flush_articles and flush_bytes must be positive")
    options = Options(analyze=analyze, key_points=key_points, events=events, run_started=started)
    spec = WriteSpec(output=output, run_id=run_id, manifest=mid, run_started=started,
                     partition_by=tuple(p for p in ("pub_date", "pub_outlet") if p in partition_by),
                     flush_articles=flush_articles, flush_bytes=flush_bytes)
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
        if not paths:
            report.seconds = perf_counter() - started_clock
            return report
        discard_staging(spec)  # what a crashed run with this run id left
        _check_output(spec)
        out = sc.parallelize(list(enumerate(paths)), numSlices=len(paths)).mapPartitions(
            partial(_task, options=options, spec=spec, fail_after=fail_first_attempt_after)
        ).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            statuses = out.filter(lambda r: r[0] == "s").map(lambda r: r[1]).collect()
            dups = (
                out.filter(lambda r: r[0] == "i").map(lambda r: (r[1], r[2]))
                .reduceByKey(merge_copies, max(1, min(len(paths), sc.defaultParallelism)))
                .filter(lambda kv: len(kv[1][3]) > 0)
                .collect()
            )
            by_file = {st["file_idx"]: st for st in statuses}
            fixes = plan_fixes(dups, by_file)
            fixed: set[str] = set()
            empty: set[str] = set()
            removed: Counter[str] = Counter()
            if fixes:
                results = sc.parallelize(fixes, max(1, min(len(fixes), sc.defaultParallelism * 2))).map(
                    partial(fix_chunk, spec)).collect()
                done = {(f.file_idx, f.chunk): f for f in fixes}
                for file_idx, chunk, gone, rewritten, emptied in results:
                    attempt = done[(file_idx, chunk)].attempt
                    removed.update(gone)
                    fixed.update(f"{attempt}/{rel}" for rel in rewritten)
                    empty.update(f"{attempt}/{rel}" for rel in emptied)
            _fill(report, statuses, removed, sum(len(v[3]) for _, v in dups))
            report.parquet_files = commit(spec, statuses, fixed, empty)
        except BaseException:
            discard_staging(spec)
            raise
        finally:
            out.unpersist()
        report.seconds = perf_counter() - started_clock
        _append_run(spec, report, options, paths)
        return report
    finally:
        if own:
            spark.stop()


class OutputError(WartaError):
    """The output directory cannot be written."""


def _check_output(spec: WriteSpec) -> None:
    """Fail early, with the reason, when the driver cannot write the output (tasks would fail four times each)."""
    from warta.spark.staging import open_output, staging_dir

    try:
        fs, base = open_output(spec.output)
        probe = f"{staging_dir(base, spec.run_id)}/driver"
        fs.create_dir(probe, recursive=True)
        fs.delete_dir(probe)
    except (OSError, ValueError) as exc:
        raise OutputError(f"{spec.output}: cannot write here ({exc})") from None


def _fill(report: SparkRunReport, statuses: Sequence[dict[str, Any]], removed: Counter[str],
          cross_duplicates: int) -> None:
    rows: Counter[str] = Counter()
    for st in statuses:
        report.records += st["records"]
        report.articles += st["articles"]
        report.duplicates += st["duplicates"]
        report.skipped.update(st["skipped"])
        report.errors.update(st["errors"])
        rows.update(st["rows"])
    report.duplicates += cross_duplicates
    report.articles -= report.duplicates
    report.rows = {"articles": report.articles}
    for table in TABLES:
        if table != "articles":
            report.rows[table] = rows[table] - removed[table]
    report.rows["errors"] = report.failed


def _append_run(spec: WriteSpec, report: SparkRunReport, options: Options, paths: Sequence[str]) -> None:
    from warta.version import __version__

    write_run(spec, {
        "run_id": report.run_id,
        "manifest": report.manifest_id,
        "run_started": spec.run_started,
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
                               "events": options.events, "partition_by": list(spec.partition_by)}),
        "first_path": paths[0] if paths else None,
    })


# ------------------------------------------------------------------ spark-submit entry point

def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="warta-spark", description="Run the warta pipeline over a WARC manifest.")
    p.add_argument("manifest", help="file with one WARC path per line (plain or .gz; local or URI)")
    p.add_argument("--output", required=True, help="output directory (local, s3:// or s3a://, hdfs://, gs://)")
    p.add_argument("--master", default=None, help="Spark master; omit under spark-submit")
    p.add_argument("--prefix", default=None, help="prepended to relative manifest lines (s3://commoncrawl/)")
    p.add_argument("--manifest-id", default=None, help="name of this manifest's partitions (default: a hash)")
    p.add_argument("--no-analyze", action="store_true", help="articles only: no entities, quotes, dates, events")
    p.add_argument("--no-events", action="store_true", help="do not run the event coder")
    p.add_argument("--key-points", action="store_true", help="fill key points the outlet did not give")
    p.add_argument("--partition-by", choices=["date,outlet", "date"], default="date,outlet",
                   help="partition levels above the manifest id")
    p.add_argument("--flush-articles", type=int, default=FLUSH_ARTICLES,
                   help="a task writes its rows every N articles (bounds its memory)")
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
        flush_articles=args.flush_articles,
    )
    print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
