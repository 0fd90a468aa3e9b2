"""The explorer's HTTP API and pages, against a real ``warta serve`` process."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.test_serve_fixtures import Server, build_db, explorer_db, server, start_server, stop_server
from warta.serve.data import encode_cursor

__all__ = ["explorer_db", "server"]  # fixtures used here


# ------------------------------------------------------------------ API


def test_openapi_documents_the_api(server: Server) -> None:
    spec = server.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/search", "/api/articles", "/api/articles/{article_id}", "/api/entities", "/api/quotes",
                 "/api/events", "/api/relations", "/api/status", "/api/ingest"):
        assert path in paths, path
    params = {p["name"] for p in paths["/api/search"]["get"]["parameters"]}
    assert {"q", "outlet", "entity", "event_type", "from", "to", "limit", "cursor"} <= params
    assert "ErrorBody" in spec["components"]["schemas"]


def test_search_stems_ranks_and_highlights(server: Server) -> None:
    # "panggilan" shares the stem "panggil" with "memanggil" in the mission page
    r = server.get("/api/search", params={"q": "panggilan duta besar"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] >= 1
    top = body["results"][0]
    assert top["title"].startswith("Kazakhstan Protes Belarus")
    assert "<mark>" in top["snippet_html"]
    assert body["parsed"]["terms"] == ["panggil", "duta", "besar"]
    # facets over the matches
    assert {f["value"] for f in body["facets"]["outlet"]} == {"IDN Times"}
    # the entity facet: keys with display names, and each count is what filtering by it finds
    ents = body["facets"]["entity"]
    assert any(f["value"] == "alexander lukashenko" and f["label"] == "Alexander Lukashenko" for f in ents)
    for f in ents[:5]:
        narrowed = server.get("/api/search", params={"q": "panggilan duta besar", "entity": f["value"]}).json()
        assert narrowed["total"] == f["count"], f


def test_search_filters_phrases_and_exclusions(server: Server) -> None:
    everything = server.get("/api/search", params={"q": "banjir"}).json()
    assert everything["total"] >= 2
    outlets = {r["outlet"] for r in everything["results"]}
    one = sorted(outlets)[0]
    only = server.get("/api/search", params={"q": "banjir", "outlet": one}).json()
    assert only["total"] >= 1 and {r["outlet"] for r in only["results"]} == {one}
    phrase = server.get("/api/search", params={"q": '"duta besar belarus"'}).json()
    assert phrase["total"] == 1
    excluded = server.get("/api/search", params={"q": "banjir -bekasi"}).json()
    assert all("Bekasi" not in (r["title"] or "") for r in excluded["results"])
    dated = server.get("/api/search", params={"q": "", "from": "2030-01-01"}).json()
    assert dated["total"] == 0
    everything_dated = server.get("/api/search", params={"from": "0001-01-01", "to": "9999-12-31"})
    assert everything_dated.status_code == 200 and everything_dated.json()["total"] >= 2
    by_entity = server.get("/api/articles", params={"entity": "Alexander Lukashenko"}).json()
    assert [r["title"][:10] for r in by_entity["results"]] == ["Kazakhstan"]
    by_event = server.get("/api/articles", params={"event_type": "protest"}).json()
    assert by_event["total"] == 1


def test_cursor_pagination_walks_every_article(server: Server) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        body = server.get("/api/articles", params=params).json()
        assert len(body["results"]) <= 3
        seen += [r["id"] for r in body["results"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    total = server.get("/api/articles", params={"limit": 1}).json()["total"]
    assert len(seen) == len(set(seen)) == total


def test_article_has_everything_known(server: Server) -> None:
    aid = server.article_id("Kazakhstan Protes Belarus")
    body = server.get(f"/api/articles/{aid}").json()
    assert body["article"]["title"].startswith("Kazakhstan Protes Belarus")
    names = {e["name"] for e in body["entities"]}
    assert {"Kazakhstan", "Belarus", "Alexander Lukashenko"} <= names
    luka = next(e for e in body["entities"] if e["name"] == "Alexander Lukashenko")
    assert "Lukashenko" in luka["aliases"] and luka["roles"]
    assert any(q["speaker"] == "Murat Nurtleu" for q in body["quotes"])
    assert {e["type"] for e in body["events"]} == {"PROTEST", "ACCUSE", "CONSULT"}
    assert body["latest"] and all(x["id"] != aid for x in body["latest"])
    assert isinstance(body["similar"], list)
    # a unique prefix of the id is enough
    assert server.get(f"/api/articles/{aid[:8]}").json()["article"]["id"] == aid


def test_article_pages_rendered_ahead_match_a_rendering_now(server: Server, explorer_db: Path,
                                                             tmp_path: Path) -> None:
    import json
    import shutil
    import sqlite3

    from warta.search import build_index, index_dir_for
    from warta.serve import pages
    from warta.serve.data import Explorer

    explorer = Explorer(explorer_db, build=False)
    env = pages.templates()
    ids = [r[0] for r in explorer.sql.execute("SELECT id FROM articles").fetchall()]
    assert ids
    for aid in ids:
        got = explorer.article_page(aid)
        assert got is not None, "every article of a fresh index is pre-rendered"
        main, side = pages.article_parts(env, explorer.article(aid))
        assert (got[2], got[3]) == (str(main), str(side))
        served = server.get(f"/articles/{aid}").text
        assert got[2] in served and got[3] in served
    # rows rendered by other templates are rendered per request, and build_index renders them again
    copy = tmp_path / "index"
    shutil.copytree(index_dir_for(explorer_db), copy)
    cat = sqlite3.connect(copy / "catalog.sqlite3")
    cat.execute("UPDATE articles SET page_v = 'older templates'")
    cat.execute("DELETE FROM hits")  # as in a catalog from before the hits table
    cat.commit()
    cat.close()
    manifest = json.loads((copy / "manifest.json").read_text())
    (copy / "manifest.json").write_text(json.dumps({**manifest, "pages": "older templates", "hits": None}))
    assert Explorer(explorer_db, index_dir=copy, build=False).article_page(ids[0]) is None
    assert build_index(explorer_db, copy).mode == "derived"
    rebuilt = Explorer(explorer_db, index_dir=copy, build=False)
    assert rebuilt.article_page(ids[0]) == explorer.article_page(ids[0])
    empty = rebuilt.filters([], [], [], None, None)
    assert rebuilt.search("", empty, limit=50, cursor=None)["results"] == explorer.search(
        "", empty, limit=50, cursor=None)["results"]


def test_entity_quotes_events_relations(server: Server) -> None:
    ent = server.get("/api/entities/" + quote("alexander lukashenko", safe="")).json()
    assert ent["entity"]["name"] == "Alexander Lukashenko"
    assert "Lukashenko" in ent["entity"]["aliases"]
    assert any("Presiden Belarus" in r["role"] for r in ent["entity"]["roles"])
    assert ent["events_as_actor"][0]["type"] == "ACCUSE"
    listing = server.get("/api/entities", params={"q": "kaza"}).json()
    assert listing["items"][0]["name"] == "Kazakhstan"
    quotes = server.get("/api/quotes", params={"q": "perdamaian"}).json()
    assert quotes["items"] and all(q["speaker"] for q in quotes["items"])
    kaz = server.get("/api/entities/kazakhstan").json()
    assert {e["type"] for e in kaz["events_as_actor"]} == {"PROTEST", "CONSULT"}
    assert [e["type"] for e in kaz["events_as_recipient"]] == ["ACCUSE"]
    rel = server.get("/api/relations", params={"a": "Kazakhstan", "b": "Belarus"}).json()
    assert rel["total"] == 2 and rel["avg_score"] == pytest.approx(-1.75)
    assert {(s["month"], s["type"]) for s in rel["series"]} == {("2024-08", "PROTEST"), ("2024-07", "CONSULT")}
    assert rel["events"][0]["article_title"].startswith("Kazakhstan")
    pairs = server.get("/api/relations").json()["pairs"]
    assert pairs[0]["events"] == 2
    events = server.get("/api/events", params={"type": "protest"}).json()
    assert len(events["items"]) == 1 and events["events_available"] is True


def test_status(server: Server) -> None:
    body = server.get("/api/status").json()
    assert body["counts"]["articles"] >= 8
    assert body["ingest"]["available"] is True
    assert any(o["status"] == "stored" for o in body["ingest"]["outcomes"])
    page = server.get("/status")
    assert page.status_code == 200 and "Ingest log" in page.text


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/search?limit=0", 400, "bad_limit"),
        ("/api/search?limit=101", 400, "bad_limit"),
        ("/api/search?limit=abc", 400, "bad_parameter"),
        ("/api/search?cursor=%%%", 400, "bad_cursor"),
        ("/api/search?cursor=eyJrIjoicSJ9", 400, "bad_cursor"),  # a quotes cursor
        ("/api/search?from=2024-02-30", 400, "bad_date"),
        ("/api/search?from=2025-01-02&to=2025-01-01", 400, "bad_date"),
        ("/api/search?q=" + "kata+" * 120, 400, "query_too_long"),
        ("/api/search?q=" + "a" * 5000, 414, "uri_too_long"),
        ("/api/search?" + "&".join(f"outlet=o{i}" for i in range(20)), 400, "too_many_filters"),
        ("/api/articles/not-hex!", 400, "bad_id"),
        ("/api/articles/ffffffffffffffff", 404, "not_found"),
        ("/api/entities/" + quote("tidak ada siapa-siapa"), 404, "not_found"),
        ("/api/relations?a=Kazakhstan", 400, "bad_actor"),
        ("/api/quotes?cursor=bad", 400, "bad_cursor"),
        # forged cursors: right listing, wrong types or sizes
        ("/api/search?cursor=" + encode_cursor({"k": "s", "o": "x"}), 400, "bad_cursor"),
        ("/api/search?cursor=" + encode_cursor({"k": "s", "o": 10**6}), 400, "bad_cursor"),
        ("/api/entities?cursor=" + encode_cursor({"k": "e", "n": 10**30, "key": "a"}), 400, "bad_cursor"),
        ("/api/quotes?cursor=" + encode_cursor({"k": "q", "t": [1], "i": 1}), 400, "bad_cursor"),
        ("/api/events?cursor=" + encode_cursor({"k": "v", "d": {"x": 1}, "i": 1}), 400, "bad_cursor"),
        ("/api/nowhere", 404, "not_found"),
    ],
)
def test_bad_requests_get_a_reason(server: Server, path: str, status: int, code: str) -> None:
    r = server.get(path)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert err["status"] == status and err["code"] == code and err["message"]


@pytest.mark.parametrize(
    "q",
    ['"', '"""', "(((", "AND OR NOT", "title:x", "*", "-", "- - -", "\x00", "é" * 100, "🙂 banjir", "a:b:c\\",
     "'; DROP"],
)
def test_odd_queries_never_fail(server: Server, q: str) -> None:
    for path in ("/api/search", "/api/quotes", "/api/entities"):
        r = server.get(path, params={"q": q})
        assert r.status_code == 200, (path, q, r.text)
    assert server.get("/search", params={"q": q}).status_code == 200


