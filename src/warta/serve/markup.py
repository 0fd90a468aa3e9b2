"""Article bodies as safe HTML: quotes marked with their speaker, entity mentions linked.

Article text is untrusted. Everything here is built from :func:`markupsafe.escape`d text and a
fixed set of tags (``q``, ``a``, ``span``, ``cite``); link targets are the explorer's own
``/entities/...`` URLs with the key percent-encoded. Offsets that do not match the text (an
analysis of another field, a stale row) are ignored rather than trusted.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from warta.search.text import escape_html as _esc  # markupsafe.escape's output, as a plain str


@lru_cache(maxsize=65536)
def entity_href(key: str) -> str:
    return "/entities/" + quote(key, safe="")


def safe_url(url: str | None) -> str | None:
    """``url`` when it is http(s), else None: no ``javascript:``, ``data:`` or relative tricks."""
    if not url or len(url) > 2000:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def _spans(text: str, doc: dict[str, Any]) -> tuple[list[tuple[int, int, dict[str, Any]]], list[tuple[int, int, str]]]:
    quotes = []
    for q in doc.get("quotes", []):
        s, e = q.get("start"), q.get("end")
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text) and q.get("text") == text[s:e]:
            quotes.append((s, e, q))
    quotes.sort(key=lambda t: t[0])
    kept_q: list[tuple[int, int, dict[str, Any]]] = []
    for s, e, q in quotes:
        if not kept_q or s >= kept_q[-1][1]:
            kept_q.append((s, e, q))
    mentions = []
    for m in doc.get("mentions", []):
        s, e, key = m.get("start"), m.get("end"), m.get("key")
        if not key or not isinstance(s, int) or not isinstance(e, int) or not 0 <= s < e <= len(text):
            continue
        if text[s:e] != m.get("text"):
            continue
        # a mention may sit inside a quote, not across its edge
        if any(qs < s < qe < e or s < qs < e < qe for qs, qe, _ in kept_q):
            continue
        mentions.append((s, e, key))
    mentions.sort()
    kept_m: list[tuple[int, int, str]] = []
    for s, e, key in mentions:
        if not kept_m or s >= kept_m[-1][1]:
            kept_m.append((s, e, key))
    return kept_q, kept_m


def _mark(text: str, start: int, end: int, mentions: list[tuple[int, int, str]]) -> str:
    out, pos = [], start
    for s, e, key in mentions[bisect_left(mentions, (start, -1, "")):]:
        if s >= end:
            break
        if e > end:
            continue
        out.append(_esc(text[pos:s]))
        out.append(f'<a class="ent" href="{_esc(entity_href(key))}">{_esc(text[s:e])}</a>')
        pos = e
    out.append(_esc(text[pos:end]))
    return "".join(out)


def paragraph_html(text: str, start: int, end: int, quotes: list[Any], mentions: list[Any]) -> Markup:
    out, pos = [], start
    for qs, qe, q in quotes:
        if qe <= start or qs >= end:
            continue
        qs, qe = max(qs, start), min(qe, end)
        out.append(_mark(text, pos, qs, mentions))
        speaker = q.get("speaker")
        key = q.get("speaker_key")
        kind = "direct" if q.get("direct") else "indirect"
        title = f"{speaker or 'unknown speaker'} ({'direct' if q.get('direct') else 'indirect'} quote)"
        out.append(f'<q class="quote {kind}" title="{escape(title)}">{_mark(text, qs, qe, mentions)}</q>')
        if speaker:
            who = escape(speaker)
            if key:
                who = Markup(f'<a href="{escape(entity_href(key))}">{who}</a>')
            out.append(f'<cite class="speaker">— {who}</cite>')
        pos = qe
    out.append(_mark(text, pos, end, mentions))
    return Markup("".join(out))


def body(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The article's sections, each ``{heading, number, paragraphs: [Markup], images: [...]}``.

    Paragraphs are located in ``article.text`` (headings and paragraphs joined by blank lines),
    which is what the analysis' offsets refer to."""
    art = doc.get("article", {})
    text: str = art.get("text") or ""
    quotes, mentions = _spans(text, doc)
    images = art.get("images") or []
    out: list[dict[str, Any]] = []
    pos = 0
    for i, section in enumerate(art.get("sections") or []):
        heading = section.get("heading")
        if heading:
            found = text.find(heading, pos)
            if found >= 0:
                pos = found + len(heading)
        paras = []
        for p in section.get("paragraphs") or []:
            found = text.find(p, pos)
            if found < 0:
                paras.append(escape(p))
                continue
            paras.append(paragraph_html(text, found, found + len(p), quotes, mentions))
            pos = found + len(p)
        out.append(
            {
                "heading": heading,
                "number": section.get("number"),
                "paragraphs": paras,
                "images": [_image(im) for im in images if not im.get("is_cover") and im.get("section") == i],
            }
        )
    placed = {im.get("section") for im in images}
    stray = [
        _image(im) for im in images
        if not im.get("is_cover") and (im.get("section") is None or im.get("section") not in range(len(out)))
    ]
    if stray and out:
        out[-1]["images"].extend(stray)
    del placed
    return out


def _image(im: dict[str, Any]) -> dict[str, Any]:
    return {"caption": im.get("caption"), "credit": im.get("credit"), "url": safe_url(im.get("url"))}


def cover(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [_image(im) for im in (doc.get("article", {}).get("images") or []) if im.get("is_cover")]
