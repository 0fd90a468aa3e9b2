"""The explorer's FastAPI application: a JSON API under ``/api/`` and server-rendered pages.

``create_app(db)`` builds (or refreshes) the index beside ``db`` and returns the app;
``warta serve --db news.duckdb`` runs it with uvicorn. Every HTML page has a JSON twin under
``/api/`` (linked from the page), errors have one stable body
``{"error": {"status", "code", "message"}}``, and every response carries a strict
Content-Security-Policy: scripts and styles only from ``/static``, nothing inline, no frames.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warta.search.text import prepare_stemmer
from warta.serve import chart, pages
from warta.serve.data import DEFAULT_LIMIT, BadRequest, Explorer, NotFound
from warta.serve.ingest import IngestConfig, IngestRefused, check_token, ingest_url
from warta.serve.pages import qs as _qs

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
MAX_URL_BYTES = 4096
ListParam = Annotated[list[str] | None, Query()]


Endpoint = Callable[[Request], Awaitable[Response]]


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): security headers on every
    response, and a 414 with the stable error body for over-long request targets.

    GET requests for the busiest pages (``pages``: exact paths, and ``prefixed``: a path
    parameter after a prefix) go straight to their endpoint, past FastAPI's middleware stack
    and route matching, which cost about as much as the article page itself; their errors go
    through ``on_error``, the same handlers the app uses."""

    def __init__(self, app: ASGIApp, pages: dict[str, Endpoint] | None = None,
                 prefixed: dict[str, tuple[str, Endpoint]] | None = None,
                 on_error: Callable[[Request, Exception], Awaitable[Response]] | None = None) -> None:
        self.app = app
        self.pages = pages or {}
        self.prefixed = prefixed or {}
        self.on_error = on_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") > MAX_URL_BYTES:
            too_long = _error_json(414, "uri_too_long", f"the URL is longer than {MAX_URL_BYTES} bytes")
            await too_long(scope, receive, _with_headers(send))
            return
        endpoint = self._fast(scope) if scope["method"] == "GET" and self.on_error else None
        if endpoint is None:
            await self.app(scope, receive, _with_headers(send))
            return
        request = Request(scope, receive)
        try:
            response = await endpoint(request)
        except Exception as exc:  # the app's own handlers: 4xx pages, or a logged 500
            assert self.on_error is not None
            response = await self.on_error(request, exc)
        await response(scope, receive, _with_headers(send))

    def _fast(self, scope: Scope) -> Endpoint | None:
        path: str = scope["path"]
        got = self.pages.get(path)
        if got is not None:
            return got
        for prefix, (name, endpoint) in self.prefixed.items():
            if path.startswith(prefix):
                value = path[len(prefix):]
                if value and "/" not in value:
                    scope["path_params"] = {name: value}
                    return endpoint
        return None


def _with_headers(send: Send) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {k.lower() for k, _ in headers}
            headers.extend(h for h in SECURITY_HEADERS if h[0] not in names)
            message["headers"] = headers
        await send(message)

    return wrapped


class JSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def _error_json(status: int, code: str, message: str) -> JSON:
    return JSON({"error": {"status": status, "code": code, "message": message}}, status_code=status)


# ------------------------------------------------------------------ documented shapes (OpenAPI)


class ErrorDetail(BaseModel):
    status: int
    code: str = Field(description="Stable machine-readable reason, e.g. bad_limit, query_too_long, not_found.")
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class ArticleSummary(BaseModel):
    id: str
    title: str | None = None
    subtitle: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    score: float | None = None
    title_html: str | None = Field(None, description="Escaped title with <mark> around matched words.")
    snippet_html: str | None = Field(None, description="Escaped body window with <mark> around matched words.")


class FacetValue(BaseModel):
    value: str = Field(description="What to pass back as the filter (an entity's key for entities).")
    count: int
    label: str | None = Field(None, description="Display name (entities).")


class SearchResponse(BaseModel):
    query: str
    relaxed: bool = Field(description="True when no article had every word, and any word was accepted.")
    total: int
    results: list[ArticleSummary]
    facets: dict[str, list[FacetValue]]
    next_cursor: str | None = Field(description="Pass as cursor= for the next page; null on the last page.")