def test_html_errors_are_pages(server: Server) -> None:
    r = server.get("/articles/ffffffffffffffff")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "not_found" in r.text


# ------------------------------------------------------------------ security


def test_strict_csp_and_headers_everywhere(server: Server) -> None:
    for path in ("/", "/api/search?q=banjir", "/static/app.js", "/api/nowhere"):
        r = server.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def _assert_inert(html: str) -> None:
    scripts = re.findall(r"<script\b[^>]*>", html, re.I)
    assert scripts == ['<script src="/static/app.js" defer>'], scripts
    assert not re.search(r"<(iframe|img|svg|object|embed)\b", html, re.I)
    assert not re.search(r"""\s(href|src|action)\s*=\s*["']?\s*javascript:""", html, re.I)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I), "an event-handler attribute survived"
    assert "style=" not in html


def test_hostile_article_renders_inert(server: Server) -> None:
    for start in ("<script>", "Gempa"):
        aid = server.article_id(start)
        r = server.get(f"/articles/{aid}")
        assert r.status_code == 200
        _assert_inert(r.text)
    aid = server.article_id("<script>")
    page = server.get(f"/articles/{aid}").text
    assert "&lt;script&gt;window.__pwned" in page  # shown as text, escaped
    assert "javascript:alert" in page  # as text only (checked above: never in an attribute)
    results = server.get("/search", params={"q": "banjir bandang"}).text
    _assert_inert(results)
    assert "&lt;script&gt;" in results


