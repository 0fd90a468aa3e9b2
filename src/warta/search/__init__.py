"""Full-text search for the explorer: a tantivy index (BM25) of Sastrawi stems, plus a row catalog.

    from warta.search import build_index, SearchIndex
    build_index("news.duckdb")                   # -> news.duckdb.index/ (incremental on rerun)
    index = SearchIndex.for_db("news.duckdb")
    result = index.search("banjir bekasi", Filters(outlet=["Kompas"]))

See ``docs/explorer.md``.
"""

from __future__ import annotations

from warta.search.build import BuildReport, build_index, entity_key, index_dir_for, index_status
from warta.search.index import Filters, Hit, IndexMissing, SearchIndex, SearchResult
from warta.search.text import highlight, parse_query, snippet, stem, stems

__all__ = [
    "BuildReport",
    "Filters",
    "Hit",
    "IndexMissing",
    "SearchIndex",
    "SearchResult",
    "build_index",
    "entity_key",
    "highlight",
    "index_dir_for",
    "index_status",
    "parse_query",
    "snippet",
    "stem",
    "stems",
]
