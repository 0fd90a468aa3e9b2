"""Shared fixtures of the explorer tests: a database built by ``warta.ingest.ingest()`` from
sample pages (the examples, pages written here, one hostile page) with events, and a real
``warta serve`` process on a free port of 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import httpx
import pytest

from tests.helpers import sample_pages

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

HOSTILE_TEXT = (
    "<script>window.__pwned = 1; alert('judul')</script> Banjir Bandang Landa Kota Contoh\n\n"
    "JAKARTA, KOMPAS.com - Banjir bandang melanda Kota Contoh pada Selasa (4/3/2025). "
    "Klik <a href=\"javascript:alert('tautan')\">di sini</a> atau javascript:alert(3) untuk info.\n\n"
    "<img src=x onerror=\"window.__pwned = 2\"> Warga <b onmouseover=alert(4)>mengungsi</b> ke masjid. "
    "\"Air naik cepat sekali <svg onload=alert(5)>,\" ujar Rahmat, warga setempat.\n\n"
    "<iframe src=\"javascript:alert(6)\"></iframe> Pemerintah kota menyiapkan posko darurat.\n"
)

HOSTILE_HTML = """<!doctype html><html><head><meta charset="utf-8">
<title>Gempa Guncang Kota Uji - Warta Uji</title>
<meta property="og:title" content="Gempa &lt;script&gt;alert(7)&lt;/script&gt; Guncang Kota Uji">
<meta property="og:url" content="javascript:alert(8)">
<meta property="article:published_time" content="2025-03-05T08:00:00+07:00">
</head><body><article><h1>Gempa &lt;script&gt;alert(7)&lt;/script&gt; Guncang Kota Uji</h1>
<figure><img src="javascript:alert(9)" alt="gempa"><figcaption>Warga berkumpul &lt;img src=x onerror=alert(10)&gt;
(Foto: <a href="javascript:alert(11)">Fotografer</a>)</figcaption></figure>
<p>Gempa bermagnitudo 5,2 mengguncang Kota Uji pada Rabu pagi. Badan Meteorologi menyatakan gempa
tidak berpotensi tsunami. Warga sempat berhamburan keluar rumah saat guncangan terasa.</p>
<p>"Kami merasakan guncangan kuat selama beberapa detik," kata Siti, warga Kota Uji.
Pemerintah daerah mendata kerusakan rumah dan fasilitas umum di tiga kecamatan.</p>
<p onclick="alert(12)">Petugas gabungan disiagakan di lokasi pengungsian sementara.</p>
</article></body></html>"""


def write_pages(folder: Path) -> Path:
    sample_pages(folder)
    for p in EXAMPLES.iterdir():
        if p.is_file() and p.suffix in (".txt", ".html"):
            (folder / p.name).write_bytes(p.read_bytes())
    (folder / "hostile-banjir.txt").write_text(HOSTILE_TEXT, "utf-8")
    (folder / "hostile-gempa.html").write_text(HOSTILE_HTML, "utf-8")
    return folder


def add_events(db: Path) -> None:
    """Known events for the mission page, stored the way the events stage stores its records
    (``warta.events.store``), in place of what the coder found (which changes as it improves)."""
    from warta.events.store import ensure_schema, refresh_events, store_events

    con = duckdb.connect(str(db))
    try:
        ensure_schema(con)
        row = con.execute("SELECT id FROM articles WHERE title LIKE 'Kazakhstan Protes%'").fetchone()
        assert row, "the mission page is not in the test database"
        aid = row[0]
        con.execute("DELETE FROM event_mentions")
        records = [
            {"event": "PROTEST", "modes": ["summon"], "actor": {"name": "Kazakhstan", "code": "KAZ"},
             "recipient": {"name": "Belarus", "code": "BLR"}, "date": "2024-08-22", "score": -4.5,
             "sentence": "Kementerian Luar Negeri Kazakhstan memanggil Duta Besar Belarus"},
            {"event": "ACCUSE", "actor": {"name": "Alexander Lukashenko"}, "recipient": {"name": "Kazakhstan"},
             "date": "2024-08-21", "score": -2.0, "sentence": "Lukashenko menyinggung Kazakhstan"},
            {"event": "CONSULT", "actor": {"name": "Kazakhstan"}, "recipient": {"name": "Belarus"},
             "date": "2024-07-10", "score": 1.0},
        ]
        store_events(con, aid, records)
        refresh_events(con)
    finally:
        con.close()


def set_published(db: Path, title_start: str, when: str) -> None:
    """Give an undated page the date a crawler would have known (column and document alike)."""
    con = duckdb.connect(str(db))
    try:
        aid, doc = con.execute("SELECT id, article_json FROM articles WHERE starts_with(title, ?)", [title_start]
                               ).fetchone()  # type: ignore[misc]
        data = json.loads(doc)
        data["published"] = when
        con.execute("UPDATE articles SET published = ?::TIMESTAMPTZ, article_json = ? WHERE id = ?",
                    [when, json.dumps(data, ensure_ascii=False), aid])
    finally:
        con.close()


def build_db(folder: Path, *, events: bool = True) -> Path:
    from warta.ingest import ingest

    pages = write_pages(folder / "pages")
    db = folder / "news.duckdb"
    report = ingest([str(pages)], db, analyze=True)
    assert report.stored >= 6, report.as_dict()
    set_published(db, "Kazakhstan Protes Belarus", "2024-08-22T10:00:00+07:00")
    set_published(db, "Banjir Rendam Ratusan Rumah", "2025-03-03T09:00:00+07:00")
    if events:
        add_events(db)
    else:  # as a database the events stage has not touched
        con = duckdb.connect(str(db))
        try:
            for table in ("event_mentions", "events", "event_links"):
                con.execute(f"DROP TABLE IF EXISTS {table}")
        finally:
            con.close()
    return db


@dataclass
class Server:
    base: str
    db: Path
    proc: subprocess.Popen[bytes] | None = None

    def get(self, path: str, **kw: object) -> httpx.Response:
        return httpx.get(self.base + path, timeout=30, **kw)  # type: ignore[arg-type]

    def article_id(self, title_start: str) -> str:
        r = self.get("/api/articles", params={"limit": 100})
        for item in r.json()["results"]:
            if (item["title"] or "").startswith(title_start):
                return str(item["id"])
        raise AssertionError(f"no article titled {title_start!r}")


def start_server(db: Path, extra_env: dict[str, str] | None = None) -> Server:
    """``warta serve --db DB --port 0`` in a subprocess; the address is read from what it prints."""
    env = {k: v for k, v in os.environ.items() if k != "WARTA_INGEST_TOKEN"}
    env.update(extra_env or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "warta.cli.main", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
    )
    assert proc.stderr is not None
    deadline = time.time() + 120
    base = None
    lines = []
    while time.time() < deadline:
        line = proc.stderr.readline().decode()
        lines.append(line)
        m = re.search(r"warta explorer: (http://127\.0\.0\.1:\d+)/", line)
        if m:
            base = m.group(1)
            break
        if not line and proc.poll() is not None:
            break
    if base is None:
        proc.kill()
        raise AssertionError("warta serve did not start: " + "".join(lines))
    while time.time() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return Server(base, db, proc)
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("warta serve did not answer")


def stop_server(server: Server) -> None:
    if server.proc is None:
        return
    try:
        os.killpg(server.proc.pid, signal.SIGINT)
        server.proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        server.proc.kill()
    if server.proc.stderr:
        server.proc.stderr.close()
    if server.proc.stdout:
        server.proc.stdout.close()


@pytest.fixture(scope="session")
def explorer_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("explorer"))


@pytest.fixture(scope="session")
def server(explorer_db: Path) -> Iterator[Server]:
    srv = start_server(explorer_db)
    try:
        yield srv
    finally:
        stop_server(srv)


def test_fixture_database_has_everything(explorer_db: Path) -> None:
    con = duckdb.connect(str(explorer_db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] >= 8  # type: ignore[index]
        assert con.execute("SELECT count(*) FROM doc_entities").fetchone()[0] > 10  # type: ignore[index]
        assert con.execute("SELECT count(*) FROM event_mentions").fetchone()[0] == 3  # type: ignore[index]
        assert con.execute("SELECT count(*) FROM ingest_log WHERE status = 'stored'").fetchone()[0] >= 8  # type: ignore[index]
    finally:
        con.close()
