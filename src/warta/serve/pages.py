"""The explorer's templates, and article pages rendered ahead of time.

An article page is mostly the article itself: its body with quotes and entity links, key points,
images, events, people, quotes and "Baca juga". None of that depends on the request, so
:func:`prerender` renders it when the index is built (``warta.search.build_index`` calls it) and
keeps the two HTML fragments in the catalog (``articles.page_main``, ``articles.page_side``); a
request then reads one row and adds only the page frame and the latest articles. Each row
records the :data:`RENDER_VERSION` it was rendered with (a hash of the templates and code that
render it): a row of another version, or none, is rendered per request the same way, so a
changed template never shows stale HTML, and the next ``build_index`` renders those rows again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from warta.search.text import escape_html as _esc
from warta.serve import markup

FRAGMENTS = ("article_body.html", "article_side.html")
PAGE_COLUMNS = ("page_v", "page_main", "page_side")
BATCH = 500


class _Env(Environment):
    """Attribute access on plain dicts (``art.title``) tries the key first: Jinja's default tries
    the attribute, and the AttributeError it raises costs more than the rest of the page."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def templates() -> Environment:
    env = _Env(
        loader=PackageLoader("warta.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["entity_href"] = markup.entity_href
    env.filters["safe_url"] = markup.safe_url
    env.filters["day"] = day
    env.filters["q"] = lambda v: quote(str(v), safe="")
    env.globals["qs"] = qs
    return env


def day(value: str | None) -> str:
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%d %b %Y %H:%M UTC")
    except ValueError:
        return str(value)[:16]


def qs(params: dict[str, Any], **changes: Any) -> str:
    """``?query`` of ``params`` with ``changes`` (None, "" and [] leave a parameter out)."""
    pairs = _pairs({**params, **changes})
    return "?" + urlencode(pairs) if pairs else ""


def _pairs(params: dict[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for k, v in params.items():
        if v is None or v == "" or v == []:
            continue
        if isinstance(v, list):
            pairs.extend((k, str(x)) for x in v)
        else:
            pairs.append((k, str(v)))
    return pairs


def _year_href(params: dict[str, Any]) -> Callable[[str], str]:
    """``year -> qs(params, from=year-01-01, to=year-12-31)``, the other parameters encoded once."""
    pieces: list[str] = []  # encoded runs of other parameters, and "from" and "to" where they go
    run: dict[str, Any] = {}
    for k in {**params, "from": None, "to": None}:
        if k in ("from", "to"):
            pieces += [urlencode(_pairs(run)), k]
            run = {}
        else:
            run[k] = params[k]
    pieces.append(urlencode(_pairs(run)))

    def href(year: str) -> str:
        dates = {"from": "from=" + quote_plus(year + "-01-01"), "to": "to=" + quote_plus(year + "-12-31")}
        return "?" + "&".join(dates.get(x, x) for x in pieces if x)

    return href


def hits_html(results: list[dict[str, Any]]) -> Markup:
    """The results list of a search page: ``title_html`` and ``snippet_html`` are already
    escaped and highlighted (warta.search.text); the rest is escaped here. (Built here rather
    than in the template: a Jinja loop costs about as much as the search itself.)"""
    parts = []
    for r in results:
        meta = _esc(r["outlet"] or "")
        if r["published"]:
            meta += " · " + _esc(day(r["published"]))
        parts.append(
            f'    <li class="hit">\n      <a class="hit-title" href="/articles/{_esc(r["id"])}">{r["title_html"]}</a>\n'
            f'      <div class="meta">{meta}</div>\n      <p class="snippet">{r["snippet_html"]}</p>\n    </li>\n'
        )
    return Markup("".join(parts)[:-1])  # the template adds the last line break


FACETS = (("outlet", "Outlet"), ("year", "Year"), ("entity", "Entity"), ("event_type", "Event type"))


def facets_html(facets: dict[str, list[dict[str, Any]]], params: dict[str, Any]) -> Markup:
    """The facet fieldsets of a search page: a year is a link to that year's date range, every
    other value a checkbox (checked when it is a filter already). Built here for the same
    reason as :func:`hits_html`."""
    parts = []
    year_href = _year_href(params)
    for name, label in FACETS:
        values = facets.get(name) or []
        if not values:
            continue
        parts.append(f'    <fieldset class="facet" data-facet="{name}">\n      <legend>{label}</legend>\n')
        chosen = params.get(name) or []
        for f in values:
            value = str(f["value"])
            if name == "year":
                href = _esc(year_href(value))
                parts.append(f'      <a class="facet-link" href="{href}">{_esc(value)} '
                             f'<span class="n">{f["count"]}</span></a>\n')
            else:
                checked = "checked" if f["value"] in chosen else ""
                parts.append(
                    f'      <label><input type="checkbox" class="auto-submit" name="{name}" value="{_esc(value)}" '
                    f'{checked}> {_esc(str(f.get("label") or value))} <span class="n">{f["count"]}</span></label>\n'
                )
        parts.append("    </fieldset>\n")
    return Markup("".join(parts)[:-1])  # the template adds the last line break


def _render_version() -> str:
    """A hash of what renders the article fragments: their templates, warta.serve.markup, the
    functions here that they use, and the versions of Jinja2 and MarkupSafe."""
    import inspect
    from importlib.metadata import version

    h = hashlib.sha1()
    folder = resources.files("warta.serve").joinpath("templates")
    for name in FRAGMENTS:
        h.update(folder.joinpath(name).read_bytes())
    h.update(Path(markup.__file__).read_bytes())
    for part in (_Env, templates, day, article_parts, _esc):
        h.update(inspect.getsource(part).encode())
    h.update(f"{version('jinja2')} {version('markupsafe')}".encode())
    return h.hexdigest()[:16]



def article_parts(env: Environment, doc: dict[str, Any]) -> tuple[Markup, Markup]:
    """The article element and the side column (people, quotes) of one article's page.
    ``doc`` is the catalog's document with ``similar`` as summaries (id, title, outlet)."""
    art = doc["article"]
    ctx = {
        "doc": doc, "art": art, "sections": markup.body(doc), "cover": markup.cover(doc),
        "source_url": markup.safe_url(art.get("url")),
        "people": sorted(doc["entities"], key=lambda e: -e.get("mentions", 0))[:20],
    }
    main = env.get_template(FRAGMENTS[0]).render(ctx)
    side = env.get_template(FRAGMENTS[1]).render(ctx)
    return Markup(main), Markup(side)


RENDER_VERSION = _render_version()


def prerender(cat: sqlite3.Connection, log: Any = None) -> int:
    """Render the page fragments of every article whose rows are not of :data:`RENDER_VERSION`
    (new articles, or all of them after a template change); returns how many were rendered.
    An article whose "Baca juga" list is not in the catalog, or that fails to render, is left to
    be rendered per request."""
    have = {r[1] for r in cat.execute("PRAGMA table_info(articles)").fetchall()}
    for column in PAGE_COLUMNS:
        if column not in have:  # a catalog from before pre-rendered pages
            cat.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")
    # the rows to render, found through an index (a scan of the articles table reads every
    # document and page)
    cat.execute("CREATE INDEX IF NOT EXISTS articles_page_v ON articles (page_v)")
    todo = [r[0] for r in cat.execute(
        "SELECT rowid FROM articles WHERE rowid IN (SELECT rowid FROM articles WHERE page_v IS NULL "
        "UNION ALL SELECT rowid FROM articles WHERE page_v < ? UNION ALL SELECT rowid FROM articles WHERE page_v > ?) "
        "AND similar IS NOT NULL", [RENDER_VERSION, RENDER_VERSION]
    ).fetchall()]
    env = templates()
    done = 0
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        rows = cat.execute(
            f"SELECT rowid, doc, similar FROM articles WHERE rowid IN ({','.join('?' * len(batch))})", batch
        ).fetchall()
        similar_ids = {i for _, _, sim in rows for i in json.loads(sim)}
        titles = _summaries(cat, similar_ids)
        updates = []
        for rowid, doc_json, sim in rows:
            try:
                doc = json.loads(doc_json)
                doc["similar"] = [titles[i] for i in json.loads(sim) if i in titles]
                main, side = article_parts(env, doc)
            except Exception:  # the request path renders it, and reports what fails
                continue
            updates.append((RENDER_VERSION, str(main), str(side), rowid))
        cat.execute("BEGIN")
        cat.executemany("UPDATE articles SET page_v = ?, page_main = ?, page_side = ? WHERE rowid = ?", updates)
        cat.execute("COMMIT")
        done += len(updates)
        if log and (start // BATCH) % 20 == 19:
            log(f"pre-rendered {done} article pages")
    return done


def _summaries(cat: sqlite3.Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    wanted = sorted(ids)
    for k in range(0, len(wanted), 900):
        chunk = wanted[k : k + 900]
        for r in cat.execute(
            f"SELECT id, title, subtitle, outlet, published, url, category FROM articles "
            f"WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall():
            out[r[0]] = {"id": r[0], "title": r[1], "subtitle": r[2], "outlet": r[3], "published": r[4],
                         "url": r[5], "category": r[6]}
    return out
