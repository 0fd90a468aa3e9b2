"""The record every source yields: raw bytes plus what is known about where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class RawDocument:
    """One page as a source delivers it, before extraction.

    ``source`` is a stable name of the record (path, ``warc-path#offset``, URL,
    ``jsonl-path:line``): the ingest log keys resumption on it.
    """

    source: str
    data: bytes | str
    url: str | None = None
    kind: str = "auto"  # "auto", "html" or "text": what extract() should treat it as
    charset: str | None = None  # from HTTP headers, when known
    fetched: datetime | None = None  # from WARC-Date / HTTP Date, when known
    size: int = 0
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Skipped:
    """A record a source read but could not turn into a page, with the reason (counted, reported)."""

    source: str
    reason: str
    detail: str = ""
