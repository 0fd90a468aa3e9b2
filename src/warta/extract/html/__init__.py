"""warta's HTML engine: one page in, one :class:`~warta.model.Article` out.

Steps: parse with lexbor (selectolax) -> read structured metadata (:mod:`.meta`) -> drop what can
never be text (scripts, styles, outlet ``drop`` selectors) -> walk the DOM once into blocks
(:mod:`.dom`) -> choose the main content and filter its chrome (:mod:`.content`) -> read the
visible page for what metadata lacks (byline, date line, captions, key points, pagination)
(:mod:`.page`) -> assemble the Article.

``extract_html(text, url=..., pages=[html_of_page_2, ...])`` merges further pages in order.
"""

from __future__ import annotations

from collections.abc import Sequence

from warta.extract.html.engine import extract_page, merge_pages
from warta.model import Article

__all__ = ["extract_html", "merge_pages"]


def extract_html(
    text: str,
    url: str | None = None,
    source: str | None = None,
    *,
    pages: Sequence[str] = (),
    page_urls: Sequence[str | None] = (),
) -> Article:
    """Extract one article from HTML; ``pages`` are the HTML of its further pages, in order."""
    article = extract_page(text, url=url, source=source)
    if pages:
        others = [
            extract_page(html, url=page_urls[i] if i < len(page_urls) else None, source=source)
            for i, html in enumerate(pages)
        ]
        article = merge_pages(article, others)
    return article
