"""Visible-page readers: key points, subtitle, pagination."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from warta.extract.html.dom import Block
from warta.extract.html.meta import Meta
from warta.outlets import OutletProfile

_KP_CLASS = ('[class*="key-point"]', '[class*="keypoint"]', '[class*="highlight"]', '[class*="intinya"]',
             '[class*="takeaway"]', '[class*="poin-penting"]', '[class*="ringkasan"]', '[class*="summary-list"]')
_KP_HEADING = re.compile(
    r"^(?:intinya sih\W*|intinya\W*|poin penting\W*|poin-poin penting\W*|key points?\W*|highlights?\W*|"
    r"ringkasan\W*|sorotan\W*|in brief\W*|at a glance\W*|takeaways?\W*|key takeaways?\W*|yang perlu diketahui\W*)$",
    re.I,
)


def _text(node: LexborNode) -> str:
    return " ".join(node.text(deep=True, separator=" ").split())


def _css(tree: LexborHTMLParser | LexborNode, selector: str) -> list[LexborNode]:
    try:
        return list(tree.css(selector))
    except Exception:
        return []


def key_points(
    tree: LexborHTMLParser, profile: OutletProfile | None, blocks: list[Block]
) -> tuple[list[str], set[str]]:
    """Key points the outlet prints (a list under "Intinya Sih", "Poin penting", "Key points" ...).

    Returns the points and the block texts to take out of the body."""
    points: list[str] = []
    selectors = list(profile.html.key_points) if profile else []
    for sel in selectors:
        for node in _css(tree, sel)[:12]:
            t = _text(node)
            if 10 <= len(t) <= 400 and t not in points:
                points.append(t)
        if points:
            return points, set(points)
    headings = [h.casefold() for h in profile.key_point_headings] if profile else []
    # A heading (or bold line) naming key points, followed by list items.
    for i, b in enumerate(blocks):
        t = b.text.strip()
        if len(t) > 40:
            continue
        if not (_KP_HEADING.match(t) or t.casefold() in headings):
            continue
        items: list[str] = []
        j = i + 1
        while j < len(blocks) and blocks[j].kind == "li" and len(items) < 10:
            items.append(blocks[j].text)
            j += 1
        if items:
            return items, {t, *items}
    for sel in _KP_CLASS:
        for node in _css(tree, sel)[:3]:
            lis = [_text(li) for li in node.css("li")[:10]]
            lis = [x for x in lis if 10 <= len(x) <= 400]
            if 2 <= len(lis) <= 10:
                return lis, set(lis)
    return [], set()


_SUB = ('[class*="subtitle"]', '[class*="sub-title"]', '[class*="subheadline"]', '[class*="standfirst"]',
        '[class*="dek"]', '[class*="deck"]', '[itemprop="alternativeHeadline"]')


def subtitle(tree: LexborHTMLParser) -> str | None:
    for sel in _SUB:
        for node in _css(tree, sel)[:2]:
            if node.tag in ("body", "html", "article", "main", "section"):
                continue
            t = _text(node)
            if 15 <= len(t) <= 300:
                return t
    return None


_NEXT_TEXT = re.compile(r"^(?:selanjutnya|berikutnya|next(?: page)?|halaman berikut(?:nya)?|lanjut|›|»|>|"
                        r"next ›|next »|\d{1,2})$", re.I)
_PAGER_CLASS = re.compile(r"pag(?:e|ing|ination|er)|halaman|multi-?page|nav-?links|page-?numbers", re.I)
_ALL_TEXT = re.compile(r"^(?:tampilkan semua|lihat semua(?: halaman)?|baca dalam satu halaman|show all|single page|"
                       r"view (?:as )?single page|semua halaman|all pages?)$", re.I)
_PAGE_PARAM = re.compile(r"(?:^|&)(?:page|halaman|hal|p|pg|paging)=(\d{1,3})(?:&|$)", re.I)
_PAGE_PATH = re.compile(r"(?:/|-)(?:page|halaman|hal)?[/-]?(\d{1,2})/?$", re.I)


def _same_article(url: str, base: str) -> bool:
    a, b = urlsplit(url), urlsplit(base)
    if (a.hostname or "").removeprefix("www.") != (b.hostname or "").removeprefix("www."):
        return False
    pa = re.sub(r"(?:/|-)(?:page|halaman|hal)?[/-]?\d{1,2}/?$", "", a.path.rstrip("/"))
    pb = re.sub(r"(?:/|-)(?:page|halaman|hal)?[/-]?\d{1,2}/?$", "", b.path.rstrip("/"))
    return pa == pb or a.path.rstrip("/") == b.path.rstrip("/") or pa.startswith(pb) or pb.startswith(pa)


def _page_number(url: str) -> int | None:
    parts = urlsplit(url)
    m = _PAGE_PARAM.search(parts.query)
    if m:
        return int(m.group(1))
    m = _PAGE_PATH.search(parts.path)
    if m:
        return int(m.group(1))
    return None


def pagination(
    tree: LexborHTMLParser, base: str | None, meta: Meta, containers: Sequence[LexborNode] | None = None
) -> list[str]:
    """URLs of the article's other pages, in page order (the page itself excluded)."""
    if not base:
        return []
    found: dict[str, int] = {}
    all_url: str | None = None
    if meta.next_url:
        nxt = urljoin(base, meta.next_url)
        if _same_article(nxt, base):
            found[nxt] = _page_number(nxt) or 2
    if containers is None:
        containers = _css(tree, "[class], [id]")
    for container in containers:
        attr = (container.attributes.get("class") or "") + " " + (container.attributes.get("id") or "")
        if not _PAGER_CLASS.search(attr) or container.tag in ("body", "html", "article", "main"):
            continue
        links = container.css("a[href]")
        if not links or len(links) > 60:
            continue
        for a in links:
            href = a.attributes.get("href") or ""
            if not href or href.startswith(("#", "javascript:")):
                continue
            t = " ".join(a.text(deep=True).split())
            is_all = bool(_ALL_TEXT.match(t))
            if not is_all and not _NEXT_TEXT.match(t):
                continue
            url = urljoin(base, href)
            if is_all:
                if _same_article(url, base):
                    all_url = url
                continue
            if not _NEXT_TEXT.match(t) or not _same_article(url, base):
                continue
            n = _page_number(url)
            if n is None and t.isdigit():
                n = int(t)
            if n is not None:
                found.setdefault(url, n)
        if len(found) > 1:
            break
    # "?page=all" / "Tampilkan semua" links anywhere
    if all_url is None and found:
        for a in _css(tree, "a[href]")[:3000]:
            t = " ".join(a.text(deep=True).split())
            if len(t) < 40 and _ALL_TEXT.match(t):
                u = urljoin(base, a.attributes.get("href") or "")
                if _same_article(u, base):
                    all_url = u
                    break
    me = _page_number(base) or 1
    base_norm = _strip_frag(base)
    pages = [u for u, n in sorted(found.items(), key=lambda kv: kv[1]) if _strip_frag(u) != base_norm and n != me]
    pages = list(dict.fromkeys(pages))
    if all_url and not pages:
        pages = [all_url]
    return pages[:50]


def _strip_frag(url: str) -> str:
    p = urlsplit(url)
    q = "&".join(f"{k}={v}" for k, v in parse_qsl(p.query) if not k.startswith("utm_"))
    return urlunsplit((p.scheme, p.netloc, p.path.rstrip("/"), q, ""))
