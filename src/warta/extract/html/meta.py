"""Structured metadata: JSON-LD, OpenGraph/Twitter/Dublin Core/``article:*`` meta, microdata.

Precedence (first wins, per field): JSON-LD article object > ``article:*``/OpenGraph > Twitter >
Dublin Core and other named meta > microdata > the visible page (read in ``__init__``) > URL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle BackgroundNewsArticle "
        "ReviewNewsArticle AskPublicNewsArticle Article BlogPosting SocialMediaPosting Report "
        "ScholarlyArticle TechArticle LiveBlogPosting Blog Posting LiveBlog"
    ).split()
)
LISTING_TYPES = frozenset(
    t.lower() for t in "CollectionPage ItemList SearchResultsPage WebSite ProfilePage Organization".split()
)


@dataclass
class Meta:
    title: str | None = None
    ld_title: str | None = None
    md_title: str | None = None  # microdata headline: trusted only when it agrees with another title
    og_title: str | None = None
    html_title: str | None = None
    description: str | None = None
    subtitle: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    creators: list[str] = field(default_factory=list)
    named_authors: list[str] = field(default_factory=list)  # from meta tags, kept even when JSON-LD has authors
    editor_hints: list[str] = field(default_factory=list)  # "Editor:X" keywords and editor meta tags
    author_source: str | None = None
    published: str | None = None
    modified: str | None = None
    date_source: str | None = None
    images: list[str] = field(default_factory=list)
    ld_images: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # url, caption, credit
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    language: str | None = None
    canonical: str | None = None
    og_type: str | None = None
    ld_types: set[str] = field(default_factory=set)
    article_body: str | None = None
    next_url: str | None = None
    prev_url: str | None = None
    has_article_ld: bool = False
    warnings: list[str] = field(default_factory=list)


_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_json_ld(raw: str) -> Any:
    """Parse one JSON-LD script; repair the common breakages where it is safe."""
    raw = raw.strip()
    if not raw:
        return None
    if raw.startswith("<!--"):
        raw = raw[4:]
    if raw.endswith("-->"):
        raw = raw[:-3]
    raw = raw.strip().rstrip(";")
    if raw.startswith("//<![CDATA[") or raw.startswith("/*<![CDATA[*/"):
        raw = re.sub(r"^(?://|/\*)<!\[CDATA\[(?:\*/)?", "", raw)
        raw = re.sub(r"(?://|/\*)\]\]>(?:\*/)?$", "", raw).strip()
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        pass
    # Raw newlines/tabs inside strings, trailing commas: safe to repair.
    fixed = _CONTROL.sub(" ", raw).replace("\r", " ").replace("\n", " ").replace("\t", " ")
    fixed = _TRAILING_COMMA.sub(r"\1", fixed)
    try:
        return json.loads(fixed)
    except (ValueError, RecursionError):
        pass
    # Two objects back to back ("}{" or "} {") without the surrounding array.
    if re.search(r"}\s*{", fixed):
        try:
            return json.loads("[" + re.sub(r"}\s*{", "},{", fixed) + "]")
        except (ValueError, RecursionError):
            pass
    # Unescaped double quotes inside articleBody/description: drop those fields.
    stripped = re.sub(r'"(articleBody|description|text)"\s*:\s*".*?"\s*(?=,\s*"[A-Za-z@]+"\s*:)', "", fixed)
    if stripped != fixed:
        try:
            return json.loads(_TRAILING_COMMA.sub(r"\1", re.sub(r",\s*,", ",", stripped)))
        except (ValueError, RecursionError):
            pass
    return None


def _iter_objects(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if depth > 6:
        return out
    if isinstance(data, list):
        for item in data[:200]:
            out.extend(_iter_objects(item, depth + 1))
    elif isinstance(data, dict):
        out.append(data)
        graph = data.get("@graph")
        if graph is not None:
            out.extend(_iter_objects(graph, depth + 1))
        main = data.get("mainEntity")
        if isinstance(main, (dict, list)):
            out.extend(_iter_objects(main, depth + 1))
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {str(x).lower() for x in t}
    return set()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or value.get("text"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _names(value: Any, ids: dict[str, dict[str, Any]]) -> list[str]:
    """Person names from a JSON-LD author/editor value (Organization entries are skipped)."""
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:30]:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            if "@id" in item and "name" not in item and item["@id"] in ids:
                item = ids[item["@id"]]
            types = _types(item)
            if types & {"organization", "newsmediaorganization", "corporation"}:
                continue
            name = _text(item.get("name"))
            if name:
                out.append(name)
    return out


def _image_entries(value: Any) -> list[tuple[str, str | None, str | None]]:
    out: list[tuple[str, str | None, str | None]] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        if isinstance(item, str):
            out.append((item, None, None))
        elif isinstance(item, dict):
            url = _text(item.get("url") or item.get("contentUrl") or item.get("@id"))
            if url:
                out.append((url, _text(item.get("caption") or item.get("description")),
                            _text(item.get("creditText") or item.get("copyrightHolder") or item.get("author"))))
    return out


def read_meta(tree: LexborHTMLParser) -> Meta:
    meta = Meta()
    named: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
        content = attrs.get("content")
        if not key or content is None:
            continue
        key = key.strip().lower()
        content = " ".join(content.split())
        if not content:
            continue
        if key in ("article:author", "author", "og:article:author") and key in named:
            named[key] += " | " + content  # several article:author tags
        elif key == "article:tag" and key in named:
            named[key] += "\x1f" + content
        elif key not in named:
            named[key] = content

    # JSON-LD
    ids: dict[str, dict[str, Any]] = {}
    objects: list[dict[str, Any]] = []
    for script in tree.css('script[type="application/ld+json"], script[type="application/json+ld"]'):
        raw = script.text(deep=True)
        if len(raw) > 2_000_000:
            continue
        data = parse_json_ld(raw)
        if data is None:
            if raw.strip():
                meta.warnings.append("unreadable JSON-LD block skipped")
            continue
        for obj in _iter_objects(data):
            objects.append(obj)
            if isinstance(obj.get("@id"), str):
                ids[obj["@id"]] = obj
    article: dict[str, Any] | None = None
    for obj in objects:
        types = _types(obj)
        meta.ld_types |= types
        if article is None and types & ARTICLE_TYPES:
            article = obj
    if article is None:
        for obj in objects:
            if _types(obj) & {"webpage"} and (obj.get("headline") or obj.get("datePublished")):
                article = obj
                break
    if article is not None:
        meta.has_article_ld = bool(_types(article) & ARTICLE_TYPES)
        meta.ld_title = _text(article.get("headline") or article.get("name"))
        meta.subtitle = _text(article.get("alternativeHeadline"))
        meta.description = _text(article.get("description"))
        meta.authors = _names(article.get("author") or article.get("creator"), ids)
        if meta.authors:
            meta.author_source = "json-ld"
        meta.editors = _names(article.get("editor"), ids)
        meta.creators = _names(article.get("creator"), ids)
        meta.published = _text(article.get("datePublished") or article.get("dateCreated"))
        meta.modified = _text(article.get("dateModified"))
        if meta.published:
            meta.date_source = "json-ld"
        meta.ld_images = _image_entries(article.get("image"))
        kw = article.get("keywords")
        raw_tags: list[str] = []
        if isinstance(kw, str):
            raw_tags = [k.strip() for k in kw.split(",") if k.strip()]
        elif isinstance(kw, list):
            flat: list[object] = []
            for k in kw:
                flat.extend(k if isinstance(k, list) else [k])
            raw_tags = [str(k).strip() for k in flat if str(k).strip()]
        for t in raw_tags:
            m = re.match(r"^(?:editor|redaktur)\s*:\s*(.+)$", t, re.I)
            if m:
                meta.editor_hints.append(m.group(1))
            elif not re.match(r"^[\w ]+:\s*$", t) and not re.match(r"^[A-Z][\w ]*:[\w ]+$", t):
                meta.tags.append(t)
        meta.section = _text(article.get("articleSection"))
        body = article.get("articleBody")
        if isinstance(body, str) and body.strip():
            meta.article_body = body
        pub = article.get("publisher")
        if isinstance(pub, dict) and "@id" in pub and "name" not in pub and pub["@id"] in ids:
            pub = ids[pub["@id"]]
        meta.publisher = _text(pub)
        lang = _text(article.get("inLanguage"))
        if lang:
            meta.language = lang

    # OpenGraph / Twitter / Dublin Core / named meta
    meta.og_title = named.get("og:title") or named.get("twitter:title")
    meta.site_name = named.get("og:site_name") or named.get("application-name") or named.get("twitter:site")
    if meta.site_name and meta.site_name.startswith("@"):
        meta.site_name = meta.site_name[1:]
    meta.og_type = named.get("og:type")
    meta.description = meta.description or named.get("og:description") or named.get("description") or named.get(
        "twitter:description"
    )
    for key in ("content_author", "dtk:author", "author", "article:author", "dable:author", "parsely-author"):
        value = named.get(key)
        if value and not value.startswith(("http://", "https://", "@")):
            meta.named_authors = [v for v in value.split(" | ") if v]
            break
    if not meta.authors:
        for key in ("article:author", "og:article:author", "author", "dc.creator", "dcterms.creator",
                    "sailthru.author", "parsely-author", "byl", "content_author", "twitter:creator",
                    "cxenseparse:author"):
            value = named.get(key)
            if value and not value.startswith(("http://", "https://", "@")):
                meta.authors = [v for v in value.split(" | ") if v]
                meta.author_source = "meta:" + key
                break
    if not meta.published:
        for key in ("article:published_time", "og:published_time", "og:article:published_time",
                    "datepublished", "publishdate", "publish-date", "pubdate", "publication_date",
                    "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date",
                    "parsely-pub-date", "content_publisheddate", "article.published", "published_time",
                    "release_date", "dc.date.created", "originalpublicationdate"):
            if named.get(key):
                meta.published = named[key]
                meta.date_source = "meta:" + key
                break
    if not meta.modified:
        for key in ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
                    "last-modified", "lastmod"):
            if named.get(key):
                meta.modified = named[key]
                break
    for key in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"):
        if named.get(key) and named[key] not in meta.images:
            meta.images.append(named[key])
    for key in ("content_editor", "editor", "dtk:editor", "article:editor"):
        if named.get(key) and not named[key].startswith("http"):
            meta.editor_hints.append(named[key])
    if not meta.tags:
        raw_meta_tags = named.get("article:tag") or named.get("news_keywords") or named.get("keywords") or ""
        sep = "\x1f" if "\x1f" in raw_meta_tags else ","
        meta.tags = [t.strip() for t in raw_meta_tags.split(sep) if t.strip()][:40]
    meta.section = meta.section or named.get("article:section") or named.get("og:article:section")
    meta.language = meta.language or named.get("og:locale") or named.get("content-language") or named.get(
        "dc.language"
    )

    # Microdata fallbacks
    if not meta.published:
        date_node = tree.css_first('[itemprop="datePublished"]')
        if date_node is not None:
            meta.published = (date_node.attributes.get("content") or date_node.attributes.get("datetime")
                              or date_node.text())
            meta.date_source = "microdata"
    if not meta.authors:
        for node in tree.css('[itemprop="author"]')[:10]:
            name_node = node.css_first('[itemprop="name"]')
            value = (name_node.attributes.get("content") or name_node.text()) if name_node else (
                node.attributes.get("content") or node.text(deep=True)
            )
            if value and value.strip():
                meta.authors.append(value.strip())
                meta.author_source = "microdata"
    if not meta.ld_title:
        for node in tree.css('[itemprop="headline"]')[:5]:
            value = " ".join((node.attributes.get("content") or node.text(deep=True)).split())
            if value:
                meta.md_title = value
                if len(value) >= 15:
                    break

    title_node = tree.css_first("title")
    if title_node is not None:
        meta.html_title = " ".join(title_node.text().split()) or None

    for link in tree.css("link[rel]"):
        rel = (link.attributes.get("rel") or "").lower().split()
        href = link.attributes.get("href")
        if not href:
            continue
        if "canonical" in rel and not meta.canonical:
            meta.canonical = href
        elif "next" in rel and not meta.next_url:
            meta.next_url = href
        elif "prev" in rel and not meta.prev_url:
            meta.prev_url = href
    if not meta.canonical and named.get("og:url"):
        meta.canonical = named["og:url"]
    html_node = tree.css_first("html")
    if html_node is not None and not meta.language:
        meta.language = html_node.attributes.get("lang") or html_node.attributes.get("xml:lang")
    return meta
