"""A small news site on 127.0.0.1 with every behaviour the crawler must cope with.

Start it with ``with NewsSite() as site:``; ``site.url("/path")`` gives an absolute URL and
``site.log`` the requests it saw (path, headers, start time). Routes:

``/robots.txt``                 disallows ``/private/``; ``robots_status`` makes it fail instead
``/page/N.html``                an article with ETag and Last-Modified (answers 304 to either)
``/sitemap_index.xml``          -> ``/sitemap-news.xml``, ``/sitemap-self.xml``, ``/sitemap-pages.xml.gz``
``/sitemap-news.xml``           a Google News sitemap with ``news:publication_date``
``/sitemap-self.xml``           a sitemap that lists itself and one page
``/sitemap-pages.xml.gz``       a gzipped sitemap
``/deep/N.xml``                 a sitemap index whose only child is ``/deep/N+1.xml``, for ever
``/feed.xml``, ``/atom.xml``    RSS 2.0 and Atom feeds
``/huge-feed.xml``              a streamed feed of 1,000,000 items (never held in memory here)
``/redirect/N``                 N redirects, then ``/page/1.html``
``/loop/a`` <-> ``/loop/b``     a redirect loop
``/to-private``                 a redirect to ``http://10.0.0.1/``
``/slow``                       headers after 5 s; ``/drip`` a byte every 0.2 s for 10 s
``/ratelimited``                429 with ``Retry-After: 1`` the first time, then the page
``/flaky``                      503 twice, then the page; ``/down`` always 503
``/image-html``                 HTML served as ``image/jpeg``; ``/image`` a real JPEG header
``/big``                        declares 100 MB; ``/bomb`` a gzip bomb (Content-Encoding: gzip)
``/private/secret.html``        disallowed by robots.txt
``/missing``                    404
``/links.html``                 links to pages 1..3 (for depth-1 crawls)
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PARAGRAPH = (
    "Pemerintah Provinsi Jawa Tengah meresmikan jembatan baru yang menghubungkan dua kabupaten pada "
    "Senin pagi. Gubernur mengatakan jembatan itu akan memangkas waktu tempuh warga hingga satu jam. "
)


def article_html(n: int, extra: str = "") -> bytes:
    body = "".join(f"<p>{PARAGRAPH} Paragraf {i} artikel {n}.</p>" for i in range(6))
    return (
        "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
        f"<title>Berita nomor {n}</title></head><body><article><h1>Berita nomor {n}</h1>"
        f"{body}{extra}</article></body></html>"
    ).encode()


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    start: float
    end: float = 0.0


@dataclass
class NewsSite:
    robots_status: int = 200
    robots_body: str = "User-agent: *\nDisallow: /private/\n"
    log: list[Seen] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    max_in_flight: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                with site._lock:
                    site.log.append(seen)
                    site.hits[self.path] += 1
                    site.in_flight += 1
                    site.max_in_flight = max(site.max_in_flight, site.in_flight)
                try:
                    site.route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with site._lock:
                        site.in_flight -= 1
                    seen.end = time.monotonic()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_for(self, path: str) -> list[Seen]:
        return [s for s in self.log if s.path == path]

    # -- responses ---------------------------------------------------------------------------------
    @staticmethod
    def send(
        h: BaseHTTPRequestHandler,
        status: int,
        body: bytes = b"",
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        if "Content-Length" not in (headers or {}):
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if body:
            h.wfile.write(body)

    def route(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        u = self.url
        if path == "/robots.txt":
            if self.robots_status != 200:
                self.send(h, self.robots_status, b"unavailable", "text/plain")
            else:
                self.send(h, 200, self.robots_body.encode(), "text/plain")
        elif path.startswith("/page/") and path.endswith(".html"):
            n = int(path.split("/")[2].split(".")[0])
            etag = f'"page-{n}"'
            last_mod = "Tue, 01 Sep 2026 10:00:00 GMT"
            if h.headers.get("If-None-Match") == etag or h.headers.get("If-Modified-Since") == last_mod:
                h.send_response(304)
                h.send_header("ETag", etag)
                h.send_header("Content-Length", "0")
                h.end_headers()
                return
            self.send(h, 200, article_html(n), headers={"ETag": etag, "Last-Modified": last_mod})
        elif path == "/sitemap_index.xml":
            body = (
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{u('/sitemap-news.xml')}</loc></sitemap>"
                f"<sitemap><loc>{u('/sitemap-self.xml')}</loc></sitemap>"
                f"<sitemap><loc>{u('/sitemap-pages.xml.gz')}</loc></sitemap>"
                f"<sitemap><loc>{u('/sitemap_index.xml')}</loc></sitemap>"
                "</sitemapindex>"
            ).encode()
            self.send(h, 200, body, "application/xml")
        elif path == "/sitemap-news.xml":
            items = "".join(
                f"<url><loc>{u(f'/page/{i}.html')}</loc><news:news><news:publication><news:name>Site</news:name>"
                f"<news:language>id</news:language></news:publication>"
                f"<news:publication_date>2026-09-0{i}T08:00:00+07:00</news:publication_date>"
                f"<news:title>Berita nomor {i}</news:title></news:news></url>"
                for i in (1, 2, 3)
            )
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{items}</urlset>'
            ).encode()
            self.send(h, 200, body, "application/xml")
        elif path == "/sitemap-self.xml":
            body = (
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{u('/sitemap-self.xml')}</loc></url><url><loc>{u('/page/4.html')}</loc></url></urlset>"
            ).encode()
            self.send(h, 200, body, "application/xml")
        elif path == "/sitemap-pages.xml.gz":
            body = gzip.compress(
                (
                    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                    f"<url><loc>{u('/page/5.html')}</loc><lastmod>2026-09-05</lastmod></url>"
                    f"<url><loc>{u('/page/1.html')}</loc></url></urlset>"
                ).encode()
            )
            self.send(h, 200, body, "application/x-gzip")
        elif path == "/feed.xml":
            items = "".join(
                f"<item><title>Berita {i}</title><link>{u(f'/page/{i}.html')}</link>"
                f"<pubDate>Tue, 0{i} Sep 2026 10:00:00 +0700</pubDate></item>"
                for i in (6, 7)
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>S</title>{items}</channel></rss>'
            self.send(h, 200, body.encode(), "application/rss+xml")
        elif path == "/atom.xml":
            body = (
                '<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title>'
                f'<entry><title>B8</title><link rel="alternate" href="{u("/page/8.html")}"/>'
                "<published>2026-09-08T10:00:00Z</published></entry></feed>"
            )
            self.send(h, 200, body.encode(), "application/atom+xml")
        elif path == "/feed-private.xml":
            body = (
                '<rss version="2.0"><channel><title>S</title>'
                "<item><link>http://10.0.0.1/admin</link></item>"
                "<item><link>http://169.254.169.254/latest/meta-data/</link></item>"
                f"<item><link>{u('/page/9.html')}</link></item></channel></rss>"
            )
            self.send(h, 200, body.encode(), "application/rss+xml")
        elif path == "/huge-feed.xml":
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml")
            h.send_header("Connection", "close")
            h.end_headers()
            h.wfile.write(b'<rss version="2.0"><channel><title>S</title>')
            chunk = "".join(f"<item><link>{u(f'/page/{1000 + i}.html')}</link></item>" for i in range(1000))
            for _ in range(1000):
                h.wfile.write(chunk.encode())
            h.wfile.write(b"</channel></rss>")
            h.close_connection = True
        elif path.startswith("/deep/") and path.endswith(".xml"):
            n = int(path[len("/deep/") : -len(".xml")])
            body = (
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{u(f'/deep/{n + 1}.xml')}</loc></sitemap></sitemapindex>"
            ).encode()
            self.send(h, 200, body, "application/xml")
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            target = "/page/1.html" if n <= 0 else f"/redirect/{n - 1}"
            self.send(h, 302, b"", headers={"Location": target})
        elif path == "/loop/a":
            self.send(h, 301, b"", headers={"Location": u("/loop/b")})
        elif path == "/loop/b":
            self.send(h, 301, b"", headers={"Location": "/loop/a"})
        elif path == "/to-private":
            self.send(h, 302, b"", headers={"Location": "http://10.0.0.1/"})
        elif path == "/slow":
            time.sleep(5)
            self.send(h, 200, article_html(99))
        elif path == "/drip":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "100")
            h.end_headers()
            for _ in range(50):
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(0.2)
        elif path == "/ratelimited":
            if self.hits[path] == 1:
                self.send(h, 429, b"slow down", "text/plain", {"Retry-After": "1"})
            else:
                self.send(h, 200, article_html(10))
        elif path == "/flaky":
            if self.hits[path] <= 2:
                self.send(h, 503, b"busy", "text/plain")
            else:
                self.send(h, 200, article_html(11))
        elif path == "/down":
            self.send(h, 503, b"busy", "text/plain")
        elif path == "/image-html":
            self.send(h, 200, article_html(12), "image/jpeg")
        elif path == "/image":
            self.send(h, 200, b"\xff\xd8\xff\xe0" + b"\0" * 100, "image/jpeg")
        elif path == "/big":
            self.send(h, 200, b"", headers={"Content-Length": str(100 * 1024 * 1024)})
        elif path == "/bomb":
            co = zlib.compressobj(9, zlib.DEFLATED, 31)
            body = co.compress(b"<html><body>") + b"".join(co.compress(b"\0" * (1 << 20)) for _ in range(64))
            body += co.flush()
            self.send(h, 200, body, headers={"Content-Encoding": "gzip"})
        elif path == "/private/secret.html":
            self.send(h, 200, article_html(13))
        elif path == "/links.html":
            links = "".join(f"<a href='/page/{i}.html'>b{i}</a>" for i in (1, 2, 3))
            links += "<a href='http://example.org/elsewhere'>out</a>"
            self.send(h, 200, f"<html><head><title>x</title></head><body>{links}</body></html>".encode())
        else:
            self.send(h, 404, b"not found", "text/plain")
