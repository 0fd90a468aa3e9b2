"""The crawler against a real HTTP server on 127.0.0.1 (tests/servers/news_site.py)."""

from __future__ import annotations

import itertools
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.servers import NewsSite
from warta.sources.base import RawDocument, Skipped
from warta.sources.crawler import CrawlConfig, Crawler, retry_after_seconds
from warta.sources.frontier import Frontier

LOOPBACK = ("127.0.0.1/32",)


@pytest.fixture
def site():
    with NewsSite() as s:
        yield s


def cfg(**kw) -> CrawlConfig:
    base = dict(
        per_host_delay=0.0,
        backoff_base=0.05,
        backoff_max=0.2,
        timeout=2.0,
        connect_timeout=1.0,
        allowed_networks=LOOPBACK,
        concurrency=4,
        per_host_concurrency=2,
        user_agent="warta-test/1.0 (+tests)",
    )
    base.update(kw)
    return CrawlConfig(**base)


def crawl(seeds, config=None, frontier=None, kind="auto"):
    c = Crawler(config or cfg(), frontier)
    c.add(seeds, kind=kind)
    items = list(c.run())
    return c, items


def docs(items):
    return {i.source: i for i in items if isinstance(i, RawDocument)}


def skips(items):
    return {i.source: i for i in items if isinstance(i, Skipped)}


def test_fetches_a_page_with_metadata(site):
    _c, items = crawl([site.url("/page/1.html")])
    (doc,) = items
    assert isinstance(doc, RawDocument)
    assert doc.url == site.url("/page/1.html") and doc.kind == "html" and doc.charset == "utf-8"
    assert b"Berita nomor 1" in doc.data
    assert doc.meta["etag"] == '"page-1"' and doc.meta["status"] == "200"
    assert doc.fetched is not None and doc.fetched.tzinfo is not None
    assert site.requests_for("/page/1.html")[0].headers["user-agent"] == "warta-test/1.0 (+tests)"
    assert site.hits["/robots.txt"] == 1


def test_sitemap_index_news_gzip_and_self_link(site):
    c, items = crawl([site.url("/sitemap_index.xml")], kind="sitemap")
    got = docs(items)
    assert set(got) == {site.url(f"/page/{i}.html") for i in (1, 2, 3, 4, 5)}
    assert got[site.url("/page/2.html")].meta["published"] == "2026-09-02T08:00:00+07:00"
    assert got[site.url("/page/2.html")].meta["title"] == "Berita nomor 2"
    # the self-linking sitemap and the index that lists itself are read once each
    assert site.hits["/sitemap-self.xml"] == 1 and site.hits["/sitemap_index.xml"] == 1
    assert all(site.hits[f"/page/{i}.html"] == 1 for i in (1, 2, 3, 4, 5))
    assert c.stats["sitemapindex"] == 1 and c.stats["sitemap"] == 3


def test_rss_and_atom_feeds(site):
    c, items = crawl([site.url("/feed.xml"), site.url("/atom.xml")])
    got = docs(items)
    assert set(got) == {site.url(f"/page/{i}.html") for i in (6, 7, 8)}
    assert got[site.url("/page/6.html")].meta["published"] == "2026-09-06T10:00:00+07:00"
    assert c.stats["feed"] == 2


def test_huge_feed_is_read_up_to_the_caps(site):
    from warta.sources.limits import Limits

    c = Crawler(cfg(max_body_bytes=2 * 1024 * 1024), None, limits=Limits(max_items=5))
    c.add([site.url("/huge-feed.xml")])
    items = list(c.run())
    s = [i for i in items if isinstance(i, Skipped)]
    assert sorted(x.reason for x in s) == ["too-large", "too-many-items"]
    assert set(docs(items)) == {site.url(f"/page/{1000 + i}.html") for i in range(5)}


def test_robots_disallow(site):
    _, items = crawl([site.url("/private/secret.html"), site.url("/page/1.html")])
    assert skips(items)[site.url("/private/secret.html")].reason == "robots"
    assert site.hits["/private/secret.html"] == 0
    assert site.url("/page/1.html") in docs(items)


