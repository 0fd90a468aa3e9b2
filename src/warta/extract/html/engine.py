"""Assemble an Article from one HTML page (see the package docstring for the steps)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from warta.extract.common.authors import parse_byline, reconcile_people, split_authors
from warta.extract.common.credits import split_caption_credit
from warta.extract.common.datelines import match_dateline
from warta.extract.common.dates import UTC, WIB, date_from_url, find_date_in_text, parse_datetime
from warta.extract.html import page as pagemod
from warta.extract.html.content import Selection, filter_blocks, pick_root, score_frames, select_blocks
from warta.extract.html.dom import Block, Frame, is_under, walk
from warta.extract.html.meta import LISTING_TYPES, Meta, read_meta
from warta.model import Article, Author, Image, Outlet, Provenance, Related, Section
from warta.outlets import OutletProfile, all_profiles, profile_for_url
from warta.text.lang import guess_language
from warta.text.normalize import fix_mojibake

MAX_CHARS = 32 * 1024 * 1024
_PAGERISH = re.compile(
    r"paginat|pager|paging|page-?numbers|pagenav|halaman|nav-?links|(?:^|[\s_-])pages?(?:$|[\s_-])", re.I
)
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# UTF-8 read as cp1252/latin-1 (the same traces warta.text.normalize looks for)
_MOJIBAKE = re.compile(r"Ã[\x80-\xbf¡-¿]|â€|Â[\xa0-\xbf ]")
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—·•:»«/]|::)\s+")


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})\b[^<>]{0,2000}?(/?)>")
_NESTING = frozenset(
    "div section article main aside nav header footer span font center blockquote ul ol dl table tbody "
    "form fieldset figure a b i u em strong small big sub sup".split()
)
MAX_NESTING = 1500


def limit_nesting(text: str, limit: int = MAX_NESTING) -> tuple[str, bool]:
    """Drop the tags (not the text) of elements nested deeper than ``limit``.

    The HTML parser's tree construction is quadratic in nesting depth (every block start tag scans
    the stack of open elements), so 100,000 nested ``<div>`` would take minutes. Browsers cap
    nesting too. Only pages with many tags are scanned; the scan is linear."""
    if text.count("<") < 20_000:
        return text, False
    depth = 0
    max_depth = 0
    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        if name not in _NESTING or m.group(3):
            continue
        depth = depth - 1 if m.group(1) else depth + 1
        if depth > max_depth:
            max_depth = depth
            if max_depth > limit:
                break
    if max_depth <= limit:
        return text, False
    out: list[str] = []
    pos = 0
    depth = 0
    for m in _TAG.finditer(text):
        name = m.group(2).lower()
        if name not in _NESTING or m.group(3):
            continue
        if m.group(1):
            drop = depth > limit
            depth = max(0, depth - 1)
        else:
            depth += 1
            drop = depth > limit
        if drop:
            out.append(text[pos : m.start()])
            out.append(" ")
            pos = m.end()
    out.append(text[pos:])
    return "".join(out), True


def _profile_for(url: str | None, meta: Meta) -> OutletProfile | None:
    profile = profile_for_url(url) or profile_for_url(meta.canonical)
    if profile is not None:
        return profile
    site = (meta.site_name or meta.publisher or "").casefold().strip()
    if site:
        for p in all_profiles():
            if site == p.name.casefold() or any(site == d or site == d.split(".")[0] for d in p.domains):
                return p
    return None


def _default_tz(profile: OutletProfile | None, url: str | None, lang: str | None) -> tuple[tzinfo, bool]:
    """(zone for zone-less times, True when it is a guess from the site's country)."""
    host = urlsplit(url).hostname or "" if url else ""
    if profile is not None and profile.language == "id":
        return WIB, False
    # "id", "id-ID", and "in"/"In-Id", the withdrawn ISO 639 code that Java locales still print
    if host.endswith(".id") or re.match(r"(?:id|in)(?:[-_]|$)", (lang or "").lower()):
        return WIB, False
    if profile is not None:
        return WIB, False
    return UTC, True


def _clean_title(value: str | None, site_names: Sequence[str]) -> str | None:
    if not value:
        return None
    value = " ".join(value.split())
    parts = _TITLE_SEPARATORS.split(value)
    if len(parts) > 1:
        folded_sites = {re.sub(r"\W", "", s.casefold()) for s in site_names if s}
        kept = [p for p in parts if re.sub(r"\W", "", p.casefold()) not in folded_sites]
        if kept and len(kept) < len(parts):
            value = " - ".join(kept) if len(kept) > 1 else kept[0]
        if len(parts) > 1 and len(kept) == len(parts):
            # unknown site name: keep the longest part when the others are short labels
            longest = max(parts, key=len)
            if all(len(p) <= 30 for p in parts if p is not longest) and len(longest) >= 20:
                value = longest
    return value.strip() or None


def _frame_for_node(frames: list[Frame], node: LexborNode) -> Frame | None:
    target = node.mem_id
    for f in frames:
        if f.node.mem_id == target:
            return f
    return None


def _css(tree: LexborHTMLParser | LexborNode, selector: str) -> list[LexborNode]:
    try:
        return list(tree.css(selector))
    except Exception:
        return []


_SIGNATURE = re.compile(r"^\(?[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,4}\)?$")
_FRAGMENT = re.compile(r"^[A-Z][\w.,() ]{1,45}\s[-–—]{1,2}$")


def _tidy_blocks(blocks: list[Block], tz: tzinfo) -> tuple[list[Block], str | None, list[str]]:
    """Date lines out of the body; a closing upper-case name is the writer's signature."""
    kept: list[Block] = []
    removed: list[str] = []
    for b in blocks:
        t = b.text
        if b.kind == "p" and len(t) <= 80 and find_date_in_text(t, tz) is not None:
            rest = re.sub(r"[\d:/.,|\-–—()]+|\b(?:WIB|WITA|WIT|GMT|UTC|AM|PM|pukul|updated|diperbarui|"
                          r"published|dipublikasikan|diterbitkan)\b", " ", t, flags=re.I)
            rest_words = [w for w in rest.split() if len(w) > 1]
            from warta.extract.common.dates import MONTHS, has_day_name

            rest_words = [w for w in rest_words if w.lower().rstrip(".") not in MONTHS and not has_day_name(w)]
            if len(rest_words) <= 1:
                removed.append(t)
                continue
        kept.append(b)
    signature = None
    if kept and kept[-1].kind == "p" and _SIGNATURE.match(kept[-1].text) and len(kept[-1].text) <= 50 and (
        len(kept) > 2
    ):
        signature = kept[-1].text.strip("()")
        removed.append(kept.pop().text)
    # "Jakarta -" printed in its own element before the first paragraph
    out: list[Block] = []
    for i, b in enumerate(kept):
        if out and out[-1].kind == "p" and _FRAGMENT.match(out[-1].text) and b.kind == "p":
            prev = out.pop()
            merged = Block(text=prev.text + " " + b.text, link_chars=b.link_chars, tag=b.tag, frame=b.frame,
                           kind="p", links=b.links, index=b.index)
            out.append(merged)
            continue
        out.append(b)
        del i
    return out, signature, removed


def _drop_repeated_runs(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """A second copy of the article (print version, hidden duplicate) repeats whole runs of long
    paragraphs; a repeated question or recipe line alone is kept."""
    seen: set[str] = set()
    dup = []
    for b in blocks:
        dup.append(len(b.text) >= 80 and b.text in seen)
        seen.add(b.text)
    drop = [False] * len(blocks)
    i = 0
    while i < len(blocks):
        if not dup[i]:
            i += 1
            continue
        j = i
        while j < len(blocks) and dup[j]:
            j += 1
        if sum(len(blocks[k].text) for k in range(i, j)) >= 300:
            for k in range(i, j):
                drop[k] = True
        i = j
    kept = [b for b, d in zip(blocks, drop, strict=True) if not d]
    return kept, [b.text for b, d in zip(blocks, drop, strict=True) if d]


def _sections(blocks: list[Block]) -> list[Section]:
    sections: list[Section] = [Section()]
    prev_text = None
    i = 0
    n = len(blocks)
    while i < n:
        b = blocks[i]
        if b.kind == "cell":
            # one table row -> one line, cells separated by " | "
            row = b.frame.parent if b.frame.tag in ("td", "th") else b.frame
            cells = [b.text]
            j = i + 1
            while j < n and blocks[j].kind == "cell" and (
                blocks[j].frame.parent is row or blocks[j].frame is row
            ):
                cells.append(blocks[j].text)
                j += 1
            text = " | ".join(cells)
            i = j
        else:
            text = b.text
            i += 1
        if text == prev_text:
            continue
        prev_text = text
        if b.kind == "h" and len(text) <= 200:
            if sections[-1].heading is None and not sections[-1].paragraphs:
                sections[-1].heading = text
            else:
                sections.append(Section(heading=text))
        else:
            sections[-1].paragraphs.append(text)
    sections = [s for s in sections if s.heading or s.paragraphs]
    for k, s in enumerate(sections):
        s.number = k + 1
    return sections


# Query parameters that name one item (WordPress "?p=123", "?page_id=", "?id=", "?story_id=" ...).
_ITEM_QUERY = re.compile(
    r"(?:^|&)(?:p|page_id|id|sid|aid|nid|\w*(?:story|article|news|post|item|content|berita)_?id)=[\w-]+", re.I
)


def _is_listing(meta: Meta, sel: Selection, url: str | None, headline_links: int, own_title: bool = False) -> bool:
    """Home, tag and index pages: listing signals and little prose, or no prose at all."""
    prose = sum(len(b.text) for b in sel.blocks
                if b.kind in ("p", "quote", "li", "pre", "caption") and b.link_density < 0.3)
    long_paras = sum(1 for b in sel.blocks if b.kind == "p" and len(b.text) >= 120 and b.link_density < 0.3)
    og_type = (meta.og_type or "").lower()
    listing_ld = bool(meta.ld_types & LISTING_TYPES)
    parts = urlsplit(url) if url else None
    path = parts.path if parts else None
    item_url = parts is not None and bool(_ITEM_QUERY.search(parts.query))
    if item_url:
        path = None  # "/?p=34518", "/index.php?id=12": one item, whatever the path says
    listing_path = path is not None and bool(re.fullmatch(
        r"/?(?:(?:tag|tags|topik|topic|kanal|category|categories|kategori|indeks|index|search|cari|author|"
        r"penulis|label|section)(?:/[^/]*)?/?)?(?:index\.\w+)?", path))
    article_signals = meta.has_article_ld or og_type == "article" or bool(meta.published) or (
        url is not None and date_from_url(url) is not None)
    if meta.has_article_ld:
        return prose < 80
    if listing_path or (listing_ld and not article_signals) or (og_type == "website" and path in ("", "/")):
        return long_paras < 3 and prose < 1500
    if article_signals:
        # the page says it is an article and its URL names one item: a two-line post is one
        return prose < (25 if item_url else 80)
    if own_title and not (headline_links >= 5 and long_paras < 2 and prose < 600):
        # a headline of its own (not a link) matching the page title, and no teaser list: one
        # item, however short (a photo post, a two-line blog entry)
        return False
    # Many headline links and hardly any prose: an index of other pages.
    if headline_links >= 5 and long_paras < 2 and prose < 600:
        return True
    return prose < 40


def _image_url(node: LexborNode, base: str | None) -> str | None:
    attrs = node.attributes
    for key in ("data-src", "data-original", "data-lazy-src", "data-srcset", "src", "srcset", "data-url"):
        value = attrs.get(key)
        if not value:
            continue
        value = value.strip().split(",")[0].strip().split(" ")[0]
        if not value or value.startswith("data:") or value.startswith("about:"):
            continue
        return urljoin(base, value) if base else value
    return None


_BAD_IMG = re.compile(r"logo|icon|avatar|sprite|pixel|blank|spacer|placeholder|loading|lazy\.|emoji|badge|"
                      r"share|social|facebook|twitter|whatsapp|instagram|telegram|pinterest|"
                      r"\.svg(?:$|\?)|/ads?/|banner|gravatar|1x1", re.I)


def _images(
    tree: LexborHTMLParser, walk_figures: list, sel: Selection, region: list[Frame], meta: Meta,
    base: str | None, profile: OutletProfile | None, block_section: dict[int, int], title: str | None = None,
    repair: bool = False,
) -> list[Image]:
    credit_patterns: tuple[re.Pattern[str], ...] = ()
    if profile is not None:
        credit_patterns = tuple(re.compile(p) for p in profile.html.credit) + profile.credit_patterns
    images: list[Image] = []
    seen: set[str] = set()
    region_ids = {id(f) for f in region}

    def in_region(f: Frame | None) -> bool:
        steps = 0
        while f is not None and steps < 500:
            if id(f) in region_ids:
                return True
            f = f.parent
            steps += 1
        return False

    captions = list(sel.captions)
    for fig in walk_figures:
        if not in_region(fig.frame):
            continue
        if any(a.weight < 0 for a in fig.frame.ancestors(6)):
            continue  # ad slots, share bars, related-article thumbnails
        url = _image_url(fig.node, base)
        if not url or url in seen or _BAD_IMG.search(url):
            continue
        attrs = fig.node.attributes
        try:
            w = int(str(attrs.get("width") or "0").rstrip("px") or 0)
            h = int(str(attrs.get("height") or "0").rstrip("px") or 0)
        except ValueError:
            w = h = 0
        if (w and w < 120) or (h and h < 80):
            continue
        caption_text = None
        # the caption sharing the closest ancestor (figure, image box) with the image
        anc = fig.frame.ancestors(4)
        best: tuple[int, int, Block] | None = None
        for c in captions:
            if c.index < fig.index - 3 or c.index > fig.index + 3:
                continue
            chain = c.frame.ancestors(5)
            for level, a in enumerate(anc):
                if any(a is b for b in chain):
                    key = (level, abs(c.index - fig.index))
                    if best is None or key < best[:2]:
                        best = (key[0], key[1], c)
                    break
        if best is not None:
            caption_text = best[2].text
            captions.remove(best[2])
        if caption_text is None:
            alt = " ".join((attrs.get("alt") or "").split())
            caption_text = alt if len(alt) > 25 and alt != title else None
        if caption_text and repair:
            caption_text = fix_mojibake(caption_text)
        caption, credit = split_caption_credit(caption_text, credit_patterns) if caption_text else (None, None)
        seen.add(url)
        images.append(Image(url=url, caption=caption or None, credit=credit,
                            section=block_section.get(fig.index)))
    # cover image from metadata
    cover_url = meta.images[0] if meta.images else (meta.ld_images[0][0] if meta.ld_images else None)
    if cover_url:
        cover_url = urljoin(base, cover_url) if base else cover_url
        ld_caption = next((c for u, c, _ in meta.ld_images if c), None)
        ld_credit = next((cr for _, _, cr in meta.ld_images if cr), None)
        existing = next((im for im in images if _same_image(im.url, cover_url)), None)
        if existing is not None:
            existing.is_cover = True
        else:
            cap, cred = (split_caption_credit(ld_caption, credit_patterns) if ld_caption else (None, None))
            images.insert(0, Image(url=cover_url, caption=cap or None, credit=ld_credit or cred, is_cover=True))
    return images[:60]


def _same_image(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False

    def key(u: str) -> str:
        path = urlsplit(u).path
        return re.sub(r"[-_]?\d{2,4}x\d{2,4}", "", path.rsplit("/", 1)[-1])

    return a == b or key(a) == key(b)


def _node_text(node: LexborNode) -> str:
    if node.tag == "meta":
        return " ".join((node.attributes.get("content") or "").split())
    return " ".join(node.text(deep=True, separator=" ").split())


def _profile_names(
    tree: LexborHTMLParser, selectors: Sequence[str], outlet_names: list[str], only: str | None = None
) -> list[str]:
    names: list[str] = []
    for sel_str in selectors:
        for node in _css(tree, sel_str)[:6]:
            text = _node_text(node)
            if text and len(text) <= 200:
                for role, name in parse_byline(text, outlet_names):
                    if name not in names and (only is None or role == only):
                        names.append(name)
        if names:
            break
    return names


_GENERIC_BYLINE = (
    '[rel="author"]', '[itemprop="author"] [itemprop="name"]', '[itemprop="author"]',
    '[class*="author"]', '[class*="byline"]', '[class*="penulis"]', '[class*="reporter"]',
    '[class*="writer"]', '[id*="penulis"]', '[id*="author"]', "author",
)
_GENERIC_EDITOR = ('[class*="editor"]', '[id*="editor"]', '[class*="redaktur"]', '[class*="credit"]')
_AUTHOR_LINE = re.compile(r"^\s*\(?(?:penulis|reporter|pewarta|wartawan|kontributor|writer|author|by|oleh|laporan)\b",
                          re.I)


_LABELLED_LINE = re.compile(
    r"^\s*\(?(?:penulis|reporter|pewarta|wartawan|kontributor|editor|penyunting|redaktur|red)\s*:\s*\S", re.I
)


def _visible_authors(
    tree: LexborHTMLParser, outlet_names: list[str], sel: Selection, near: Sequence[str] = (),
) -> tuple[list[str], list[str]]:
    """Authors and editors printed on the page: credit lines in the body and labelled lines near it
    ("Red: X", "Penulis: X" just outside the selected text), then byline elements."""
    authors: list[str] = []
    editors: list[str] = []
    for line in [*sel.credit_lines, *(t for t in near if len(t) <= 120 and _LABELLED_LINE.match(t))]:
        for role, name in parse_byline(line, outlet_names):
            if role == "editor":
                editors.append(name)
            elif role == "author" and _AUTHOR_LINE.match(line):
                authors.append(name)
    for sel_str in _GENERIC_BYLINE if not authors else ():
        for node in _css(tree, sel_str)[:6]:
            text = _node_text(node)
            if not text or len(text) > 160:
                continue
            for role, name in parse_byline(text, outlet_names):
                if role == "editor":
                    if name not in editors:
                        editors.append(name)
                elif role == "author" and name not in authors:
                    authors.append(name)
        if authors:
            break
    found: list[str] = []
    for sel_str in _GENERIC_EDITOR:
        for node in _css(tree, sel_str)[:4]:
            text = _node_text(node)
            if not text or len(text) > 120 or not re.search(r"\b(?:editor|redaktur|penyunting|red)\b", text, re.I):
                continue
            for role, name in parse_byline(text, outlet_names):
                if role == "editor" and name not in editors:
                    editors.append(name)
                elif role == "author" and not authors and _AUTHOR_LINE.match(text):
                    found.append(name)  # "Pewarta: A | Penyunting: B" in a credit element
    return authors or list(dict.fromkeys(found)), editors


def _visible_date(
    tree: LexborHTMLParser, profile: OutletProfile | None, tz: tzinfo, near_title: list[str]
) -> datetime | None:
    # The date printed just under the headline comes first: it is the article's own.
    for text in near_title:
        if len(text) <= 120:
            dt = find_date_in_text(text, tz)
            if dt is not None:
                return dt
    selectors = list(profile.html.published) if profile else []
    selectors += ["time[datetime]", '[class*="date"]', '[class*="time"]', '[class*="tanggal"]',
                  '[class*="publish"]', '[id*="date"]', '[class*="waktu"]', '[class*="byline"]',
                  '[class*="meta"]']
    for sel_str in selectors:
        for node in _css(tree, sel_str)[:8]:
            value = node.attributes.get("datetime") if node.tag == "time" else None
            if value:
                dt = parse_datetime(value, tz)
                if dt is not None:
                    return dt
            text = " ".join(node.text(deep=True, separator=" ").split())
            if not text or len(text) > 200:
                continue
            dt = find_date_in_text(text, tz)
            if dt is not None:
                return dt
    return None


def extract_page(text: str, url: str | None = None, source: str | None = None) -> Article:
    warnings: list[str] = []
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        warnings.append(f"page cut to {MAX_CHARS // (1024 * 1024)} MB")
    # plain substring tests first: a regular expression scan of a whole page costs milliseconds
    mojibake = ("Ã" in text or "â€" in text or "Â" in text) and bool(_MOJIBAKE.search(text))
    if any(c in text for c in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)  # zero-width characters and soft hyphens, once for the whole page
    text, flattened = limit_nesting(text)
    if flattened:
        warnings.append(f"elements nested deeper than {MAX_NESTING} were flattened")
    tree = LexborHTMLParser(text)
    meta = read_meta(tree)
    warnings.extend(meta.warnings)
    base = url or meta.canonical
    profile = _profile_for(url, meta)
    tz, tz_guess = _default_tz(profile, base, meta.language)

    if profile is not None:
        for sel_str in profile.html.drop:
            for node in _css(tree, sel_str):
                node.decompose()
    body = tree.body
    article = Article(url=url or meta.canonical)
    host = (urlsplit(base).hostname or "").removeprefix("www.") if base else None
    outlet_name = profile.name if profile else (meta.site_name or meta.publisher)
    article.outlet = Outlet(name=outlet_name, domain=host)
    article.provenance = Provenance(source=source, input_kind="html",
                                    outlet_profile=profile.label if profile else None)
    if body is None:
        article.is_article = False
        article.provenance.warnings = [*warnings, "no <body>"]
        article.title = _clean_title(meta.ld_title or meta.og_title or meta.html_title, [])
        return article

    w = walk(body, titles=[t for t in (meta.ld_title, meta.og_title, meta.html_title, meta.md_title) if t])
    score_frames(w)
    preferred: Frame | None = None
    if profile is not None:
        for sel_str in profile.html.body:
            for node in _css(tree, sel_str)[:1]:
                f = _frame_for_node(w.frames, node)
                if f is not None and f.text_chars >= 200 and f.link_chars < 0.5 * f.text_chars and f.score > 0:
                    preferred = f
                    break
            if preferred is not None:
                break
    if profile is not None and profile.html.caption:
        for sel_str in profile.html.caption:
            for node in _css(tree, sel_str)[:30]:
                f = _frame_for_node(w.frames, node)
                if f is None:
                    continue
                for b in w.blocks:
                    g: Frame | None = b.frame
                    for _ in range(6):
                        if g is None:
                            break
                        if g is f:
                            b.in_caption, b.kind = True, "caption"
                            break
                        g = g.parent
    root = pick_root(w, meta.article_body, preferred)
    if root is None and any(b.in_caption for b in w.blocks):
        # A photo page: the only prose is the photo's caption (slideshows, "in pictures").
        for b in w.blocks:
            if b.in_caption and len(b.text) >= 80:
                b.in_caption, b.kind = False, "p"
        for f in w.frames:
            f.score = 0.0
        score_frames(w)
        root = pick_root(w, meta.article_body, preferred)

    outlet_names = [n for n in (meta.site_name, meta.publisher, host, profile.name if profile else None,
                                *(profile.domains if profile else ())) if n]
    site_names = [*outlet_names, *(profile.dateline_names if profile else ())]

    # Title: a visible h1 that agrees with a metadata title, else the metadata title.
    candidates = [t for t in (meta.ld_title, _clean_title(meta.og_title, site_names),
                              _clean_title(meta.html_title, site_names), meta.md_title) if t]
    meta_title = meta.ld_title or _clean_title(meta.og_title, site_names)
    h1_title = None
    own_title = False
    title_block: Block | None = None
    if profile is not None:
        for sel_str in profile.html.title:
            title_node = next(iter(_css(tree, sel_str)), None)
            if title_node is not None:
                h1_title = " ".join(title_node.text(deep=True, separator=" ").split()) or None
                break
    if h1_title is None:
        h1s = [b for b in w.blocks if b.kind == "h" and b.level <= 2 and 10 <= len(b.text) <= 300]
        folded = [re.sub(r"\W+", "", c.casefold()) for c in candidates]
        for b in h1s:
            fb = re.sub(r"\W+", "", b.text.casefold())
            if fb and any(fm and len(fm) >= 8 and (fb in fm or fm in fb) for fm in folded):
                h1_title = b.text
                title_block = b
                own_title = b.link_density < 0.5 and len(b.text) >= 20 and not any(
                    re.sub(r"\W+", "", n.casefold()) == fb for n in site_names)
                break
        if h1_title is None and not meta_title:
            only = [b for b in h1s if b.level == 1]
            if len(only) == 1:
                h1_title = only[0].text
    title = h1_title or meta_title or _clean_title(meta.html_title, site_names)
    article.title = title

    # A short post loses to a sidebar blurb on text alone; the post is the text under its own
    # headline. When the winning selection holds little prose and not the headline, take the
    # headline's nearest container that holds prose after it.
    if own_title and title_block is not None and not w.from_body and preferred is None:
        picked = select_blocks(w, root) if root is not None else []
        picked_prose = sum(len(b.text) for b in picked if b.kind in ("p", "quote") and b.link_density < 0.3)
        first_index = picked[0].index if picked else -1
        under_headline = title_block.index < first_index <= title_block.index + 12  # text right under the headline
        if picked_prose < 400 and not under_headline and not any(b is title_block for b in picked):
            f_up: Frame | None = title_block.frame.parent
            for _ in range(4):
                if f_up is None or f_up.tag in ("body", "html"):
                    break
                after = [b for b in w.blocks[title_block.index + 1 : title_block.index + 40]
                         if is_under(b.frame, f_up, 60) and b.kind in ("p", "quote", "li") and not b.in_caption
                         and len(b.text) >= 40 and b.link_density < 0.3]
                if after and not f_up.pruned:
                    root = f_up
                    break
                f_up = f_up.parent
    chosen_blocks: list[Block] = []
    if root is None:
        sel = Selection(blocks=[], root=None)
        region: list[Frame] = []
    else:
        chosen = chosen_blocks = select_blocks(w, root)
        sel = filter_blocks(chosen, root, title, [profile] if profile else [], meta.article_body)
        region = [root]
        # frames of chosen siblings (for images)
        seen_frames: set[int] = {id(root)}
        for b in chosen:
            up: Frame | None = b.frame
            while up is not None and up.parent is not None and up.parent is not root.parent:
                up = up.parent
            if up is not None and id(up) not in seen_frames and up.parent is root.parent:
                seen_frames.add(id(up))
                region.append(up)

    # A photo essay: when the captions say more than the prose, they are the story (kept in images too).
    cap_blocks = [c for c in sel.captions if len(c.text) >= 40]
    prose_chars = sum(len(b.text) for b in sel.blocks if b.kind in ("p", "quote", "li"))
    # One slide of a slideshow page, or a photo post, whose only prose is the caption: the same.
    cap_chars = sum(len(c.text) for c in cap_blocks)
    plain = sum(len(b.text) for b in sel.blocks if b.kind in ("p", "quote", "li") and b.link_density < 0.3)
    if cap_chars > prose_chars and (len(cap_blocks) >= 2 or (plain < 80 and cap_chars >= 80)):
        sel.blocks = sorted([*sel.blocks, *cap_blocks], key=lambda b: b.index)

    # Notes (publisher disclaimers, reporting credits)
    article.notes.extend(sel.notes)
    blocks = sel.blocks
    if profile is not None and profile.note_patterns:
        kept = []
        for b in blocks:
            if any(p.search(b.text) for p in profile.note_patterns):
                article.notes.append(b.text)
            else:
                kept.append(b)
        blocks = kept

    # Key points
    key_points, kp_texts = pagemod.key_points(tree, profile, blocks)
    if kp_texts:
        blocks = [b for b in blocks if b.text not in kp_texts]
    article.key_points = key_points

    blocks, signature, tidy_removed = _tidy_blocks(blocks, tz)
    sel.removed.extend(tidy_removed)
    blocks, repeated = _drop_repeated_runs(blocks)
    sel.removed.extend(repeated)
    article.sections = _sections(blocks)
    block_section: dict[int, int] = {}
    if blocks:
        # section index of each block position, for images
        k = -1
        heading_seen = set()
        for b in blocks:
            if b.kind == "h" and b.text not in heading_seen:
                heading_seen.add(b.text)
                k += 1
            block_section[b.index] = max(0, k) if article.sections and article.sections[0].heading else max(0, k + 1)
        # fill gaps: figures may sit between blocks
        last = 0
        for idx in range(0, (blocks[-1].index + 2) if blocks else 0):
            if idx in block_section:
                last = block_section[idx]
            else:
                block_section[idx] = last
    article.refresh_text()

    # Metadata fields
    article.subtitle = meta.subtitle or pagemod.subtitle(tree)
    # Authors and editors from every place the page names people (rules: common.authors.reconcile_people)
    def names(entries: Sequence[str]) -> list[str]:
        return list(dict.fromkeys(n for entry in entries for n in split_authors(entry, outlet_names)))

    sel_idx = [b.index for b in sel.blocks]
    around = [b.text for b in w.blocks[max(0, min(sel_idx) - 15) : max(sel_idx) + 40]] if sel_idx else []
    v_authors, v_editors = _visible_authors(tree, outlet_names, sel, around)
    authors, editors = reconcile_people(
        structured=names(meta.authors), structured_editors=names(meta.editors), creators=names(meta.creators),
        named=names(meta.named_authors), editor_hints=names(meta.editor_hints),
        profile_authors=_profile_names(tree, profile.html.authors, outlet_names, "author") if profile else [],
        profile_editors=_profile_names(tree, profile.html.editors, outlet_names) if profile else [],
        byline_authors=v_authors, byline_editors=v_editors,
        signature=split_authors(signature, outlet_names) if signature else [],
    )
    article.authors = [Author(name=a, role="author") for a in authors[:12]]
    article.editors = [Author(name=e, role="editor") for e in editors[:6]]

    if tz_guess and guess_language(article.text) == "id":
        tz, tz_guess = WIB, False  # Indonesian text on a site that names neither zone nor language
    published = parse_datetime(meta.published, tz) if meta.published else None
    if published is None:
        near: list[str] = []
        title_block = next((b for b in w.blocks if b.kind == "h" and title and b.text == title), None)
        if title_block is not None:
            near = [b.text for b in w.blocks[title_block.index + 1 : title_block.index + 8]]
        published = _visible_date(tree, profile, tz, near)
        if published is not None:
            warnings.append("published read from the visible page")
    if published is None:
        published = date_from_url(base, tz)
        if published is not None:
            warnings.append("published read from the URL (day only)")
    if published is not None and tz_guess and meta.published and not re.search(
        r"(?:[+-]\d{2}:?\d{2}|Z|GMT|UTC|W[IT]+A?)\s*$", meta.published.strip(), re.I
    ):
        warnings.append("published has no zone on the page: UTC assumed")
    modified = parse_datetime(meta.modified, tz) if meta.modified else None
    if not tz_guess:
        # An Indonesian outlet's UTC timestamp is shown in its own zone (same instant).
        if published is not None and published.utcoffset() == timedelta(0):
            published = published.astimezone(tz)
        if modified is not None and modified.utcoffset() == timedelta(0):
            modified = modified.astimezone(tz)
    article.published = published
    article.modified = modified

    article.images = _images(tree, w.figures, sel, region, meta, base, profile, block_section, title, mojibake)
    article.tags = list(dict.fromkeys(t for t in meta.tags if len(t) <= 80))[:40]
    article.category = meta.section
    related: list[Related] = []
    for rtext, href in sel.read_also:
        related.append(Related(title=rtext, url=urljoin(base, href) if href and base else (href or None),
                               kind="read_also"))
    article.related = related
    article.removed = sel.removed[:200]
    pager_frames = [f.node for f in w.frames
                    if f.attr and ("pag" in f.attr or "halaman" in f.attr or "nav" in f.attr or "Pag" in f.attr)
                    and _PAGERISH.search(f.attr)]
    article.pages = pagemod.pagination(tree, base, meta, pager_frames)

    # The dateline ("Jakarta, Warta Contoh -", "Liputan6.com, Jakarta -") moves out of the first paragraph.
    first = article.sections[0].paragraphs[0] if article.sections and article.sections[0].paragraphs else ""
    found = match_dateline(first, site_names) if first else None
    if found is not None:
        article.dateline = found[0]
        rest = first[found[1] :].strip()
        article.sections[0].paragraphs[0:1] = [rest] if rest else []
        article.refresh_text()
    lang = (meta.language or "").split("-")[0].split("_")[0].lower() or None
    lang = "id" if lang == "in" else lang
    guessed = guess_language(article.text or title or "")
    if lang == "en" and guessed not in (None, "en"):
        lang = guessed  # lang="en" is many templates' default; the text says otherwise
    article.language = lang if lang and len(lang) == 2 else guessed
    headline_links = sum(1 for b in chosen_blocks if b.kind == "h" and b.link_density > 0.8)
    article.is_article = not _is_listing(meta, sel, url or meta.canonical, headline_links, own_title)
    if not article.is_article:
        article.removed = [*article.removed, *article.body_paragraphs()][:200]
        article.sections = []
        article.images = [im for im in article.images if im.is_cover]
        article.refresh_text()
        warnings.append("not an article page (listing, home or tag page): no body returned")
    if mojibake:
        _repair_mojibake(article)
        warnings.append("mojibake repaired")
    article.provenance.warnings = warnings
    return article


def _repair_mojibake(article: Article) -> None:
    """Repair UTF-8-read-as-cp1252 in the extracted strings only (the page itself can be large)."""
    article.title = fix_mojibake(article.title) if article.title else article.title
    article.subtitle = fix_mojibake(article.subtitle) if article.subtitle else article.subtitle
    for sec in article.sections:
        sec.heading = fix_mojibake(sec.heading) if sec.heading else sec.heading
        sec.paragraphs = [fix_mojibake(p) for p in sec.paragraphs]
    for im in article.images:
        im.caption = fix_mojibake(im.caption) if im.caption else im.caption
        im.credit = fix_mojibake(im.credit) if im.credit else im.credit
    for a in [*article.authors, *article.editors]:
        a.name = fix_mojibake(a.name)
    for r in article.related:
        r.title = fix_mojibake(r.title)
    article.key_points = [fix_mojibake(k) for k in article.key_points]
    article.refresh_text()


def merge_pages(first: Article, others: Sequence[Article]) -> Article:
    """Append the bodies (and images) of further pages to the first page's article, in order."""
    merged = first.model_copy(deep=True)
    for other in others:
        offset = len(merged.sections)
        for s in other.sections:
            merged.sections.append(s.model_copy(deep=True))
        for im in other.images:
            if im.is_cover or any(_same_image(im.url, x.url) for x in merged.images):
                continue
            im2 = im.model_copy(deep=True)
            if im2.section is not None:
                im2.section += offset
            merged.images.append(im2)
        for r in other.related:
            if r not in merged.related:
                merged.related.append(r)
        merged.removed.extend(other.removed)
        for a in other.authors:
            if a not in merged.authors:
                merged.authors.append(a)
    for k, s in enumerate(merged.sections):
        s.number = k + 1
    merged.refresh_text()
    return merged
