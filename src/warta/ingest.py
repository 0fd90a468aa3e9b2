"""The local pipeline: sources -> extract -> (key points, analysis, events) -> de-duplicate -> store.

``ingest()`` is what ``warta ingest`` and ``warta crawl`` run.

- **Sources** are detected per argument (:class:`warta.sources.detect.SourceSet`): files,
  directories, globs, WARC, JSONL, URL lists, sitemaps, feeds and URLs.
- **Workers**: extraction and analysis run in ``workers`` processes
  (:func:`warta.sources.parallel.parallel_map`), results come back in input order, and this
  process is the one writer.
- **Exactly once**: each record's ``source`` key (path with size and mtime, WARC offset, JSONL
  line, URL) is logged in ``ingest_log`` in the same transaction as its article, so a run killed
  at any moment is finished by running it again: logged records are passed over, the rest are
  stored, none twice.
- **De-duplication**: exact and near-duplicate clusters (:mod:`warta.dedup`), the earliest copy
  marked as the cluster's origin. The index is saved beside the database and rebuilt from the
  store when it lags behind it (after a crash).
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from time import perf_counter
from typing import Any

from warta.errors import InputError
from warta.extract import extract
from warta.model import Article
from warta.sources.base import RawDocument, Skipped
from warta.store import ArticleWrite, Store
from warta.text.decode import DEFAULT_MAX_BYTES

# How often (seconds) the de-duplication index is checkpointed to disk. Saving costs time in
# proportion to the index, so a count-based interval would make long runs quadratic; an index
# that lags behind the store after a crash is rebuilt from the store.
DEDUP_CHECKPOINT_SECONDS = 60.0
# Records in flight to the workers: deep enough that they stay busy while this process writes a
# batch, bounded in bytes too so that a run of large pages cannot fill the memory.
PENDING_PER_WORKER = 32
PENDING_BYTES = 64_000_000
# Writes are committed in batches of this many records or this many seconds, whichever
# comes first: a DuckDB commit costs milliseconds, and a crash loses at most one batch,
# which the rerun redoes (the batch's ingest-log rows were not committed either).
COMMIT_RECORDS = 512
COMMIT_SECONDS = 2.0
# Records sent to a worker in one call (and at most this many bytes of them): a call costs this
# process about a millisecond of futures, thread hand-offs and pipe messages, a tenth of the work
# of extracting a typical page, and this process is the one writer. A partial batch goes out when
# a worker is idle (see parallel_map).
BATCH_RECORDS = 8
BATCH_BYTES = 2_000_000
# A record whose extraction runs longer than this (seconds) costs its worker and that record only.
ITEM_TIMEOUT = 120.0


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    updated: int = 0
    already_done: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    events: int = 0
    entities: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)
    bytes_read: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "updated": self.updated,
            "already_done": self.already_done,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "events": self.events,
            "entities": self.entities,
            "skipped": dict(self.skipped),
            "errors": dict(self.errors),
            "failures": [{"source": s, "reason": r} for s, r in self.failures],
            "bytes_read": self.bytes_read,
            "seconds": round(self.seconds, 3),
            "records_per_second": round(self.read / self.seconds, 2) if self.seconds else None,
        }

    @property
    def failed(self) -> int:
        return sum(self.skipped.values()) + sum(self.errors.values())


@dataclass
class Progress:
    """What ``ingest`` tells its caller after every record."""

    source: str
    status: str
    records: int
    bytes_read: int
    total_bytes: int | None


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """One page file as a RawDocument; gzip is opened with a cap on the decompressed size."""
    size = path.stat().st_size
    key = f"{path.resolve()}#{size}:{int(path.stat().st_mtime)}"
    if size > max_bytes:
        raise InputError(str(path), f"too large: {size / 1e6:.1f} MB over the {max_bytes / 1e6:.0f} MB limit")
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except (OSError, EOFError) as exc:
            raise InputError(str(path), f"bad gzip: {exc}") from None
        if len(data) > max_bytes:
            raise InputError(str(path), f"decompresses to more than {max_bytes / 1e6:.0f} MB")
    else:
        data = path.read_bytes()
    name = path.name.lower().removesuffix(".gz")
    kind = "html" if name.endswith((".html", ".htm", ".xhtml")) else "auto"
    return RawDocument(source=key, data=data, kind=kind, size=len(data), meta={"path": str(path)})


def process(doc: RawDocument, *, analyze: bool = False, key_points: bool = False) -> tuple[Article, Any]:
    """Extract one raw document (and optionally add key points and analyse it).

    Pure: the same function runs inline, in a worker process and in a Spark task."""
    label = doc.meta.get("path", doc.source)
    kind = doc.kind if doc.kind in ("html", "text") else "auto"
    article = extract(doc.data, url=doc.url, source=label, kind=kind, declared_charset=doc.charset)  # type: ignore[arg-type]
    input_kind = doc.meta.get("input_kind")
    if input_kind in ("html", "text", "warc", "jsonl", "feed", "sitemap", "url"):
        article.provenance.input_kind = input_kind  # type: ignore[assignment]
    if key_points:
        from warta.keypoints import fill_key_points

        article = fill_key_points(article)
    analysis = None
    if analyze:
        from warta import analyze as run_analysis

        analysis = run_analysis(article)
    return article, analysis


def reason_code(reason: str) -> str:
    """The counting key of a reason: "binary data (50% control bytes), not text" -> "binary data"."""
    return reason.split("(", 1)[0].split(":", 1)[0].split(",", 1)[0].strip() or reason


@dataclass(slots=True)
class Failure:
    source: str
    reason: str
    error: bool


@dataclass(slots=True)
class Extracted:
    """What a worker sends back: the article, its analysis, and its de-duplication fingerprint
    (computed in the worker, so that the single writer only has to look it up)."""

    article: Article
    analysis: Any
    text_hash: str | None = None
    signature: bytes | None = None


_FINGERPRINTER: Any = None


def _fingerprint(text: str) -> tuple[str | None, bytes | None]:
    global _FINGERPRINTER
    if not text:
        return None, None
    from warta.dedup import DedupIndex, text_hash

    if _FINGERPRINTER is None:
        _FINGERPRINTER = DedupIndex()  # only its MinHash template is used: same defaults as the writer's
    minhash = _FINGERPRINTER.minhash(text)
    signature = minhash.hashvalues.astype("<u4").tobytes() if minhash is not None else None
    return text_hash(text), signature


def _raw_size(item: RawDocument | Skipped) -> int:
    return len(item.data) if isinstance(item, RawDocument) else 0


def _worker_modules(*, analyze: bool, key_points: bool, dedup: bool) -> list[str]:
    """What the workers of a run import (loaded once by the fork server, not once per worker)."""
    modules = ["warta.ingest"]
    if dedup:
        modules.append("warta.dedup")
    if key_points:
        modules.append("warta.keypoints")
    if analyze:
        modules += ["warta.nlp", "warta.events"]
    return modules


def _work(doc: RawDocument, analyze: bool, key_points: bool, fingerprint: bool = True) -> Extracted | Failure:
    """The worker: never raises, so one bad record costs one record."""
    try:
        article, analysis = process(doc, analyze=analyze, key_points=key_points)
        digest, signature = _fingerprint(article.text) if fingerprint else (None, None)
        return Extracted(article, analysis, digest, signature)
    except InputError as exc:
        return Failure(doc.meta.get("path", doc.source), exc.reason, error=False)
    except Exception as exc:  # an extractor bug must cost one record, not the run
        return Failure(doc.meta.get("path", doc.source), f"{type(exc).__name__}: {exc}"[:300], error=True)


def ingest(
    args: Iterable[str],
    db: str | Path,
    *,
    kind: str | None = None,
    workers: int = 1,
    analyze: bool = False,
    key_points: bool = False,
    force: bool = False,
    dedup: bool = True,
    crawl_config: Any = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> IngestReport:
    """Read every source into the database and return what happened."""
    from warta.sources.detect import SourceSet
    from warta.sources.parallel import parallel_map, prestart
    from warta.sources.reader import is_error

    preload = _worker_modules(analyze=analyze, key_points=key_points, dedup=dedup)
    if workers > 1:
        prestart(preload)
    report = IngestReport()
    started = perf_counter()
    db = Path(db)
    args = list(args)
    with Store(db) as store:
        done = set() if force else store.done_sources()
        index = _load_dedup(store, db) if dedup else None
        sources = SourceSet(args, kind=kind, crawl_config=crawl_config, frontier=f"{db}.frontier.sqlite")
        work = partial(_work, analyze=analyze, key_points=key_points, fingerprint=dedup)

        def passthrough(item: RawDocument | Skipped) -> bool:
            return isinstance(item, Skipped) or item.source in done

        def crashed(item: RawDocument | Skipped, reason: str, detail: str) -> Failure:
            label = item.meta.get("path", item.source) if isinstance(item, RawDocument) else item.source
            return Failure(label, f"{reason}: {detail}", error=True)

        results = parallel_map(work, sources, workers=workers, passthrough=passthrough, failure=crashed,
                               item_timeout=ITEM_TIMEOUT if workers > 1 else None,
                               preload=preload,
                               max_pending=PENDING_PER_WORKER * workers, weight=_raw_size,
                               max_pending_weight=PENDING_BYTES, batch_size=BATCH_RECORDS,
                               batch_weight=BATCH_BYTES)
        last_checkpoint = perf_counter()
        pending: list[ArticleWrite] = []
        batch_size, batch_opened = 0, perf_counter()
        for item, result in results:
            if batch_size == 0:
                store.begin()
                batch_opened = perf_counter()
            batch_size += 1
            report.read += 1
            if isinstance(item, Skipped):
                bucket = report.errors if is_error(item.reason) else report.skipped
                bucket[item.reason] += 1
                report.failures.append((item.source, f"{item.reason}: {item.detail}" if item.detail else item.reason))
                store.log_source(item.source, "error" if is_error(item.reason) else "skipped", reason=item.reason)
                status = "skipped"
            elif result is None:
                report.already_done += 1
                status = "already done"
            elif isinstance(result, Failure):
                (report.errors if result.error else report.skipped)[
                    "extract-error" if result.error else reason_code(result.reason)
                ] += 1
                report.failures.append((result.source, result.reason))
                store.log_source(item.source, "error" if result.error else "skipped", reason=result.reason)
                status = "error" if result.error else "skipped"
            else:
                pending.append(_prepare(index, item, result, report))
                status = "stored"
                if index is not None and perf_counter() - last_checkpoint >= DEDUP_CHECKPOINT_SECONDS:
                    # saved ahead of the store at worst: add() is idempotent, so a rerun agrees
                    index.save(_dedup_path(db))
                    last_checkpoint = perf_counter()
            report.bytes_read = sources.bytes_read
            if batch_size >= COMMIT_RECORDS or perf_counter() - batch_opened >= COMMIT_SECONDS:
                _flush(store, pending, report)
                store.commit()
                batch_size = 0
            if on_progress is not None:
                label = item.meta.get("path", item.source) if isinstance(item, RawDocument) else item.source
                on_progress(Progress(label, status, report.read, sources.bytes_read, sources.total_bytes))
        if batch_size:
            _flush(store, pending, report)
            store.commit()
        if index is not None:
            index.save(_dedup_path(db))
        if analyze and report.stored + report.updated:
            from warta.store.corpus import refresh_entities

            report.entities = refresh_entities(store)
            report.events = _refresh_events(store)
    report.seconds = perf_counter() - started
    return report


def _prepare(index: Any, item: RawDocument, result: Extracted, report: IngestReport) -> ArticleWrite:
    article, analysis = result.article, result.analysis
    dedup_result = None
    # the worker fingerprinted every non-empty text when de-duplication is on
    if index is not None and article.id is not None and result.text_hash is not None:
        dedup_result = index.add(
            article.id, published=article.published, text_hash=result.text_hash, signature=result.signature
        )
        if dedup_result.exact_duplicate_of:
            report.duplicates += 1
        elif dedup_result.near_duplicate_of:
            report.near_duplicates += 1
    return ArticleWrite(article, analysis, log_source=item.source, dedup=dedup_result)


def _flush(store: Store, pending: list[ArticleWrite], report: IngestReport) -> None:
    """Write the batch's articles (inside the open transaction) and count new and updated."""
    flags = store.write_articles(pending)
    report.stored += sum(flags)
    report.updated += len(flags) - sum(flags)
    pending.clear()


def _dedup_path(db: Path) -> Path:
    return db.with_name(db.name + ".dedup")


def _load_dedup(store: Store, db: Path) -> Any:
    """The saved index, or one rebuilt from the store when the saved one lags behind it."""
    from warta.dedup import DedupIndex

    path = _dedup_path(db)
    index = None
    if path.exists():
        try:
            index = DedupIndex.load(path)
        except Exception:  # a torn or foreign file: rebuild rather than fail the run
            index = None
    stored = store.con.execute("SELECT count(*) FROM articles WHERE text_hash IS NOT NULL").fetchone()
    if index is not None and stored is not None and len(index) >= stored[0]:
        return index
    index = DedupIndex()
    cur = store.con.execute(
        "SELECT id, text, published FROM articles WHERE text_hash IS NOT NULL ORDER BY ingested_at, id"
    )
    while batch := cur.fetchmany(1000):
        for article_id, text, published in batch:
            index.add(article_id, text or "", published=published)
    return index


def _refresh_events(store: Store) -> int:
    try:
        from warta.events.store import refresh_events
    except ImportError:
        return 0
    return int(refresh_events(store))
