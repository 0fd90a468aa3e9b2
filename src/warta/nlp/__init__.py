"""Indonesian news NLP: entities with roles and aliases, quotes with speakers and sources, dates.

Entry point: :func:`analyze` (an :class:`~warta.model.Article` or a plain string) returns a
plain JSON-able dict ``{"entities", "mentions", "quotes", "dates"}``; see ``docs/nlp.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from warta.model import Article


def analyze(article_or_text: Article | str) -> dict[str, Any]:
    """Entities, mentions, roles, quotes and dates of an article or a plain text."""
    from warta.nlp.pipeline import analyze as _analyze

    return _analyze(article_or_text)


__all__ = ["analyze"]
