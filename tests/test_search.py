"""The explorer's full-text index: stemming, query parsing, highlighting, incremental builds."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from warta.search import Filters, SearchIndex, build_index, highlight, index_status, parse_query, snippet, stem, stems
from warta.search.events import find_event_source, read_events


def test_indonesian_stems() -> None:
    assert stem("memanggil") == stem("panggilan") == "panggil"
    assert stem("perdamaian") == "damai"
    assert stem("Kebijakan") == "bijak"
    assert stem("2024") == "2024" and stem("PBB") == "pbb"
    assert stems("negara-negara antar-negara") == ["negara", "negara", "antar", "negara"]


def test_query_syntax_is_never_an_error() -> None:
    q = parse_query('banjir "jawa barat" -jakarta')
    assert q.terms == ["banjir"] and q.phrases == [["jawa", "barat"]] and q.excluded == ["jakarta"]
    for odd in ('"', "(((", "AND OR", "title:x*", "-", "", "\x00"):
        parse_query(odd)
    assert parse_query('"unclosed phrase').terms == ["unclosed", "phrase"]


def test_highlight_escapes_everything_but_mark() -> None:
    text = '<script>alert(1)</script> Pemerintah memanggil "duta" & <b onclick=x>'
    out = str(highlight(text, {"panggil", "alert"}))
    assert "<script>" not in out and "<b " not in out
    assert "&lt;script&gt;<mark>alert</mark>" in out
    assert "<mark>memanggil</mark>" in out and "&amp;" in out and "&#34;duta&#34;" in out
    long = ("kata biasa " * 100) + "di sini ada banjir besar " + ("lagi " * 100)
    snip = str(snippet(long, {"banjir"}, size=120))
    assert "<mark>banjir</mark>" in snip and snip.startswith("…") and len(snip) < 200


def _db(tmp_path: Path) -> Path:
    from tests.helpers import sample_pages
    from warta.ingest import ingest

    pages = sample_pages(tmp_path / "pages")
    db = tmp_path / "news.duckdb"
    ingest([str(pages)], db, analyze=True)
    return db


def test_build_search_and_incremental_update(tmp_path: Path) -> None:
    db = _db(tmp_path)
    first = build_index(db)
    assert first.mode == "full" and first.indexed == first.articles == 3
    assert build_index(db).mode == "fresh"
    assert index_status(db)["state"] == "fresh"
    index = SearchIndex.for_db(db)
    res = index.search("banjir merendam rumah")
    assert res.total == 1 and not res.relaxed
    res = index.search("mengungsi")  # "mengungsi" in the body, stem "ungsi"
    assert res.total == 1
    res = index.search("kopi", Filters(outlet=["nonexistent"]))
    assert res.total == 0
    res = index.search("banjir gempa")  # no article has both: any word is accepted
    assert res.relaxed and res.total == 2
    res = index.search("", sort="newest", limit=2)
    assert res.total == 3 and len(res.hits) == 2
    # one more page: an incremental build adds it
    from warta.ingest import ingest

    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "tempo-pemilu.txt").write_text(
        "Pemungutan Suara Ulang Digelar di Tiga TPS\n\nJakarta - Komisi Pemilihan Umum menggelar pemungutan "
        "suara ulang di tiga tempat pemungutan suara pada Minggu setelah ditemukan pelanggaran.\n", "utf-8")
    ingest([str(tmp_path / "more")], db)
    assert index_status(db)["state"] == "stale"
    second = build_index(db)
    assert second.mode == "incremental" and second.indexed == 1 and second.articles == 4
    index = SearchIndex.for_db(db)
    res = index.search("pemilihan umum", columns=("title", "text_opening"))
    assert res.total == 1 and res.hits[0].fields["title"].startswith("Pemungutan Suara Ulang")
    assert res.hits[0].fields["text_opening"].startswith("Komisi Pemilihan Umum menggelar")
    assert index.search("banjir").total == 1  # nothing was indexed twice
    # re-ingesting changes nothing in what a results page reads (the hits table follows articles)
    assert len(index.search("", limit=10).hits) == 4


def test_rebuild_when_index_format_or_files_are_damaged(tmp_path: Path) -> None:
    db = _db(tmp_path)
    report = build_index(db)
    manifest = Path(report.index_dir) / "manifest.json"
    data = json.loads(manifest.read_text())
    data["format"] = -1
    manifest.write_text(json.dumps(data))
    assert build_index(db).mode == "full"
    assert build_index(db, force=True).mode == "full"


@pytest.mark.parametrize(
    ("ddl", "row"),
    [
        # the events stage's table (warta.events.store)
        ("CREATE TABLE event_mentions (article_id VARCHAR, idx INTEGER, event VARCHAR, modes VARCHAR[], "
         "actor_entity VARCHAR, actor_name VARCHAR, recipient_entity VARCHAR, recipient_name VARCHAR, "
         "date VARCHAR, score DOUBLE, sentence VARCHAR)",
         ["a1", 0, "ACCUSE", ["verbal"], "E1", "Presiden X, Budi", None, "Negara Y", "2024-08", -2.0, "s"]),
        # actors as JSON objects, other column names
        ("CREATE TABLE event_records (doc_id VARCHAR, event_type VARCHAR, source JSON, target JSON, "
         "event_date DATE, intensity DOUBLE)",
         ["a1", "accuse", '{"name": "Budi Santoso"}', '{"name": "Negara Y"}', "2024-08-01", -2.0]),
    ],
)
def test_events_adapter_reads_either_shape(tmp_path: Path, ddl: str, row: list[object]) -> None:
    con = duckdb.connect(str(tmp_path / "e.duckdb"))
    con.execute("CREATE TABLE doc_entities (article_id VARCHAR, entity_id VARCHAR, name VARCHAR)")
    con.execute("INSERT INTO doc_entities VALUES ('a1', 'E1', 'Budi Santoso')")
    con.execute(ddl)
    table = ddl.split()[2]
    con.execute(f"INSERT INTO {table} VALUES ({', '.join('?' * len(row))})", row)
    source = find_event_source(con)
    assert source is not None and source.table == table
    (ev,) = read_events(con, source)
    assert ev["type"] == "ACCUSE" and ev["source"] == "Budi Santoso" and ev["target"] == "Negara Y"
    assert ev["score"] == -2.0 and ev["date"].startswith("2024-08")


def test_no_events_table_means_no_events(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "e.duckdb"))
    con.execute("CREATE TABLE events (x INTEGER)")  # unrelated shape: ignored
    assert find_event_source(con) is None
