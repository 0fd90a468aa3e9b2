"""JSON Lines as web corpora ship them: one object per line with ``html`` or ``text`` and ``url``.

Recognised keys: the page in ``html`` / ``raw_html`` / ``content_html`` (read as HTML) or
``text`` / ``content`` / ``raw_content`` / ``body`` / ``article`` (read as a text dump); the
address in ``url`` / ``link`` / ``source_url`` / ``uri``; a date in ``date`` / ``published`` /
``timestamp`` / ``date_download`` (kept in ``meta["published"]``); ``title`` goes to
``meta["title"]``. Address and date are also looked for inside a nested ``warc_headers`` (OSCAR),
``metadata`` or ``meta`` object, where ``warc-target-uri`` and ``warc-date`` count too.
Lines longer than ``max_record_bytes`` are skipped without being held in memory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any, BinaryIO

from warta.sources.base import RawDocument, Skipped
from warta.sources.gz import SourceError, open_maybe_gzip
from warta.sources.limits import DEFAULT_LIMITS, Limits
from warta.sources.reader import Item, Reader

HTML_KEYS = ("html", "raw_html", "content_html", "page")
TEXT_KEYS = ("text", "content", "raw_content", "body", "article", "clean_text")
URL_KEYS = ("url", "link", "source_url", "uri", "href")
DATE_KEYS = ("published", "date", "date_publish", "publish_date", "timestamp", "date_download", "time")

_CHUNK = 1 << 16


def _lines(fh: BinaryIO, cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; the line is None when it is longer than ``cap`` (skipped in chunks)."""
    lineno = 0
    while True:
        line = fh.readline(cap + 1)
        if not line:
            return
        lineno += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while True:  # discard the rest of the over-long line without holding it
                rest = fh.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = obj.get(key)
        if value not in (None, ""):
            return value
    return None


def record_from_json(obj: Any, source: str) -> Item:
    if not isinstance(obj, dict):
        return Skipped(source, "bad-json", f"a line holds a {type(obj).__name__}, not an object")
    html = _first(obj, HTML_KEYS)
    text = None if html is not None else _first(obj, TEXT_KEYS)
    data = html if html is not None else text
    if data is None:
        return Skipped(source, "no-content", "no html or text field")
    if isinstance(data, list):
        data = "\n\n".join(str(x) for x in data)
    if not isinstance(data, str):
        return Skipped(source, "no-content", f"content field is a {type(data).__name__}")
    if not data.strip():
        return Skipped(source, "empty", "")
    url = _first(obj, URL_KEYS)
    date = _first(obj, DATE_KEYS)
    # OSCAR keeps the WARC headers in "warc_headers"; RedPajama, Dolma and others nest "meta"/"metadata".
    for nest in ("warc_headers", "metadata", "meta"):
        inner = obj.get(nest)
        if isinstance(inner, dict):
            url = url or _first(inner, (*URL_KEYS, "warc-target-uri", "WARC-Target-URI"))
            date = date or _first(inner, (*DATE_KEYS, "warc-date", "WARC-Date"))
    meta: dict[str, str] = {}
    if date is not None:
        meta["published"] = str(date)
    title = obj.get("title")
    if isinstance(title, str) and title.strip():
        meta["title"] = title.strip()
    return RawDocument(
        source=source,
        data=data,
        url=str(url) if isinstance(url, str) and url else None,
        kind="html" if html is not None else "text",
        size=len(data),
        meta=meta,
    )


class JsonlReader(Reader):
    kind = "jsonl"

    def __init__(self, path: str, *, limits: Limits = DEFAULT_LIMITS) -> None:
        super().__init__(path, limits=limits)
        self.path = path
        try:
            self.total_bytes = os.path.getsize(path)
        except OSError:
            self.total_bytes = None

    def __iter__(self) -> Iterator[Item]:
        path = self.path
        lineno = 0
        try:
            with open_maybe_gzip(path, limits=self.limits) as fh:
                for lineno, line in _lines(fh, self.limits.max_record_bytes):
                    source = f"{path}:{lineno}"
                    self.bytes_read = _tell(fh)
                    if line is None:
                        yield Skipped(source, "too-large", f"line over {self.limits.max_record_bytes:,} bytes")
                        continue
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                    except ValueError as exc:
                        yield Skipped(source, "bad-json", str(exc)[:200])
                        continue
                    yield record_from_json(obj, source)
        except SourceError as exc:
            yield Skipped(f"{path}:{lineno + 1}", exc.reason, exc.detail)
        except OSError as exc:
            yield Skipped(path, "read-error", str(exc))
        self.bytes_read = self.total_bytes or self.bytes_read


def _tell(fh: BinaryIO) -> int:
    raw = getattr(fh, "raw", None)
    counted = getattr(raw, "compressed_in", None)
    if isinstance(counted, int):
        return counted
    try:
        return fh.tell()
    except OSError:
        return 0
