"""Real HTTP servers on 127.0.0.1 that the crawler tests start (no mocks, no network)."""

from .news_site import NewsSite, article_html

__all__ = ["NewsSite", "article_html"]
