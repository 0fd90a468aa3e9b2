"""Local pages: ``.html``, ``.htm``, ``.html.gz``, ``.txt``, ``.txt.gz``, one document per file."""

from __future__ import annotations

import os
from collections.abc import Iterator

from warta.sources.base import RawDocument, Skipped
from warta.sources.gz import SourceError, open_maybe_gzip, read_capped
from warta.sources.limits import DEFAULT_LIMITS, Limits
from warta.sources.reader import Item, Reader

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt", ".text", ".md")


def strip_gz(name: str) -> tuple[str, bool]:
    lower = name.lower()
    for suffix in (".gz", ".gzip"):
        if lower.endswith(suffix):
            return lower[: -len(suffix)], True
    return lower, False


def page_kind(path: str) -> str | None:
    """ "html", "text" or None (not a page file) from the file name."""
    base, _ = strip_gz(os.path.basename(path))
    if base.endswith(HTML_SUFFIXES):
        return "html"
    if base.endswith(TEXT_SUFFIXES):
        return "text"
    return None


def read_page_file(path: str, kind: str | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Item:
    """One file as a RawDocument, or a Skipped with the reason it cannot be read."""
    kind = kind or page_kind(path) or "auto"
    try:
        size = os.path.getsize(path)
        if size > limits.max_record_bytes and not strip_gz(path)[1]:
            return Skipped(path, "too-large", f"{size:,} bytes over the {limits.max_record_bytes:,}-byte limit")
        with open_maybe_gzip(path, limits=limits, max_bytes=limits.max_record_bytes) as fh:
            data = read_capped(fh, limits.max_record_bytes)
    except SourceError as exc:
        return Skipped(path, exc.reason, exc.detail)
    except OSError as exc:
        return Skipped(path, "read-error", str(exc))
    if not data.strip():
        return Skipped(path, "empty", "")
    return RawDocument(source=path, data=data, kind=kind, size=len(data))


class PageFileReader(Reader):
    """One or more page files given by path."""

    kind = "html"

    def __init__(self, paths: list[str], *, kind: str | None = None, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(paths[0] if len(paths) == 1 else f"{len(paths)} files", limits=limits)
        self.paths = paths
        self.force_kind = kind
        self.total_bytes = sum(_size(p) for p in paths)
        if kind == "text" or (kind is None and all(page_kind(p) == "text" for p in paths)):
            self.kind = "text"

    def __iter__(self) -> Iterator[Item]:
        for path in self.paths:
            item = read_page_file(path, self.force_kind, limits=self.limits)
            self.bytes_read += _size(path)
            yield item


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
