"""Small WARC files from pages (for tests, benchmarks and trying the Spark job without a crawl).

:func:`write_warc` writes HTTP ``response`` records (and optional ``resource`` records) with
warcio, one gzip member per record as crawlers do, so the files read like Common Crawl's.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Page:
    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    date: str = "2025-03-03T10:00:00Z"
    record_type: str = "response"  # or "resource" (no HTTP header: body as is)


def write_warc(path: str | Path, pages: Iterable[Page], *, gzip: bool = True) -> int:
    """Write the pages to ``path``; returns how many records were written."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    n = 0
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for page in pages:
            if page.record_type == "resource":
                record = writer.create_warc_record(
                    page.url, "resource", payload=io.BytesIO(page.body),
                    warc_content_type=page.content_type, warc_headers_dict={"WARC-Date": page.date},
                )
            else:
                reason = {200: "OK", 404: "Not Found", 301: "Moved Permanently"}.get(page.status, "Status")
                http = StatusAndHeaders(
                    f"{page.status} {reason}",
                    [("Content-Type", page.content_type), ("Content-Length", str(len(page.body)))],
                    protocol="HTTP/1.1",
                )
                record = writer.create_warc_record(
                    page.url, "response", payload=io.BytesIO(page.body), http_headers=http,
                    warc_headers_dict={"WARC-Date": page.date},
                )
            writer.write_record(record)
            n += 1
    return n
