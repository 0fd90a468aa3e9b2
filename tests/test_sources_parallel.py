"""parallel_map: input order, bounded read-ahead, Skipped passthrough, real extraction in workers."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from warta.sources.base import RawDocument, Skipped
from warta.sources.parallel import ExtractFailure, extract_document, parallel_map


def test_order_and_passthrough_inline_and_in_processes():
    items = [b"a" * i if i % 5 else Skipped(str(i), "x") for i in range(40)]
    for workers, batch_size in ((1, 1), (2, 1), (2, 4)):
        out = list(parallel_map(len, items, workers=workers, batch_size=batch_size,
                                passthrough=lambda x: isinstance(x, Skipped)))
        assert [i for i, _ in out] == items
        assert [r for _, r in out] == [None if isinstance(i, Skipped) else len(i) for i in items]


def test_bounded_read_ahead():
    pulled = 0

    def endless():
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield b"x" * (i % 7)

    gen = parallel_map(len, endless(), workers=2, max_pending=6)
    got = [r for _, r in itertools.islice(gen, 20)]
    gen.close()
    assert len(got) == 20 and pulled <= 20 + 6


def test_read_ahead_bounded_by_weight():
    """Large records shrink the window: at most max_pending_weight bytes in flight (plus one
    record, which is always admitted), whatever max_pending allows."""
    pulled = 0

    def endless():
        nonlocal pulled
        for _ in itertools.count():
            pulled += 1
            yield b"x" * 1000

    gen = parallel_map(len, endless(), workers=2, max_pending=1000, weight=len, max_pending_weight=5000)
    got = [r for _, r in itertools.islice(gen, 20)]
    gen.close()
    assert got == [1000] * 20
    assert pulled <= 20 + 6


def test_extract_document_in_workers():
    html = (
        "<html><head><title>Banjir di Jakarta</title></head><body><article><h1>Banjir di Jakarta</h1>"
        + "".join(
            f"<p>Hujan deras sejak pagi membuat sejumlah ruas jalan di Jakarta tergenang, kata petugas {i}.</p>"
            for i in range(5)
        )
        + "</article></body></html>"
    )
    docs = [
        RawDocument(source="a", data=html.encode(), url="https://b.id/a", kind="html", charset="utf-8"),
        RawDocument(source="b", data=b"\x89PNG\r\n\x1a\n" + b"\0" * 100, kind="auto"),
        RawDocument(source="c", data="Judul\n\nSatu paragraf berita yang cukup panjang untuk dibaca.", kind="text"),
    ]
    out = list(parallel_map(extract_document, docs, workers=2))
    a, b, c = (r for _, r in out)
    assert a.title == "Banjir di Jakarta" and a.provenance.source == "a" and a.url == "https://b.id/a"
    assert isinstance(b, ExtractFailure) and b.reason == "input"
    assert not isinstance(c, ExtractFailure)


def test_crawl_cli_options_build_a_config():
    import click
    from click.testing import CliRunner

    from warta.sources.cli_options import crawl_config_from_options, crawl_options

    seen = {}

    @click.command()
    @crawl_options
    def cmd(**options):
        seen["config"] = crawl_config_from_options(options)

    result = CliRunner().invoke(
        cmd, ["--delay", "0.5", "--per-host", "1", "--user-agent", "x/1", "--depth", "2", "--since", "2026-09-01"]
    )
    assert result.exit_code == 0, result.output
    config = seen["config"]
    assert (config.per_host_delay, config.per_host_concurrency, config.user_agent, config.max_depth) == (
        0.5,
        1,
        "x/1",
        2,
    )
    assert config.allow_private is False and config.max_pages is None
    assert config.since is not None and config.since.isoformat() == "2026-09-01T00:00:00+00:00"


def crash_on_seven(x: int) -> int:
    if x == 7:
        import os

        os._exit(1)  # a worker dying mid-record (segfault, OOM killer)
    return x * 2


def hang_on_five(x: int) -> int:
    if x == 5:
        import time

        time.sleep(60)
    return x * 2


@pytest.mark.parametrize("batch_size", [1, 4])
def test_a_crashing_worker_costs_one_record(batch_size):
    """In a batch too: the batch that died is run again item by item, so only item 7 fails."""
    out = list(parallel_map(crash_on_seven, range(20), workers=2, max_pending=6, batch_size=batch_size))
    assert [i for i, _ in out] == list(range(20))
    failed = [(i, r) for i, r in out if isinstance(r, ExtractFailure)]
    assert [i for i, _ in failed] == [7] and failed[0][1].reason == "worker-crashed"
    assert all(r == i * 2 for i, r in out if i != 7)


@pytest.mark.parametrize("batch_size", [1, 4])
def test_a_hanging_record_times_out(batch_size):
    import time

    t0 = time.monotonic()
    out = list(parallel_map(hang_on_five, range(12), workers=2, item_timeout=2.0, batch_size=batch_size))
    assert time.monotonic() - t0 < 20
    failed = [i for i, r in out if isinstance(r, ExtractFailure)]
    assert failed == [5] and out[5][1].reason == "worker-timeout"
    assert all(r == i * 2 for i, r in out if i != 5)


def test_batches_fill_when_the_source_outpaces_the_workers():
    """A fast source fills batches (fewer calls); each worker process still gets work."""
    out = list(parallel_map(pid_after_sleep, range(64), workers=2, batch_size=8, max_pending=32))
    assert [i for i, _ in out] == list(range(64))
    calls = Counter(tuple(r[1:]) for _, r in out)  # (pid, call number) per worker
    assert len({pid for pid, _ in calls}) == 2
    assert len(calls) < 64 / 2  # most items travelled in batches


def test_a_slow_source_is_not_held_back_to_fill_a_batch():
    """Items that trickle in are sent at once while a worker is idle: the first result arrives
    before the source has produced a full batch."""
    import time

    produced = 0

    def trickle():
        nonlocal produced
        for i in range(6):
            produced += 1
            yield i
            time.sleep(0.3)

    gen = parallel_map(pid_after_sleep, trickle(), workers=2, batch_size=8)
    first = next(gen)
    assert first[0] == 0 and produced < 6
    assert [i for i, _ in gen] == [1, 2, 3, 4, 5]


def test_batch_weight_caps_a_batch():
    out = list(parallel_map(pid_after_sleep, [10] * 12, workers=2, batch_size=8, weight=lambda x: 1000,
                            batch_weight=2000, max_pending=12))
    per_call = Counter(tuple(r[1:]) for _, r in out)
    assert max(per_call.values()) <= 2


def pid_after_sleep(x: int) -> tuple[int, int, int]:
    """(x, this worker's pid, which batch of this worker it came in)."""
    import os
    import time

    from warta.sources.parallel import BATCHES_RUN

    time.sleep(0.02)
    return x, os.getpid(), BATCHES_RUN[0]


def test_failure_factory_gives_the_callers_type():
    out = list(
        parallel_map(crash_on_seven, range(9), workers=2, failure=lambda item, reason, detail: ("F", item, reason))
    )
    assert out[7][1] == ("F", 7, "worker-crashed")
