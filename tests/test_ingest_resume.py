"""Exactly-once ingest: SIGKILL at any moment, run again, nothing lost and nothing twice."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warta.ingest import ingest

WORDS = "pemerintah daerah warga kota banjir jalan sekolah pasar harga beras listrik air rumah sakit".split()


def page(i: int) -> bytes:
    words = " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(60))
    body = "".join(
        f"<p>Paragraf {n} berita nomor {i}: {words} {i * 31 + n}.</p>" for n in range(4)
    )
    return (
        f"<html><head><title>Berita nomor {i}</title></head><body><article><h1>Berita nomor {i}</h1>"
        f"{body}</article></body></html>"
    ).encode()


def write_warc(path: Path, n: int) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(n):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://contoh.example/berita/{i}", "response", payload=io.BytesIO(page(i)), http_headers=headers
            )
            writer.write_record(record)


def counts(db: Path) -> tuple[int, int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        articles = con.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
        logged = con.execute("SELECT count(*) FROM ingest_log WHERE status = 'stored'").fetchone()
        assert articles is not None and logged is not None
        return int(articles[0]), int(articles[1]), int(logged[0])
    finally:
        con.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_mid_run_then_rerun(tmp_path: Path, workers: int) -> None:
    n = 2500  # several commit batches (warta.ingest.COMMIT_RECORDS) even on a fast machine
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, n)
    db = tmp_path / "news.duckdb"
    cmd = [sys.executable, "-m", "warta.cli.main", "ingest", str(warc), "--db", str(db), "-q", "-j", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    # kill once the writer has committed something: DuckDB's write-ahead log has grown
    wal = db.with_name(db.name + ".wal")
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 200_000:
            time.sleep(1.0)  # let the commit that grew the log finish; kill inside a later batch
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the first run finished before it could be killed: make the input larger"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    partial, _, _ = counts(db)
    assert 0 < partial < n, f"expected a partial run, got {partial} of {n}"

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    total, distinct_urls, logged = counts(db)
    assert total == n and distinct_urls == n and logged == n


def test_resume_passes_over_stored_records(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, 40)
    db = tmp_path / "news.duckdb"
    first = ingest([str(warc)], db)
    assert first.stored == 40 and first.failed == 0
    second = ingest([str(warc)], db)
    assert second.already_done == 40 and second.stored == 0 and second.updated == 0


def test_two_workers_give_the_same_database_as_one(tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, 60)
    rows = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        report = ingest([str(warc)], db, workers=workers)
        assert report.stored == 60
        con = duckdb.connect(str(db), read_only=True)
        rows.append(con.execute("SELECT id, title, text, cluster_id, is_origin FROM articles ORDER BY id").fetchall())
        con.close()
    assert rows[0] == rows[1]


def test_duplicates_are_clustered_with_the_earliest_as_origin(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    body = " ".join(f"Kalimat ke-{k} tentang banjir besar yang merendam kota dan desa sekitar." for k in range(30))
    (folder / "a-original.html").write_text(
        '<html><head><meta property="article:published_time" content="2025-01-01T08:00:00+07:00"></head>'
        f"<body><article><h1>Banjir Besar</h1><p>{body}</p></article></body></html>", encoding="utf-8")
    (folder / "b-syndicated.html").write_text(
        '<html><head><meta property="article:published_time" content="2025-01-01T10:00:00+07:00"></head>'
        f"<body><article><h1>Banjir Besar Melanda</h1><p>{body} Baca berita lain di situs kami.</p>"
        "</article></body></html>", encoding="utf-8")
    db = tmp_path / "news.duckdb"
    report = ingest([str(folder)], db)
    assert report.stored == 2 and report.near_duplicates + report.duplicates == 1
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT title, cluster_id, is_origin FROM articles ORDER BY published").fetchall()
    assert rows[0][1] == rows[1][1]
    assert [r[2] for r in rows] == [True, False]
