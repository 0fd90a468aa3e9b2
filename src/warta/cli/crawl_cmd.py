"""``warta crawl``: fetch pages politely from seeds (pages, sitemaps, feeds) into the database."""

from __future__ import annotations

import click


@click.command()
@click.argument("seeds", nargs=-1, required=True)
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="DuckDB file (created if missing).")
@click.option("--kind", type=click.Choice(["url", "sitemap", "feed"]), default=None,
              help="What the seeds are (default: decided by each response).")
@click.option("--depth", type=click.IntRange(0, 10), default=0, show_default=True,
              help="Follow same-host links this many hops from a seed page.")
@click.option("--max-pages", type=click.IntRange(1), default=None, help="Stop after this many pages.")
@click.option("--user-agent", default=None, help="User-Agent header (robots.txt is matched on its product token).")
@click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True,
              help="Seconds between requests to one host (a larger robots.txt Crawl-delay wins).")
@click.option("--concurrency", type=click.IntRange(1, 256), default=16, show_default=True,
              help="Requests in flight over all hosts.")
@click.option("--per-host", type=click.IntRange(1, 16), default=2, show_default=True,
              help="Requests in flight to one host.")
@click.option("--timeout", type=click.FloatRange(1), default=30.0, show_default=True, help="Seconds per request.")
@click.option("--sitemaps-from-robots", is_flag=True, help="Also read the Sitemap: lines of robots.txt.")
@click.option("--ignore-robots", is_flag=True, help="Do not honour robots.txt (only for sites you own).")
@click.option("--allow-private", is_flag=True,
              help="Allow private, loopback and link-local addresses (refused by default).")
@click.option("--workers", "-j", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Extraction processes.")
@click.option("--analyze", is_flag=True, help="Also store entities, quotes, dates and events.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
              help="Write a machine-readable JSON report here.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def crawl(
    seeds: tuple[str, ...], db: str, kind: str | None, depth: int, max_pages: int | None, user_agent: str | None,
    delay: float, concurrency: int, per_host: int, timeout: float, sitemaps_from_robots: bool,
    ignore_robots: bool, allow_private: bool, workers: int, analyze: bool, report_path: str | None, quiet: bool,
) -> None:
    """Crawl SEEDS (URLs of pages, sitemaps or feeds) into the database.

    robots.txt is honoured, each host gets its own delay and concurrency,
    failures are retried with exponential backoff (Retry-After respected), and
    revisits use conditional GET. The frontier is kept beside the database, so
    an interrupted crawl continues where it stopped when run again.
    """
    from warta.cli.main import _run_ingest
    from warta.sources.crawler import CrawlConfig

    options: dict[str, object] = {
        "max_depth": depth, "max_pages": max_pages, "per_host_delay": delay, "concurrency": concurrency,
        "per_host_concurrency": per_host, "timeout": timeout, "sitemaps_from_robots": sitemaps_from_robots,
        "respect_robots": not ignore_robots, "allow_private": allow_private,
    }
    if user_agent:
        options["user_agent"] = user_agent
    config = CrawlConfig(**options)  # type: ignore[arg-type]
    bad = [s for s in seeds if not s.lower().startswith(("http://", "https://"))]
    if bad:
        raise click.BadParameter(f"not an http(s) URL: {bad[0]}", param_hint="SEEDS")
    _run_ingest(list(seeds), db, kind=kind, workers=workers, analyze=analyze, key_points=False, dedup=True,
                force=False, crawl_config=config, report_path=report_path, quiet=quiet)


commands = [crawl]
