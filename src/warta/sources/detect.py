"""``detect_source(arg)``: the reader for one command-line argument, by flag or by looking at it.

=====================================  ==============================================================
argument                               reader
=====================================  ==============================================================
``http(s)://...``                      :class:`CrawlReader` (page, sitemap or feed: decided by the
                                       response)
directory                              every page, WARC and JSONL file below it, sorted (sitemaps,
                                       feeds and URL lists inside directories are not read: they
                                       would fetch from the network; name them explicitly)
glob (``*``, ``?``, ``[``)             the same over the matching files
``*.warc``, ``*.warc.gz``              :class:`WarcReader`
``*.jsonl``, ``*.ndjson`` (``.gz``)    :class:`JsonlReader`
``*.html``, ``*.htm`` (``.gz``)        :class:`PageFileReader` (kind "html")
``*.txt`` (``.gz``)                    a URL list when its first lines are URLs, else a text dump
``*.xml``, ``*.rss``, ``*.atom`` (gz)  sitemap or feed, by the root element; the URLs it lists are
                                       fetched by the crawler
``*.urls``                             a URL list
anything else                          sniffed: ``WARC/``, ``{``, ``<urlset``/``<rss``/``<feed``, HTML
=====================================  ==============================================================

``kind=`` forces one of "html", "text", "warc", "jsonl", "sitemap", "feed", "urls", "url".
Every reader yields ``RawDocument | Skipped``; documents from a directory or glob carry the
input kind of the file they came from in ``meta["input_kind"]``.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from warta.sources.base import RawDocument, Skipped
from warta.sources.crawler import CrawlConfig, CrawlReader
from warta.sources.files import PageFileReader, page_kind, strip_gz
from warta.sources.frontier import Frontier
from warta.sources.gz import SourceError, open_maybe_gzip
from warta.sources.jsonl import JsonlReader
from warta.sources.limits import DEFAULT_LIMITS, Limits
from warta.sources.links import Link, LinkParse, iter_links, looks_like_url_list, sniff_kind
from warta.sources.reader import Item, Reader
from warta.sources.warc import WarcReader

KINDS = ("html", "text", "warc", "jsonl", "sitemap", "feed", "urls", "url")
_WARC_SUFFIXES = (".warc", ".arc.warc")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jl")
_LINK_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")


class MultiReader(Reader):
    """Several readers one after another (a directory, a glob)."""

    kind = "unknown"

    def __init__(self, name: str, readers: list[Reader], *, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(name, limits=limits)
        self.readers = readers
        sizes = [r.total_bytes for r in readers]
        # unknown (None) as soon as one part's size is unknown (a URL, a feed)
        self.total_bytes = sum(s or 0 for s in sizes) if all(s is not None for s in sizes) else None
        kinds = {r.kind for r in readers}
        self.kind = kinds.pop() if len(kinds) == 1 else "unknown"
        self.current: Reader | None = None

    def __iter__(self) -> Iterator[Item]:
        done = 0
        for reader in self.readers:
            self.current = reader
            for item in reader:
                if isinstance(item, RawDocument):
                    item.meta.setdefault("input_kind", reader.kind)
                self.bytes_read = done + reader.bytes_read
                yield item
            done += reader.total_bytes or reader.bytes_read
            self.bytes_read = done
        self.current = None


class _Missing(Reader):
    def __init__(self, name: str, reason: str, detail: str) -> None:
        super().__init__(name)
        self.reason = reason
        self.detail = detail
        self.total_bytes = 0

    def __iter__(self) -> Iterator[Item]:
        yield Skipped(self.name, self.reason, self.detail)


class LinkFileReader(CrawlReader):
    """A local sitemap, feed or URL list: its URLs are parsed as a stream and fetched by the crawler."""

    def __init__(
        self,
        path: str,
        *,
        kind: str,
        config: CrawlConfig | None = None,
        frontier: Frontier | str | Path | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.path = path
        self.parse = LinkParse()
        self._pre: list[Item] = []
        super().__init__(
            path,
            self._links(),
            seed_kind="page",
            kind=kind,
            config=config,
            frontier=frontier,
            limits=limits,
            pre_items=self._pre,
        )
        # The work is the pages it lists, whose size is unknown: no byte total (no false ETA);
        # bytes_read counts the bytes fetched.
        self.total_bytes = None

    def _links(self) -> Iterator[str | Link]:
        try:
            with open_maybe_gzip(self.path, limits=self.limits, max_bytes=self.limits.max_document_bytes) as fh:
                for link in iter_links(fh, self.parse, self.limits):
                    if link.url:
                        yield link
        except SourceError as exc:
            self._pre.append(Skipped(self.path, exc.reason, exc.detail))
        except OSError as exc:
            self._pre.append(Skipped(self.path, "read-error", str(exc)))

    def __iter__(self) -> Iterator[Item]:
        self.crawler.add(self.seeds, kind="page")
        if self.parse.error:
            yield Skipped(self.path, "bad-xml" if self.parse.kind != "urllist" else "corrupt", self.parse.error)
        if self.parse.capped:
            yield Skipped(self.path, "too-many-items", f"stopped after {self.parse.count:,} items")
        yield from self._pre
        yield from self._crawl()


def _head(path: str, limits: Limits) -> bytes:
    try:
        with open_maybe_gzip(path, limits=limits) as fh:
            return fh.read(4096)
    except (SourceError, OSError):
        return b""


def _file_kind(path: str, limits: Limits, *, in_directory: bool) -> str | None:
    base, _ = strip_gz(os.path.basename(path))
    if base.endswith(_WARC_SUFFIXES):
        return "warc"
    if base.endswith(_JSONL_SUFFIXES):
        return "jsonl"
    pk = page_kind(path)
    if pk == "html":
        return "html"
    if pk == "text":
        if not in_directory and looks_like_url_list(_head(path, limits)):
            return "urls"
        return "text"
    if base.endswith(".urls"):
        return None if in_directory else "urls"
    head = _head(path, limits)
    if head.startswith(b"WARC/"):
        return "warc"
    sniffed = sniff_kind(head)
    if sniffed == "html":
        return "html"
    if sniffed in ("sitemap", "sitemapindex"):
        return None if in_directory else "sitemap"
    if sniffed == "feed":
        return None if in_directory else "feed"
    if not in_directory and head.lstrip()[:1] == b"{":
        return "jsonl"
    return None


def _reader_for_file(
    path: str,
    kind: str,
    *,
    limits: Limits,
    config: CrawlConfig | None,
    frontier: Frontier | str | Path | None,
) -> Reader:
    if kind == "warc":
        return WarcReader(path, limits=limits)
    if kind == "jsonl":
        return JsonlReader(path, limits=limits)
    if kind in ("html", "text"):
        return PageFileReader([path], kind=kind, limits=limits)
    if kind in ("sitemap", "feed", "urls"):
        return LinkFileReader(
            path, kind="url" if kind == "urls" else kind, config=config, frontier=frontier, limits=limits
        )
    raise ValueError(f"unknown source kind {kind!r}; expected one of {', '.join(KINDS)}")


def detect_source(
    arg: str,
    *,
    kind: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    crawl_config: CrawlConfig | None = None,
    frontier: Frontier | str | Path | None = None,
) -> Reader:
    """The reader for ``arg`` (a path, directory, glob or URL). Never raises for a bad input:
    a missing path gives a reader that yields one ``Skipped(arg, "not-found")``."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown source kind {kind!r}; expected one of {', '.join(KINDS)}")
    if arg.lower().startswith(("http://", "https://")):
        seed_kind = {"sitemap": "sitemap", "feed": "feed", "html": "page", "url": "auto"}.get(kind or "", "auto")
        reader_kind = kind if kind in ("sitemap", "feed") else "url"
        return CrawlReader(
            arg,
            [arg],
            seed_kind=seed_kind,
            kind=reader_kind,
            config=crawl_config,
            frontier=frontier,
            limits=limits,
        )
    if glob.has_magic(arg):
        matches = sorted(p for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
        if not matches:
            return _Missing(arg, "not-found", "the pattern matched no file")
        return MultiReader(arg, _readers(matches, kind, limits, crawl_config, frontier, True), limits=limits)
    if os.path.isdir(arg):
        files: list[str] = []
        for root, dirs, names in os.walk(arg):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            files.extend(os.path.join(root, n) for n in sorted(names) if not n.startswith("."))
        return MultiReader(arg, _readers(files, kind, limits, crawl_config, frontier, True), limits=limits)
    if not os.path.exists(arg):
        return _Missing(arg, "not-found", "no such file or directory")
    file_kind = kind or _file_kind(arg, limits, in_directory=False)
    if file_kind is None:
        return _Missing(arg, "unsupported", "not a page, WARC, JSONL, sitemap, feed or URL list")
    return _reader_for_file(arg, file_kind, limits=limits, config=crawl_config, frontier=frontier)


def _readers(
    paths: list[str],
    kind: str | None,
    limits: Limits,
    config: CrawlConfig | None,
    frontier: Frontier | str | Path | None,
    in_directory: bool,
) -> list[Reader]:
    readers: list[Reader] = []
    pages: list[str] = []
    page_kind_seen: str | None = None

    def flush() -> None:
        nonlocal pages, page_kind_seen
        if pages:
            readers.append(PageFileReader(pages, kind=page_kind_seen, limits=limits))
        pages, page_kind_seen = [], None

    for path in paths:
        k = kind or _file_kind(path, limits, in_directory=in_directory)
        if k is None:
            continue
        if k in ("html", "text"):
            if page_kind_seen not in (None, k):
                flush()
            page_kind_seen = k
            pages.append(path)
            continue
        flush()
        readers.append(_reader_for_file(path, k, limits=limits, config=config, frontier=frontier))
    flush()
    return readers


def read_sources(
    args: list[str],
    *,
    kind: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    crawl_config: CrawlConfig | None = None,
    frontier: Frontier | str | Path | None = None,
) -> Iterator[tuple[Reader, Item]]:
    """Every item of every argument, with the reader it came from (for input kind and progress)."""
    for arg in args:
        reader = detect_source(arg, kind=kind, limits=limits, crawl_config=crawl_config, frontier=frontier)
        for item in reader:
            if isinstance(item, RawDocument):
                item.meta.setdefault("input_kind", reader.kind)
            yield reader, item


class SourceSet(MultiReader):
    """All the command line's sources as one reader: what ``warta ingest`` iterates.

    Readers are detected up front (cheap: a stat and a peek per file), so ``total_bytes`` is known
    for local inputs before reading starts (``None`` when a URL source is among them: its size is
    unknown); ``bytes_read`` grows as they are read. Every RawDocument gets
    ``meta["input_kind"]`` (the :data:`warta.model.InputKind` of the reader it came from)."""

    kind = "unknown"

    def __init__(
        self,
        args: list[str],
        *,
        kind: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
        crawl_config: CrawlConfig | None = None,
        frontier: Frontier | str | Path | None = None,
    ) -> None:
        readers = [
            detect_source(a, kind=kind, limits=limits, crawl_config=crawl_config, frontier=frontier) for a in args
        ]
        super().__init__(" ".join(args), readers, limits=limits)
        self.kind = "unknown"
