"""De-duplication of articles: exact (hash of normalised text) and near-duplicate clusters (MinHash LSH).

    index = DedupIndex.load(path) if exists else DedupIndex()
    result = index.add(article.id, article.text, published=article.published, title=article.title)
    # store result.text_hash, result.cluster_id, result.is_origin;
    # if result.previous_origin: that article is no longer its cluster's origin
    index.save(path)

See :class:`DedupIndex` for the rules.
"""

from warta.dedup.index import DedupIndex, DedupResult
from warta.dedup.text import normalize_for_hash, shingles, text_hash

__all__ = ["DedupIndex", "DedupResult", "normalize_for_hash", "shingles", "text_hash"]
