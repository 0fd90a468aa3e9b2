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

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


def _context(preload: Iterable[str] = ()) -> Any:
    """forkserver where the platform has it (no inherited locks or DuckDB threads, unlike fork).

    ``preload`` modules are imported once by the fork server, and every worker forked from it
    starts with them loaded, instead of each worker importing them again (half a second or more
    per worker for the extraction stack). It takes effect when this process starts its fork
    server, that is on its first pool."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    if preload:
        ctx.set_forkserver_preload(sorted(set(preload)))
    return ctx


def prestart(preload: Iterable[str] = ()) -> None:
    """Start the fork server now, so that it imports ``preload`` while this process does other
    set-up (opening the database, reading the first records) instead of blocking the first
    worker's start. Harmless where there is no fork server or it is already running."""
    ctx = _context(preload)
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


_UNSET: Any = object()
_QUEUED: Any = object()  # the future of an item whose batch is not sent yet


@dataclass(slots=True)
class _Slot:
    item: Any
    future: Future[Any] | None  # the batch's future; None for passthrough items and settled ones
    result: Any = _UNSET
    weight: int = 0
    index: int = 0  # position in its batch
    batched: int = 1  # size of its batch


BATCHES_RUN = [0]  # batches this worker process has run: lets a test see how items travelled


def _run_batch(fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    """The worker side of a batch: ``fn`` on each item, in order."""
    BATCHES_RUN[0] += 1
    return [fn(item) for item in items]


def _default_failure(item: Any, reason: str, detail: str) -> ExtractFailure:
    return ExtractFailure(str(getattr(item, "source", "") or repr(item)[:80]), reason, detail)


class _Pool:
    def __init__(self, workers: int, initializer: Callable[[], None] | None, preload: Iterable[str] = ()) -> None:
        self.workers = workers
        self.initializer = initializer
        self.context = _context(preload)
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context, initializer=self.initializer)

    def renew(self) -> None:
        self.kill()
        self.executor = self._new()

    def kill(self) -> None:
        # ProcessPoolExecutor cannot cancel a running call: end its processes (by their pid).
        for proc in list(getattr(self.executor, "_processes", {}).values()):
            with contextlib.suppress(Exception):
                proc.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)


