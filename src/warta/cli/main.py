"""The ``warta`` command: a thin shell over the Python API.

Exit codes scripts can rely on:

==  =====================================================================
0   everything asked for was done
1   the command ran, but some inputs were skipped or failed (see summary)
2   the command line was wrong (unknown option, missing argument)
3   nothing could be done: bad input to ``extract``, database unusable
70  an internal error (a bug): the message says so; WARTA_DEBUG=1 shows it
==  =====================================================================
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from warta.errors import InputError, StoreError, WartaError

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FAILED, EXIT_INTERNAL = 0, 1, 2, 3, 70
STDIN_LIMIT = 64 * 1024 * 1024


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    click.echo(f"warta: error: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="warta")
def cli() -> None:
    """warta reads online news the way an analyst would.

    Give it raw pages (HTML or text dumps) and it returns clean articles with
    their structure, stored in DuckDB for search and comparison.
    """


@cli.command()
@click.argument("source", type=str)
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="json", show_default=True,
              help="json: the Article contract; md: a readable rendering.")
@click.option("--url", default=None, help="The page's URL, when the input does not say it.")
@click.option("--kind", type=click.Choice(["auto", "html", "text"]), default="auto", show_default=True,
              help="Treat the input as HTML or as a text dump instead of guessing.")
@click.option("--analyze", is_flag=True, help="Add entities, quotes, dates and events (warta.analyze).")
@click.option("--key-points", "key_points", is_flag=True,
              help="Fill key points for articles that have none (marked as generated).")
def extract(source: str, fmt: str, url: str | None, kind: str, analyze: bool, key_points: bool) -> None:
    """Read one page (FILE, or - for standard input) and print the article.

    \b
    Examples:
      warta extract page.html --url https://example.com/a
      curl -s URL | warta extract - --format md
    """
    from warta import extract as run_extract

    if source == "-":
        data = sys.stdin.buffer.read(STDIN_LIMIT + 1)
        if len(data) > STDIN_LIMIT:
            _fail(f"<stdin>: more than {STDIN_LIMIT // 2**20} MB")
        label = "<stdin>"
    else:
        path = Path(source)
        if not path.is_file():
            _fail(f"{source}: no such file")
        from warta.ingest import read_file

        try:
            doc = read_file(path)
        except InputError as exc:
            _fail(str(exc))
        data, label = doc.data, source
        if kind == "auto" and doc.kind == "html":
            kind = "html"
    try:
        article = run_extract(data, url=url, source=label, kind=kind)  # type: ignore[arg-type]
    except InputError as exc:
        _fail(str(exc))
    if key_points:
        from warta.keypoints import fill_key_points

        article = fill_key_points(article)
    if fmt == "md":
        from warta.render import to_markdown

        click.echo(to_markdown(article), nl=False)
        return
    doc_out: dict[str, Any] = json.loads(article.model_dump_json())
    if analyze:
        from warta import analyze as run_analyze

        doc_out["analysis"] = run_analyze(article)
    click.echo(json.dumps(doc_out, ensure_ascii=False, indent=2))


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="DuckDB file (created if missing).")
@click.option("--kind", type=click.Choice(["html", "text", "warc", "jsonl", "sitemap", "feed", "urls", "url"]),
              default=None, help="Read every source as this kind instead of detecting it.")
@click.option("--workers", "-j", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Extraction processes (the database has one writer).")
@click.option("--analyze", is_flag=True, help="Also store entities, quotes, dates and events.")
@click.option("--key-points", "key_points", is_flag=True, help="Fill key points where the outlet gave none.")
@click.option("--no-dedup", is_flag=True, help="Do not cluster duplicate and near-duplicate articles.")
@click.option("--force", is_flag=True, help="Re-read inputs that an earlier run already stored.")
@click.option("--allow-private", is_flag=True,
              help="Let URLs in the sources reach private, loopback and link-local addresses.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="Write a machine-readable JSON report here.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(
    sources: tuple[str, ...], db: str, kind: str | None, workers: int, analyze: bool, key_points: bool,
    no_dedup: bool, force: bool, allow_private: bool, report_path: str | None, quiet: bool,
) -> None:
    """Read SOURCES into the database.

    \b
    SOURCES are files (.html, .html.gz, .txt), directories, globs, WARC files
    (.warc, .warc.gz), JSON Lines (.jsonl with text/url/html fields), URL lists,
    sitemaps, RSS/Atom feeds and http(s) URLs; the kind is detected unless --kind
    says it.

    Inputs already stored by an earlier run are skipped, so an interrupted run
    can simply be started again: nothing is lost and nothing is stored twice.
    A bad input is reported with its reason and skipped; the rest go in. Exit
    code 1 when any input was skipped or failed.
    """
    crawl_config = None
    if allow_private:
        from warta.sources.crawler import CrawlConfig

        crawl_config = CrawlConfig(allow_private=True)
    _run_ingest(list(sources), db, kind=kind, workers=workers, analyze=analyze, key_points=key_points,
                dedup=not no_dedup, force=force, crawl_config=crawl_config, report_path=report_path, quiet=quiet)


def _run_ingest(sources: list[str], db: str, *, report_path: str | None, quiet: bool, **options: Any) -> None:
    """Shared by ``ingest`` and ``crawl``: progress bar, summary, report, exit code."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from warta.ingest import Progress as Step
    from warta.ingest import ingest as run_ingest

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]ingest"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        TextColumn("{task.fields[records]} records, {task.fields[rate]}"), TimeElapsedColumn(),
        TimeRemainingColumn(), console=console, disable=quiet or not console.is_terminal, transient=True,
    )
    with progress:
        task = progress.add_task("ingest", total=None, records=0, rate="")

        def on_progress(step: Step) -> None:
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = f"{step.records / elapsed:.1f} records/s" if elapsed else ""
            progress.update(task, completed=step.bytes_read, total=step.total_bytes, records=step.records, rate=rate)
            if step.status in ("skipped", "error"):
                progress.console.print(f"[yellow]{step.status}[/]: {step.source}")

        try:
            report = run_ingest(sources, db, on_progress=on_progress, **options)
        except StoreError as exc:
            _fail(str(exc))
    _refresh_search_index(db, console)
    _print_ingest_summary(console, report.as_dict(), db)
    if report_path:
        Path(report_path).write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False), "utf-8")
    sys.exit(EXIT_PARTIAL if report.failed else EXIT_OK)


