"""The Spark job (warta.spark): manifests, per-record rows, the task-side Parquet writer and the
driver's commit (without Spark), and, marked ``spark``, the job itself in local[2] mode against the
local pipeline on the same WARC records.

The Spark tests share one session (local[2] with task retries, no UI, 2 shuffle partitions) and
stay small: three WARC files of about a dozen records each, built here with warcio from pages
written for these tests. Deselect them with ``pytest -m 'not spark'``.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from warta.spark.manifest import manifest_id, parse_manifest, read_manifest
from warta.spark.rows import RECORD_NAMES, Options, event_tuple, normalise_events, process_file
from warta.spark.staging import TaskWriter, WriteSpec, commit, escape_value, merge_copies
from warta.spark.warcs import Page, write_warc

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# ------------------------------------------------------------------ sample pages (written for these tests)

_OUTLETS = [
    ("kompas.com", "Kompas.com", "https://www.kompas.com/read/2025/03/0{d}/{slug}", "JAKARTA, KOMPAS.com"),
    ("detik.com", "detikcom", "https://news.detik.com/berita/d-70{d}1/{slug}", "Jakarta"),
    ("antaranews.com", "ANTARA News", "https://www.antaranews.com/berita/40{d}/{slug}", "Jakarta (ANTARA)"),
]
_STORIES = [
    ("banjir-bekasi", "Banjir Rendam Ratusan Rumah di Bekasi", "Wali Kota Bekasi Tri Adhianto",
     "Kami sudah kerahkan perahu karet ke titik terdalam sejak subuh", "Bekasi, Jawa Barat",
     "Badan Penanggulangan Bencana Daerah mencatat 450 rumah terendam."),
    ("ekspor-kopi", "Ekspor Kopi Indonesia Naik 12 Persen", "Kepala Badan Pusat Statistik Amalia Adininggar",
     "Permintaan dari Eropa dan Amerika Serikat terus tumbuh sejak tahun lalu", "Jakarta",
     "Nilai ekspor kopi mencapai 1,2 miliar dolar AS pada kuartal pertama."),
    ("gempa-garut", "Gempa Magnitudo 5,2 Guncang Garut", "Kepala BMKG Dwikorita Karnawati",
     "Gempa ini tidak berpotensi tsunami, masyarakat diminta tetap tenang", "Garut, Jawa Barat",
     "Warga sempat berhamburan keluar rumah saat guncangan terasa."),
    ("harga-beras", "Harga Beras Turun Menjelang Panen Raya", "Menteri Perdagangan Budi Santoso",
     "Stok beras di gudang Bulog cukup sampai akhir tahun", "Surabaya, Jawa Timur",
     "Harga beras medium turun menjadi Rp12.500 per kilogram di pasar induk."),
]


def article_html(outlet: int, story: int, day: int) -> tuple[str, bytes]:
    domain, site, url_t, dateline = _OUTLETS[outlet]
    slug, title, speaker, quote, place, fact = _STORIES[story]
    url = url_t.format(d=day, slug=slug)
    author = ["Siti Aminah", "Rizky Pratama", "Dewi Lestari"][(outlet + story) % 3]
    html = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{title} - {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{site}">
<meta property="og:url" content="{url}">
<link rel="canonical" href="{url}">
<meta property="article:published_time" content="2025-03-0{day}T0{day}:15:00+07:00">
<meta name="author" content="{author}">
</head><body>
<header><nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a> <a href="/ekonomi">Ekonomi</a></nav></header>
<main><article>
<h1>{title}</h1>
<div class="byline">Penulis: {author}</div>
<figure><img src="https://img.{domain}/foto/{slug}.jpg" alt="{title}">
<figcaption>Suasana di {place}. (Foto: {site}/{author})</figcaption></figure>
<div class="content">
<p>{dateline} - {title.split(" di ")[0]} terjadi di {place} pada Senin (3/3/2025). {fact}</p>
<p>"{quote}," kata {speaker} kepada wartawan di {place.split(",")[0]}, Senin.</p>
<p>Menurut {speaker}, pemerintah daerah akan terus memantau perkembangan situasi bersama
aparat terkait dan melaporkan hasilnya kepada Presiden Prabowo Subianto pekan depan.</p>
<p>Sebelumnya, Gubernur Jawa Barat Dedi Mulyadi meminta warga tetap waspada dan mengikuti
arahan petugas di lapangan selama beberapa hari ke depan.</p>
</div>
</article></main>
<footer>Copyright 2025 {site}. All rights reserved.</footer>
</body></html>"""
    return url, html.encode("utf-8")


