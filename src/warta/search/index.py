"""Query the explorer's index: full-text search with BM25, filters, facets and similar articles."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from warta.search.build import INDEX_FORMAT, index_dir_for, text_schema, title_hash
from warta.search.text import ParsedQuery, load_stems, parse_query, stems

TITLE_BOOST = 2.5
EARLIEST, LATEST = date(1800, 1, 1), date(2199, 12, 31)
MAX_OFFSET = 10_000
# The entity and event-type facets (fields with many values per article) cost about 0.3 us per
# matching article (the entity facet counts 63-bit entity hashes: over the key strings it cost
# 5 to 10 us); above this many matches they are left out, and the answer says so.
ENTITY_FACET_MAX_MATCHES = 1_000
# what SearchIndex.search can return of each hit's catalog row (Hit.fields), read from the
# catalog's hits table; text_opening is the opening of the body, as much as a snippet looks at
# (and one character more, so that a snippet knows the text goes on)
CATALOG_COLUMNS = {c: c for c in ("title", "subtitle", "outlet", "published", "url", "category", "pub_ts")}
CATALOG_COLUMNS["text_opening"] = "opening"


class IndexMissing(RuntimeError):
    """The folder holds no index (run ``warta.search.build_index(db)``)."""


@dataclass
class Filters:
    outlet: list[str] = field(default_factory=list)
    entity: list[str] = field(default_factory=list)
    event_type: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    language: str | None = None
    articles_only: bool = False

    @property
    def empty(self) -> bool:
        return not (self.outlet or self.entity or self.event_type or self.date_from or self.date_to
                    or self.language or self.articles_only)


@dataclass
class Hit:
    id: str
    score: float
    fields: dict[str, Any] = field(default_factory=dict)  # the catalog columns asked for


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    query: ParsedQuery
    facets: dict[str, list[tuple[str, int]]]
    relaxed: bool = False  # no article had every word: any word was accepted instead
    labels: dict[str, str] = field(default_factory=dict)  # entity facet: key -> display name


class SearchIndex:
    """An opened index folder. Thread-safe: tantivy searches concurrently; SQLite connections
    are per thread."""

    def __init__(self, index_dir: str | Path) -> None:
        import tantivy

        self.dir = Path(index_dir)
        if not (self.dir / "manifest.json").exists():
            raise IndexMissing(f"{self.dir}: no index here (build it with warta.search.build_index)")
        found = self.manifest().get("format")
        if found != INDEX_FORMAT:
            raise IndexMissing(f"{self.dir}: the index has format {found}, this version reads {INDEX_FORMAT} "
                               "(rebuild it with warta.search.build_index, or run warta serve without --no-build)")
        self.schema = text_schema()
        self.index = tantivy.Index(self.schema, path=str(self.dir / "text"))
        self._local = threading.local()
        self._mtime = self._manifest_mtime()
        load_stems(self.dir / "stems.tsv")  # highlighting then rarely needs Sastrawi

    @classmethod
    def for_db(cls, db: str | Path) -> SearchIndex:
        return cls(index_dir_for(db))

    def _manifest_mtime(self) -> float:
        try:
            return (self.dir / "manifest.json").stat().st_mtime
        except OSError:
            return 0.0

    def manifest(self) -> dict[str, Any]:
        try:
            data = json.loads((self.dir / "manifest.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def refresh(self) -> bool:
        """Pick up a rebuilt or updated index; True when it changed."""
        mtime = self._manifest_mtime()
        if mtime == self._mtime:
            return False
        self._mtime = mtime
        self.index.reload()
        return True

    @property
    def db(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            uri = (self.dir / "catalog.sqlite3").resolve().as_uri() + "?mode=ro"
            con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            con.execute("PRAGMA query_only = ON")
            con.execute("PRAGMA mmap_size = 8589934592")  # read pages from the page cache, no read() calls
            con.execute("PRAGMA cache_size = -65536")
            self._local.con = con
        return con

    # ------------------------------------------------------------ queries

    def _terms(self, field_name: str, values: list[str]) -> Any:
        import tantivy

        queries = [tantivy.Query.term_query(self.schema, field_name, v) for v in values]
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    def _text_query(self, parsed: ParsedQuery, *, any_word: bool = False) -> Any:
        import tantivy

        Q, Occur = tantivy.Query, tantivy.Occur
        clauses: list[tuple[Any, Any]] = []
        occur = Occur.Should if any_word else Occur.Must
        for term in parsed.terms:
            per_field = Q.boolean_query(
                [
                    (Occur.Should, Q.boost_query(Q.term_query(self.schema, "title", term), TITLE_BOOST)),
                    (Occur.Should, Q.term_query(self.schema, "body", term)),
                ]
            )
            clauses.append((occur, per_field))
        for phrase in parsed.phrases:
            per_field = Q.boolean_query(
                [
                    (Occur.Should, Q.boost_query(Q.phrase_query(self.schema, "title", list[Any](phrase)), TITLE_BOOST)),
                    (Occur.Should, Q.phrase_query(self.schema, "body", list[Any](phrase))),
                ]
            )
            clauses.append((Occur.Must, per_field))
        for term in parsed.excluded:
            clauses.append((Occur.MustNot, Q.term_query(self.schema, "title", term)))
            clauses.append((Occur.MustNot, Q.term_query(self.schema, "body", term)))
        if not parsed.terms and not parsed.phrases:
            clauses.append((Occur.Must, Q.all_query()))
        return Q.boolean_query(clauses)

    def _filter_clauses(self, filters: Filters) -> list[tuple[Any, Any]]:
        import tantivy

        Occur = tantivy.Occur
        out: list[tuple[Any, Any]] = []
        if filters.outlet:
            out.append((Occur.Must, self._terms("outlet", filters.outlet)))
        for key in filters.entity:  # every entity asked for must be in the article
            out.append((Occur.Must, tantivy.Query.term_query(self.schema, "entity", key)))
        if filters.event_type:
            out.append((Occur.Must, self._terms("event_type", filters.event_type)))
        if filters.language:
            out.append((Occur.Must, tantivy.Query.term_query(self.schema, "language", filters.language)))
        if filters.articles_only:
            out.append((Occur.Must, tantivy.Query.term_query(self.schema, "is_article", 1)))
        if filters.date_from or filters.date_to:
            # tantivy's dates do not reach year 1 or 9999: bounds are clamped to a range news fits in
            lo = hi = None
            if filters.date_from:
                lo = datetime.combine(max(filters.date_from, EARLIEST), time.min, UTC)
            if filters.date_to:
                hi = datetime.combine(min(filters.date_to, LATEST), time(23, 59, 59), UTC)
            out.append(
                (
                    Occur.Must,
                    tantivy.Query.range_query(self.schema, "published", tantivy.FieldType.Date, lo, hi),
                )
            )
        return out

    def search(
        self,
        q: str,
        filters: Filters | None = None,
        *,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
        facets: bool = True,
        columns: tuple[str, ...] = (),
    ) -> SearchResult:
        """BM25 search over titles (boosted) and bodies; every word must match, unless no article
        has them all, in which case any word does (``relaxed``). Each hit comes with the catalog
        ``columns`` asked for (``Hit.fields``), read in one query."""
        import tantivy

        if not set(columns) <= CATALOG_COLUMNS.keys():
            raise ValueError(f"columns: only {sorted(CATALOG_COLUMNS)}")

        filters = filters or Filters()
        parsed = parse_query(q)
        searcher = self.index.searcher()
        fclauses = self._filter_clauses(filters)

        def build(any_word: bool) -> Any:
            text = self._text_query(parsed, any_word=any_word)
            if not fclauses:
                return text
            return tantivy.Query.boolean_query([(tantivy.Occur.Must, text), *fclauses])

        def run(query: Any) -> Any:
            if sort == "relevance":
                return searcher.search(query, limit=limit, offset=min(offset, MAX_OFFSET), count=True)
            order = tantivy.Order.Asc if sort == "oldest" else tantivy.Order.Desc
            return searcher.search(query, limit=limit, offset=min(offset, MAX_OFFSET), count=True,
                                   order_by_field="published", order=order)

        query = build(False)
        result = run(query)
        relaxed = False
        if _count(result) == 0 and len(parsed.terms) > 1 and not parsed.phrases:
            query = build(True)
            result = run(query)
            relaxed = True
        hits = self._hits(searcher, result.hits, sort == "relevance", columns)
        facet_counts: dict[str, list[tuple[str, int]]] = {}
        labels: dict[str, str] = {}
        if facets:
            facet_counts, labels = self._facets(searcher, query, entities=_count(result) <= ENTITY_FACET_MAX_MATCHES)
        return SearchResult(_count(result), hits, parsed, facet_counts, relaxed, labels)

    def _hits(self, searcher: Any, found: list[tuple[Any, Any]], scored: bool, columns: tuple[str, ...]
              ) -> list[Hit]:
        """The hits' ids (and ``columns``) from the catalog, by the rowid kept in a fast field:
        one query, no stored documents read. A hit whose row is gone (an incremental build is
        between its catalog and index commits) is left out."""
        if not found:
            return []
        rowids = searcher.fast_field_values("row", [address for _, address in found])
        cols = ", ".join(("rowid", "id", *(CATALOG_COLUMNS[c] for c in columns)))
        marks = ",".join("?" * len(rowids))
        by_row = {r[0]: r for r in self.db.execute(f"SELECT {cols} FROM hits WHERE rowid IN ({marks})",
                                                   rowids).fetchall()}
        hits = []
        for (score, _), rowid in zip(found, rowids, strict=True):
            r = by_row.get(rowid)
            if r is not None:
                hits.append(Hit(r[1], float(score) if scored else 0.0, dict(zip(columns, r[2:], strict=True))))
        return hits

    def _facets(self, searcher: Any, query: Any, *, entities: bool = True
                ) -> tuple[dict[str, list[tuple[str, int]]], dict[str, str]]:
        agg: dict[str, Any] = {
            "outlet": {"terms": {"field": "outlet", "size": 15}},
            "year": {"terms": {"field": "year", "size": 30}},
        }
        if entities:
            agg["entity"] = {"terms": {"field": "entity_h", "size": 15}}
            agg["event_type"] = {"terms": {"field": "event_type", "size": 20}}
        try:
            got = searcher.aggregate(query, agg)
        except (ValueError, RuntimeError):
            return {}, {}
        out: dict[str, list[tuple[str, int]]] = {}
        for name in agg:
            buckets = (got.get(name) or {}).get("buckets") or []
            out[name] = [(str(b["key"]), int(b["doc_count"])) for b in buckets if b.get("doc_count")]
        out["year"].sort(reverse=True)
        labels: dict[str, str] = {}
        if out.get("entity"):  # entity hashes back to keys and names
            hashes = [int(h) for h, _ in out["entity"]]
            names = {h: (key, name) for h, key, name in self.db.execute(
                f"SELECT h, key, name FROM entity_summary WHERE h IN ({','.join('?' * len(hashes))})", hashes
            ).fetchall()}
            out["entity"] = [(names[int(h)][0], n) for h, n in out["entity"] if int(h) in names]
            labels = {key: name for key, name in names.values()}
        return out, labels

    def similar(self, article_id: str, title: str | None, entity_keys: list[str], limit: int = 5) -> list[str]:
        """Articles most like this one: its title words and its entities, ranked by BM25; copies of
        the same story (same title) are left out. (The index keeps these lists, computed when it
        was built; this computes them afresh.)"""
        return similar_ids(self.index.searcher(), self.schema, self.db, article_id, title, entity_keys, limit)


def similar_ids(
    searcher: Any, schema: Any, db: sqlite3.Connection, article_id: str, title: str | None, entity_keys: list[str],
    limit: int = 5,
) -> list[str]:
    """See :meth:`SearchIndex.similar`; ``db`` is the catalog (for the titles of the candidates)."""
    import tantivy

    Q, Occur = tantivy.Query, tantivy.Occur
    # the title's distinctive words and the article's less common entities: a common word or
    # entity adds little and costs a long posting list
    n = max(searcher.num_docs, 1)
    words = []
    for t in dict.fromkeys(stems(title or "")):
        if len(t) > 2:
            df = searcher.doc_freq("title", t)
            if 0 < df <= max(50, n // 50):
                words.append((df, t))
    words.sort()
    ents = []
    for key in entity_keys[:12]:
        df = searcher.doc_freq("entity", key)
        if 0 < df <= max(50, n // 100):
            ents.append((df, key))
    ents.sort()
    clauses: list[tuple[Any, Any]] = []
    for _, t in words[:6]:
        clauses.append((Occur.Should, Q.term_query(schema, "title", t)))
    for _, key in ents[:3]:
        clauses.append((Occur.Should, Q.term_query(schema, "entity", key)))
    if not clauses:
        return []
    clauses.append((Occur.MustNot, Q.term_query(schema, "id", article_id)))
    if title:
        clauses.append((Occur.MustNot, Q.term_query(schema, "tkey", title_hash(title))))
    result = searcher.search(Q.boolean_query(clauses), limit=limit * 4, count=False)
    ids = [searcher.doc(address)["id"][0] for _, address in result.hits]
    if not ids:
        return []
    rows = db.execute(f"SELECT id, title_key FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
    keys = dict(rows)
    own = db.execute("SELECT title_key FROM articles WHERE id = ?", [article_id]).fetchone()
    seen = {own[0]} if own else set()
    out: list[str] = []
    for i in ids:
        k = keys.get(i)
        if k is None or k in seen:
            continue
        seen.add(k)
        out.append(i)
        if len(out) == limit:
            break
    return out


def _count(result: Any) -> int:
    return int(getattr(result, "count", 0) or 0)
