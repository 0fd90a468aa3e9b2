"""Key points ("Intinya"): a few sentences taken from an article that say what happened.

Extractive only. Every point is a sentence of the body, or a leading clause of a
very long one, character for character as the outlet wrote it (a dateline before
the first sentence and editor initials after the last are left out). Nothing is
paraphrased, so a key point can always be found in ``article.text``.

How sentences are chosen (see ``docs/key-points.md`` for the measurements):

1. the body is split into sentences (:mod:`warta.text.sentences`); chrome
   (``Baca juga``, ``ADVERTISEMENT``), image captions, quotations cut from their
   speaker and fragments are set aside;
2. a ranker trained on IndoSum's gold extractive labels (folds 1-3) scores each
   remaining sentence from position, length, overlap with the title (or the URL
   slug), similarity to the document centroid, quote and number flags;
3. the best sentences are taken greedily, skipping one that repeats a chosen one
   (content-word overlap above the model's threshold) and, after the first, any
   whose score is below the model's floor: fewer points rather than weak ones;
4. the chosen points are put back in reading order.

``key_points`` is pure. ``fill_key_points`` returns a copy of the article with
``key_points`` filled and ``provenance.key_points_generated`` set, and leaves an
article whose outlet wrote its own key points untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from warta.keypoints.features import Candidate, candidates, compute_features, trim_clause
from warta.keypoints.ranker import Ranker, load_ranker
from warta.model import Article

__all__ = [
    "ScoredSentence",
    "fill_key_points",
    "generate_key_points",
    "key_points",
    "rank_sentences",
    "select_points",
    "trim_clause",
]

MAX_POINTS = 10


@dataclass(frozen=True)
class ScoredSentence:
    text: str
    index: int  # sentence index in the body
    paragraph: int
    score: float


def _redundant(cand: Candidate, chosen: list[Candidate], max_overlap: float) -> bool:
    words = set(cand.content)
    if not words:
        return True
    for other in chosen:
        shared = len(words & set(other.content))
        if shared / min(len(words), max(1, len(set(other.content)))) > max_overlap:
            return True
    return False


def rank_sentences(article: Article, ranker: Ranker | None = None) -> list[ScoredSentence]:
    """Every candidate sentence of the body with its score, in reading order (for inspection)."""
    ranker = ranker or load_ranker()
    kept = compute_features(article, candidates(article))
    if not kept:
        return []
    scores = ranker.score(np.asarray([c.features for c in kept], dtype=float))
    return [ScoredSentence(c.text, c.index, c.para, float(s)) for c, s in zip(kept, scores, strict=True)]


def select_points(
    kept: list[Candidate],
    scores: np.ndarray,
    n: int,
    *,
    max_overlap: float,
    min_score: float,
    long_words: int | None,
) -> list[str]:
    """Greedy choice of up to ``n`` points from scored candidates, returned in reading order."""
    order = sorted(range(len(kept)), key=lambda i: (-scores[i], kept[i].index))
    chosen: list[Candidate] = []
    texts: dict[int, str] = {}
    for i in order:
        if len(chosen) >= n:
            break
        cand = kept[i]
        if chosen and scores[i] < min_score:
            break
        if _redundant(cand, chosen, max_overlap):
            continue
        text = trim_clause(cand.text, max_words=long_words) if long_words else cand.text
        if not text:
            continue
        chosen.append(cand)
        texts[cand.index] = text
    chosen.sort(key=lambda c: c.index)
    return [texts[c.index] for c in chosen]


def generate_key_points(article: Article, n: int = 3, ranker: Ranker | None = None) -> list[str]:
    """Up to ``n`` key points selected by warta, ignoring any key points the article already has."""
    if n <= 0 or not article.is_article:
        return []  # home, tag and index pages have no key points
    n = min(n, MAX_POINTS)
    ranker = ranker or load_ranker()
    kept = compute_features(article, candidates(article))
    if not kept:
        return []
    scores = ranker.score(np.asarray([c.features for c in kept], dtype=float))
    return select_points(
        kept,
        scores,
        n,
        max_overlap=ranker.max_overlap,
        min_score=ranker.min_score,
        long_words=ranker.long_words,
    )


def key_points(article: Article, n: int = 3) -> list[str]:
    """The article's key points: its own when the outlet gave them, else up to ``n`` selected sentences."""
    if article.key_points:
        return list(article.key_points)
    return generate_key_points(article, n=n)


def fill_key_points(article: Article, n: int = 3) -> Article:
    """A copy of ``article`` with ``key_points`` filled and marked generated, when it had none.

    An article that carries the outlet's own key points is returned unchanged, and so is
    its ``provenance.key_points_generated`` flag.
    """
    if article.key_points:
        return article
    points = generate_key_points(article, n=n)
    if not points:
        return article
    provenance = article.provenance.model_copy(update={"key_points_generated": True})
    return article.model_copy(update={"key_points": points, "provenance": provenance})
