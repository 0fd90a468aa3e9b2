"""A polite crawler: an asyncio/httpx engine over a persistent :class:`~warta.sources.frontier.Frontier`.

    crawler = Crawler(CrawlConfig(user_agent="warta/0.1"), frontier="news.frontier.sqlite")
    crawler.add(["https://www.antaranews.com/sitemap.xml"], kind="sitemap")
    for item in crawler.run():          # RawDocument | Skipped, as every reader yields
        ...

Politeness and safety, per request:

* :func:`warta.sources.netguard.acheck_url` before every request and redirect hop, and a check
  of the connected peer address in the transport (private, loopback, link-local, multicast and
  reserved addresses are refused unless ``allow_private``);
* robots.txt (``urllib.robotparser``) per host, fetched once per run; ``Crawl-delay`` honoured;
  a robots.txt that answers 4xx allows everything, one that cannot be fetched (5xx, network)
  disallows the host for the run (RFC 9309);
* at most ``per_host_concurrency`` requests in flight per host and ``per_host_delay`` seconds
  between request starts; ``concurrency`` in all;
* retries with exponential backoff and jitter on 429, 5xx, timeouts and network errors, honouring
  ``Retry-After`` (seconds or HTTP date, capped by ``max_retry_after``);
* a total time limit per request (slow-drip bodies cannot hold a worker), a body size cap
  (``Content-Length`` checked first, then counted; gzip/deflate bodies decoded with a bounded
  inflater), at most ``max_redirects`` redirects with loop detection;
* conditional GET (``If-None-Match``/``If-Modified-Since``) on revisits, 304 -> ``not-modified``.

Sitemaps (index, news, ``.xml.gz``) and RSS/Atom feeds met on the way are expanded into the
frontier (a sitemap that links to itself is read once: the frontier knows every URL); HTML pages
are yielded as :class:`RawDocument` with ``source`` = the URL as queued, ``url`` = the final URL
after redirects and ``meta`` holding ``published``/``title`` from the sitemap or feed, ``etag``,
``last_modified``, ``status``.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import random
import re
import threading
import time
import urllib.robotparser
import zlib
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from warta.sources.base import RawDocument, Skipped
from warta.sources.frontier import Frontier, Row, url_host, url_key
from warta.sources.gz import SourceError, gunzip_bytes, is_gzip
from warta.sources.limits import DEFAULT_LIMITS, Limits
from warta.sources.links import Link, LinkParse, iter_links, sniff_kind
from warta.sources.netguard import BadURL, ForbiddenAddress, acheck_url, check_addresses
from warta.sources.reader import Item, Reader, is_error
from warta.version import __version__

DEFAULT_USER_AGENT = f"warta/{__version__} (+https://github.com/warta-news/warta)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = (
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
)
_REDIRECTS = (301, 302, 303, 307, 308)
_HREF = re.compile(rb"""<a\s[^>]*?href\s*=\s*["']?([^"'\s>#]+)""", re.I)


@dataclass
class CrawlConfig:
    user_agent: str = DEFAULT_USER_AGENT
    robots_agent: str | None = None  # the token matched in robots.txt; default: UA's product name
    concurrency: int = 16
    per_host_concurrency: int = 2
    per_host_delay: float = 1.0
    max_crawl_delay: float = 30.0  # a robots Crawl-delay above this is capped
    timeout: float = 30.0  # whole request, headers and body
    connect_timeout: float = 10.0
    max_retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 300.0  # a longer Retry-After gives up on the URL
    max_body_bytes: int = 16 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()  # CIDRs exempt from the private-address rule (tests: 127.0.0.1/32)
    respect_robots: bool = True
    sitemaps_from_robots: bool = False  # queue the Sitemap: lines of each host's robots.txt
    max_depth: int = 0  # follow same-host links in HTML pages this many hops from a seed
    max_links_per_page: int = 500
    max_pages: int | None = None  # stop after yielding this many pages
    # True: a page is done once the consumer of run() asks for the next item; False: it stays
    # "fetched" until ack(). Either way, pages not done when the process dies are fetched again.
    auto_ack: bool = True
    queue_size: int = 64  # fetched items waiting for the consumer (backpressure)
    host_buffer: int = 64  # queued URLs of one host held in memory (the rest wait in the frontier)
    extra_headers: dict[str, str] = field(default_factory=dict)
    # Sitemap and feed entries dated (published, else lastmod/updated) before this are not queued
    # (counted in stats["older-than-since"]); undated entries always are.
    since: datetime | None = None

    def agent_token(self) -> str:
        return self.robots_agent or self.user_agent.split("/", 1)[0].split()[0]


class _Retry(Exception):
    def __init__(self, reason: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.retry_after = retry_after


@dataclass
class _Fetched:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    truncated: bool = False  # a feed or sitemap larger than the cap: its first part


@dataclass
class _Host:
    name: str
    rows: deque[Row] = field(default_factory=deque)
    active: int = 0
    next_time: float = 0.0
    delay: float = 0.0
    robots: urllib.robotparser.RobotFileParser | None = None
    robots_state: str = "unknown"  # unknown, ok, allow-all, unavailable
    robots_reason: str = "robots-unavailable"  # why it is unavailable: also "network", "timeout"
    robots_detail: str = ""
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def _older(link: Link, since: datetime) -> bool:
    stamp = link.published or link.modified
    if not stamp:
        return False
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    ref = since if since.tzinfo else since.replace(tzinfo=UTC)
    return when < ref


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def _mime(headers: httpx.Headers) -> tuple[str, str | None]:
    value = headers.get("content-type", "")
    parts = value.split(";")
    charset = None
    for part in parts[1:]:
        k, _, v = part.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip("\"'")
    return parts[0].strip().lower(), charset


class _GuardedBackend:
    """Wraps httpcore's network backend: refuses a connection whose peer is a forbidden address
    (the DNS answer may have changed since :func:`acheck_url` looked)."""

    def __init__(self, inner: Any, allow_private: bool, allowed_networks: tuple[str, ...] = ()) -> None:
        self._inner = inner
        self._allow_private = allow_private
        self._allowed = allowed_networks

    async def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        import httpcore

        stream = await self._inner.connect_tcp(host, port, *args, **kwargs)
        if not self._allow_private:
            addr = stream.get_extra_info("server_addr")
            if addr:
                try:
                    check_addresses(host, [str(addr[0])], allowed_networks=self._allowed)
                except ForbiddenAddress as exc:
                    await stream.aclose()
                    raise httpcore.ConnectError(f"refused: {exc}") from None
        return stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _transport(config: CrawlConfig) -> httpx.AsyncHTTPTransport:
    transport = httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency),
        retries=0,
    )
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if pool is not None and backend is not None:
        pool._network_backend = _GuardedBackend(backend, config.allow_private, config.allowed_networks)
    return transport