def test_robots_unavailable_disallows_host():
    with NewsSite(robots_status=503) as site:
        _, items = crawl([site.url("/page/1.html")])
        assert skips(items)[site.url("/page/1.html")].reason == "robots-unavailable"
        assert site.hits["/page/1.html"] == 0


def test_robots_404_allows_everything():
    with NewsSite(robots_status=404) as site:
        _, items = crawl([site.url("/private/secret.html")])
        assert site.url("/private/secret.html") in docs(items)


def test_crawl_delay_from_robots_and_per_host_limits():
    with NewsSite(robots_body="User-agent: *\nCrawl-delay: 0.3\n") as site:
        config = cfg(per_host_concurrency=1, per_host_delay=0.0)
        _, items = crawl([site.url(f"/page/{i}.html") for i in range(1, 5)], config)
        assert len(docs(items)) == 4
        starts = sorted(s.start for s in site.log if s.path.startswith("/page/"))
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        assert min(gaps) >= 0.25
        assert site.max_in_flight == 1


def test_per_host_delay(site):
    config = cfg(per_host_concurrency=2, per_host_delay=0.2)
    crawl([site.url(f"/page/{i}.html") for i in range(1, 5)], config)
    starts = sorted(s.start for s in site.log if s.path.startswith("/page/"))
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.17


def test_redirects_followed_and_limited(site):
    _, items = crawl([site.url("/redirect/2"), site.url("/redirect/9")], cfg(max_redirects=3))
    d, s = docs(items), skips(items)
    assert d[site.url("/redirect/2")].url == site.url("/page/1.html")
    assert d[site.url("/redirect/2")].meta["final_url"] == site.url("/page/1.html")
    assert s[site.url("/redirect/9")].reason == "too-many-redirects"
    assert site.hits["/redirect/6"] == 1 and site.hits["/redirect/5"] == 0


def test_redirect_loop(site):
    _, items = crawl([site.url("/loop/a")])
    assert skips(items)[site.url("/loop/a")].reason == "redirect-loop"
    assert site.hits["/loop/a"] == 1 and site.hits["/loop/b"] == 1


def test_redirect_to_private_address_refused(site):
    _, items = crawl([site.url("/to-private")])
    assert skips(items)[site.url("/to-private")].reason == "forbidden-address"


def test_feed_links_to_internal_network_refused(site):
    _, items = crawl([site.url("/feed-private.xml")])
    s = skips(items)
    assert s["http://10.0.0.1/admin"].reason == "forbidden-address"
    assert s["http://169.254.169.254/latest/meta-data/"].reason == "forbidden-address"
    assert site.url("/page/9.html") in docs(items)


def test_loopback_refused_by_default(site):
    _, items = crawl([site.url("/page/1.html")], cfg(allowed_networks=()))
    assert skips(items)[site.url("/page/1.html")].reason == "forbidden-address"
    assert not site.log  # nothing was sent, not even robots.txt


def test_timeout_on_slow_headers_and_slow_drip(site):
    t0 = time.monotonic()
    _, items = crawl([site.url("/slow"), site.url("/drip")], cfg(timeout=0.5, max_retries=1))
    s = skips(items)
    assert s[site.url("/slow")].reason == "timeout"
    assert s[site.url("/drip")].reason == "timeout"
    assert site.hits["/slow"] == 2  # one retry
    assert time.monotonic() - t0 < 4


def test_429_retry_after_then_success(site):
    t0 = time.monotonic()
    c, items = crawl([site.url("/ratelimited")])
    assert site.url("/ratelimited") in docs(items)
    assert site.hits["/ratelimited"] == 2
    gap = [s.start for s in site.requests_for("/ratelimited")]
    assert gap[1] - gap[0] >= 0.95  # Retry-After: 1 honoured
    assert c.stats["retries"] == 1 and time.monotonic() - t0 < 5


def test_503_then_success_with_backoff(site):
    c, items = crawl([site.url("/flaky")])
    assert site.url("/flaky") in docs(items)
    assert site.hits["/flaky"] == 3 and c.stats["retries"] == 2


