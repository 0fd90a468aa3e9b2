"""One pass over the DOM: a flat list of text blocks, each tied to its chain of block containers.

The walk is iterative (no recursion, so 100,000 nested elements cannot overflow the stack) and
reads every text node once. A *frame* is a block-level element; a *block* is a run of text between
block boundaries (a paragraph, a heading, a list item, a table cell, a caption ...). Scoring and
selection in :mod:`warta.extract.html.content` work on frames and blocks only, never on the DOM.
"""

from __future__ import annotations

import re
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
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
MAX_DEPTH = 400  # deeper elements are read as text of their last frame: structure is meaningless there

# Class and id words that mark page chrome rather than the article.
_NEG = re.compile(
    r"comment|disqus|sidebar|side-bar|widget|related|recommend|rekomendasi|terkait|popular|populer|"
    r"trending|share|sharing|social|sosmed|newsletter|subscri|langganan|promo|sponsor|advert|iklan|"
    r"(?:^|[\s_-])ads?(?:$|[\s_-])|adsense|dfp|gpt-|banner|cookie|consent|gdpr|footer|masthead|navbar|"
    r"(?:^|[\s_-])nav(?:$|[\s_-])|navigation|menu|breadcrumb|pagination|paging|pager|(?:^|\s)tags?(?:$|\s)|"
    r"tag-?list|taglist|author-?bio|about-?author|popup|modal|overlay|login|signup|register|toolbar|"
    r"skip-?link|outbrain|taboola|mgid|baca-?juga|bacajuga|read-?also|also-?read|more-?stories|"
    r"next-?article|prev-?article|most-?read|terpopuler|terkini|terbaru|latest|jwplayer|rating|"
    r"(?:^|[\s_-])poll|survey|signin|print-?only|visually-hidden|sr-only|screen-reader|"
    r"shoutbox|reaction|emoji|follow|whatsapp|telegram|google-?news|copyright|disclaimer-?box|"
    r"recirc|(?:^|[\s_-])rail(?:$|[\s_-])|teaser|card-list|list-?berita|artikel-?lain|berita-?lain",
    re.I,
)
_STRONG_NEG = re.compile(
    r"comment|disqus|sidebar|related|share|sharing|social|footer|newsletter|cookie|consent|advert|promo|"
    r"outbrain|taboola|recommend|rekomendasi|terkait|baca-?juga|read-?also|breadcrumb|(?:^|[\s_-])nav(?:$|[\s_-])",
    re.I,
)
_POS = re.compile(
    r"article|content|entry|post|story|(?:^|[\s_-])body|text|main|detail|(?:^|[\s_-])isi|berita|"
    r"hentry|blog|(?:^|[\s_-])news|read|konten|artikel|(?:^|[\s_-])page",
    re.I,
)
_CAPTION = re.compile(r"caption|credit|keterangan|photo-?desc|img-?desc|wp-caption-text|foto-?text", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


_MODIFIER = re.compile(
    r"^(?:has|with|no|is|show|js|l|u|theme|template|page|pg)-|(?:^|[-_])(?:with|w|and|has|no)[-_]|layout|^col-|-col-",
    re.I,
)


@lru_cache(maxsize=8192)
def class_weight(attr: str) -> int:
    """+1 for content-like class/id words, -1 for chrome-like ones, 0 otherwise.

    Layout modifiers ("has-sidebar", "grid-layout--adrail") describe the page around the element,
    not the element, and are ignored."""
    if not attr:
        return 0
    tokens = [t for t in attr.split() if not _MODIFIER.search(t)]
    if not tokens:
        return 0
    words = " ".join(tokens)
    if _NEG.search(words):
        # "post type-post tag-x" or "widget Blog": a weak chrome word next to a content word is neutral
        if _STRONG_NEG.search(words) or not _POS.search(words):
            return -1
        return 0
    if _POS.search(words):
        return 1
    return 0


@lru_cache(maxsize=8192)
def is_caption_class(attr: str) -> bool:
    return bool(attr) and bool(_CAPTION.search(attr))


@dataclass(eq=False)
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
    index: int = 0
    pruned: bool = False

    def ancestors(self, limit: int = MAX_DEPTH) -> list[Frame]:
        out = []
        f: Frame | None = self
        while f is not None and len(out) < limit:
            out.append(f)
            f = f.parent
        return out


@dataclass(eq=False)
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


_WS = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    return _WS.sub(" ", text).strip()


def _hidden(attrs: dict[str, str | None]) -> bool:
    if "hidden" in attrs:
        return True
    if attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def walk(body: LexborNode, max_nodes: int = 300_000) -> Walk:
    """Flatten ``body`` into blocks and frames (bounded by ``max_nodes`` elements)."""
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
        if buf:
            raw = "".join(buf)
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

    # Stack items: (node, frame-to-restore or None, tag, kind-of-exit)
    stack: list[tuple[int, object]] = []
    children = list(body.iter(include_text=True))
    for child in reversed(children):
        stack.append((0, child))
    seen = 0
    while stack:
        op, item = stack.pop()
        if op == 1:  # exit of a block element
            frame_state = item
            assert isinstance(frame_state, tuple)
            tag, prev_frame, prev_tag, prev_heading, ctx_key = frame_state
            flush()
            if ctx_key:
                ctx[ctx_key] -= 1
            cur = prev_frame
            cur_tag = prev_tag
            heading_level = prev_heading
            continue
        if op == 2:  # exit of a link
            link_depth -= 1
            if link_depth == 0:
                text = _clean("".join(link_buf))
                if text:
                    links.append((text, link_href))
                link_buf = []
            continue
        node = item
        assert isinstance(node, LexborNode)
        tag = node.tag
        if tag == "-text":
            text = node.text_content or ""
            if text:
                if ctx["pre"] == 0 and "\n" in text:
                    text = text.replace("\n", " ")
                buf.append(text)
                if link_depth:
                    link_chars += len(text.strip())
                    link_buf.append(text)
            continue
        if tag is None or tag in SKIP_TAGS or tag.startswith("-"):
            continue
        seen += 1
        if seen > max_nodes:
            break
        attrs = node.attributes
        if attrs and _hidden(attrs):
            continue
        if tag == "br":
            buf.append("\n")
            continue
        if tag == "img":
            if cur.depth < MAX_DEPTH:
                figures.append(Figure(node, cur, len(blocks)))
            continue
        if tag == "a":
            if link_depth == 0:
                link_href = (attrs.get("href") or "") if attrs else ""
            link_depth += 1
            stack.append((2, None))
            for child in reversed(list(node.iter(include_text=True))):
                stack.append((0, child))
            continue
        if tag in BLOCK_TAGS and cur.depth < MAX_DEPTH:
            flush()
            attr = ""
            if attrs:
                attr = " ".join(v for k, v in attrs.items() if k in ("class", "id") and v)
                if attrs.get("itemprop") == "articleBody":
                    attr += " articleBody"
            weight = class_weight(attr)
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
            elif tag == "pre":
                ctx_key = "pre"
            if ctx_key:
                ctx[ctx_key] += 1
            stack.append((1, (tag, cur, cur_tag, heading_level, ctx_key)))
            cur = frame
            cur_tag = tag
            if tag in HEADINGS:
                heading_level = HEADINGS[tag]
            for child in reversed(list(node.iter(include_text=True))):
                stack.append((0, child))
            continue
        # inline element (span, b, em, font ...): a caption-like span still marks a caption
        if attrs and tag == "span" and is_caption_class(
            " ".join(v for k, v in attrs.items() if k in ("class", "id") and v)
        ):
            flush()
            ctx["caption"] += 1
            stack.append((1, (cur_tag, cur, cur_tag, heading_level, "caption")))
        for child in reversed(list(node.iter(include_text=True))):
            stack.append((0, child))
    flush()

    # Aggregate text and link characters up the frame chains.
    for block in blocks:
        n = len(block.text)
        lc = block.link_chars
        f: Frame | None = block.frame
        steps = 0
        while f is not None and steps < MAX_DEPTH:
            f.text_chars += n
            f.link_chars += lc
            f.nblocks += 1
            f = f.parent
            steps += 1
    # Chrome containers (comments, sidebars, share bars ...) are pruned from scoring unless they hold
    # most of the page's text (a page-wide wrapper with an unlucky class name).
    total = max(1, root.text_chars)
    for f in frames:
        p = f.parent
        if p is not None and p.pruned:
            f.pruned = True
        elif f.weight < 0 and f.tag not in ("body", "html") and f.text_chars < 0.5 * total and (
            "articleBody" not in f.attr
        ):
            f.pruned = True
    return Walk(blocks=blocks, frames=frames, figures=figures, root=root)
