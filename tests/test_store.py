"""The DuckDB store: documented tables, idempotent ingest, stats, show and export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from warta.cli.main import cli
from warta.ingest import ingest
from warta.model import Article
from warta.store import Store

from .helpers import sample_pages


def test_ingest_stores_articles_with_children(tmp_path: Path, mission_page: Path) -> None:
    db = tmp_path / "news.duckdb"
    report = ingest([str(mission_page)], db)
    assert (report.stored, report.failed) == (1, 0)
    con = duckdb.connect(str(db), read_only=True)
    title, outlet, dateline = con.execute("SELECT title, outlet_name, dateline_place FROM articles").fetchone()
    assert (title, outlet, dateline) == ("Kazakhstan Protes Belarus soal Pernyataan Lukashenko", "IDN Times", "Jakarta")
    headings = con.execute("SELECT number, heading FROM sections ORDER BY idx").fetchall()
    assert headings[1:] == [(1, "Klaim Kazakhstan menjunjung perdamaian"),
                            (2, "Lukashenko sebut Kazakhstan menolak membantu Rusia")]
    assert con.execute("SELECT count(*) FROM images WHERE is_cover").fetchone() == (1,)
    assert con.execute("SELECT kind FROM related").fetchall() == [("read_also",)]


def test_ingesting_twice_keeps_one_copy(tmp_path: Path) -> None:
    pages = sample_pages(tmp_path / "in")
    db = tmp_path / "news.duckdb"
    first = ingest([str(pages)], db)
    assert first.stored == 3
    again = ingest([str(pages)], db)
    assert again.stored == 0 and again.already_done == 3
    forced = ingest([str(pages)], db, force=True)
    assert forced.stored == 0 and forced.updated == 3
    # the same page under another file name is the same article (content hash id)
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(next(pages.iterdir()), copy / "renamed.txt")
    renamed = ingest([str(copy)], db)
    assert renamed.updated == 1 and renamed.stored == 0
    with Store(db, read_only=True) as store:
        assert store.stats()["articles"] == 3
        assert store.con.execute("SELECT count(*) FROM sections").fetchone()[0] == store.con.execute(
            "SELECT count(DISTINCT (article_id, idx)) FROM sections").fetchone()[0]


def test_same_url_is_one_article(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    from warta import extract

    a = extract("Jakarta - Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua belas.",
                url="https://www.Example.com/a/?utm_source=x")
    b = extract("Jakarta - Teks yang sudah diperbarui oleh redaksi pada hari yang sama, dengan tambahan kalimat.",
                url="http://example.com/a")
    assert a.id == b.id
    with Store(db) as store:
        assert store.put_article(a) is True
        assert store.put_article(b) is False
        assert store.stats()["articles"] == 1
        got = store.get_article(a.id or "")
        assert got is not None and "diperbarui" in got.text


def test_updated_page_in_one_run_stores_its_own_text_hash(tmp_path: Path) -> None:
    """The same URL twice in one ingest with different text (an updated page): one article, the
    last text, and a text_hash that is the hash of that text (not the first version's)."""
    from warta.dedup import text_hash

    body = " ".join(f"kalimat nomor {i} tentang banjir di kota ini." for i in range(40))
    pages = tmp_path / "in"
    pages.mkdir()
    for name, extra in (("a1.html", ""), ("a2.html", " Redaksi memperbarui berita ini pada sore hari.")):
        (pages / name).write_text(
            '<html><head><link rel="canonical" href="https://berita.example/banjir-1">'
            f"<title>Banjir</title></head><body><article><h1>Banjir</h1><p>{body}{extra}</p></article></body></html>",
            "utf-8",
        )
    db = tmp_path / "news.duckdb"
    ingest([str(pages / "a1.html"), str(pages / "a2.html")], db)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT text, text_hash FROM articles").fetchall()
    con.close()
    assert len(rows) == 1
    text, stored_hash = rows[0]
    assert "memperbarui" in text and stored_hash == text_hash(text)


def test_cli_stats_show_export(tmp_path: Path, mission_page: Path) -> None:
    pages = sample_pages(tmp_path / "in")
    shutil.copy(mission_page, pages / mission_page.name)
    db = str(tmp_path / "news.duckdb")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(pages), "--db", db, "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["stored"] == 4 and report["failures"] == []

    result = runner.invoke(cli, ["stats", "--db", db, "--json"])
    assert result.exit_code == 0
    figures = json.loads(result.output)
    assert figures["articles"] == 4
    assert ["IDN Times", 1] in figures["outlets"]

    with Store(db, read_only=True) as store:
        (article_id,) = store.con.execute("SELECT id FROM articles WHERE outlet_name = 'IDN Times'").fetchone()
    result = runner.invoke(cli, ["show", article_id[:8], "--db", db])
    assert result.exit_code == 0 and "# Kazakhstan Protes Belarus" in result.output
    result = runner.invoke(cli, ["show", "doesnotexist", "--db", db])
    assert result.exit_code == 3

    out = tmp_path / "all.jsonl"
    result = runner.invoke(cli, ["export", "--db", db, "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0
    docs = [Article.from_json(line) for line in out.read_text("utf-8").splitlines()]
    assert len(docs) == 4
    with Store(db, read_only=True) as store:
        assert {d.id for d in docs} == {r[0] for r in store.con.execute("SELECT id FROM articles").fetchall()}
        original = store.get_article(article_id)
    assert next(d for d in docs if d.id == article_id) == original

    parquet = tmp_path / "all.parquet"
    result = runner.invoke(cli, ["export", "--db", db, "--format", "parquet", "-o", str(parquet)])
    assert result.exit_code == 0
    table = pq.read_table(parquet)
    assert table.num_rows == 4 and "title" in table.column_names


def test_cli_partial_failure_exit_code(tmp_path: Path) -> None:
    pages = sample_pages(tmp_path / "in")
    (pages / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["ingest", str(pages), "--db", str(tmp_path / "n.duckdb")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "empty" in result.output


def test_not_a_warta_database(tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    result = CliRunner().invoke(cli, ["stats", "--db", str(other)])
    assert result.exit_code != 0


@pytest.mark.parametrize("command", ["extract", "ingest", "stats", "show", "export"])
def test_every_command_explains_itself(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) > 5