def _refresh_search_index(db: str, console: Any) -> None:
    """Keep the explorer's search index in step with the database, when there is one."""
    from warta.search import build_index, index_dir_for

    if not index_dir_for(db).exists():
        return  # `warta serve` builds it on first start
    report = build_index(db)
    console.print(f"search index {report.index_dir}: {report.mode}, {report.articles} articles")


def _print_ingest_summary(console: Any, rep: dict[str, Any], db: str) -> None:
    from rich.table import Table

    table = Table(title=f"ingest into {db}", show_header=False)
    table.add_row("read", str(rep["read"]))
    table.add_row("stored (new)", str(rep["stored"]))
    table.add_row("updated (seen before)", str(rep["updated"]))
    table.add_row("already done (skipped)", str(rep["already_done"]))
    table.add_row("exact duplicates", str(rep["duplicates"]))
    table.add_row("near duplicates", str(rep["near_duplicates"]))
    if rep["entities"]:
        table.add_row("entities (corpus)", str(rep["entities"]))
    if rep["events"]:
        table.add_row("events (aggregated)", str(rep["events"]))
    for reason, n in rep["skipped"].items():
        table.add_row(f"skipped: {reason}", str(n))
    for reason, n in rep["errors"].items():
        table.add_row(f"error: {reason}", str(n))
    table.add_row("time", f"{rep['seconds']:.2f} s ({rep['records_per_second'] or 0} records/s)")
    console.print(table)
    for failure in rep["failures"][:20]:
        console.print(f"  [yellow]{failure['source']}[/]: {failure['reason']}")


@cli.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="DuckDB file.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(db: str, as_json: bool) -> None:
    """What the database holds: articles, outlets, languages, dates, ingest outcomes."""
    from warta.store import Store

    with Store(db, read_only=True) as store:
        figures = store.stats()
    if as_json:
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"warta database {db}", show_header=False)
    for key in ("articles", "non_articles", "sections", "images", "related", "entities", "quotes", "earliest",
                "latest"):
        table.add_row(key, str(figures[key]))
    table.add_row("outlets", ", ".join(f"{name} ({n})" for name, n in figures["outlets"]))
    table.add_row("languages", ", ".join(f"{name} ({n})" for name, n in figures["languages"]))
    table.add_row("ingest log", ", ".join(f"{name} ({n})" for name, n in figures["ingest"]))
    console.print(table)
    with Store(db, read_only=True) as store:
        rows = store.con.execute(
            "SELECT id, coalesce(outlet_name, '?'), coalesce(title, left(text, 60)) FROM articles ORDER BY id LIMIT 20"
        ).fetchall()
    listing = Table("id", "outlet", "title", title="articles")
    for row in rows:
        listing.add_row(*[str(v) for v in row])
    console.print(listing)


@cli.command()
@click.argument("article_id")
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="DuckDB file.")
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="md", show_default=True)
def show(article_id: str, db: str, fmt: str) -> None:
    """Print one stored article by its id (a unique prefix is enough)."""
    from warta.store import Store

    with Store(db, read_only=True) as store:
        article = store.get_article(article_id)
    if article is None:
        _fail(f"{article_id}: no article with this id (or the prefix is not unique) in {db}")
        return
    if fmt == "json":
        click.echo(article.to_json())
    else:
        from warta.render import to_markdown

        click.echo(to_markdown(article), nl=False)


@cli.command()
@click.option("--db", required=True, type=click.Path(exists=True, dir_okay=False), help="DuckDB file.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="File to write.")
def export(db: str, fmt: str, output: str) -> None:
    """Export every article: JSON Lines (full Article documents) or Parquet (flat columns)."""
    from warta.store import Store

    with Store(db, read_only=True) as store:
        n = store.export(output, fmt)
    click.echo(f"wrote {n} articles to {output}", err=True)


# Commands that live with their stage, each a module under warta/cli exposing ``commands``
# (a list of click commands): the stage owns its command's options and help.
STAGE_COMMAND_MODULES = ("crawl_cmd", "events_cmd", "serve_cmd", "spark_cmd")


def _register_stage_commands() -> None:
    import importlib

    for name in STAGE_COMMAND_MODULES:
        try:
            module = importlib.import_module(f"warta.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"warta.cli.{name}":
                raise
            continue
        for command in module.commands:
            cli.add_command(command)


_register_stage_commands()


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("warta: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except (InputError, StoreError, WartaError) as exc:
        _fail(str(exc))
    except SystemExit:
        raise
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # a bug: one line, not a traceback, unless asked for
        if os.environ.get("WARTA_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set WARTA_DEBUG=1 for details)", EXIT_INTERNAL)


if __name__ == "__main__":
    main()