def test_503_gives_up_after_retries(site):
    _, items = crawl([site.url("/down")], cfg(max_retries=2))
    assert skips(items)[site.url("/down")].reason == "http-error"
    assert site.hits["/down"] == 3


def test_network_error_is_retried_and_reported():
    # a port with nothing listening
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    _, items = crawl([f"http://127.0.0.1:{port}/x"], cfg(max_retries=1))
    (item,) = items
    assert isinstance(item, Skipped) and item.reason in ("robots-unavailable", "network")


def test_status_type_size_and_bomb(site):
    urls = ["/missing", "/image-html", "/image", "/big", "/bomb"]
    _, items = crawl([site.url(u) for u in urls], cfg(max_body_bytes=4 * 1024 * 1024))
    s = skips(items)
    assert s[site.url("/missing")].reason == "http-status" and s[site.url("/missing")].detail == "404"
    assert s[site.url("/image-html")].reason == "content-type-mismatch"
    assert s[site.url("/image")].reason == "non-html"
    assert s[site.url("/big")].reason == "too-large"
    assert s[site.url("/bomb")].reason == "decompression-bomb"


def test_conditional_get_on_revisit(site, tmp_path: Path):
    fpath = tmp_path / "frontier.sqlite"
    _, first = crawl([site.url("/page/1.html")], frontier=fpath)
    assert len(docs(first)) == 1
    _, second = crawl([site.url("/page/1.html")], frontier=fpath)
    assert skips(second)[site.url("/page/1.html")].reason == "not-modified"
    req = site.requests_for("/page/1.html")[-1]
    assert req.headers["if-none-match"] == '"page-1"'
    assert req.headers["if-modified-since"] == "Tue, 01 Sep 2026 10:00:00 GMT"


def test_frontier_survives_restart(site, tmp_path: Path):
    fpath = tmp_path / "frontier.sqlite"
    seeds = [site.url(f"/page/{i}.html") for i in range(1, 7)]
    c = Crawler(cfg(concurrency=1, per_host_concurrency=1, max_pages=2), fpath)
    c.add(seeds)
    first = docs(list(c.run()))
    c.frontier.close()
    assert 2 <= len(first) < 6
    # a new process: only what is left is fetched, nothing twice
    c2 = Crawler(cfg(), Frontier(fpath))
    second = docs(list(c2.run()))
    assert set(first) | set(second) == set(seeds)
    assert not set(first) & set(second)
    # pages the first consumer received are not fetched again (some fetched ahead of it may be)
    assert all(site.hits[u.split(str(site.port))[1]] == 1 for u in first)


def test_unacknowledged_pages_are_fetched_again(site, tmp_path: Path):
    fpath = tmp_path / "frontier.sqlite"
    c = Crawler(cfg(auto_ack=False), fpath)
    c.add([site.url("/page/1.html"), site.url("/page/2.html")])
    got = docs(list(c.run()))
    c.ack(site.url("/page/1.html"))  # only page 1 was stored before the "crash"
    c.frontier.close()
    c2 = Crawler(cfg(auto_ack=False), fpath)
    again = docs(list(c2.run()))
    assert set(got) == {site.url("/page/1.html"), site.url("/page/2.html")}
    assert set(again) == {site.url("/page/2.html")}  # refetched unconditionally, not a 304


def test_follow_links_same_host(site):
    _, items = crawl([site.url("/links.html")], cfg(max_depth=1))
    got = docs(items)
    assert set(got) == {site.url("/links.html")} | {site.url(f"/page/{i}.html") for i in (1, 2, 3)}
    assert Counter(s.path for s in site.log if s.path.startswith("/page/")) == Counter(
        {f"/page/{i}.html": 1 for i in (1, 2, 3)}
    )


def test_sitemaps_from_robots():
    with NewsSite(robots_body="User-agent: *\nDisallow:\n") as site:
        site.robots_body += f"Sitemap: {site.url('/sitemap-news.xml')}\n"
        _, items = crawl([site.url("/page/9.html")], cfg(sitemaps_from_robots=True))
        assert set(docs(items)) == {site.url(f"/page/{i}.html") for i in (1, 2, 3, 9)}


def test_retry_after_parsing():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None


