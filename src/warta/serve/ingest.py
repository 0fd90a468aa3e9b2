"""Ingest by URL, the explorer's one write endpoint.

Off unless a token is set in the environment (``WARTA_INGEST_TOKEN``). The URL is checked by the
crawler's guard (:func:`warta.sources.netguard.acheck_url`) before the request and before every
redirect hop, and the connection's peer address is checked again by the crawler's guarded
transport when it is available (so a DNS answer that changes between check and connect does
not help). The body is capped; the page is extracted, analysed when possible, stored with
:class:`warta.store.Store` (opened read-write only for that moment), and the index is updated.
"""

from __future__ import annotations

import asyncio
import hmac
from dataclasses import dataclass
from typing import Any

import httpx

MAX_BODY = 8 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = 20.0
USER_AGENT = "warta-explorer/0.1 (+ingest by URL)"


class IngestRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass
class IngestConfig:
    token: str | None = None
    allow_private: bool = False
    allowed_networks: tuple[str, ...] = ()


def check_token(config: IngestConfig, authorization: str | None) -> None:
    if not config.token:
        raise IngestRefused(401, "unauthorized", "ingest is disabled: the server has no WARTA_INGEST_TOKEN")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise IngestRefused(401, "unauthorized", "send the ingest token as 'Authorization: Bearer TOKEN'")
    if not hmac.compare_digest(given.strip().encode(), config.token.encode()):
        raise IngestRefused(401, "unauthorized", "wrong ingest token")


def _guarded_transport(config: IngestConfig) -> httpx.AsyncBaseTransport:
    try:
        from warta.sources.crawler import CrawlConfig, _transport
    except ImportError:  # the crawler is optional here: the URL checks below still apply
        return httpx.AsyncHTTPTransport(retries=0)
    return _transport(CrawlConfig(concurrency=2, allow_private=config.allow_private,
                                  allowed_networks=config.allowed_networks))


async def _check(url: str, config: IngestConfig) -> None:
    from warta.sources import netguard

    try:
        await netguard.acheck_url(url, allow_private=config.allow_private, allowed_networks=config.allowed_networks)
    except netguard.BadURL as exc:
        raise IngestRefused(400, "bad_url", str(exc)) from None
    except netguard.ForbiddenAddress as exc:
        raise IngestRefused(403, "forbidden_address", str(exc)) from None


async def fetch(url: str, config: IngestConfig) -> tuple[str, bytes, str | None]:
    """GET ``url`` (guarded, redirects followed by hand, body capped): final URL, body, content type."""
    if len(url) > 2000:
        raise IngestRefused(400, "bad_url", "the URL is longer than 2000 characters")
    async with httpx.AsyncClient(
        transport=_guarded_transport(config), follow_redirects=False, timeout=httpx.Timeout(TIMEOUT),
        headers={"User-Agent": USER_AGENT},
    ) as client:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            await _check(current, config)
            try:
                async with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise IngestRefused(502, "fetch_failed", f"{current}: redirect without a Location")
                        current = str(response.url.join(location))
                        continue
                    if response.status_code != 200:
                        raise IngestRefused(502, "fetch_failed", f"{current}: HTTP {response.status_code}")
                    length = response.headers.get("content-length")
                    if length and length.isdigit() and int(length) > MAX_BODY:
                        raise IngestRefused(413, "too_large", f"{current}: body over {MAX_BODY // 2**20} MB")
                    chunks, size = [], 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > MAX_BODY:
                            raise IngestRefused(413, "too_large", f"{current}: body over {MAX_BODY // 2**20} MB")
                        chunks.append(chunk)
                    return current, b"".join(chunks), response.headers.get("content-type")
            except httpx.HTTPError as exc:
                raise IngestRefused(502, "fetch_failed", f"{current}: {type(exc).__name__}: {exc}"[:300]) from None
        raise IngestRefused(502, "fetch_failed", f"{url}: more than {MAX_REDIRECTS} redirects")


def store_page(
    db: str, index_dir: Any, url: str, final_url: str, body: bytes, content_type: str | None
) -> dict[str, Any]:
    """Extract, analyse and store one fetched page, then update the index (blocking: run in a thread)."""
    import duckdb

    import warta
    from warta.errors import InputError
    from warta.search import build_index
    from warta.store import Store

    kind = "html" if content_type and "html" in content_type.lower() else "auto"
    try:
        article = warta.extract(body, url=final_url, source=url, kind=kind)  # type: ignore[arg-type]
    except InputError as exc:
        raise IngestRefused(422, "not_an_article", exc.reason) from None
    analysis = None
    try:
        analysis = warta.analyze(article)
    except Exception:  # analysis is a bonus; the article is stored without it
        analysis = None
    try:
        store = Store(db)
    except Exception as exc:
        raise IngestRefused(503, "database_busy", f"the database is locked by another writer: {exc}"[:300]) from None
    try:
        is_new = store.put_article(article, analysis)
        store.log_source(url, "stored", article.id)
    except duckdb.Error as exc:
        raise IngestRefused(503, "database_busy", str(exc)[:300]) from None
    finally:
        store.close()
    report = build_index(db, index_dir)
    return {
        "id": article.id,
        "title": article.title,
        "url": final_url,
        "new": is_new,
        "index": report.mode,
        "links": {"article": f"/articles/{article.id}", "api": f"/api/articles/{article.id}"},
    }


async def ingest_url(db: str, index_dir: Any, url: str, config: IngestConfig, lock: asyncio.Lock) -> dict[str, Any]:
    final, body, ctype = await fetch(url, config)
    async with lock:  # one write at a time in this process
        return await asyncio.to_thread(store_page, db, index_dir, url, final, body, ctype)
