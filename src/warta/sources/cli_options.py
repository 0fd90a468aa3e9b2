"""Click options for the crawler, shared by ``warta crawl`` and ``warta ingest`` (URL sources).

from warta.sources.cli_options import crawl_options, crawl_config_from_options

@click.command()
@click.argument("seeds", nargs=-1, required=True)
@click.option("--db", required=True)
@crawl_options
def crawl(seeds, db, **options):
    config = crawl_config_from_options(options)
    ...
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import click

from warta.sources.crawler import DEFAULT_USER_AGENT, CrawlConfig

F = TypeVar("F", bound=Callable[..., Any])

_OPTIONS = (
    click.option(
        "--user-agent",
        "user_agent",
        default=DEFAULT_USER_AGENT,
        show_default=True,
        help="User-Agent header; its product name is the robots.txt token.",
    ),
    click.option(
        "--delay",
        "per_host_delay",
        type=float,
        default=1.0,
        show_default=True,
        help="Seconds between requests to one host (a larger robots Crawl-delay wins).",
    ),
    click.option(
        "--per-host",
        "per_host_concurrency",
        type=int,
        default=2,
        show_default=True,
        help="Requests in flight per host.",
    ),
    click.option("--concurrency", type=int, default=16, show_default=True, help="Requests in flight in all."),
    click.option(
        "--timeout", type=float, default=30.0, show_default=True, help="Seconds for a whole request, body included."
    ),
    click.option(
        "--retries",
        "max_retries",
        type=int,
        default=3,
        show_default=True,
        help="Retries on 429, 5xx, timeouts and network errors (exponential backoff, jitter).",
    ),
    click.option(
        "--max-bytes",
        "max_body_bytes",
        type=int,
        default=16 * 1024 * 1024,
        show_default=True,
        help="Largest response body accepted.",
    ),
    click.option("--max-redirects", type=int, default=5, show_default=True),
    click.option(
        "--depth",
        "max_depth",
        type=int,
        default=0,
        show_default=True,
        help="Follow same-host links this many hops from the seeds.",
    ),
    click.option("--max-pages", type=int, default=None, help="Stop after this many pages."),
    click.option("--sitemaps-from-robots", is_flag=True, help="Also read the sitemaps robots.txt lists."),
    click.option(
        "--since",
        default=None,
        help="Leave out sitemap and feed entries dated before this ISO date (e.g. 2026-09-01).",
    ),
    click.option(
        "--allow-private",
        is_flag=True,
        help="Allow private, loopback and link-local addresses (never for untrusted seeds).",
    ),
)


def crawl_options(f: F) -> F:
    for option in reversed(_OPTIONS):
        f = option(f)
    return f


def crawl_config_from_options(options: dict[str, Any]) -> CrawlConfig:
    """A CrawlConfig from the options :func:`crawl_options` added (other keys are ignored)."""
    fields = set(CrawlConfig.__dataclass_fields__)
    values = {k: v for k, v in options.items() if k in fields and v is not None}
    if isinstance(values.get("since"), str):
        try:
            since = datetime.fromisoformat(values["since"])
        except ValueError:
            raise click.BadParameter(f"{values['since']!r} is not an ISO date", param_hint="--since") from None
        values["since"] = since if since.tzinfo else since.replace(tzinfo=UTC)
    return CrawlConfig(**values)