def make_pages(file_no: int) -> list[Page]:
    """About a dozen records per file: articles, plus the records a crawl also holds."""
    pages: list[Page] = []
    for i in range(9):
        outlet, story, day = (file_no + i) % 3, (i + file_no) % 4, 1 + (i + 2 * file_no) % 5
        url, body = article_html(outlet, story, day)
        pages.append(Page(url, body, date=f"2025-03-0{day}T12:00:00Z"))
    pages.append(Page(f"https://www.kompas.com/robots-{file_no}.txt", b"User-agent: *\nDisallow:\n",
                      content_type="text/plain"))
    pages.append(Page(f"https://news.detik.com/hilang-{file_no}", b"<html><body>Not found</body></html>", status=404))
    pages.append(Page(f"https://img.kompas.com/logo-{file_no}.png", b"\x89PNG\r\n\x1a\n" + bytes(200),
                      content_type="image/png"))
    if file_no == 1:
        # The same URL crawled again later in the same file, with the story updated: the last copy wins.
        url, body = pages[0].url, pages[0].body
        pages.append(Page(url, body.replace(b"Sebelumnya,", b"Sebelumnya, pada Minggu malam,"),
                          date="2025-03-05T12:00:00Z"))
    if file_no == 0:
        # The mission page as a text/plain resource record: WARC input is HTML, so it is skipped (non-html).
        text = (EXAMPLES / "idntimes-kazakhstan-belarus.txt").read_bytes()
        pages.append(Page("https://www.idntimes.com/news/world/kazakhstan-belarus", text, content_type="text/plain",
                          record_type="resource"))
        pages.append(Page("https://www.kompas.com/kosong", b"<html><body></body></html>"))
    return pages


def build_warcs(folder: Path, n: int = 3) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(n):
        path = folder / f"sample-{f:02d}.warc.gz"
        write_warc(path, make_pages(f))
        paths.append(str(path))
    # A damaged file: a good record, then garbage where the next record should start.
    broken = folder / "broken.warc"
    url, body = article_html(0, 0, 1)
    write_warc(broken, [Page(url, body)], gzip=False)
    with broken.open("ab") as fh:
        fh.write(b"this is not a WARC record\r\n\r\n" * 3)
    paths.append(str(broken))
    return paths


