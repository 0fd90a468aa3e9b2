"""Readers: pages, WARC, JSONL, sitemaps/feeds/URL lists, detect_source, and every bad input."""

from __future__ import annotations

import gzip
import io
import json
import tracemalloc
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warta.sources.base import RawDocument, Skipped
from warta.sources.detect import LinkFileReader, MultiReader, detect_source
from warta.sources.files import PageFileReader
from warta.sources.gz import DecompressionBomb, GzipReader, TruncatedInput
from warta.sources.jsonl import JsonlReader
from warta.sources.limits import Limits
from warta.sources.links import LinkParse, iter_links, parse_date
from warta.sources.reader import is_error
from warta.sources.warc import WarcReader

PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Judul {i}</title></head>"
    "<body><article><p>Isi berita nomor {i} dari Jakarta.</p></article></body></html>"
)


def page(i: int) -> bytes:
    return PAGE.format(i=i).encode()


def bomb_gzip(megabytes: int = 64, prefix: bytes = b"") -> bytes:
    co = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = co.compress(prefix)
    zeros = b"\0" * (1 << 20)
    out += b"".join(co.compress(zeros) for _ in range(megabytes))
    return out + co.flush()


def write_warc(path: Path, records: list[dict], gz: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for r in records:
        headers = StatusAndHeaders(
            r.get("status", "200 OK"),
            [("Content-Type", r.get("ctype", "text/html; charset=utf-8")), *r.get("headers", [])],
            protocol="HTTP/1.1",
        )
        rec = writer.create_warc_record(
            r["url"], r.get("type", "response"), payload=io.BytesIO(r["body"]), http_headers=headers
        )
        writer.write_record(rec)
    data = buf.getvalue()
    path.write_bytes(data)
    return data


def items(reader) -> tuple[list[RawDocument], list[Skipped]]:
    out = list(reader)
    return [i for i in out if isinstance(i, RawDocument)], [i for i in out if isinstance(i, Skipped)]


def reasons(skipped: list[Skipped]) -> list[str]:
    return [s.reason for s in skipped]


# -- bounded gzip ------------------------------------------------------------------------------------
def test_gzip_reader_refuses_bombs_and_truncation():
    data = bomb_gzip(64)
    with pytest.raises(DecompressionBomb):
        GzipReader(io.BytesIO(data)).read()
    good = gzip.compress(b"hello world" * 1000)
    assert GzipReader(io.BytesIO(good)).read() == b"hello world" * 1000
    with pytest.raises(TruncatedInput):
        GzipReader(io.BytesIO(good[: len(good) // 2])).read()
    # concatenated members read as one stream
    assert GzipReader(io.BytesIO(gzip.compress(b"a") + gzip.compress(b"b"))).read() == b"ab"


# -- page files --------------------------------------------------------------------------------------
def test_page_files(tmp_path: Path):
    (tmp_path / "a.html").write_bytes(page(1))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(page(2)))
    (tmp_path / "c.txt").write_text("Judul\n\nIsi berita.", encoding="utf-8")
    (tmp_path / "d.html.gz").write_bytes(gzip.compress(page(3))[:40])  # truncated gzip
    (tmp_path / "e.html.gz").write_bytes(bomb_gzip(64, b"<html>"))  # gzip bomb
    (tmp_path / "f.html").write_bytes(b"")
    (tmp_path / "notes.json").write_text("{}")
    reader = detect_source(str(tmp_path))
    assert isinstance(reader, MultiReader)
    docs, skipped = items(reader)
    assert {Path(d.source).name: d.kind for d in docs} == {"a.html": "html", "b.html.gz": "html", "c.txt": "text"}
    assert docs[1].data == page(2)
    assert {Path(s.source).name: s.reason for s in skipped} == {
        "d.html.gz": "truncated",
        "e.html.gz": "decompression-bomb",
        "f.html": "empty",
    }
    assert reader.bytes_read == reader.total_bytes


def test_page_too_large(tmp_path: Path):
    p = tmp_path / "big.html"
    p.write_bytes(b"<html>" + b"x" * 5000)
    (s,) = list(PageFileReader([str(p)], limits=Limits(max_record_bytes=1000)))
    assert isinstance(s, Skipped) and s.reason == "too-large"


def test_glob_and_missing(tmp_path: Path):
    for i in range(3):
        (tmp_path / f"p{i}.html").write_bytes(page(i))
    docs, _ = items(detect_source(str(tmp_path / "p*.html")))
    assert [Path(d.source).name for d in docs] == ["p0.html", "p1.html", "p2.html"]
    (s,) = list(detect_source(str(tmp_path / "nope.html")))
    assert s.reason == "not-found"
    (s,) = list(detect_source(str(tmp_path / "q*.html")))
    assert s.reason == "not-found"


# -- WARC --------------------------------------------------------------------------------------------
def standard_records(n: int = 5) -> list[dict]:
    return [{"url": f"https://berita.id/{i}", "body": page(i)} for i in range(n)]


@pytest.mark.parametrize("gz", [True, False])
def test_warc_reads_responses_with_charset_and_date(tmp_path: Path, gz: bool):
    p = tmp_path / ("a.warc.gz" if gz else "a.warc")
    recs = standard_records(3)
    recs[1]["headers"] = [("Date", "Tue, 01 Sep 2026 10:00:00 GMT"), ("Last-Modified", "Mon, 31 Aug 2026 1:00:00 GMT")]
    recs[2]["ctype"] = "text/html; charset=windows-1252"
    write_warc(p, recs, gz=gz)
    reader = detect_source(str(p))
    assert isinstance(reader, WarcReader)
    docs, skipped = items(reader)
    assert not skipped
    assert [d.url for d in docs] == [f"https://berita.id/{i}" for i in range(3)]
    assert docs[0].data == page(0) and docs[0].charset == "utf-8" and docs[2].charset == "windows-1252"
    assert docs[0].fetched is not None and docs[0].fetched.tzinfo is not None
    assert docs[1].meta["http_date"] == "Tue, 01 Sep 2026 10:00:00 GMT"
    assert len({d.source for d in docs}) == 3 and all(d.source.startswith(str(p) + "#") for d in docs)
    assert reader.bytes_read == reader.total_bytes


def test_warc_skips_and_counts_non_html_non_200_and_mislabelled(tmp_path: Path):
    recs = [
        *standard_records(1),
        {"url": "https://berita.id/404", "body": page(9), "status": "404 Not Found"},
        {"url": "https://berita.id/img.jpg", "body": b"\xff\xd8\xff\xe0JFIF" + b"\x00" * 50, "ctype": "image/jpeg"},
        {"url": "https://berita.id/lie.jpg", "body": page(7), "ctype": "image/jpeg"},
        {"url": "https://berita.id/x.pdf", "body": b"%PDF-1.4", "ctype": "application/pdf"},
        {"url": "https://berita.id/req", "body": b"GET / HTTP/1.1\r\n\r\n", "type": "request"},
    ]
    p = tmp_path / "mixed.warc.gz"
    write_warc(p, recs)
    reader = WarcReader(str(p))
    docs, skipped = items(reader)
    assert [d.url for d in docs] == ["https://berita.id/0"]
    assert reasons(skipped) == ["http-status", "non-html", "content-type-mismatch", "non-html"]
    assert skipped[0].detail == "404" and skipped[2].detail == "served as image/jpeg, body is HTML"
    assert reader.stats["record:request"] == 1


def test_warc_content_encoding_and_chunked(tmp_path: Path):
    body = gzip.compress(page(1))
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(page(2)), page(2))
    recs = [
        {"url": "https://b.id/gz", "body": body, "headers": [("Content-Encoding", "gzip")]},
        {"url": "https://b.id/ch", "body": chunked, "headers": [("Transfer-Encoding", "chunked")]},
        {"url": "https://b.id/bomb", "body": bomb_gzip(40, b"<html>"), "headers": [("Content-Encoding", "gzip")]},
    ]
    p = tmp_path / "enc.warc.gz"
    write_warc(p, recs)
    docs, skipped = items(WarcReader(str(p)))
    assert [d.data for d in docs] == [page(1), page(2)]
    assert reasons(skipped) == ["decompression-bomb"]


def test_warc_truncated_gzip(tmp_path: Path):
    data = write_warc(tmp_path / "full.warc.gz", standard_records(6))
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(data[: int(len(data) * 0.6)])
    docs, skipped = items(WarcReader(str(p)))
    assert 2 <= len(docs) <= 4
    assert reasons(skipped) == ["truncated"] and is_error("truncated")


def test_warc_cut_mid_record_plain(tmp_path: Path):
    data = write_warc(tmp_path / "full.warc", standard_records(4), gz=False)
    p = tmp_path / "cut.warc"
    p.write_bytes(data[: len(data) - 200])
    docs, skipped = items(WarcReader(str(p)))
    assert len(docs) == 3 and reasons(skipped) == ["truncated"]


def _lie(data: bytes, delta: int) -> bytes:
    i = data.index(b"Content-Length: ")
    j = data.index(b"\r\n", i)
    return data[:i] + b"Content-Length: " + str(int(data[i + 16 : j]) + delta).encode() + data[j:]


@pytest.mark.parametrize("delta", [100, -100, 10**7])
def test_warc_lying_content_length_plain(tmp_path: Path, delta: int):
    data = write_warc(tmp_path / "ok.warc", standard_records(4), gz=False)
    p = tmp_path / "lie.warc"
    p.write_bytes(_lie(data, delta))
    docs, skipped = items(WarcReader(str(p)))
    assert reasons(skipped) == ["bad-content-length"]
    assert [d.url for d in docs] == [f"https://berita.id/{i}" for i in (1, 2, 3)]


@pytest.mark.parametrize("delta", [100, -100])
def test_warc_lying_content_length_gz(tmp_path: Path, delta: int):
    data = write_warc(tmp_path / "ok.warc.gz", standard_records(4))
    second = data.index(b"\x1f\x8b", 10)
    first = gzip.decompress(data[:second])
    p = tmp_path / "lie.warc.gz"
    p.write_bytes(gzip.compress(_lie(first, delta)) + data[second:])
    docs, skipped = items(WarcReader(str(p)))
    assert reasons(skipped) == ["bad-content-length"]
    assert [d.url for d in docs] == [f"https://berita.id/{i}" for i in (1, 2, 3)]


def test_warc_gzip_bomb_member_is_skipped_and_reading_goes_on(tmp_path: Path):
    data = write_warc(tmp_path / "ok.warc.gz", standard_records(3))
    second = data.index(b"\x1f\x8b", 10)
    header = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb/\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % (1 << 30)
    )
    p = tmp_path / "bomb.warc.gz"
    p.write_bytes(data[:second] + bomb_gzip(200, header) + data[second:])
    tracemalloc.start()
    docs, skipped = items(WarcReader(str(p), limits=Limits(max_record_bytes=2 << 30)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [d.url for d in docs] == [f"https://berita.id/{i}" for i in range(3)]
    assert reasons(skipped) == ["decompression-bomb"]
    assert peak < 32 * 1024 * 1024


def test_warc_single_gzip_stream_and_garbage(tmp_path: Path):
    data = write_warc(tmp_path / "ok.warc", standard_records(3), gz=False)
    p = tmp_path / "one-stream.warc.gz"
    p.write_bytes(gzip.compress(data))
    docs, skipped = items(WarcReader(str(p)))
    assert len(docs) == 3 and not skipped
    g = tmp_path / "garbage.warc"
    g.write_bytes(b"this is not a warc at all\n" * 10)
    docs, skipped = items(WarcReader(str(g)))
    assert not docs and reasons(skipped) == ["corrupt"]


def _peak_reading(path: Path) -> int:
    tracemalloc.start()
    n = sum(1 for _ in WarcReader(str(path)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n > 0
    return peak


def test_warc_memory_is_flat(tmp_path: Path):
    recs = [{"url": f"https://b.id/{i}", "body": page(i) * 20} for i in range(2000)]
    small, big = tmp_path / "small.warc.gz", tmp_path / "big.warc.gz"
    write_warc(small, recs[:200])
    write_warc(big, recs)
    assert _peak_reading(big) < 1.5 * _peak_reading(small)


# -- JSONL -------------------------------------------------------------------------------------------
def test_jsonl(tmp_path: Path):
    lines = [
        json.dumps({"url": "https://b.id/1", "html": page(1).decode(), "date": "2026-09-01"}),
        json.dumps({"url": "https://b.id/2", "text": "Judul\n\nIsi.", "title": "Judul"}),
        json.dumps({"raw_content": "Isi tanpa url."}),
        "{not json",
        json.dumps({"url": "https://b.id/5"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"text": "x" * 5000}),
    ]
    p = tmp_path / "corpus.jsonl.gz"
    p.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    reader = detect_source(str(p))
    assert isinstance(reader, JsonlReader)
    docs, skipped = items(JsonlReader(str(p), limits=Limits(max_record_bytes=2000)))
    assert [(d.kind, d.url) for d in docs] == [("html", "https://b.id/1"), ("text", "https://b.id/2"), ("text", None)]
    assert docs[0].meta["published"] == "2026-09-01" and docs[1].meta["title"] == "Judul"
    assert [d.source for d in docs] == [f"{p}:1", f"{p}:2", f"{p}:3"]
    assert [(s.source.rsplit(":", 1)[1], s.reason) for s in skipped] == [
        ("4", "bad-json"),
        ("5", "no-content"),
        ("6", "bad-json"),
        ("8", "too-large"),
    ]


def test_jsonl_truncated_gzip(tmp_path: Path):
    data = gzip.compress(b"".join(json.dumps({"text": f"isi {i} " * 50}).encode() + b"\n" for i in range(200)))
    p = tmp_path / "cut.jsonl.gz"
    p.write_bytes(data[: len(data) // 2])
    docs, skipped = items(JsonlReader(str(p)))
    assert docs and reasons(skipped) == ["truncated"]


# -- sitemaps, feeds, URL lists ------------------------------------------------------------------------
def test_parse_dates():
    assert parse_date("2026-09-01T10:00:00+07:00") == "2026-09-01T10:00:00+07:00"
    assert parse_date("Tue, 01 Sep 2026 10:00:00 +0700") == "2026-09-01T10:00:00+07:00"
    assert parse_date("2026-09-01") == "2026-09-01T00:00:00+00:00"
    assert parse_date("garbage") is None


def test_feed_with_a_million_items_is_capped(tmp_path: Path):
    p = tmp_path / "huge.xml"
    item = "<item><link>https://b.id/{}</link></item>"
    with p.open("w") as fh:
        fh.write('<rss version="2.0"><channel><title>x</title>')
        for block in range(1000):
            fh.write("".join(item.format(block * 1000 + i) for i in range(1000)))
        fh.write("</channel></rss>")
    state = LinkParse()
    tracemalloc.start()
    with p.open("rb") as fh:
        n = sum(1 for _ in iter_links(fh, state, Limits(max_items=20_000)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n == 20_000 and state.capped and state.kind == "feed"
    assert peak < 20 * 1024 * 1024


def test_sitemap_gz_file_and_url_list_detected(tmp_path: Path):
    sm = tmp_path / "sitemap.xml.gz"
    sm.write_bytes(
        gzip.compress(
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://b.id/1</loc></url></urlset>'
        )
    )
    reader = detect_source(str(sm))
    assert isinstance(reader, LinkFileReader) and reader.kind == "sitemap"
    ul = tmp_path / "urls.txt"
    ul.write_text("# seeds\nhttps://b.id/1\nhttps://b.id/2\n")
    reader = detect_source(str(ul))
    assert isinstance(reader, LinkFileReader) and reader.kind == "url"
    feed = tmp_path / "feed.rss"
    feed.write_text('<rss version="2.0"><channel><item><link>https://b.id/1</link></item></channel></rss>')
    assert detect_source(str(feed)).kind == "feed"


def test_local_feed_is_fetched_by_the_crawler(tmp_path: Path):
    from tests.servers import NewsSite
    from warta.sources.crawler import CrawlConfig

    with NewsSite() as site:
        feed = tmp_path / "feed.xml"
        links = "".join(f"<item><link>{site.url(f'/page/{i}.html')}</link></item>" for i in (1, 2))
        feed.write_text(
            f'<rss version="2.0"><channel>{links}<item><link>{site.url("/missing")}</link></item></channel></rss>'
        )
        config = CrawlConfig(per_host_delay=0, allowed_networks=("127.0.0.1/32",), timeout=2)
        docs, skipped = items(detect_source(str(feed), crawl_config=config))
        assert {d.source for d in docs} == {site.url("/page/1.html"), site.url("/page/2.html")}
        assert reasons(skipped) == ["http-status"]


def test_bad_xml_file(tmp_path: Path):
    p = tmp_path / "broken.xml"
    p.write_bytes(b"<rss><channel><item><link>https://b.id/1</link></item>\x00\x00 garbage <<<")
    state = LinkParse()
    with p.open("rb") as fh:
        got = [link.url for link in iter_links(fh, state)]
    assert got == ["https://b.id/1"]  # recover mode keeps what was readable


def test_source_set_progress_and_input_kind(tmp_path: Path):
    from warta.sources.detect import SourceSet

    write_warc(tmp_path / "a.warc.gz", standard_records(3))
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Isi berita."}) + "\n")
    (tmp_path / "c.html").write_bytes(page(1))
    sources = SourceSet([str(tmp_path / "a.warc.gz"), str(tmp_path / "b.jsonl"), str(tmp_path / "c.html"), "nope"])
    assert sources.total_bytes == sum(p.stat().st_size for p in tmp_path.iterdir())
    got = list(sources)
    kinds = [i.meta["input_kind"] for i in got if isinstance(i, RawDocument)]
    assert kinds == ["warc", "warc", "warc", "jsonl", "html"]
    assert isinstance(got[-1], Skipped) and got[-1].reason == "not-found"
    assert sources.bytes_read == sources.total_bytes


def test_jsonl_gzip_bomb(tmp_path: Path):
    p = tmp_path / "bomb.jsonl.gz"
    p.write_bytes(bomb_gzip(64, b'{"text": "a"}\n'))
    docs, skipped = items(JsonlReader(str(p)))
    assert len(docs) == 1 and reasons(skipped) == ["decompression-bomb"]


def test_sitemap_file_gzip_bomb(tmp_path: Path):
    p = tmp_path / "sitemap.xml.gz"
    p.write_bytes(
        bomb_gzip(
            64, b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://b.id/1</loc></url>'
        )
    )
    reader = detect_source(str(p), kind="sitemap")
    assert isinstance(reader, LinkFileReader)
    tracemalloc.start()
    got = list(reader._links())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [link.url for link in got] == ["https://b.id/1"]
    assert [s.reason for s in reader._pre] == ["decompression-bomb"]
    assert peak < 48 * 1024 * 1024


@pytest.mark.parametrize("gz", [True, False])
def test_warc_reader_survives_random_damage(tmp_path: Path, gz: bool):
    """Flip, cut and splice bytes of a valid WARC at random: the reader never raises, always ends,
    and never yields more documents than the file has records."""
    import random

    data = write_warc(tmp_path / "ok.warc", standard_records(6), gz=gz)
    rng = random.Random(4)
    p = tmp_path / "damaged.warc"
    for _ in range(120):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            op = rng.random()
            pos = rng.randrange(len(buf))
            if op < 0.5:
                buf[pos] = rng.randrange(256)
            elif op < 0.75:
                del buf[pos : pos + rng.randint(1, 400)]
            else:
                buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 50)))
        if rng.random() < 0.3:
            del buf[rng.randrange(len(buf)) :]
        p.write_bytes(bytes(buf))
        out = list(WarcReader(str(p)))
        assert sum(isinstance(i, RawDocument) for i in out) <= 6
        assert all(isinstance(i, (RawDocument, Skipped)) for i in out)


def test_jsonl_nested_corpus_metadata(tmp_path: Path):
    p = tmp_path / "oscar.jsonl"
    p.write_text(
        json.dumps(
            {
                "content": "Isi berita.",
                "warc_headers": {"warc-target-uri": "https://b.id/o", "warc-date": "2023-01-01T00:00:00Z"},
            }
        )
        + "\n"
        + json.dumps({"raw_content": "Isi lain.", "meta": {"url": "https://b.id/r"}})
        + "\n"
    )
    docs, _ = items(JsonlReader(str(p)))
    assert [(d.url, d.meta.get("published")) for d in docs] == [
        ("https://b.id/o", "2023-01-01T00:00:00Z"),
        ("https://b.id/r", None),
    ]


def test_warc_resource_records_and_sniffing_without_content_type(tmp_path: Path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i, (body, ctype) in enumerate(
        [
            (b"\xef\xbb\xbf<!DOCTYPE html><html><body><p>satu</p></body></html>", "text/html"),
            (
                b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>dua</body></html>',
                "application/xhtml+xml",
            ),
            (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "image/png"),
        ]
    ):
        rec = writer.create_warc_record(
            f"https://b.id/r{i}", "resource", payload=io.BytesIO(body), warc_content_type=ctype
        )
        writer.write_record(rec)
    headers = StatusAndHeaders("200 OK", [("Server", "x")], protocol="HTTP/1.1")  # no Content-Type
    rec = writer.create_warc_record(
        "https://b.id/nct",
        "response",
        payload=io.BytesIO(b"\xef\xbb\xbf<html><body>tiga</body></html>"),
        http_headers=headers,
    )
    writer.write_record(rec)
    p = tmp_path / "res.warc.gz"
    p.write_bytes(buf.getvalue())
    docs, skipped = items(WarcReader(str(p)))
    assert [d.url for d in docs] == ["https://b.id/r0", "https://b.id/r1", "https://b.id/nct"]
    assert reasons(skipped) == ["non-html"]


def test_warc_common_crawl_headers(tmp_path: Path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    no_type = StatusAndHeaders("200 OK", [("Server", "x")], protocol="HTTP/1.1")
    for url, body, extra in (
        ("https://b.id/t", page(1), {"WARC-Truncated": "length", "WARC-Identified-Payload-Type": "text/html"}),
        ("https://b.id/j", b"\x00\x01binary" * 10, {"WARC-Identified-Payload-Type": "image/jpeg"}),
    ):
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=no_type, warc_headers_dict=extra
        )
        writer.write_record(rec)
    p = tmp_path / "cc.warc.gz"
    p.write_bytes(buf.getvalue())
    docs, skipped = items(WarcReader(str(p)))
    assert [d.url for d in docs] == ["https://b.id/t"] and docs[0].meta["warc_truncated"] == "length"
    assert [(s.reason, s.detail) for s in skipped] == [("non-html", "image/jpeg")]