class ListResponse(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None


class ArticleResponse(BaseModel):
    article: dict[str, Any] = Field(description="The Article document (docs/article.md).")
    entities: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    events: list[dict[str, Any]]
    similar: list[dict[str, Any]] = Field(description="Related articles chosen by text and entity similarity.")
    latest: list[dict[str, Any]]


class IngestRequest(BaseModel):
    url: str = Field(max_length=2000, description="An http(s) URL of a public news page.")


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed or oversized parameter"},
    404: {"model": ErrorBody, "description": "Not found"},
}


# ------------------------------------------------------------------ templates


def _static_files() -> dict[str, tuple[bytes, str, str]]:
    """The few static files, read once: served from memory with an ETag."""
    import hashlib

    types = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
             ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon"}
    out: dict[str, tuple[bytes, str, str]] = {}
    for entry in resources.files("warta.serve").joinpath("static").iterdir():
        suffix = Path(entry.name).suffix
        if entry.is_file() and suffix in types:
            body = entry.read_bytes()
            out[entry.name] = (body, types[suffix], '"' + hashlib.sha1(body).hexdigest()[:16] + '"')
    return out


# ------------------------------------------------------------------ the app


def create_app(
    db: str | Path,
    *,
    index_dir: str | Path | None = None,
    ingest_token: str | None = None,
    allow_private: bool = False,
    allowed_networks: tuple[str, ...] = (),
    build: bool = True,
    cache: bool = True,
) -> FastAPI:
    """The explorer over ``db`` (a warta DuckDB file). The index is built or brought up to date
    first when ``build``. Ingest by URL is enabled only with a token (default: the
    ``WARTA_INGEST_TOKEN`` environment variable). ``cache=False`` turns off the per-process result
    cache (every request computed; for measurements)."""
    explorer = Explorer(db, index_dir=index_dir, build=build, cache=cache)
    prepare_stemmer()
    token = ingest_token if ingest_token is not None else os.environ.get("WARTA_INGEST_TOKEN") or None
    ingest_config = IngestConfig(token=token, allow_private=allow_private, allowed_networks=allowed_networks)
    write_lock = asyncio.Lock()
    env = pages.templates()

    app = FastAPI(
        title="warta explorer",
        version="1",
        description=(
            "Search and read news articles, their people and organisations, quotes, events and relations. "
            "Read-only, except POST /api/ingest (needs a bearer token). Lists use cursor pagination: pass "
            "next_cursor back as cursor; limit is 1 to 100. Errors: {error: {status, code, message}}."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.explorer = explorer
    static = _static_files()

    @app.get("/static/{name}", include_in_schema=False)
    async def static_file(name: str, if_none_match: str | None = Header(None)) -> Response:
        got = static.get(name)
        if got is None:
            raise NotFound(f"no static file {name}")
        body, media_type, etag = got
        headers = {"ETag": etag, "Cache-Control": "public, max-age=3600"}
        if if_none_match == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=media_type, headers=headers)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api") or request.url.path == "/openapi.json"

    def page(name: str, request: Request, http_status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(name).render(request_path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=http_status)

    def error(request: Request, status: int, code: str, message: str) -> Response:
        if is_api(request):
            return _error_json(status, code, message)
        return page("error.html", request, status, status=status, code=code, message=message)

    @app.exception_handler(BadRequest)
    async def _bad(request: Request, exc: BadRequest) -> Response:
        return error(request, exc.status, exc.code, str(exc))

    @app.exception_handler(NotFound)
    async def _missing(request: Request, exc: NotFound) -> Response:
        return error(request, 404, "not_found", str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for e in exc.errors()[:5]:
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "body", "path"))
            problems.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
        return error(request, 400, "bad_parameter", "; ".join(problems) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
        return error(request, exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(IngestRefused)
    async def _refused(request: Request, exc: IngestRefused) -> Response:
        resp = error(request, exc.status, exc.code, str(exc))
        if exc.status == 401:
            resp.headers["WWW-Authenticate"] = "Bearer"
        return resp

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:  # a bug: say so, without internals
        logging.getLogger("warta.serve").error("internal error on %s", request.url.path, exc_info=exc)
        return error(request, 500, "internal_error", f"internal error ({type(exc).__name__}); see the server log")

    # ------------------------------------------------------------ API

    @app.get("/api", tags=["meta"], summary="What the API offers")
    async def api_index() -> JSON:
        return JSON(
            {
                "endpoints": [p for r in app.routes if (p := str(getattr(r, "path", ""))).startswith("/api/")],
                "openapi": "/openapi.json",
                "max_limit": 100,
            }
        )

    @app.get("/api/health", tags=["meta"], summary="Liveness")
    async def api_health() -> JSON:
        return JSON({"ok": True, "articles": explorer.index.manifest().get("articles")})

    def _search(
        q: str, outlet: list[str], entity: list[str], event_type: list[str], date_from: str | None,
        date_to: str | None, limit: int, cursor: str | None, sort: str,
    ) -> dict[str, Any]:
        filters = explorer.filters(outlet, entity, event_type, date_from, date_to)
        return explorer.search(q, filters, limit=limit, cursor=cursor, sort=sort)

    search_params: dict[str, Any] = {
        "q": Query("", description="Words (all required; stemmed), \"phrases\", -excluded"),
        "outlet": Query([], description="Outlet name; repeat for any of several"),
        "entity": Query([], description="Entity name or key; repeat: all required"),
        "event_type": Query([], description="PLOVER event type; repeat for any of several"),
        "date_from": Query(None, alias="from", description="YYYY-MM-DD, inclusive"),
        "date_to": Query(None, alias="to", description="YYYY-MM-DD, inclusive"),
        "limit": Query(DEFAULT_LIMIT, description="1 to 100"),
        "cursor": Query(None, description="next_cursor of the previous page"),
    }

    @app.get("/api/search", response_model=None, responses={200: {"model": SearchResponse}, **ERRORS},
             tags=["articles"], summary="Full-text search (BM25, Indonesian stemming, highlighting) with facets")
    async def api_search(
        q: str = search_params["q"], outlet: list[str] = search_params["outlet"],
        entity: list[str] = search_params["entity"], event_type: list[str] = search_params["event_type"],
        date_from: str | None = search_params["date_from"], date_to: str | None = search_params["date_to"],
        limit: int = search_params["limit"], cursor: str | None = search_params["cursor"],
        sort: str = Query("relevance", description="relevance, newest or oldest"),
    ) -> JSON:
        return JSON(_search(q, outlet, entity, event_type, date_from, date_to, limit, cursor, sort))

    @app.get("/api/articles", response_model=None, responses={200: {"model": SearchResponse}, **ERRORS},
             tags=["articles"], summary="Articles, newest first, filtered by outlet, dates, entity, event type")
    async def api_articles(
        q: str = search_params["q"], outlet: list[str] = search_params["outlet"],
        entity: list[str] = search_params["entity"], event_type: list[str] = search_params["event_type"],
        date_from: str | None = search_params["date_from"], date_to: str | None = search_params["date_to"],
        limit: int = search_params["limit"], cursor: str | None = search_params["cursor"],
        sort: str = Query("newest", description="newest, oldest or relevance"),
    ) -> JSON:
        return JSON(_search(q, outlet, entity, event_type, date_from, date_to, limit, cursor, sort))

    @app.get("/api/articles/{article_id}", response_model=None, responses={200: {"model": ArticleResponse}, **ERRORS},
             tags=["articles"], summary="One article with everything known about it")
    async def api_article(article_id: str) -> JSON:
        return JSON(explorer.article(article_id))

    @app.get("/api/entities", response_model=None, responses={200: {"model": ListResponse}, **ERRORS},
             tags=["entities"], summary="Entities by number of articles; q matches the start of the name")
    async def api_entities(
        q: str = "", type: str | None = Query(None, max_length=40), limit: int = DEFAULT_LIMIT,
        cursor: str | None = None,
    ) -> JSON:
        p = explorer.entities(q, type, limit=limit, cursor=cursor)
        return JSON({"items": p.items, "next_cursor": p.next_cursor})

    @app.get("/api/entities/{key:path}", response_model=None, responses=ERRORS, tags=["entities"],
             summary="One entity: aliases, roles, timeline, quotes, events as actor and recipient")
    async def api_entity(key: str) -> JSON:
        return JSON(explorer.entity(key))

    @app.get("/api/quotes", response_model=None, responses={200: {"model": ListResponse}, **ERRORS}, tags=["quotes"],
             summary="Quotes, newest first; q searches their words (stemmed); speaker filters")
    async def api_quotes(q: str = "", speaker: str | None = Query(None, max_length=200), limit: int = DEFAULT_LIMIT,
                         cursor: str | None = None) -> JSON:
        p = explorer.quotes(q, speaker, limit=limit, cursor=cursor)
        return JSON({"items": p.items, "next_cursor": p.next_cursor})

    @app.get("/api/events", response_model=None, responses={200: {"model": ListResponse}, **ERRORS}, tags=["events"],
             summary="Coded events, newest first, by type and actor")
    async def api_events(type: str | None = Query(None, max_length=40), actor: str | None = Query(None, max_length=200),
                         limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> JSON:
        p = explorer.events(type, actor, limit=limit, cursor=cursor)
        return JSON({"items": p.items, "next_cursor": p.next_cursor, "events_available": explorer.has_events()})

    @app.get("/api/relations", response_model=None, responses=ERRORS, tags=["events"],
             summary="Events between actors a and b by month and type, with mean score; without a and b, top pairs")
    async def api_relations(a: str | None = Query(None, max_length=200), b: str | None = Query(None, max_length=200)
                            ) -> JSON:
        if not a and not b:
            return JSON({"pairs": explorer.top_pairs(), "events_available": explorer.has_events()})
        if not a or not b:
            raise BadRequest("give both actors, a and b", "bad_actor")
        return JSON(explorer.relations(a, b))

    @app.get("/api/status", tags=["meta"], summary="Ingest and index status")
    async def api_status() -> JSON:
        return JSON(await asyncio.to_thread(explorer.status))

    @app.post("/api/ingest", status_code=201, response_model=None,
              responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, **ERRORS}, tags=["ingest"],
              summary="Fetch one public URL and add it (needs Authorization: Bearer $WARTA_INGEST_TOKEN)",
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": IngestRequest.model_json_schema()}}}})
    async def api_ingest(request: Request, authorization: str | None = Header(None)) -> JSON:
        # the token is checked before the body is even read: without it, the answer is 401
        check_token(ingest_config, authorization)
        raw = await request.body()
        if len(raw) > 10_000:
            raise BadRequest("the request body is over 10 KB", "bad_parameter")
        try:
            body = IngestRequest.model_validate_json(raw)
        except ValidationError as exc:
            first: dict[str, Any] = dict(exc.errors()[0]) if exc.errors() else {}
            where = ".".join(str(p) for p in first.get("loc", ())) or "body"
            raise BadRequest(f"{where}: {first.get('msg', 'invalid')} (send {{\"url\": \"https://...\"}})",
                             "bad_parameter") from None
        result = await ingest_url(explorer.db, explorer.index_dir, body.url, ingest_config, write_lock)
        explorer.maybe_refresh(force=True)
        return JSON(result, status_code=201)

    # ------------------------------------------------------------ pages

    # The three busiest pages are plain Starlette routes: their few parameters are read here, which
    # costs less than FastAPI's dependency resolution (they are not part of the JSON API's schema).

    def _one(request: Request, name: str, max_len: int = 500) -> str | None:
        values = request.query_params.getlist(name)
        if len(values) > 1:
            raise BadRequest(f"{name} is given more than once", "bad_parameter")
        if values and len(values[0]) > max_len:
            raise BadRequest(f"{name} is longer than {max_len} characters", "bad_parameter")
        return values[0] if values else None

    async def search_page(request: Request) -> HTMLResponse:
        qp = request.query_params
        q = _one(request, "q", 10_000) or ""
        outlet, entity, event_type = qp.getlist("outlet"), qp.getlist("entity"), qp.getlist("event_type")
        date_from, date_to = _one(request, "from"), _one(request, "to")
        cursor, sort = _one(request, "cursor"), _one(request, "sort") or "relevance"
        raw_limit = _one(request, "limit")
        try:
            limit = int(raw_limit) if raw_limit is not None else DEFAULT_LIMIT
        except ValueError:
            raise BadRequest("limit: an integer from 1 to 100", "bad_parameter") from None
        result = _search(q, outlet, entity, event_type, date_from, date_to, limit, cursor, sort)
        params = {"q": q, "outlet": outlet, "entity": entity, "event_type": event_type, "from": date_from,
                  "to": date_to, "sort": sort if sort != "relevance" else None}
        return page("search.html", request, result=result, params=params, json_url="/api/search" + _qs(params),
                    hits=pages.hits_html(result["results"]), facets=pages.facets_html(result["facets"], params))

    async def article_page(request: Request) -> HTMLResponse:
        # the article's fragments as pre-rendered when the index was built, else rendered now
        got = explorer.article_page(request.path_params["article_id"])
        if got is not None:
            aid, title, main, side = got
        else:
            doc = explorer.article(request.path_params["article_id"])
            aid, title = doc["article"].get("id"), doc["article"].get("title")
            main, side = pages.article_parts(env, doc)
        return page("article.html", request, title=title, main=Markup(main), side=Markup(side),
                    latest=[s for s in explorer.latest(6) if s["id"] != aid][:5], json_url=f"/api/articles/{aid}")

    async def relations_page(request: Request) -> HTMLResponse:
        a, b = _one(request, "a", 200), _one(request, "b", 200)
        available = explorer.has_events()
        if a and b:
            data = explorer.relations(a, b)
            colours = chart.type_colours([t["type"] for t in data["by_type"]])
            return page("relations.html", request, data=data, chart=chart.relation_chart(data["series"]),
                        colours=colours, pairs=None, events_available=available,
                        json_url="/api/relations" + _qs({"a": a, "b": b}))
        return page("relations.html", request, data=None, pairs=explorer.top_pairs(), events_available=available,
                    json_url="/api/relations")

    for path, endpoint in (("/", search_page), ("/search", search_page), ("/articles/{article_id}", article_page),
                           ("/relations", relations_page)):
        app.add_route(path, endpoint, methods=["GET", "HEAD"], include_in_schema=False)

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    async def entities_page(request: Request, q: str = "", type: str | None = None, cursor: str | None = None
                            ) -> HTMLResponse:
        p = explorer.entities(q, type, limit=50, cursor=cursor)
        params = {"q": q, "type": type}
        return page("entities.html", request, items=p.items, next_cursor=p.next_cursor, params=params,
                    json_url="/api/entities" + _qs(params))

    @app.get("/entities/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    async def entity_page(request: Request, key: str) -> HTMLResponse:
        data = explorer.entity(key)
        return page("entity.html", request, data=data, ent=data["entity"], chart=chart.timeline_chart(data["timeline"]),
                    json_url="/api/entities/" + quote(data["entity"]["key"], safe=""),
                    events_available=explorer.has_events())

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    async def quotes_page(request: Request, q: str = "", speaker: str | None = None, cursor: str | None = None
                          ) -> HTMLResponse:
        p = explorer.quotes(q, speaker, limit=30, cursor=cursor)
        params = {"q": q, "speaker": speaker}
        return page("quotes.html", request, items=p.items, next_cursor=p.next_cursor, params=params,
                    json_url="/api/quotes" + _qs(params))

    @app.get("/status", response_class=HTMLResponse, include_in_schema=False)
    async def status_page(request: Request) -> HTMLResponse:
        data = await asyncio.to_thread(explorer.status)
        return page("status.html", request, data=data, json_url="/api/status",
                    ingest_enabled=bool(ingest_config.token))

    async def on_error(request: Request, exc: Exception) -> Response:
        for kind, handler in ((BadRequest, _bad), (NotFound, _missing), (StarletteHTTPException, _http)):
            if isinstance(exc, kind):
                return await handler(request, exc)  # type: ignore[arg-type]
        return await _crash(request, exc)

    app_with_headers = SecurityHeaders(
        app, pages={"/": search_page, "/search": search_page, "/relations": relations_page},
        prefixed={"/articles/": ("article_id", article_page)}, on_error=on_error,
    )
    app.state.asgi = app_with_headers
    return app


def asgi(app: FastAPI) -> ASGIApp:
    """The app wrapped in its security middleware (what uvicorn should serve)."""
    wrapped: ASGIApp = app.state.asgi
    return wrapped


def create_asgi_from_env() -> ASGIApp:
    """Factory for uvicorn workers (``--workers N``): settings come from WARTA_SERVE_* variables
    (``WARTA_SERVE_CACHE=0`` turns the result cache off)."""
    db = os.environ["WARTA_SERVE_DB"]
    index_dir = os.environ.get("WARTA_SERVE_INDEX") or None
    cache = os.environ.get("WARTA_SERVE_CACHE", "1").strip().lower() not in ("0", "no", "off", "false")
    app = create_app(db, index_dir=index_dir, build=False, cache=cache)
    return asgi(app)