class Crawler:
    def __init__(
        self,
        config: CrawlConfig | None = None,
        frontier: Frontier | str | Path | None = None,
        *,
        limits: Limits = DEFAULT_LIMITS,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config or CrawlConfig()
        self._owns_frontier = not isinstance(frontier, Frontier)
        self.frontier = frontier if isinstance(frontier, Frontier) else Frontier(frontier or ":memory:")
        self.limits = limits
        self.stats: Counter[str] = Counter()
        self._transport = transport
        self._hosts: dict[str, _Host] = {}
        self._in_memory = 0
        self._wake: asyncio.Event | None = None
        self._stop = threading.Event()
        self._pages = 0
        self._run_started = time.time()
        self._next_claim = 0.0
        self._guard_ok: dict[tuple[str, str, int | None], float] = {}

    # -- queueing ------------------------------------------------------------------------------
    def add(self, urls: Iterable[str | Link], *, kind: str = "auto", revisit: bool = True, depth: int = 0) -> int:
        """Queue seeds. ``kind``: "auto" (decide from the response), "page", "sitemap" or "feed".
        With ``revisit`` (default) a URL fetched before is fetched again, conditionally."""

        def pairs() -> Iterator[tuple[str, dict[str, object]]]:
            for u in urls:
                if isinstance(u, Link):
                    yield (
                        u.url,
                        {
                            "kind": u.kind if u.kind != "page" else kind,
                            "published": u.published,
                            "title": u.title,
                        },
                    )
                else:
                    yield u, {}

        return self.frontier.add(pairs(), kind=kind, revisit=revisit, depth=depth)

    def ack(self, source: str) -> None:
        """Tell the frontier that the page yielded under ``source`` is stored (with ``auto_ack=False``;
        with ``auto_ack`` :meth:`run` does it when the consumer asks for the next item)."""
        self.frontier.ack(source)

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        """Close the frontier when this crawler opened it (a Frontier passed in stays open)."""
        if self._owns_frontier:
            self.frontier.close()

    # -- running ---------------------------------------------------------------------------------
    def run(self) -> Iterator[Item]:
        """Crawl until the frontier is empty, yielding as a synchronous generator (the engine runs
        in a background thread; the bounded queue between them is the backpressure)."""
        q: queue.Queue[Any] = queue.Queue(maxsize=self.config.queue_size)
        done = object()

        async def pump() -> None:
            loop = asyncio.get_running_loop()
            async for item in self.arun():
                while True:
                    try:
                        await loop.run_in_executor(None, q.put, item, True, 0.5)
                        break
                    except queue.Full:
                        if self._stop.is_set():
                            return
                if self._stop.is_set():
                    return

        def thread_main() -> None:
            try:
                asyncio.run(pump())
            except BaseException as exc:  # handed to the consumer
                q.put(exc)
            finally:
                q.put(done)

        self._stop.clear()
        thread = threading.Thread(target=thread_main, name="warta-crawler", daemon=True)
        thread.start()
        try:
            while True:
                item = q.get()
                if item is done:
                    break
                if isinstance(item, BaseException):
                    raise item
                yield item
                # The consumer asked for the next item: it is done with this one.
                if self.config.auto_ack and isinstance(item, RawDocument):
                    self.frontier.ack(item.source)
        finally:
            self._stop.set()
            while thread.is_alive():
                with contextlib.suppress(queue.Empty):
                    q.get(timeout=0.1)
            thread.join()

    async def arun(self) -> AsyncIterator[Item]:
        cfg = self.config
        self.frontier.recover()
        self._hosts = {}
        self._in_memory = 0
        self._pages = 0
        self._wake = asyncio.Event()
        self._run_started = time.time()
        out: asyncio.Queue[Any] = asyncio.Queue(maxsize=cfg.queue_size)
        finished = object()
        timeout = httpx.Timeout(cfg.timeout, connect=cfg.connect_timeout)
        headers = {
            "User-Agent": cfg.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
            **cfg.extra_headers,
        }
        async with httpx.AsyncClient(
            transport=self._transport or _transport(cfg),
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers=headers,
        ) as client:
            self._client = client
            active = [0]

            async def worker() -> None:
                while not self._stop.is_set():
                    job = await self._next_job(active)
                    if job is None:
                        return
                    host, row = job
                    try:
                        items = await self._process(host, row)
                    except Exception as exc:  # a bug must not stop the crawl: count it, go on
                        items = [Skipped(row.url, "crawler-error", f"{type(exc).__name__}: {exc}")]
                        self.frontier.mark(row.key, "failed", reason="crawler-error")
                    finally:
                        host.active -= 1
                        active[0] -= 1
                        self._wake_up()
                    for item in items:
                        await out.put(item)

            async def supervisor() -> None:
                try:
                    await asyncio.gather(*(worker() for _ in range(max(1, cfg.concurrency))))
                finally:
                    await out.put(finished)

            sup = asyncio.create_task(supervisor())
            try:
                while True:
                    item = await out.get()
                    if item is finished:
                        break
                    if isinstance(item, RawDocument):
                        self._pages += 1
                        if cfg.max_pages is not None and self._pages >= cfg.max_pages:
                            self._stop.set()
                            self._wake_up()
                    yield item
            finally:
                self._stop.set()
                self._wake_up()
                self._release()
                if not sup.done():
                    # Drain so that blocked workers can finish; they stop at the next job.
                    while not sup.done():
                        with contextlib.suppress(asyncio.QueueEmpty):
                            out.get_nowait()
                        await asyncio.sleep(0.01)
                await sup

    def _release(self) -> None:
        """Rows claimed into memory but not started go back to pending."""
        keys = [row.key for host in self._hosts.values() for row in host.rows]
        for host in self._hosts.values():
            host.rows.clear()
        self._in_memory = 0
        self.frontier.release(keys)

    def _wake_up(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def _next_job(self, active: list[int]) -> tuple[_Host, Row] | None:
        cfg = self.config
        assert self._wake is not None
        while not self._stop.is_set():
            if self._in_memory < 256 and (self._in_memory == 0 or time.monotonic() >= self._next_claim):
                self._next_claim = time.monotonic() + 0.2
                held = {name: len(h.rows) for name, h in self._hosts.items() if h.rows}
                for row in self.frontier.claim(512 - self._in_memory, per_host=cfg.host_buffer, held=held):
                    host = self._hosts.get(row.host)
                    if host is None:
                        host = self._hosts[row.host] = _Host(row.host, delay=cfg.per_host_delay)
                    host.rows.append(row)
                    self._in_memory += 1
            now = time.monotonic()
            soonest: float | None = None
            for host in list(self._hosts.values()):
                if not host.rows:
                    if host.active == 0 and host.robots_state == "unknown":
                        del self._hosts[host.name]
                    continue
                if host.active >= cfg.per_host_concurrency:
                    continue
                if host.next_time > now:
                    soonest = host.next_time if soonest is None else min(soonest, host.next_time)
                    continue
                row = host.rows.popleft()
                self._in_memory -= 1
                host.active += 1
                active[0] += 1
                host.next_time = now + host.delay
                return host, row
            if self._in_memory == 0 and active[0] == 0 and self.frontier.pending() == 0:
                self._wake_up()  # let the other idle workers see it too
                return None
            self._wake.clear()
            wait = 1.0 if soonest is None else max(0.001, soonest - now)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)
        return None

    # -- one URL -----------------------------------------------------------------------------------
    async def _process(self, host: _Host, row: Row) -> list[Item]:
        cfg = self.config
        conditional: dict[str, str] = {}
        if row.etag:
            conditional["If-None-Match"] = row.etag
        if row.last_modified:
            conditional["If-Modified-Since"] = row.last_modified
        attempt = 0
        while True:
            try:
                fetched = await self._fetch(row.url, conditional)
                break
            except _Retry as exc:
                if attempt >= cfg.max_retries or self._stop.is_set():
                    self.frontier.mark(row.key, "failed", reason=exc.reason)
                    self.stats[f"failed:{exc.reason}"] += 1
                    return [Skipped(row.url, exc.reason, f"{exc.detail} (after {attempt + 1} attempts)")]
                if exc.retry_after is not None and exc.retry_after > cfg.max_retry_after:
                    self.frontier.mark(row.key, "failed", reason=exc.reason)
                    return [Skipped(row.url, exc.reason, f"{exc.detail}; Retry-After {exc.retry_after:.0f}s too long")]
                if exc.retry_after is not None:
                    delay = exc.retry_after
                else:
                    delay = min(cfg.backoff_max, cfg.backoff_base * 2**attempt) * random.uniform(0.5, 1.5)
                attempt += 1
                self.stats["retries"] += 1
                host.next_time = max(host.next_time, time.monotonic() + delay)
                await asyncio.sleep(delay)
            except _Skip as exc:
                state = "done" if exc.reason == "not-modified" else "failed" if is_error(exc.reason) else "skipped"
                self.frontier.mark(
                    row.key,
                    state,
                    reason=exc.reason,
                    http_status=exc.status,
                    keep_validators=exc.reason == "not-modified",
                )
                self.stats[f"skipped:{exc.reason}"] += 1
                return [Skipped(row.url, exc.reason, exc.detail)]
        return self._handle(row, fetched)

    def _handle(self, row: Row, fetched: _Fetched) -> list[Item]:
        cfg = self.config
        mime, charset = _mime(fetched.headers)
        etag = fetched.headers.get("etag")
        last_modified = fetched.headers.get("last-modified")
        body = fetched.body
        sniffed = sniff_kind(body[:4096])
        is_xml_doc = (
            row.kind in ("sitemap", "feed")
            or sniffed in ("sitemap", "sitemapindex", "feed")
            or (is_gzip(body) and row.url.lower().split("?")[0].endswith(".gz"))
        )
        self.stats["fetched"] += 1
        self.stats["bytes"] += len(body)
        if is_xml_doc and mime not in HTML_TYPES:
            items = self._expand(row, body)
            if fetched.truncated:
                self.stats["skipped:too-large"] += 1
                items.append(Skipped(row.url, "too-large", f"only the first {len(body):,} bytes were read"))
            self.frontier.mark(row.key, "done", http_status=fetched.status, etag=etag, last_modified=last_modified)
            return items
        if mime in HTML_TYPES or (not mime and sniffed == "html"):
            kind = "html"
        elif mime == "text/plain" and row.kind in ("auto", "page"):
            kind = "text"
        else:
            reason = "content-type-mismatch" if sniffed == "html" else "non-html"
            detail = f"served as {mime}, body is HTML" if sniffed == "html" else (mime or "no Content-Type")
            self.frontier.mark(row.key, "skipped", http_status=fetched.status, reason=reason)
            self.stats[f"skipped:{reason}"] += 1
            return [Skipped(row.url, reason, detail)]
        items = []
        meta = {"status": str(fetched.status)}
        if fetched.url != row.url:
            meta["final_url"] = fetched.url
        for key, value in (
            ("published", row.published),
            ("title", row.title),
            ("etag", etag),
            ("last_modified", last_modified),
            ("content_type", mime),
        ):
            if value:
                meta[key] = value
        meta["depth"] = str(row.depth)
        if row.depth < cfg.max_depth and kind == "html":
            self._follow(row, fetched.url, body)
        self.frontier.mark(row.key, "fetched", http_status=fetched.status, etag=etag, last_modified=last_modified)
        self.stats["pages"] += 1
        items.append(
            RawDocument(
                source=row.url,
                data=body,
                url=fetched.url,
                kind=kind,
                charset=charset,
                fetched=datetime.now(UTC),
                size=len(body),
                meta=meta,
            )
        )
        return items

    def _expand(self, row: Row, body: bytes) -> list[Item]:
        import io

        items: list[Item] = []
        if is_gzip(body):
            try:
                body = gunzip_bytes(body, limits=self.limits, max_bytes=self.limits.max_document_bytes)
            except SourceError as exc:
                self.stats[f"skipped:{exc.reason}"] += 1
                return [Skipped(row.url, exc.reason, exc.detail)]
        state = LinkParse()
        stream = io.BufferedReader(io.BytesIO(body))
        children: list[tuple[str, dict[str, object]]] = []
        pages: list[tuple[str, dict[str, object]]] = []
        since = self.config.since
        old = 0
        for link in iter_links(stream, state, self.limits):
            url = urljoin(row.url, link.url) if link.url else ""
            if since is not None and _older(link, since):
                old += 1
                continue
            if link.kind == "sitemap":
                children.append((url, {"kind": "sitemap"}))
            elif url:
                pages.append((url, {"kind": "page", "published": link.published, "title": link.title}))
            elif link.content:
                items.append(
                    RawDocument(
                        source=f"{row.url}#{state.count}",
                        data=link.content,
                        kind="html",
                        size=len(link.content),
                        meta={"published": link.published or ""},
                    )
                )
        if state.error:
            self.stats["skipped:bad-xml"] += 1
            return [Skipped(row.url, "bad-xml", state.error)]
        self.stats[state.kind] += 1
        if children:
            if row.depth + 1 > self.limits.max_sitemap_depth:
                items.append(Skipped(row.url, "sitemap-too-deep", f"{len(children)} nested sitemaps not read"))
            else:
                self.frontier.add(
                    children,
                    kind="sitemap",
                    depth=row.depth + 1,
                    parent=row.url,
                    revisit=True,
                    revisit_before=self._run_started,
                )
        if pages:
            self.frontier.add(pages, kind="page", depth=0, parent=row.url)
        if old:
            self.stats["older-than-since"] += old
        if state.capped:
            self.stats["skipped:too-many-items"] += 1
            items.append(Skipped(row.url, "too-many-items", f"stopped after {state.count:,} items"))
        self._wake_up()
        return items

    def _follow(self, row: Row, base: str, body: bytes) -> None:
        host = url_host(base)
        seen: set[str] = set()
        links: list[tuple[str, dict[str, object]]] = []
        for m in _HREF.finditer(body):
            href = m.group(1).decode("utf-8", "replace")
            url = urljoin(base, href)
            if urlsplit(url).scheme not in ("http", "https") or url_host(url) != host:
                continue
            key = url_key(url)
            if key in seen:
                continue
            seen.add(key)
            links.append((url, {"kind": "auto"}))
            if len(links) >= self.config.max_links_per_page:
                break
        if links:
            self.frontier.add(links, kind="auto", depth=row.depth + 1, parent=row.url)
            self._wake_up()

    # -- HTTP ------------------------------------------------------------------------------------
    async def _fetch(self, url: str, conditional: dict[str, str]) -> _Fetched:
        cfg = self.config
        seen = {url_key(url)}
        current = url
        for hop in range(cfg.max_redirects + 1):
            await self._guard(current)
            if cfg.respect_robots:
                await self._robots_allow(current)
            result = await self._request(current, conditional if hop == 0 else {})
            if isinstance(result, str):  # a redirect target
                nxt = result
                key = url_key(nxt)
                if key in seen:
                    raise _Skip("redirect-loop", f"{current} -> {nxt}", 0)
                seen.add(key)
                current = nxt
                continue
            return result
        raise _Skip("too-many-redirects", f"more than {cfg.max_redirects} redirects from {url}", 0)

    async def _guard(self, url: str) -> None:
        # A host that passed is not resolved again for a minute (the transport still checks the
        # address it actually connects to); a refusal is never cached.
        try:
            parts = urlsplit(url)
            origin = (parts.scheme.lower(), (parts.hostname or "").lower(), parts.port)
        except ValueError:
            raise _Skip("bad-url", f"{url!r} is not a valid URL", 0) from None
        now = time.monotonic()
        if self._guard_ok.get(origin, 0.0) > now:
            return
        try:
            await acheck_url(
                url, allow_private=self.config.allow_private, allowed_networks=self.config.allowed_networks
            )
        except ForbiddenAddress as exc:
            raise _Skip("forbidden-address", str(exc), 0) from None
        except BadURL as exc:
            raise _Skip("bad-url", str(exc), 0) from None
        if len(self._guard_ok) > 10_000:
            self._guard_ok.clear()
        self._guard_ok[origin] = now + 60.0

    async def _request(self, url: str, extra: dict[str, str], *, max_bytes: int | None = None) -> _Fetched | str:
        cfg = self.config
        cap = max_bytes or cfg.max_body_bytes
        try:
            async with asyncio.timeout(cfg.timeout):
                async with self._client.stream("GET", url, headers=extra) as resp:
                    status = resp.status_code
                    if status in _REDIRECTS:
                        location = resp.headers.get("location")
                        if not location:
                            raise _Skip("http-status", f"{status} without Location", status)
                        return urljoin(url, location)
                    if status == 304:
                        raise _Skip("not-modified", "", status)
                    if status == 429 or status >= 500:
                        raise _Retry(
                            "http-error",
                            f"HTTP {status}",
                            retry_after_seconds(resp.headers.get("retry-after")),
                        )
                    if status != 200:
                        raise _Skip("http-status", str(status), status)
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > cap:
                        raise _Skip("too-large", f"Content-Length {int(declared):,} over {cap:,}", status)
                    chunks: list[bytes] = []
                    total = 0
                    truncated = False
                    async for chunk in resp.aiter_raw():
                        total += len(chunk)
                        if total > cap:
                            # A feed or sitemap over the cap is read as far as the cap (its
                            # first items); any other body over the cap is refused.
                            head = chunks[0][:4096] if chunks else chunk[:4096]
                            encoded = resp.headers.get("content-encoding", "").strip().lower()
                            if encoded in ("", "identity") and sniff_kind(head) in ("sitemap", "sitemapindex", "feed"):
                                truncated = True
                                break
                            raise _Skip("too-large", f"body over {cap:,} bytes", status)
                        chunks.append(chunk)
                    body = b"".join(chunks)
                    if truncated:
                        return _Fetched(str(resp.url), status, resp.headers, body, truncated=True)
                    body = self._decode(body, resp.headers.get("content-encoding", ""), cap)
                    return _Fetched(str(resp.url), status, resp.headers, body)
        except TimeoutError:
            raise _Retry("timeout", f"no complete response within {cfg.timeout:g}s") from None
        except httpx.TimeoutException as exc:
            raise _Retry("timeout", f"{type(exc).__name__}") from None
        except httpx.TransportError as exc:
            raise _Retry("network", f"{type(exc).__name__}: {exc}") from None

    def _decode(self, body: bytes, encoding: str, cap: int) -> bytes:
        encoding = encoding.lower().strip()
        try:
            if encoding in ("gzip", "x-gzip") and is_gzip(body):
                return gunzip_bytes(body, limits=self.limits, max_bytes=cap)
            if encoding == "deflate":
                dec = zlib.decompressobj(zlib.MAX_WBITS if body[:1] == b"\x78" else -zlib.MAX_WBITS)
                out = dec.decompress(body, cap + 1)
                if len(out) > cap:
                    raise _Skip("decompression-bomb", f"deflate body inflates past {cap:,} bytes", 200)
                return out
        except SourceError as exc:
            raise _Skip(exc.reason, exc.detail, 200) from None
        except zlib.error as exc:
            raise _Skip("corrupt", f"bad {encoding} body: {exc}", 200) from None
        return body

    async def _robots_allow(self, url: str) -> None:
        cfg = self.config
        name = url_host(url)
        host = self._hosts.get(name)
        if host is None:
            host = self._hosts[name] = _Host(name, delay=cfg.per_host_delay)
        async with host.robots_lock:
            if host.robots_state == "unknown":
                await self._load_robots(host, url)
        if host.robots_state == "unavailable":
            raise _Skip(host.robots_reason, host.robots_detail, 0)
        if host.robots_state == "ok" and host.robots and not host.robots.can_fetch(cfg.agent_token(), url):
            raise _Skip("robots", f"disallowed by {name}/robots.txt", 0)

    async def _fetch_robots(self, robots_url: str) -> _Fetched | None:
        current = robots_url
        for _ in range(5):
            await self._guard(current)
            result = await self._request(current, {}, max_bytes=512 * 1024)
            if isinstance(result, str):
                current = result
                continue
            return result
        return None

    async def _load_robots(self, host: _Host, url: str) -> None:
        cfg = self.config
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        self.stats["robots-fetches"] += 1
        fetched: _Fetched | None = None
        attempt = 0
        try:
            while True:
                try:
                    fetched = await self._fetch_robots(robots_url)
                    break
                except _Retry as exc:
                    if attempt >= cfg.max_retries or self._stop.is_set():
                        raise
                    delay = exc.retry_after
                    if delay is None:
                        delay = min(cfg.backoff_max, cfg.backoff_base * 2**attempt) * random.uniform(0.5, 1.5)
                    attempt += 1
                    self.stats["retries"] += 1
                    await asyncio.sleep(min(delay, cfg.max_retry_after))
        except _Skip as exc:
            if exc.status and 400 <= exc.status < 500:
                host.robots_state = "allow-all"
                return
            if exc.reason == "too-large":
                host.robots_state = "allow-all"
                return
            host.robots_state = "unavailable"
            host.robots_detail = f"robots.txt of {host.name}: {exc.reason} {exc.detail}".strip()
            return
        except _Retry as exc:
            host.robots_state = "unavailable"
            host.robots_reason = "robots-unavailable" if exc.reason == "http-error" else exc.reason
            host.robots_detail = f"robots.txt of {host.name}: {exc.detail}"
            return
        if fetched is None:
            host.robots_state = "allow-all"
            return
        rp = urllib.robotparser.RobotFileParser(robots_url)
        rp.parse(fetched.body.decode("utf-8", "replace").splitlines())
        host.robots = rp
        host.robots_state = "ok"
        text = fetched.body.decode("utf-8", "replace")
        delay = robots_crawl_delay(text, cfg.agent_token())
        if delay is not None:
            host.delay = max(cfg.per_host_delay, min(delay, cfg.max_crawl_delay))
            host.next_time = max(host.next_time, time.monotonic() + host.delay)
        if cfg.sitemaps_from_robots:
            maps = rp.site_maps() or []
            if maps:
                self.frontier.add(((m, {"kind": "sitemap"}) for m in maps), kind="sitemap", parent=robots_url)
                self._wake_up()


def robots_crawl_delay(text: str, agent: str) -> float | None:
    """``Crawl-delay`` for ``agent`` (its own group first, then ``*``), decimals allowed
    (``urllib.robotparser`` reads whole seconds only)."""
    agent = agent.lower()
    found: dict[str, float] = {}
    group: list[str] = []
    in_rules = False
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                group, in_rules = [], False
            group.append(value.lower())
            continue
        in_rules = True
        if key == "crawl-delay":
            try:
                seconds = float(value)
            except ValueError:
                continue
            for ua in group:
                found.setdefault(ua, seconds)
    for ua, seconds in found.items():
        if ua != "*" and ua in agent:
            return seconds
    return found.get("*")


class _Skip(Exception):
    def __init__(self, reason: str, detail: str, status: int) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.status = status


class CrawlReader(Reader):
    """A reader over the crawler: seeds (URLs or Links from a local sitemap, feed or URL list) in,
    RawDocument | Skipped out. ``kind`` is the provenance the pipeline records."""

    def __init__(
        self,
        name: str,
        seeds: Iterable[str | Link],
        *,
        seed_kind: str = "auto",
        kind: str = "url",
        config: CrawlConfig | None = None,
        frontier: Frontier | str | Path | None = None,
        limits: Limits = DEFAULT_LIMITS,
        pre_items: Iterable[Item] = (),
    ) -> None:
        super().__init__(name, limits=limits)
        self.kind = kind
        self.seeds = seeds
        self.seed_kind = seed_kind
        self.crawler = Crawler(config, frontier, limits=limits)
        self.pre_items = pre_items

    def __iter__(self) -> Iterator[Item]:
        yield from self.pre_items
        self.crawler.add(self.seeds, kind=self.seed_kind)
        yield from self._crawl()

    def _crawl(self) -> Iterator[Item]:
        """Run the crawler over what was added, counting fetched bytes; closed however it ends."""
        try:
            for item in self.crawler.run():
                self.bytes_read = self.crawler.stats["bytes"]
                yield item
        finally:
            self.crawler.close()
