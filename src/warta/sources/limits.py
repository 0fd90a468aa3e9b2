"""Caps that keep every reader's memory and time bounded, whatever the input claims.

One :class:`Limits` is passed to every reader. The defaults suit news pages: no real article
page is anywhere near 16 MB, no real feed has 100,000 items, no real text compresses 200:1.
"""

from __future__ import annotations

from dataclasses import dataclass

KiB = 1024
MiB = 1024 * KiB


@dataclass(frozen=True, slots=True)
class Limits:
    # One page, record or JSONL line after decompression; larger ones are skipped ("too-large").
    max_record_bytes: int = 16 * MiB
    # One gzip stream may inflate to at most this many bytes per compressed byte ...
    max_gzip_ratio: int = 200
    # ... once it has produced more than this (small files compress very well legitimately).
    gzip_ratio_grace_bytes: int = 8 * MiB
    # A whole-file cap on decompressed bytes for single documents (.html.gz, sitemaps, feeds).
    max_document_bytes: int = 32 * MiB
    # Items read from one feed, URLs from one sitemap, lines from one URL list.
    max_items: int = 50_000
    # Nested sitemap indexes followed (a sitemap that links to itself is read once).
    max_sitemap_depth: int = 4
    # Sitemaps read in total from one sitemap source (index fan-out).
    max_sitemaps: int = 1_000
    # WARC and HTTP header blocks.
    max_header_bytes: int = 64 * KiB


DEFAULT_LIMITS = Limits()