def parallel_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int = 1,
    max_pending: int | None = None,
    weight: Callable[[T], int] | None = None,
    max_pending_weight: int | None = None,
    passthrough: Callable[[T], bool] | None = None,
    initializer: Callable[[], None] | None = None,
    item_timeout: float | None = None,
    failure: Callable[[T, str, str], Any] | None = None,
    preload: Iterable[str] = (),
    batch_size: int = 1,
    batch_weight: int | None = None,
) -> Iterator[tuple[T, Any]]:
    """Yield ``(item, fn(item))`` in input order, computing ``fn`` in ``workers`` processes.

    ``passthrough(item)`` True means "do not compute, yield ``(item, None)`` in its place" (for
    ``Skipped`` records and records already stored, which keep their position in the order).

    A worker that dies (a segfault in a parser, the OOM killer) or an item that runs longer than
    ``item_timeout`` seconds (its worker is killed) costs that item only: it comes back as
    ``ExtractFailure(source, "worker-crashed" | "worker-timeout")``. After a crash the items that
    were in flight are run again one at a time, so the culprit is found and the others are kept.
    ``item_timeout`` needs ``workers >= 2`` (inline calls cannot be interrupted).
    ``failure(item, reason, detail)`` builds that value instead (the caller's own failure type).
    At most ``max_pending`` items (default ``8 * workers``) are in flight, and, when ``weight``
    is given, at most ``max_pending_weight`` of their summed weight (e.g. bytes), so that a
    window deep enough to keep the workers busy while the caller writes stays bounded in memory
    on large records. The window always admits one item, whatever its weight.
    ``preload`` names modules the workers need, imported once for all of them (see ``_context``).

    ``batch_size`` > 1 sends up to that many items to a worker in one call (and, with ``weight``,
    no more than ``batch_weight`` of them): every call costs the calling process a future, two
    thread hand-offs and two pipe messages, about a millisecond, which is a tenth of the work of
    extracting a typical page. A batch is sent before it is full when an item arrives while a
    worker is idle, and before this generator waits for a result, so a slow source (a crawler)
    is not held back to fill batches: its records go out one by one as they come. A batch that
    crashes or outlives ``item_timeout`` is run again item by item, so the verdict still falls on
    the one item that caused it."""
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
    weight_limit = max_pending_weight if weight is not None and max_pending_weight else float("inf")
    batch_limit = batch_weight if weight is not None and batch_weight else float("inf")
    in_flight = 0  # summed weight of the pending items
    pending: deque[_Slot] = deque()
    unsent: list[_Slot] = []  # the batch being filled
    running: set[Future[Any]] = set()  # sent batches not yet finished
    pool = _Pool(workers, initializer, preload)
    _failure = failure or _default_failure

    def run_one(item: Any) -> Any:
        """Run ``item`` alone in the (renewed) pool: used after a crash."""
        try:
            return pool.executor.submit(fn, item).result(timeout=item_timeout)
        except BrokenProcessPool:
            pool.renew()
            return _failure(item, "worker-crashed", "the worker process died on this record")
        except TimeoutError:
            pool.renew()
            return _failure(item, "worker-timeout", f"no result within {item_timeout:g}s")

    def send() -> None:
        if not unsent:
            return
        batch = [slot.item for slot in unsent]
        try:
            future = pool.executor.submit(_run_batch, fn, batch)
        except BrokenProcessPool:
            settle_after_crash()
            future = pool.executor.submit(_run_batch, fn, batch)
        for i, slot in enumerate(unsent):
            slot.future, slot.index, slot.batched = future, i, len(unsent)
        running.add(future)
        unsent.clear()

    def idle_worker() -> bool:
        running.difference_update([f for f in running if f.done()])
        return len(running) < workers

    def settle_after_crash() -> None:
        pool.renew()
        running.clear()
        for slot in pending:
            if slot.future is not None and slot.future is not _QUEUED and slot.result is _UNSET:
                fut, slot.future = slot.future, None
                if fut.done() and not fut.cancelled() and fut.exception() is None:
                    slot.result = fut.result()[slot.index]
                else:
                    slot.result = run_one(slot.item)

    def head() -> tuple[Any, Any]:
        nonlocal in_flight
        slot = pending[0]
        if slot.result is _UNSET and slot.future is not None:
            if slot.future is _QUEUED:
                send()
            try:
                slot.result = slot.future.result(timeout=item_timeout)[slot.index]
            except BrokenProcessPool:
                settle_after_crash()
            except TimeoutError:
                if slot.batched == 1:
                    slot.result = _failure(slot.item, "worker-timeout", f"no result within {item_timeout:g}s")
                    slot.future = None
                settle_after_crash()  # a batch's items are run again one at a time
        pending.popleft()
        in_flight -= slot.weight
        return slot.item, (None if slot.result is _UNSET else slot.result)

    def ready() -> bool:
        slot = pending[0]
        if slot.future is None or slot.result is not _UNSET:
            return True
        return slot.future is not _QUEUED and slot.future.done()

    try:
        for item in items:
            if passthrough is not None and passthrough(item):
                pending.append(_Slot(item, None, result=None))
            else:
                slot = _Slot(item, _QUEUED)
                if weight is not None:
                    slot.weight = weight(item)
                    in_flight += slot.weight
                if unsent and sum(s.weight for s in unsent) + slot.weight > batch_limit:
                    send()
                pending.append(slot)
                unsent.append(slot)
                if len(unsent) >= batch_size or idle_worker():
                    send()
            while pending and (len(pending) >= limit or in_flight > weight_limit or ready()):
                if not ready():
                    send()  # about to wait: nothing may stay unsent meanwhile
                yield head()
        send()
        while pending:
            yield head()
    finally:
        pool.executor.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    return max(1, (os.cpu_count() or 1))
