"""Streaming parsers for documents that list pages: sitemaps (incl. index and Google News), RSS/Atom
feeds and plain URL lists. They yield :class:`Link` records and never hold the whole list.

Each parser stops after ``limits.max_items`` links (a feed with a million items costs the time to
read ``max_items`` of them and constant memory) and says so in :attr:`LinkParse.capped`.
XML is read with lxml's ``iterparse`` with entity resolution and network access off, in recover
mode (real feeds are often not well-formed), clearing every element once read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import BinaryIO

from lxml import etree

from warta.sources.limits import DEFAULT_LIMITS, Limits


@dataclass(slots=True)
class Link:
    url: str
    kind: str = "page"  # "page", or "sitemap" for a child of a sitemap index
    published: str | None = None  # ISO 8601, from news:publication_date / pubDate / published
    modified: str | None = None  # sitemap lastmod / atom updated
    title: str | None = None
    content: str | None = None  # the entry's full HTML when a feed carries it (content:encoded)


@dataclass(slots=True)
class LinkParse:
    """What a parse found besides the links: the document kind, whether the item cap stopped it,
    and an error when the document could not be read at all."""

    kind: str = "unknown"  # "sitemap", "sitemapindex", "feed", "urllist"
    count: int = 0
    capped: bool = False
    error: str | None = None


_XML_ROOT = re.compile(rb"<\s*(?:[A-Za-z_][\w.-]*:)?(urlset|sitemapindex|rss|feed|RDF)[\s>/]", re.I)


def sniff_kind(head: bytes) -> str | None:
    """ "sitemap", "sitemapindex", "feed", "html" or None, from the first bytes of a document."""
    sample = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    m = _XML_ROOT.search(sample)
    if m:
        root = m.group(1).lower()
        if root == b"urlset":
            return "sitemap"
        if root == b"sitemapindex":
            return "sitemapindex"
        return "feed"
    if re.search(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", sample, re.I):
        return "html"
    return None


def parse_date(text: str | None) -> str | None:
    """Any date a feed or sitemap carries, as ISO 8601 with an offset (UTC assumed), or None."""
    if not text:
        return None
    text = text.strip()
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            dt = None
    if dt is None:
        try:
            from feedparser.datetimes import _parse_date

            st = _parse_date(text)
        except Exception:  # feedparser's date handlers raise many kinds of error on junk
            st = None
        if st is None:
            return None
        dt = datetime(st[0], st[1], st[2], st[3], st[4], st[5], tzinfo=UTC)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.isoformat()


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].split(":")[-1].lower()


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    text = "".join(el.itertext()).strip()
    return text or None


def _release(el: etree._Element) -> None:
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def iter_xml_links(stream: BinaryIO, state: LinkParse, limits: Limits = DEFAULT_LIMITS) -> Iterator[Link]:
    """Links of a sitemap, sitemap index or RSS/RDF/Atom feed read from ``stream``."""
    items = {"url", "sitemap", "item", "entry"}
    context = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    try:
        for event, el in context:
            name = _local(el.tag)
            if event == "start":
                depth += 1
                if depth == 1:
                    state.kind = {"urlset": "sitemap", "sitemapindex": "sitemapindex"}.get(name, "feed")
                    if name not in ("urlset", "sitemapindex", "rss", "feed", "rdf"):
                        state.error = f"not a sitemap or feed (root <{name}>)"
                        return
                continue
            depth -= 1
            if name not in items:
                continue
            link = _link(name, el)
            _release(el)
            if link is None:
                continue
            if state.count >= limits.max_items:
                state.capped = True
                return
            state.count += 1
            yield link
    except etree.XMLSyntaxError as exc:
        if state.count == 0:
            state.error = f"not XML: {exc}"
    finally:
        del context


def _link(name: str, el: etree._Element) -> Link | None:
    fields: dict[str, etree._Element] = {}
    href: str | None = None
    for child in el.iterchildren():
        cname = _local(child.tag)
        if cname == "link" and name == "entry":
            rel = (child.get("rel") or "alternate").lower()
            if rel == "alternate" and child.get("href") and href is None:
                href = child.get("href")
            continue
        if cname == "news":  # <news:news><news:publication_date/><news:title/></news:news>
            for sub in child.iterchildren():
                fields.setdefault("news_" + _local(sub.tag), sub)
            continue
        fields.setdefault(cname, child)
    if name in ("url", "sitemap"):
        loc = _text(fields.get("loc"))
        if not loc:
            return None
        return Link(
            url=loc,
            kind="sitemap" if name == "sitemap" else "page",
            published=parse_date(_text(fields.get("news_publication_date"))),
            modified=parse_date(_text(fields.get("lastmod"))),
            title=_text(fields.get("news_title")),
        )
    if name == "item":
        url = _text(fields.get("link"))
        if not url:
            guid = fields.get("guid")
            if guid is not None and (guid.get("isPermaLink") or "true").lower() == "true":
                url = _text(guid)
        if not url:
            about = el.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            url = about.strip() if about else None
        published = _text(fields.get("pubdate")) or _text(fields.get("date"))
        content = _text(fields.get("encoded"))
    else:  # atom entry
        url = href
        published = _text(fields.get("published")) or _text(fields.get("issued"))
        content_el = fields.get("content")
        content = _text(content_el) if content_el is not None else None
    if not url and not content:
        return None
    return Link(
        url=url or "",
        published=parse_date(published),
        modified=parse_date(_text(fields.get("updated"))),
        title=_text(fields.get("title")),
        content=content,
    )


_URL_LINE = re.compile(r"^https?://\S+$", re.I)


def looks_like_url_list(head: bytes) -> bool:
    """True when the first non-blank, non-comment lines are all http(s) URLs."""
    lines = [ln.strip() for ln in head[:8192].decode("utf-8", "replace").splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if not lines:
        return False
    sample = lines[:-1] if len(lines) > 1 else lines  # the last line may be cut by the sample
    return all(_URL_LINE.match(ln) for ln in sample)


def iter_url_lines(stream: BinaryIO, state: LinkParse, limits: Limits = DEFAULT_LIMITS) -> Iterator[Link]:
    """One URL per line (``#`` comments and blank lines ignored; also the sitemap text format)."""
    state.kind = "urllist"
    while True:
        line = stream.readline(8192)
        if not line:
            return
        text = line.decode("utf-8", "replace").strip()
        if not text or text.startswith("#"):
            continue
        url = text.split()[0]
        if not _URL_LINE.match(url):
            continue
        if state.count >= limits.max_items:
            state.capped = True
            return
        state.count += 1
        yield Link(url=url)


def iter_links(stream: BinaryIO, state: LinkParse, limits: Limits = DEFAULT_LIMITS) -> Iterator[Link]:
    """Sniff ``stream`` (buffered, peekable) and parse it as XML sitemap/feed or as a URL list."""
    peek = getattr(stream, "peek", None)
    head = peek(4096)[:4096] if peek else b""
    kind = sniff_kind(head)
    if kind in ("sitemap", "sitemapindex", "feed"):
        yield from iter_xml_links(stream, state, limits)
    elif kind == "html":
        state.error = "an HTML page, not a sitemap or feed"
    elif looks_like_url_list(head):
        yield from iter_url_lines(stream, state, limits)
    else:
        state.error = "not a sitemap, feed or URL list"
