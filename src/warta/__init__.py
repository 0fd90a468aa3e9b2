"""warta: read online news the way an analyst would.

The public API is three functions, each pure (input in, result out):

- :func:`extract` turns a page (HTML, or a text dump saved by a scraper) into an
  :class:`~warta.model.Article`;
- :func:`analyze` finds entities, roles, quotes, dates and events in an article;
- :func:`key_points` selects an article's key sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The stage package ``warta.extract`` is imported first so that the function
# defined below, not the package, is what ``warta.extract`` names afterwards.
import warta.extract as _extract_stage
from warta.errors import InputError, WartaError
from warta.model import SCHEMA_VERSION, Article
from warta.version import __version__

if TYPE_CHECKING:
    from warta.extract import InputKindArg


def extract(
    data: str | bytes,
    url: str | None = None,
    *,
    source: str | None = None,
    kind: InputKindArg = "auto",
) -> Article:
    """Read one page (HTML or text dump, as str or bytes) into an Article."""
    return _extract_stage.extract(data, url=url, source=source, kind=kind)


def analyze(article_or_text: Article | str) -> dict[str, Any]:
    """Entities, mentions, roles, quotes, dates and events of an article or a plain text.

    A plain string is read as one body paragraph. Offsets are into ``Article.text``.
    """
    from warta.nlp import analyze as _analyze

    article = article_or_text if isinstance(article_or_text, Article) else _text_article(article_or_text)
    result = _analyze(article)
    try:
        from warta.events import code_events
    except ImportError:  # the event coder is optional until its stage is installed
        return result
    result["events"] = code_events(article, result)
    return result


def _text_article(text: str) -> Article:
    from warta.model import Section

    article = Article(sections=[Section(paragraphs=[text])])
    article.refresh_text()
    return article


def key_points(article: Article, n: int = 3) -> list[str]:
    """Up to ``n`` sentences taken from the article that say what happened."""
    from warta.keypoints import key_points as _key_points

    return _key_points(article, n=n)


__all__ = ["SCHEMA_VERSION", "Article", "InputError", "WartaError", "__version__", "analyze", "extract", "key_points"]
