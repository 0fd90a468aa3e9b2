"""``warta spark`` (the pipeline on Apache Spark over a WARC manifest) and ``warta load-parquet``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command()
@click.argument("manifest", type=str)
@click.option("--output", "-o", required=True,
              help="Output directory: local path, s3:// (or s3a://), hdfs:// or gs://, reachable from every executor.")
@click.option("--master", default="local[*]", show_default=True,
              help="Spark master URL (local[N], spark://host:7077, yarn, k8s://...).")
@click.option("--prefix", default=None,
              help="Prepended to relative manifest lines, e.g. s3://commoncrawl/ or https://data.commoncrawl.org/.")
@click.option("--manifest-id", "manifest_name", default=None,
              help="Name of this manifest's output partitions (default: a hash of its paths).")
@click.option("--no-analyze", is_flag=True, help="Articles only: no entities, quotes, dates or events.")
@click.option("--no-events", is_flag=True, help="Do not run the event coder.")
@click.option("--key-points", "key_points", is_flag=True, help="Fill key points the outlet did not give.")
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE",
              help="A Spark setting (repeatable), e.g. --conf spark.executor.memory=4g.")
@click.option("--partition-by", type=click.Choice(["date,outlet", "date"]), default="date,outlet", show_default=True,
              help="Partition levels above the manifest id: publication date and outlet, or date only "
                   "(fewer, larger files when most outlets have few articles a day).")
@click.option("--flush-articles", type=click.IntRange(min=1), default=None,
              help="A task writes its rows every N articles (default 2000): bounds a task's memory; each write is "
                   "one file per table and partition.")
@click.option("--run-id", default=None, help="Run id written into every row (default: time + random).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="Write the run report as JSON here.")
def spark(
    manifest: str, output: str, master: str, prefix: str | None, manifest_name: str | None, no_analyze: bool,
    no_events: bool, key_points: bool, confs: tuple[str, ...], partition_by: str, flush_articles: int | None,
    run_id: str | None, report_path: str | None,
) -> None:
    """Run the pipeline on Spark over the WARC files MANIFEST lists (one path per line, as warc.paths.gz).

    Each task writes Parquet tables (articles, sections, images, related, entities,
    mentions, quotes, dates, events) for its WARC file; the driver commits them under
    OUTPUT/<table>/pub_date=…/pub_outlet=…/manifest=…/, records the inputs it could not read
    in OUTPUT/errors, and appends the run to OUTPUT/runs. Re-running a manifest replaces its
    own partitions. Exit code 1 when some records were skipped or failed. See docs/spark.md.

    \b
    Examples:
      warta spark warc.paths --output out/ --master local[2]
      warta spark warc.paths.gz --prefix s3://commoncrawl/ --output s3a://bucket/warta/ --master yarn
    """
    from warta.spark.job import OutputError, parse_conf, run
    from warta.spark.staging import FLUSH_ARTICLES

    try:
        conf = parse_conf(confs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--conf") from None
    try:
        report = run(
            manifest, output, master=master, prefix=prefix, manifest_name=manifest_name, analyze=not no_analyze,
            events=not no_events and not no_analyze, key_points=key_points, run_id=run_id, conf=conf,
            partition_by=("pub_date", "pub_outlet") if partition_by == "date,outlet" else ("pub_date",),
            flush_articles=flush_articles or FLUSH_ARTICLES,
        )
    except FileNotFoundError as exc:
        click.echo(f"warta: error: {manifest}: {exc.strerror or exc}", err=True)
        sys.exit(3)
    except OutputError as exc:
        click.echo(f"warta: error: {exc}", err=True)
        sys.exit(3)
    doc = report.as_dict()
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    if report_path:
        Path(report_path).write_text(text, "utf-8")
    click.echo(text)
    sys.exit(1 if report.failed else 0)


@click.command("load-parquet")
@click.argument("output", type=str)
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="DuckDB file (created if missing).")
def load_parquet(output: str, db: str) -> None:
    """Import the Parquet tables `warta spark` wrote under OUTPUT into a warta database.

    The newest version of each article (over all runs and manifests) replaces the
    stored one with its children; loading twice changes nothing.
    """
    from warta.spark.load import load_parquet as run_load

    report = run_load(output, db)
    click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))


commands = [spark, load_parquet]
