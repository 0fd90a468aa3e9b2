"""One pass over the DOM: a flat list of text blocks, each tied to its chain of block containers.

The walk is iterative (no recursion, so 100,000 nested elements cannot overflow the stack) and
reads every text node once. A *frame* is a block-level element; a *block* is a run of text between
block boundaries (a paragraph, a heading, a list item, a table cell, a caption ...). Scoring and
selection in :mod:`warta.extract.html.content` work on frames and blocks only, never on the DOM.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborNode

SKIP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas video audio select option "
    "textarea button input head link meta map area source track dialog frameset frame applet "
    "-comment".split()
)
BLOCK_TAGS = frozenset(
    "html body div section article main header footer nav aside form fieldset p h1 h2 h3 h4 h5 h6 "
    "ul ol dl dt dd li blockquote pre table thead tbody tfoot tr td th caption figure figcaption "
    "address center details summary hr menu hgroup legend noframes".split()
)
INLINE_TAGS = frozenset(
    "b i em strong u font small big sup sub abbr time mark cite q code s strike label ins del bdi bdo kbd "
    "samp var wbr nobr tt acronym dfn rb rt ruby".split()
)
_CHROME_TAGS = frozenset(("nav", "footer", "aside"))
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
MAX_DEPTH = 400  # deeper elements are read as text of their last frame: structure is meaningless there

# Class and id words that mark page chrome rather than the article: substrings, and whole tokens
# (split on space, "-" and "_") for the short ones that would match inside other words.
_NEG_SUB = tuple(
    """comment disqus sidebar side-bar widget related recommend rekomendasi terkait popular populer trending
    author-profile author-box authorbox author-info author-card author-container
    share social sosmed newsletter subscri langganan promo sponsor advert iklan adsense dfp gpt- banner cookie
    consent gdpr footer masthead navbar navigation menu breadcrumb pagination paging pager taglist tag-list
    author-bio authorbio about-author popup modal overlay login signup register toolbar skip-link skiplink
    outbrain taboola mgid baca-juga bacajuga read-also readalso also-read alsoread more-stories morestories
    next-article prev-article most-read mostread terpopuler terkini terbaru latest jwplayer rating survey signin
    print-only visually-hidden sr-only screen-reader shoutbox reaction emoji follow whatsapp telegram google-news
    googlenews copyright disclaimer-box recirc teaser card-list list-berita listberita artikel-lain
    berita-lain""".split()
)
_NEG_TOKENS = frozenset("ad ads nav tag tags rail poll".split())
_STRONG_SUB = tuple(
    """author-profile author-box authorbox author-info author-card author-container author-bio authorbio about-author
    comment disqus sidebar related share social footer newsletter cookie consent advert promo outbrain
    taboola recommend rekomendasi terkait baca-juga bacajuga read-also breadcrumb""".split()
)
_POS_SUB = tuple("article content entry post story text main detail berita hentry blog read konten artikel".split())
_POS_PREFIX = ("body", "isi", "news", "page")
_TOKEN_SPLIT = re.compile(r"[\s_-]+")
_CAPTION = re.compile(r"caption|credit|keterangan|photo-?desc|img-?desc|wp-caption-text|foto-?text", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


_MODIFIER = re.compile(
    r"^(?:has|with|no|is|show|js|l|u|theme|template|page|pg)-|(?:^|[-_])(?:with|w|and|has|no)[-_]|layout|^col-|-col-|"
    # taxonomy labels a CMS puts on the article element (WordPress post_class: "tag-social-media",
    # "category-comments", "format-standard"): they name the article's topics, not page chrome
    r"^(?:tag|tags|category|categories|cat|format|status|type|postid|topic|label|section)-|"
    # the same labels behind the item's own prefix (TypePad "entry-category-social_media",
    # "entry-author-x", Drupal "node-type-x")
    r"^(?:entry|post|article|node|hentry|story|item)-(?:tag|tags|category|categories|cat|author|format|"
    r"status|type|topic|label|section)-|"
    # page builders' structural classes: every block of an Elementor or Gutenberg page is a
    # "widget" or "block", sidebar or not
    r"^(?:elementor|wp-block|vc|wpb|et_pb|fl)[-_]",
    re.I,
)


_DIGITS = re.compile(r"\d+")


def class_weight(attr: str) -> int:
    """Weight of a class/id string (cached on the string with digits removed: ids vary in numbers)."""
    w = _WEIGHTS.get(attr)
    if w is None:
        w = _class_weight(_DIGITS.sub("", attr))
        if len(_WEIGHTS) > 50_000:
            _WEIGHTS.clear()
        _WEIGHTS[attr] = w
    return w


_WEIGHTS: dict[str, int] = {}


@lru_cache(maxsize=16384)
def _class_weight(attr: str) -> int:
    """+1 for content-like class/id words, -1 for chrome-like ones, 0 otherwise.

    Layout modifiers ("has-sidebar", "grid-layout--adrail") describe the page around the element,
    not the element, and are ignored."""
    if not attr:
        return 0
    tokens = [t for t in attr.split() if not _MODIFIER.search(t)]
    if not tokens:
        return 0
    words = " ".join(tokens).lower()
    parts = _TOKEN_SPLIT.split(words)
    neg = any(k in words for k in _NEG_SUB) or any(p in _NEG_TOKENS for p in parts)
    pos = any(k in words for k in _POS_SUB) or any(p.startswith(_POS_PREFIX) for p in parts)
    if neg:
        # "post type-post tag-x" or "widget Blog": a weak chrome word next to a content word is neutral
        if not pos or any(k in words for k in _STRONG_SUB) or "nav" in parts:
            return -1
        return 0
    return 1 if pos else 0


@lru_cache(maxsize=8192)
def strong_chrome(attr: str) -> bool:
    """Whether a class/id string names chrome outright (sidebar, comments, share bar ...), not
    just weakly (teaser, widget, menu)."""
    tokens = [t for t in attr.split() if not _MODIFIER.search(t)]
    words = " ".join(tokens).lower()
    return any(k in words for k in _STRONG_SUB)


@lru_cache(maxsize=8192)
def is_caption_class(attr: str) -> bool:
    if not attr:
        return False
    low = attr.lower()
    return any(k in low for k in _CAPTION_KEYS) and bool(_CAPTION.search(attr))


_CAPTION_KEYS = ("caption", "credit", "keterangan", "desc", "foto-text")


@dataclass(eq=False, slots=True)
class Frame:
    node: LexborNode
    tag: str
    parent: Frame | None
    depth: int
    weight: int
    attr: str
    text_chars: int = 0
    link_chars: int = 0
    score: float = 0.0
    nblocks: int = 0
    prose: int = 0  # characters of scoring paragraphs under the frame, at any depth
    index: int = 0
    pruned: bool = False
    caption: bool = False

    def ancestors(self, limit: int = MAX_DEPTH) -> list[Frame]:
        out: list[Frame] = []
        f: Frame | None = self
        while f is not None and len(out) < limit:
            out.append(f)
            f = f.parent
        return out


@dataclass(eq=False, slots=True)
class Block:
    text: str
    link_chars: int
    tag: str  # tag of the nearest block element holding the text
    frame: Frame
    kind: str  # p, h, li, quote, pre, cell, caption, dt, dd
    level: int = 0  # heading level
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, href)
    index: int = 0
    in_list: bool = False
    in_quote: bool = False
    in_table: bool = False
    in_figure: bool = False
    in_caption: bool = False
    in_heading_link: bool = False

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


@dataclass(eq=False)
class Figure:
    """An image seen during the walk, in reading order."""

    node: LexborNode
    frame: Frame
    index: int  # number of blocks emitted before it


@dataclass(eq=False)
class Walk:
    blocks: list[Block]
    frames: list[Frame]
    figures: list[Figure]
    root: Frame | None
    from_body: bool = False  # the content root was located from JSON-LD articleBody


_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")




_NON_WORD = re.compile(r"\W+")


def _fold_title(text: str) -> str:
    return _NON_WORD.sub("", text.casefold())


def _clean(text: str) -> str:
    # zero-width characters were removed from the whole page before parsing
    return " ".join(text.split())


def _hidden(attrs: dict[str, str | None]) -> bool:
    if "hidden" in attrs:
        return True
    if "aria-hidden" in attrs and attrs["aria-hidden"] == "true":
        return True
    if "style" not in attrs:
        return False
    style = attrs["style"]
    return bool(style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style))


def is_under(f: Frame | None, root: Frame, max_depth: int) -> bool:
    """Whether ``root`` is ``f`` or one of its ancestors at most ``max_depth`` levels up."""
    for _ in range(max_depth):
        if f is None:
            return False
        if f is root:
            return True
        f = f.parent
    return False


def walk(body: LexborNode, max_nodes: int = 200_000, titles: Sequence[str] = ()) -> Walk:
    """Flatten ``body`` into blocks and frames (bounded by ``max_nodes`` elements). ``titles`` are
    the page's metadata titles: a container holding a heading that matches one holds the article."""
    blocks: list[Block] = []
    frames: list[Frame] = []
    figures: list[Figure] = []

    buf: list[str] = []
    link_chars = 0
    links: list[tuple[str, str]] = []
    link_depth = 0
    link_buf: list[str] = []
    link_href = ""

    # context counters
    ctx = {"li": 0, "quote": 0, "table": 0, "figure": 0, "caption": 0, "pre": 0, "heading": 0}
    root = Frame(body, "body", None, 0, 0, "")
    frames.append(root)
    cur = root
    cur_tag = "body"
    heading_level = 0

    def flush() -> None:
        nonlocal buf, link_chars, links
        raw = "".join(buf)
        if raw and not raw.isspace():
            parts = re.split(r"\n\s*\n+", raw) if "\n" in raw else [raw]
            for part in parts:
                text = _clean(part.replace("\n", " "))
                if not text:
                    continue
                if ctx["caption"]:
                    kind = "caption"
                elif heading_level:
                    kind = "h"
                elif ctx["pre"]:
                    kind = "pre"
                elif ctx["table"] and cur_tag in ("td", "th"):
                    kind = "cell"
                elif ctx["li"]:
                    kind = "li"
                elif ctx["quote"]:
                    kind = "quote"
                else:
                    kind = "p"
                lc = min(len(text), link_chars) if len(parts) == 1 else int(
                    link_chars * len(text) / max(1, len(raw))
                )
                blocks.append(
                    Block(
                        text=text,
                        link_chars=lc,
                        tag=cur_tag,
                        frame=cur,
                        kind=kind,
                        level=heading_level,
                        links=links,
                        index=len(blocks),
                        in_list=ctx["li"] > 0,
                        in_quote=ctx["quote"] > 0,
                        in_table=ctx["table"] > 0,
                        in_figure=ctx["figure"] > 0,
                        in_caption=ctx["caption"] > 0,
                    )
                )
        buf = []
        link_chars = 0
        links = []

    # The stack holds nodes to visit and, as tuples, the exits of block elements and links.
    stack: list[object] = list(reversed(list(body.iter(include_text=True))))
    link_exit = ("link",)
    seen = 0
    while stack:
        item = stack.pop()
        if type(item) is tuple:
            if item is link_exit:
                link_depth -= 1
                if link_depth == 0:
                    text = _clean("".join(link_buf))
                    if text:
                        links.append((text, link_href))
                    link_buf = []
                continue
            # exit of a block element
            _tag, prev_frame, prev_tag, prev_heading, ctx_key = item
            if buf:
                flush()
            if ctx_key:
                ctx[ctx_key] -= 1
            cur = prev_frame
            cur_tag = prev_tag
            heading_level = prev_heading
            continue
        node: LexborNode = item  # type: ignore[assignment]
        tag = node.tag
        if tag == "-text":
            text = node.text_content or ""
            if text:
                if "\n" in text and ctx["pre"] == 0:
                    text = text.replace("\n", " ")
                buf.append(text)
                if link_depth:
                    link_chars += len(text.strip())
                    link_buf.append(text)
            continue
        if tag is None or tag in SKIP_TAGS or tag[0] == "-":
            continue
        seen += 1
        if seen > max_nodes:
            break
        if tag in INLINE_TAGS:
            stack.extend(reversed(list(node.iter(include_text=True))))
            continue
        attrs = node.attributes
        if attrs and _hidden(attrs):
            continue
        if tag == "br":
            buf.append("\n")
            continue
        if tag == "img" or tag == "amp-img":
            if cur.depth < MAX_DEPTH:
                figures.append(Figure(node, cur, len(blocks)))
            continue
        if tag == "a":
            if link_depth == 0:
                link_href = (attrs.get("href") or "") if attrs else ""
            link_depth += 1
            stack.append(link_exit)
            stack.extend(reversed(list(node.iter(include_text=True))))
            continue
        if tag in BLOCK_TAGS and cur.depth < MAX_DEPTH:
            if buf:
                flush()
            attr = ""
            if attrs:
                c = attrs.get("class")
                i = attrs.get("id")
                attr = (c + " " + i if i else c) if c else (i or "")
                if "itemprop" in attrs and attrs["itemprop"] == "articleBody":
                    attr += " articleBody"
            weight = class_weight(attr)
            if tag in _CHROME_TAGS and weight == 0:
                weight = -1  # <nav>, <footer>, <aside> without a class saying otherwise
            frame = Frame(node, tag, cur, cur.depth + 1, weight, attr, index=len(frames))
            frames.append(frame)
            ctx_key = ""
            if tag == "li" or tag == "dd" or tag == "dt":
                ctx_key = "li"
            elif tag == "blockquote":
                ctx_key = "quote"
            elif tag in ("td", "th"):
                ctx_key = "table"
            elif tag == "figure":
                ctx_key = "figure"
            elif tag == "figcaption" or (tag != "body" and is_caption_class(attr)):
                ctx_key = "caption"
                frame.caption = True
            elif tag == "pre":
                ctx_key = "pre"
            if ctx_key:
                ctx[ctx_key] += 1
            stack.append((tag, cur, cur_tag, heading_level, ctx_key))
            cur = frame
            cur_tag = tag
            if tag in HEADINGS:
                heading_level = HEADINGS[tag]
            stack.extend(reversed(list(node.iter(include_text=True))))
            continue
        # inline element (span, b, em, font ...): a caption-like span still marks a caption
        if tag == "span" and attrs and is_caption_class((attrs.get("class") or "") + (attrs.get("id") or "")):
            if buf:
                flush()
            ctx["caption"] += 1
            stack.append((cur_tag, cur, cur_tag, heading_level, "caption"))
        stack.extend(reversed(list(node.iter(include_text=True))))
    flush()

    # Aggregate text and link characters up the frame tree: own counts first, then children into
    # parents in reverse document order (a frame is always listed after its parent).
    for block in blocks:
        f = block.frame
        f.text_chars += len(block.text)
        f.link_chars += block.link_chars
        f.nblocks += 1
    for f in reversed(frames):
        p = f.parent
        if p is not None:
            p.text_chars += f.text_chars
            p.link_chars += f.link_chars
            p.nblocks += f.nblocks
    # A "caption" container holding a whole article ("contentImageCaption" around the body text) is
    # not a caption: its blocks are read as prose.
    big_captions = {id(f) for f in frames if f.caption and f.text_chars > 600 and f.tag != "figcaption"}
    if big_captions:
        for block in blocks:
            if block.in_caption:
                f2: Frame | None = block.frame
                for _ in range(8):
                    if f2 is None:
                        break
                    if id(f2) in big_captions:
                        block.in_caption = False
                        if block.kind == "caption":
                            block.kind = "p"
                        break
                    f2 = f2.parent
    # Image boxes: a small container around an image whose only text is short is the image's
    # caption or credit ("<div><img><div class=deskripsi>..</div></div>", "<img><span>source</span>").
    if figures:
        by_frame: dict[int, list[Block]] = {}
        for block in blocks:
            by_frame.setdefault(id(block.frame), []).append(block)
        for fig in figures:
            f3: Frame | None = fig.frame
            for _ in range(2):
                if f3 is None or f3.tag in ("body", "html", "article", "main", "p", "li", "td"):
                    break
                if f3.text_chars > 300 or f3.nblocks > 3:
                    break
                if f3.nblocks:
                    for block in blocks[fig.index : fig.index + 4]:
                        if block.kind == "p" and len(block.text) < 300 and block.tag not in ("p",) and (
                            is_under(block.frame, f3, 12)
                        ):
                            block.in_caption = True
                            block.kind = "caption"
                    break
                f3 = f3.parent
    # Chrome containers (comments, sidebars, share bars ...) are pruned from scoring, except a
    # wrapper with an unlucky class name around the article itself: one that holds the element the
    # page marks as its article body (itemprop=articleBody), or most of the page's text with most
    # of its own text in a content-named container ("share_wrapper" > "article" > "main_text").
    body_holders: set[int] = set()
    headline_holders: set[int] = set()
    folded_titles = [t for t in (_fold_title(x) for x in titles) if len(t) >= 8]

    def mark(f0: Frame, into: set[int]) -> None:
        g: Frame | None = f0
        for _ in range(MAX_DEPTH):
            if g is None or id(g) in into:
                break
            into.add(id(g))
            g = g.parent

    for f in frames:
        if f.attr and "articleBody" in f.attr:
            mark(f, body_holders)
    if folded_titles:
        for block in blocks:
            # the headline itself, not a link to the home page ("<h1><a href=/>Blog name</a></h1>")
            if block.kind == "h" and block.level <= 3 and 8 <= len(block.text) <= 300 and block.link_density < 0.5:
                fb = _fold_title(block.text)
                if len(fb) >= 8 and any(fb in t or t in fb for t in folded_titles):
                    mark(block.frame, headline_holders)
    best_content: dict[int, int] = {}  # frame -> text of its largest content-named descendant
    for f in reversed(frames):
        own = f.text_chars if f.weight > 0 else 0
        mine = max(own, best_content.get(id(f), 0))
        p = f.parent
        if p is not None and mine > best_content.get(id(p), 0):
            best_content[id(p)] = mine
    total = max(1, root.text_chars)
    for f in frames:
        p = f.parent
        if p is not None and p.pruned:
            f.pruned = True
            continue
        if f.weight >= 0 or f.tag in ("body", "html") or id(f) in body_holders:
            continue
        # a <footer>/<aside>/<nav> element is chrome by its tag: only the headline redeems it
        named_ok = f.tag not in _CHROME_TAGS and (
            not strong_chrome(f.attr) or best_content.get(id(f), 0) >= 0.5 * f.text_chars)
        wrapper = f.text_chars >= 0.5 * total and (id(f) in headline_holders or named_ok)
        if not wrapper:
            f.pruned = True
    return Walk(blocks=blocks, frames=frames, figures=figures, root=root)
