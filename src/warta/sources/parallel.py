"""Extraction in worker processes, results in input order, with bounded memory.

    for doc, result in parallel_map(extract_document, reader, workers=2):
        if isinstance(result, ExtractFailure): ...    # counted, reported
        else: store(result)                           # an Article; the single writer is the caller

``multiprocessing.Pool.imap`` is not used because its feeder thread drains the whole input
iterator into memory; here at most ``max_pending`` items are in flight (submitted, not yet
yielded), so a 10 GB WARC is read only as fast as the workers extract it.
With ``workers <= 1`` the function runs inline in this process (no pickling, no pool).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from warta.sources.base import RawDocument

T = TypeVar("T")
R = TypeVar("R")


@dataclass(slots=True)
class ExtractFailure:
    source: str
    reason: str
    detail: str = ""


def extract_document(doc: RawDocument) -> Any:
    """Top-level (picklable) worker: ``warta.extract.extract`` on one RawDocument.

    Returns the Article (with ``provenance.source`` set) or an :class:`ExtractFailure` whose
    reason is ``InputError``'s reason or ``extract-error`` for anything unexpected."""
    from warta.errors import InputError
    from warta.extract import extract

    kind = doc.kind if doc.kind in ("auto", "html", "text") else "auto"
    try:
        article = extract(doc.data, url=doc.url, source=doc.source, kind=kind, declared_charset=doc.charset)  # type: ignore[arg-type]
    except InputError as exc:
        return ExtractFailure(doc.source, "input", exc.reason)
    except Exception as exc:  # an extractor bug must cost one record, not the run
        return ExtractFailure(doc.source, "extract-error", f"{type(exc).__name__}: {exc}")
    if article.provenance.source is None:
        article.provenance.source = doc.source
    return article


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def parallel_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    max_pending: int | None = None,
    passthrough: Callable[[T], bool] | None = None,
    initializer: Callable[[], None] | None = None,
) -> Iterator[tuple[T, R | None]]:
    """Yield ``(item, fn(item))`` in input order, computing ``fn`` in ``workers`` processes.

    ``passthrough(item)`` True means "do not compute, yield ``(item, None)`` in its place" (for
    ``Skipped`` records, which keep their position in the order). A worker that dies takes its
    record with it: the result is an exception re-raised here (``BrokenProcessPool``)."""
    if workers <= 1:
        if initializer is not None:
            initializer()
        for item in items:
            if passthrough is not None and passthrough(item):
                yield item, None
            else:
                yield item, fn(item)
        return
    limit = max_pending or workers * 8
    pending: deque[tuple[T, Future[R] | None]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=initializer) as pool:
        for item in items:
            if passthrough is not None and passthrough(item):
                pending.append((item, None))
            else:
                pending.append((item, pool.submit(fn, item)))
            while len(pending) >= limit or (pending and (pending[0][1] is None or pending[0][1].done())):
                head, fut = pending.popleft()
                yield head, (fut.result() if fut is not None else None)
        while pending:
            head, fut = pending.popleft()
            yield head, (fut.result() if fut is not None else None)


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))
