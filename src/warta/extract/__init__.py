"""Stage 2: turn one raw page into an Article.

``extract()`` decodes bytes, decides whether the input is HTML or a text dump,
and hands it to :mod:`warta.extract.html` or :mod:`warta.extract.dump`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal

from warta.errors import InputError
from warta.model import Article
from warta.text.decode import decode_bytes
from warta.text.normalize import normalize_text
from warta.version import __version__

InputKindArg = Literal["auto", "html", "text"]

# No news article is this long: beyond it a text dump is a corpus or junk, and reading it
# as one article would only cost time and memory.
MAX_TEXT_CHARS = 16 * 1024 * 1024

_HTML_SIGNS = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:div|p|article|meta|title)[\s>]", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:4096]
    return bool(_HTML_SIGNS.search(head)) and head.count("<") >= 3


def extract(
    data: str | bytes,
    url: str | None = None,
    *,
    source: str | None = None,
    kind: InputKindArg = "auto",
    declared_charset: str | None = None,
) -> Article:
    if isinstance(data, bytes):
        text, _encoding = decode_bytes(data, source=source, declared=declared_charset)
    elif isinstance(data, str):
        text = data
    else:
        raise InputError(source, f"expected str or bytes, got {type(data).__name__}")
    if not text.strip():
        raise InputError(source, "empty input")
    if kind == "html" or (kind == "auto" and looks_like_html(text)):
        from warta.extract.html import extract_html

        article = extract_html(text, url=url, source=source)
    else:
        from warta.extract.dump import extract_dump

        if len(text) > MAX_TEXT_CHARS:
            raise InputError(
                source, f"too large for one article: {len(text) / 2**20:.1f} M characters of text "
                f"(limit {MAX_TEXT_CHARS // 2**20} M)"
            )

        article = extract_dump(normalize_text(text), url=url, source=source)
    article.provenance.extractor_version = __version__
    if article.id is None:
        article.id = article_id(article)
    return article


def article_id(article: Article) -> str:
    """Stable id: from the canonical URL when known, else from the normalised body text."""
    from warta.sources.urls import canonical_url

    if article.url:
        basis = "url:" + canonical_url(article.url)
    else:
        basis = "text:" + " ".join((article.title or "").split()) + "\n" + " ".join(article.text.split())
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]