def test_page_weight_and_viewport(server: Server) -> None:
    aid = server.article_id("Kazakhstan Protes Belarus")
    total = sum(len(server.get(p).content) for p in (f"/articles/{aid}", "/static/app.css", "/static/app.js"))
    assert total < 200 * 1024
    assert 'name="viewport" content="width=device-width' in server.get(f"/articles/{aid}").text


# ------------------------------------------------------------------ writes


def test_ingest_needs_a_token(server: Server) -> None:
    r = httpx.post(server.base + "/api/ingest", json={"url": "https://example.com/"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"
    r = httpx.post(server.base + "/api/ingest", json={"url": "https://example.com/"},
                   headers={"Authorization": "Bearer guess"})
    assert r.status_code == 401
    assert server.get("/api/ingest").status_code == 405  # no GET on a write endpoint
    # without a token, even a malformed body gets 401 (the token is checked first)
    r = httpx.post(server.base + "/api/ingest", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 401


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def writable_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server with ingest enabled (token) that may fetch from 127.0.0.1 only, in a thread."""
    import uvicorn

    from warta.serve.app import asgi, create_app

    db = build_db(tmp_path, events=False)
    app = create_app(db, ingest_token="s3cret", allowed_networks=("127.0.0.1/32",))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(asgi(app), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/api/health", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.05)
    yield base, db
    srv.should_exit = True
    thread.join(timeout=10)


def test_ingest_by_url_with_token_and_guard(writable_server: tuple[str, Path]) -> None:
    from tests.servers.news_site import NewsSite

    base, _db = writable_server
    auth = {"Authorization": "Bearer s3cret"}
    with NewsSite() as site:
        before = httpx.get(base + "/api/articles", params={"limit": 1}).json()["total"]
        r = httpx.post(base + "/api/ingest", json={"url": site.url("/page/1.html")}, headers=auth, timeout=60)
        assert r.status_code == 201, r.text
        got = r.json()
        assert got["id"] and got["new"] is True
        after = httpx.get(base + "/api/articles", params={"limit": 1}).json()["total"]
        assert after == before + 1
        assert httpx.get(base + f"/api/articles/{got['id']}").status_code == 200
        # a redirect into a private network is refused at the hop
        r = httpx.post(base + "/api/ingest", json={"url": site.url("/to-private")}, headers=auth, timeout=60)
        assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden_address"
    for url in ("http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data", "http://127.0.0.2:1/",
                "http://[::1]/"):
        r = httpx.post(base + "/api/ingest", json={"url": url}, headers=auth, timeout=30)
        assert r.status_code == 403, (url, r.text)
    for url in ("javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/"):
        r = httpx.post(base + "/api/ingest", json={"url": url}, headers=auth, timeout=30)
        assert r.status_code == 400 and r.json()["error"]["code"] == "bad_url"
    r = httpx.post(base + "/api/ingest", content=b"{not json", headers={**auth, "content-type": "application/json"})
    assert r.status_code == 400


def test_server_without_events_degrades(tmp_path: Path) -> None:
    db = build_db(tmp_path, events=False)
    srv = start_server(db)
    try:
        assert srv.get("/api/relations").json() == {"pairs": [], "events_available": False}
        page = srv.get("/relations")
        assert page.status_code == 200 and "No event has been coded" in page.text
        aid = srv.article_id("Kazakhstan Protes Belarus")
        assert srv.get(f"/api/articles/{aid}").json()["events"] == []
        assert srv.get("/entities/kazakhstan").status_code == 200
    finally:
        stop_server(srv)


def test_serve_with_two_workers(explorer_db: Path) -> None:
    """``--workers 2``: two processes on one port (one SO_REUSEPORT socket each), both answering,
    and all of them gone after Ctrl-C."""
    import os
    import re as _re
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "warta.cli.main", "serve", "--db", str(explorer_db), "--port", "0", "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        assert proc.stderr is not None
        line = ""
        while "warta explorer:" not in line:
            line = proc.stderr.readline().decode()
            assert line or proc.poll() is None, "warta serve exited"
        m = _re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        assert m, line
        base = m.group(1)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with httpx.Client(base_url=base, timeout=10) as client:  # new connections land on either worker
            for _ in range(10):
                assert client.get("/search", params={"q": "banjir"}, headers={"Connection": "close"}).status_code == 200
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode is not None
