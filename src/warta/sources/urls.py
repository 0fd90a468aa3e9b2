"""URL canonicalisation, so that one article read twice gets one id."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the reader, never select content.
_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "_ga", "ref", "src", "amp")
_CONTENT_PARAMS = frozenset({"page", "p", "id", "page_id"})


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters,
    no ``www.`` and no trailing slash; ``http`` and ``https`` are one site."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() in _CONTENT_PARAMS or not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))