def test_stopping_the_consumer_early(site):
    c = Crawler(cfg(), None)
    c.add([site.url(f"/page/{i}.html") for i in range(1, 30)])
    for n, _item in enumerate(c.run(), 1):
        if n == 3:
            break
    assert c.frontier.counts().get("pending", 0) > 0


def test_child_sitemaps_are_reread_by_the_next_crawl_conditionally(site, tmp_path: Path):
    fpath = tmp_path / "frontier.sqlite"
    crawl([site.url("/sitemap_index.xml")], frontier=fpath, kind="sitemap")
    assert site.hits["/sitemap-news.xml"] == 1
    time.sleep(0.01)
    _, items = crawl([site.url("/sitemap_index.xml")], frontier=fpath, kind="sitemap")
    # the index and its children are read again (once each), the pages are not
    assert site.hits["/sitemap-news.xml"] == 2 and site.hits["/sitemap-self.xml"] == 2
    assert site.hits["/sitemap_index.xml"] == 2
    assert all(site.hits[f"/page/{i}.html"] == 1 for i in (1, 2, 3, 4, 5))
    assert not docs(items)


def test_one_big_host_does_not_starve_another(site):
    with NewsSite() as other:
        config = cfg(per_host_delay=0.05, per_host_concurrency=1, host_buffer=4)
        c = Crawler(config, None)
        c.add([site.url(f"/page/{i}.html") for i in range(1, 41)])  # queued first
        c.add([other.url(f"/page/{i}.html") for i in range(1, 4)])
        got = [i.source for i in c.run() if isinstance(i, RawDocument)]
        assert len(got) == 43
        # the second host's pages come early, not after the first host's forty
        assert max(got.index(other.url(f"/page/{i}.html")) for i in range(1, 4)) < 15


def test_transport_refuses_a_forbidden_peer_even_if_the_name_check_passed(site, monkeypatch):
    """DNS rebinding: the name resolved to a public address when checked, to loopback when connecting."""
    import warta.sources.crawler as crawler_module

    async def lenient(url, allow_private=False, allowed_networks=()):
        return []

    monkeypatch.setattr(crawler_module, "acheck_url", lenient)
    _, items = crawl([site.url("/page/1.html")], cfg(allowed_networks=(), max_retries=0))
    (item,) = items
    assert isinstance(item, Skipped) and item.reason in ("robots-unavailable", "network")
    assert not site.log  # the connection was closed before any request was sent


def test_transient_failures_are_retried_by_the_next_crawl(site, tmp_path: Path):
    fpath = tmp_path / "frontier.sqlite"
    config = cfg(max_retries=0)
    c = Crawler(config, fpath)
    c.add([site.url("/flaky")], revisit=False)
    first = list(c.run())
    assert [i.reason for i in first if isinstance(i, Skipped)] == ["http-error"]
    c.frontier.close()
    c = Crawler(config, fpath)  # a later crawl, no new seeds
    second = list(c.run())
    assert [i.reason for i in second if isinstance(i, Skipped)] == ["http-error"]
    c.frontier.close()
    third = list(Crawler(config, fpath).run())
    assert site.url("/flaky") in docs(third)  # the third attempt succeeds


def test_since_skips_old_sitemap_entries(site):
    from datetime import datetime as dt

    c, items = crawl(
        [site.url("/sitemap-news.xml")], cfg(since=dt.fromisoformat("2026-09-02T00:00:00+07:00")), kind="sitemap"
    )
    assert set(docs(items)) == {site.url("/page/2.html"), site.url("/page/3.html")}
    assert c.stats["older-than-since"] == 1


def test_endless_chain_of_sitemap_indexes_stops(site):
    from warta.sources.limits import Limits

    c = Crawler(cfg(), None, limits=Limits(max_sitemap_depth=3))
    c.add([site.url("/deep/0.xml")], kind="sitemap")
    items = list(c.run())
    assert [(i.source, i.reason) for i in items if isinstance(i, Skipped)] == [
        (site.url("/deep/3.xml"), "sitemap-too-deep")
    ]
    assert site.hits["/deep/3.xml"] == 1 and site.hits["/deep/4.xml"] == 0
