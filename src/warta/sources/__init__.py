"""Stage 1: where pages come from (files, WARC, JSONL, feeds, sitemaps, the crawler).

Every reader yields :class:`RawDocument` or :class:`Skipped` (``warta.sources.base``). The names
below are imported lazily (the crawler pulls in httpx): ``from warta.sources import SourceSet``.
See ``docs/sources.md``.
"""

from __future__ import annotations

import importlib
from typing import Any

from warta.sources.base import RawDocument, Skipped

_LAZY = {
    "detect_source": "warta.sources.detect",
    "read_sources": "warta.sources.detect",
    "SourceSet": "warta.sources.detect",
    "Crawler": "warta.sources.crawler",
    "CrawlConfig": "warta.sources.crawler",
    "CrawlReader": "warta.sources.crawler",
    "Frontier": "warta.sources.frontier",
    "Limits": "warta.sources.limits",
    "WarcReader": "warta.sources.warc",
    "JsonlReader": "warta.sources.jsonl",
    "PageFileReader": "warta.sources.files",
    "check_url": "warta.sources.netguard",
    "ForbiddenAddress": "warta.sources.netguard",
    "parallel_map": "warta.sources.parallel",
    "extract_document": "warta.sources.parallel",
    "ExtractFailure": "warta.sources.parallel",
    "is_error": "warta.sources.reader",
}

__all__ = ["RawDocument", "Skipped", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'warta.sources' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