def write_manifest(path: Path, paths: list[str]) -> Path:
    path.write_text("# test manifest\n\n" + "\n".join(paths) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ without Spark

def test_parse_manifest(tmp_path: Path) -> None:
    text = "# comment\n\ncrawl-data/CC-NEWS/a.warc.gz\n  crawl-data/CC-NEWS/b.warc.gz \ncrawl-data/CC-NEWS/a.warc.gz\n"
    assert parse_manifest(text, prefix="s3://commoncrawl/") == [
        "s3://commoncrawl/crawl-data/CC-NEWS/a.warc.gz",
        "s3://commoncrawl/crawl-data/CC-NEWS/b.warc.gz",
    ]
    assert parse_manifest("hdfs://nn/x.warc.gz\n/abs/y.warc\n") == ["hdfs://nn/x.warc.gz", "/abs/y.warc"]
    assert parse_manifest("rel/z.warc", base="/data") == ["/data/rel/z.warc"]
    gz = tmp_path / "warc.paths.gz"
    gz.write_bytes(gzip.compress(b"crawl-data/x.warc.gz\n"))
    assert read_manifest(str(gz), prefix="https://data.commoncrawl.org") == [
        "https://data.commoncrawl.org/crawl-data/x.warc.gz"
    ]


def test_manifest_id_is_stable_and_nameable() -> None:
    a = manifest_id(["/a.warc.gz", "/b.warc.gz"])
    assert a == manifest_id(["/a.warc.gz", "/b.warc.gz"]) and a != manifest_id(["/a.warc.gz"])
    assert manifest_id(["/a"], "CC-NEWS 2024/01") == "CC-NEWS-2024-01"


def test_process_file_yields_articles_and_reasons(tmp_path: Path) -> None:
    paths = build_warcs(tmp_path, n=1)
    rows = list(process_file(0, paths[0], Options(analyze=False, events=False)))
    assert all(len(r) == len(RECORD_NAMES) for r in rows)
    col = {name: i for i, name in enumerate(RECORD_NAMES)}
    kinds = [r[col["kind"]] for r in rows]
    assert kinds.count("article") == 10  # nine articles and an empty page (is_article false), as extract() has it
    assert sum(1 for r in rows if r[col["is_article"]]) == 9
    reasons = {r[col["reason"]] for r in rows if r[col["kind"]] == "problem"}
    assert {"non-html", "http-status"} <= reasons
    arts = [r for r in rows if r[col["kind"]] == "article"]
    assert all(r[col["record_source"]].startswith(paths[0] + "#") for r in arts)
    assert {r[col["pub_outlet"]] for r in arts} <= {"kompas.com", "news.detik.com", "antaranews.com", "unknown"}
    broken = list(process_file(1, paths[-1], Options(analyze=False, events=False)))
    assert broken[0][col["kind"]] == "article"
    assert any(r[col["status"]] == "error" for r in broken)
    missing = list(process_file(2, str(tmp_path / "nope.warc.gz"), Options()))
    assert [(r[col["stage"]], r[col["reason"]]) for r in missing] == [("read", "read-error")]


def test_events_are_normalised_whatever_the_coder_returns() -> None:
    from dataclasses import dataclass

    @dataclass
    class Ev:
        event: str
        source: dict[str, str]

    assert normalise_events(None) == []
    assert normalise_events({"events": [{"event": "PROTEST"}]}) == [{"event": "PROTEST"}]
    assert normalise_events([Ev("ACCUSE", {"name": "Budi", "entity": "E1"})])[0]["event"] == "ACCUSE"
    row = event_tuple(0, "a1", {"event": "ASSAULT", "modes": ["beat"], "actor": {"name": "Polisi", "entity": "E2"},
                                "recipient": None, "start": 3, "end": 9, "context": ["protest"], "confidence": 1})
    assert row[:7] == (0, None, "ASSAULT", ["beat"], ["protest"], "E2", "Polisi")
    assert row[-4] == 1.0 and json.loads(row[-1])["article"] == "a1"


# ------------------------------------------------------------------ the task-side writer and the commit

def _spec(out: Path, run_id: str = "r1", manifest: str = "m1", **kw: Any) -> WriteSpec:
    return WriteSpec(output=str(out), run_id=run_id, manifest=manifest,
                     run_started=datetime(2026, 1, 1, tzinfo=UTC), **kw)


def _attempt(spec: WriteSpec, rows: list[tuple[Any, ...]], file_idx: int, attempt: str) -> dict[str, Any]:
    writer = TaskWriter(spec, file_idx, attempt)
    for row in rows:
        writer.add(row)
    return writer.close()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_commit_takes_one_attempt_and_replaces_older_runs(tmp_path: Path) -> None:
    paths = build_warcs(tmp_path / "w", n=2)
    rows0 = list(process_file(0, paths[0], Options(analyze=False, events=False)))
    out = tmp_path / "out"
    spec = _spec(out, flush_articles=4)
    # A failed attempt (stopped after one flush), a complete one and a speculative copy of it.
    failed = TaskWriter(spec, 0, "p00000-a0")
    for row in rows0[:6]:
        failed.add(row)
    ok = _attempt(spec, rows0, 0, "p00000-a1")
    _attempt(spec, rows0, 0, "p00000-a2")
    assert ok["chunks"] == 3 and (out / "_staging" / "r1" / "p00000-a2").is_dir()
    n = commit(spec, [ok])
    assert n == len(ok["files"]) and not (out / "_staging").exists()
    arts = duckdb.sql(f"SELECT id, manifest, run_id FROM {_parquet(out, 'articles')}").fetchall()
    assert len(arts) == ok["articles"] == 10 and len({a[0] for a in arts}) == 10
    assert {(a[1], a[2]) for a in arts} == {("m1", "r1")}
    errors = duckdb.sql(f"SELECT reason FROM {_parquet(out, 'errors')}").fetchall()
    assert len(errors) == sum(ok["skipped"].values()) + sum(ok["errors"].values())

    # Another manifest in the same dates and outlets, then a rerun of m1 over fewer records.
    other = _spec(out, run_id="r2", manifest="m2")
    commit(other, [_attempt(other, rows0, 0, "p00000-a0")])
    rerun = _spec(out, run_id="r3")
    part = [r for r in rows0 if r[RECORD_NAMES.index("kind")] == "article"][:3]
    st = _attempt(rerun, part, 0, "p00000-a5")
    commit(rerun, [st])
    rows = duckdb.sql(f"SELECT manifest, run_id, pub_date, pub_outlet FROM {_parquet(out, 'articles')}").fetchall()
    assert sum(1 for r in rows if r[0] == "m2") == 10  # untouched
    rewritten = {(r[2], r[3]) for r in rows if r[1] == "r3"}
    assert len(rewritten) >= 1
    # Partitions the rerun wrote hold only its rows; partitions it did not write keep the first run's.
    assert not [r for r in rows if r[0] == "m1" and r[1] == "r1" and (r[2], r[3]) in rewritten]
    assert {r[1] for r in rows if r[0] == "m1"} == {"r1", "r3"}
    # The rerun had no problems: the manifest's errors partition is replaced by nothing.
    assert not list((out / "errors" / "manifest=m1").glob("*.parquet"))
    assert all(p.name.startswith("part-r") and p.suffix == ".parquet" for p in _files(out))


def test_task_writer_keeps_the_last_copy_in_the_first_place(tmp_path: Path) -> None:
    paths = build_warcs(tmp_path / "w", n=2)
    rows = list(process_file(1, paths[1], Options(analyze=False, events=False)))
    out = tmp_path / "out"
    spec = _spec(out)
    st = _attempt(spec, rows, 1, "p00001-a0")
    assert st["duplicates"] == 1 and st["articles"] == 10
    commit(spec, [st])
    arts = duckdb.sql(f"SELECT id, seq, rec_no, text FROM {_parquet(out, 'articles')} ORDER BY seq").fetchall()
    assert len(arts) == 9
    first = arts[0]
    assert first[1] == (1 << 40) + 0 and first[2] > 0  # the first copy's place, the last copy's record
    assert "pada Minggu malam" in first[3]


def test_merge_copies_is_order_free() -> None:
    import itertools
    from functools import reduce

    copies = [(5, 5, (0, 0), ()), (2, 9, (1, 0), ()), (1, 7, (2, 3), ())]
    results = set()
    for order in itertools.permutations(copies):
        place, last, win, losers = reduce(merge_copies, order)
        results.add((place, last, win, frozenset(losers)))
    assert results == {(1, 9, (1, 0), frozenset({(0, 0), (2, 3)}))}


def test_a_value_the_schema_cannot_hold_is_an_error_not_a_failed_task(tmp_path: Path) -> None:
    paths = build_warcs(tmp_path / "w", n=1)
    rows = list(process_file(0, paths[0], Options(analyze=False, events=False)))
    col = {name: i for i, name in enumerate(RECORD_NAMES)}
    arts = [i for i, r in enumerate(rows) if r[col["kind"]] == "article" and r[col["sections"]]]
    bad = list(rows[arts[0]])
    bad[col["sections"]] = [("not a number", None, None, [])]
    rows[arts[0]] = tuple(bad)
    out = tmp_path / "out"
    spec = _spec(out)
    st = _attempt(spec, rows, 0, "p00000-a0")
    assert st["articles"] == 9 and sum(st["errors"].values()) == 1
    commit(spec, [st])
    assert ("write", "error") in duckdb.sql(f"SELECT stage, status FROM {_parquet(out, 'errors')}").fetchall()
    assert len(duckdb.sql(f"SELECT id FROM {_parquet(out, 'articles')}").fetchall()) == 9


def test_partition_values_are_escaped_as_spark_does() -> None:
    assert escape_value("kompas.com") == "kompas.com"
    assert escape_value("a/b:c=d") == "a%2Fb%3Ac%3Dd"
    assert escape_value("") == "__HIVE_DEFAULT_PARTITION__"


# ------------------------------------------------------------------ with Spark

@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java on this machine")
    from warta.spark.job import build_session

    session = build_session("local[2]", {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"},
                            app_name="warta-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return build_warcs(tmp_path_factory.mktemp("warcs"))


def _local_reference(paths: list[str], db: Path) -> None:
    """What `warta ingest --analyze` does per record (process, de-duplicate, Store.put_article, event records),
    over the same WARC records read with warta.sources.warc, in the same order."""
    import inspect

    from warta.errors import InputError
    from warta.ingest import process
    from warta.sources.base import Skipped
    from warta.sources.warc import WarcReader
    from warta.spark.rows import code_events, event_coder
    from warta.store import Store

    with_dedup = "dedup" in inspect.signature(Store.put_article).parameters
    index = None
    if with_dedup:
        from warta.dedup import DedupIndex

        index = DedupIndex()
    with Store(db) as store:
        for path in paths:
            for item in WarcReader(path):
                if isinstance(item, Skipped):
                    store.log_source(item.source, "skipped", reason=item.reason)
                    continue
                item.meta.setdefault("input_kind", "warc")  # as warta.sources.detect marks WARC records
                try:
                    article, analysis = process(item, analyze=True)
                except InputError as exc:
                    store.log_source(item.source, "skipped", reason=exc.reason)
                    continue
                assert article.id is not None
                if "events" not in analysis and event_coder() is not None:
                    analysis["events"] = code_events(article, analysis)
                if index is not None:
                    result = index.add(article.id, article.text, published=article.published) if article.text \
                        else None
                    store.put_article(article, analysis, dedup=result)  # type: ignore[call-arg]
                else:
                    store.put_article(article, analysis)
                store.log_source(item.source, "stored", article.id)
        try:
            from warta.events.store import refresh_events
        except ImportError:
            return
        refresh_events(store)


ARTICLE_COLS = ("id, url, outlet_name, outlet_domain, language, title, subtitle, key_points, authors, editors, "
                "published, modified, dateline_place, dateline_outlet, category, tags, notes, is_article, text, "
                "source, input_kind, extractor_version, key_points_generated, schema_version, article_json")
# store table -> (spark table, columns compared, order)
COMPARED = {
    "articles": ("articles", ARTICLE_COLS, "id"),
    "sections": ("sections", "article_id, idx, heading, number, paragraphs", "article_id, idx"),
    "images": ("images", "article_id, idx, url, caption, credit, is_cover, section", "article_id, idx"),
    "related": ("related", "article_id, idx, title, url, kind", "article_id, idx"),
    "doc_entities": ("entities", "article_id, entity_id, name, type, aliases, roles, country, code",
                     "article_id, entity_id"),
    "mentions": ("mentions", 'article_id, "start", "end", text, type, entity_id',
                 'article_id, "start", "end", entity_id'),
    "quotes": ("quotes", 'article_id, idx, text, "start", "end", direct, cue, speaker_entity, speaker_name, source',
               "article_id, idx"),
    "dates": ("dates", 'article_id, text, "start", "end", value, precision', 'article_id, "start", "end", text'),
    "event_mentions": ("events", 'article_id, idx, outlet, event, modes, context, actor_entity, actor_name, '
                       'actor_country, actor_sector, actor_code, recipient_entity, recipient_name, recipient_country, '
                       'recipient_sector, recipient_code, date, date_precision, location_name, location_country, '
                       'trigger, sentence, "start", "end", confidence, score, language, record', "article_id, idx"),
}
# Set by a sequential pass over the whole corpus: compared after load-parquet, not in the Spark tables.
# (text_hash is compared apart, against the stored text: see _check_text_hashes.)
DEDUP_COLS = "cluster_id, is_origin"


def _check_text_hashes(local: Any, loaded: Any) -> None:
    """Both paths store the hash of the text they store (an article stored twice with different text
    in one run included: the local ingest stores the last text's hash with the first placement)."""
    from warta.dedup import text_hash

    q = "SELECT id, text, text_hash FROM articles ORDER BY id"
    mine = loaded.execute(q).fetchall()
    theirs = local.execute(q).fetchall()
    assert mine and all(h == (text_hash(t) if t else None) for _, t, h in mine)
    assert all(h == (text_hash(t) if t else None) for _, t, h in theirs)
    assert [r[2] for r in mine] == [r[2] for r in theirs]


def _has_table(con: Any, table: str) -> bool:
    return bool(con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [table]).fetchall())


def _parquet(out: Path, table: str) -> str:
    return f"read_parquet('{out}/{table}/**/*.parquet', hive_partitioning = true, hive_types_autocast = false)"


def _select(con: Any, out: Path, table: str, cols: str, order: str) -> list[tuple[Any, ...]]:
    if not list((out / table).glob("**/*.parquet")):
        return []  # a table with no rows in this run has no files
    return con.execute(f"SELECT {cols} FROM {_parquet(out, table)} ORDER BY {order}").fetchall()


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _normalise(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    # JSON columns come back from DuckDB's JSON type and from Parquet strings as text; compare them parsed.
    return [tuple(_maybe_json(v) for v in r) for r in rows]


def _run(warcs: list[str], out: Path, **kw: Any) -> Any:
    from warta.spark.job import run

    return run(warcs, str(out), **kw)


@pytest.mark.spark
def test_spark_output_equals_local_pipeline(spark: Any, warcs: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    # Small chunks: copies of one article in different chunks of one file as well as in different files.
    report = _run(warcs, out, flush_articles=3)
    assert report.articles > 20 and report.duplicates > 1  # the same URLs occur in several files
    assert not (out / "_staging").exists()
    assert report.skipped["non-html"] >= 3 and report.skipped["http-status"] == 3
    assert sum(report.errors.values()) >= 1

    db = tmp_path / "local.duckdb"
    _local_reference(warcs, db)
    con = duckdb.connect(str(db), read_only=True)
    for store_table, (spark_table, cols, order) in COMPARED.items():
        if not _has_table(con, store_table):  # the events stage not installed: no event records on either side
            assert _select(con, out, spark_table, "*", "ALL") == []
            continue
        local = con.execute(f"SELECT {cols} FROM {store_table} ORDER BY {order}").fetchall()
        remote = _select(con, out, spark_table, cols, order)
        assert _normalise(remote) == _normalise(local), store_table
        assert len(local) > 0 or store_table in ("images", "related"), store_table
    con.close()

    # Partitioned by publication date and outlet, then manifest.
    dirs = {p.relative_to(out / "articles").parts[:3] for p in (out / "articles").glob("*/*/*/*.parquet")}
    assert ("pub_date=2025-03-01", "pub_outlet=kompas.com", f"manifest={report.manifest_id}") in dirs
    assert list((out / "entities").glob("pub_date=*/pub_outlet=*/manifest=*/*.parquet"))
    errors = duckdb.sql(f"SELECT stage, reason, status FROM {_parquet(out, 'errors')}").fetchall()
    assert ("read", "http-status", "skipped") in errors and any(s == "error" for _, _, s in errors)

    # load-parquet gives the database a local ingest gives (ingested_at aside).
    from warta.spark.load import load_parquet

    loaded = tmp_path / "loaded.duckdb"
    lr = load_parquet(out, loaded)
    assert lr.articles == report.articles
    a = duckdb.connect(str(db), read_only=True)
    b = duckdb.connect(str(loaded), read_only=True)
    dedup_cols = f", {DEDUP_COLS}" if "cluster_id" in {r[0] for r in a.execute("DESCRIBE articles").fetchall()} \
        else ""
    for store_table, (_, cols, order) in {**COMPARED, "articles": ("", ARTICLE_COLS + dedup_cols, "id")}.items():
        if not _has_table(a, store_table):
            continue
        q = f"SELECT {cols} FROM {store_table} ORDER BY {order}"
        assert _normalise(b.execute(q).fetchall()) == _normalise(a.execute(q).fetchall()), store_table
    if dedup_cols:
        _check_text_hashes(a, b)
    if _has_table(a, "events"):
        q = "SELECT event, actor_name, recipient_name, num_mentions, num_articles FROM events ORDER BY ALL"
        assert b.execute(q).fetchall() == a.execute(q).fetchall()
    stored = b.execute("SELECT count(*) FROM ingest_log WHERE status = 'stored'").fetchone()
    assert stored is not None and stored[0] == report.articles
    a.close()
    b.close()
    # Loading again changes nothing.
    load_parquet(out, loaded)
    with duckdb.connect(str(loaded), read_only=True) as c:
        assert c.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (lr.articles, lr.articles)


@pytest.mark.spark
def test_equivalence_with_warta_ingest_on_warc(spark: Any, warcs: list[str], tmp_path: Path) -> None:
    """Against `warta ingest` itself, once it reads WARC input (warta.sources.detect)."""
    from warta.ingest import ingest

    db = tmp_path / "ingest.duckdb"
    ingest(warcs, db, analyze=True)
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM articles WHERE source LIKE '%.warc%#%'").fetchone()
    if not row or row[0] == 0:
        pytest.skip("warta ingest does not read WARC files yet (compared via process() + Store instead)")
    out = tmp_path / "out"
    _run(warcs, out)
    with duckdb.connect(str(db), read_only=True) as con:
        for store_table, (spark_table, cols, order) in COMPARED.items():
            local = con.execute(f"SELECT {cols} FROM {store_table} ORDER BY {order}").fetchall()
            remote = _select(con, out, spark_table, cols, order)
            assert _normalise(remote) == _normalise(local), store_table


def _table(out: Path, table: str, cols: str = "*") -> list[tuple[Any, ...]]:
    return duckdb.sql(f"SELECT {cols} FROM {_parquet(out, table)} ORDER BY ALL").fetchall()


@pytest.mark.spark
def test_rerun_replaces_and_other_manifests_survive(spark: Any, warcs: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _run(warcs[:2], out, analyze=False)
    arts = _table(out, "articles", "id, manifest")
    sections = _table(out, "sections", "article_id, idx")
    second = _run(warcs[:2], out, analyze=False)
    assert second.manifest_id == first.manifest_id and second.run_id != first.run_id
    assert _table(out, "articles", "id, manifest") == arts
    assert _table(out, "sections", "article_id, idx") == sections
    assert {r[0] for r in _table(out, "articles", "run_id")} == {second.run_id}
    # Another manifest writing into the same dates and outlets leaves the first one's rows alone.
    other = _run(warcs[2:3], out, analyze=False)
    rows = _table(out, "articles", "id, manifest")
    assert [r for r in rows if r[1] == first.manifest_id] == arts
    assert {r[1] for r in rows} == {first.manifest_id, other.manifest_id}
    assert len(_table(out, "runs", "run_id")) == 3


@pytest.mark.spark
def test_failed_tasks_are_retried_without_duplicates(spark: Any, warcs: list[str], tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    expected = _run(warcs, clean, analyze=False)
    # Every task's first attempt fails: after 3 records (having written one chunk of 2 articles), or
    # after writing all of its files (what a slow speculative copy or a lost executor leaves behind).
    for fail_after in (3, 10**6):
        retried = tmp_path / f"retried-{fail_after}"
        report = _run(warcs, retried, analyze=False, fail_first_attempt_after=fail_after, flush_articles=2)
        assert report.articles == expected.articles == len(_table(retried, "articles", "id"))
        assert report.rows == expected.rows
        for table in ("articles", "sections", "errors"):
            cols = "id, url, text, seq" if table == "articles" else (
                "record_source, reason" if table == "errors" else "*  EXCLUDE (run_id, run_started)")
            assert _table(retried, table, cols) == _table(clean, table, cols), table
        ids = [r[0] for r in _table(retried, "articles", "id")]
        assert len(ids) == len(set(ids))
        assert not (retried / "_staging").exists()


@pytest.mark.spark
def test_cli_spark_and_load_parquet(spark: Any, warcs: list[str], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from warta.cli.main import cli

    manifest = write_manifest(tmp_path / "warc.paths", warcs[:1])
    out = tmp_path / "out"
    runner = CliRunner()
    res = runner.invoke(cli, ["spark", str(manifest), "--output", str(out), "--no-analyze", "--manifest-id",
                              "test-1", "--report", str(tmp_path / "r.json")])
    assert res.exit_code in (0, 1), res.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["manifest_id"] == "test-1" and report["articles"] > 0
    assert (out / "articles").is_dir()
    db = tmp_path / "x.duckdb"
    res = runner.invoke(cli, ["load-parquet", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["stats", "--db", str(db)])
    assert res.exit_code == 0, res.output
    # An output that cannot be written: one clear line, before any task runs.
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    res = runner.invoke(cli, ["spark", str(manifest), "--output", str(blocker / "out"), "--no-analyze"])
    assert res.exit_code == 3 and "cannot write here" in res.output and "Traceback" not in res.output


def test_local_driver_jvm_runs_with_the_quick_compiler_only(spark: Any) -> None:
    """The local-mode JVM options reach the running JVM (not only Spark's configuration)."""
    from warta.spark.job import LOCAL_JVM_OPTIONS

    args = list(spark._jvm.java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())
    for option in LOCAL_JVM_OPTIONS.split():
        assert option in args
