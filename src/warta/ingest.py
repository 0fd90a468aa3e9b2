"""The local pipeline: sources -> extract -> (analyse, key points) -> store.

``ingest()`` is what ``warta ingest`` runs. It is resumable: every input record
is logged in the database's ``ingest_log`` under a key that changes when the
input changes (path, size and modification time for files), and a rerun skips
what is already stored. One bad input is recorded with its reason and the run
goes on.
"""

from __future__ import annotations

import glob
import gzip
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any

from warta.errors import InputError
from warta.extract import extract
from warta.model import Article
from warta.sources.base import RawDocument, Skipped
from warta.store import Store
from warta.text.decode import DEFAULT_MAX_BYTES

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".txt", ".txt.gz", ".xhtml")


@dataclass
class IngestReport:
    read: int = 0
    stored: int = 0
    updated: int = 0
    already_done: int = 0
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
            "skipped": dict(self.skipped),
            "errors": dict(self.errors),
            "failures": [{"source": s, "reason": r} for s, r in self.failures],
            "bytes_read": self.bytes_read,
            "seconds": round(self.seconds, 3),
        }

    @property
    def failed(self) -> int:
        return sum(self.skipped.values()) + sum(self.errors.values())


def expand_paths(args: Iterable[str]) -> Iterator[Path | Skipped]:
    """Files, directories (recursively, page files only) and globs, in a stable order."""
    for arg in args:
        matches = sorted(glob.glob(arg, recursive=True)) if glob.has_magic(arg) else [arg]
        if not matches:
            yield Skipped(arg, "not found", "the pattern matched no file")
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if child.is_file() and child.name.lower().endswith(PAGE_SUFFIXES):
                        yield child
            elif path.is_file():
                yield path
            else:
                yield Skipped(match, "not found", "no such file or directory")


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


def iter_raw(args: Iterable[str]) -> Iterator[RawDocument | Skipped]:
    for item in expand_paths(args):
        if isinstance(item, Skipped):
            yield item
            continue
        try:
            yield read_file(item)
        except InputError as exc:
            yield Skipped(str(item), exc.reason)
        except OSError as exc:
            yield Skipped(str(item), "unreadable", exc.strerror or str(exc))


def process(doc: RawDocument, *, analyze: bool = False, key_points: bool = False) -> tuple[Article, Any]:
    """Extract one raw document (and optionally analyse it); pure, so it can run in a worker."""
    label = doc.meta.get("path", doc.source)
    kind = doc.kind if doc.kind in ("html", "text") else "auto"
    article = extract(doc.data, url=doc.url, source=label, kind=kind)  # type: ignore[arg-type]
    if key_points:
        from warta.keypoints import fill_key_points

        article = fill_key_points(article)
    analysis = None
    if analyze:
        from warta.nlp import analyze as run_analysis

        analysis = run_analysis(article)
    return article, analysis


def ingest(
    args: Iterable[str],
    db: str | Path,
    *,
    analyze: bool = False,
    key_points: bool = False,
    force: bool = False,
    on_item: Callable[[str, str, int], None] | None = None,
) -> IngestReport:
    """Read every input into the database; ``on_item(source, status, nbytes)`` reports progress."""
    report = IngestReport()
    started = perf_counter()
    with Store(db) as store:
        done = set() if force else store.done_sources()
        for item in iter_raw(args):
            if isinstance(item, Skipped):
                report.read += 1
                report.skipped[item.reason] += 1
                report.failures.append((item.source, item.reason))
                store.log_source(item.source, "skipped", reason=item.reason)
                _notify(on_item, item.source, "skipped", 0)
                continue
            report.read += 1
            report.bytes_read += item.size
            label = item.meta.get("path", item.source)
            if item.source in done:
                report.already_done += 1
                _notify(on_item, label, "already done", item.size)
                continue
            status = _ingest_one(store, item, report, analyze=analyze, key_points=key_points)
            _notify(on_item, label, status, item.size)
    report.seconds = perf_counter() - started
    return report


def _ingest_one(store: Store, item: RawDocument, report: IngestReport, *, analyze: bool, key_points: bool) -> str:
    label = item.meta.get("path", item.source)
    try:
        article, analysis = process(item, analyze=analyze, key_points=key_points)
    except InputError as exc:
        report.skipped[exc.reason] += 1
        report.failures.append((label, exc.reason))
        store.log_source(item.source, "skipped", reason=exc.reason)
        return "skipped"
    except Exception as exc:  # one bad input must never stop a batch: record it and go on
        reason = f"{type(exc).__name__}: {exc}"[:300]
        report.errors[type(exc).__name__] += 1
        report.failures.append((label, reason))
        store.log_source(item.source, "error", reason=reason)
        return "error"
    is_new = store.put_article(article, analysis)
    store.log_source(item.source, "stored", article.id)
    if is_new:
        report.stored += 1
        return "stored"
    report.updated += 1
    return "updated"


def _notify(cb: Callable[[str, str, int], None] | None, source: str, status: str, nbytes: int) -> None:
    if cb is not None:
        cb(source, status, nbytes)


def count_inputs(args: Iterable[str]) -> int | None:
    """How many inputs there are, when that is cheap to know (plain files and directories)."""
    if os.environ.get("WARTA_NO_COUNT"):
        return None
    total = 0
    for _ in expand_paths(args):
        total += 1
        if total > 1_000_000:
            return None
    return total
