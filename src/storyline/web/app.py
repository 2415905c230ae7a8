"""The web app: server-rendered pages and the JSON API over one store.

Every page has a twin under ``/api/…`` returning the same data as JSON. Each worker thread
opens the store once and keeps it (SQLite in WAL mode lets it read while ingest writes).
Everything scraped is escaped by Jinja2's autoescape; search snippets are escaped first and
only then given their ``<mark>`` tags.
"""

from __future__ import annotations

import gc
import os
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from html import escape
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import QueryError
from ..store import Store, open_store
from ..store.base import SNIPPET_END, SNIPPET_START
from . import desk
from .diff import bare
from .guard import Guard

__all__ = ["create_app", "app_from_env", "DB_ENV", "STORIES_PER_PAGE", "RESULTS_PER_PAGE"]

HERE = Path(__file__).parent
DB_ENV = "STORYLINE_SERVE_DB"  # the store each server process opens (``storyline serve``)
MAX_QUERY = 500
STORIES_PER_PAGE = 50
RESULTS_PER_PAGE = 20
_CLOCK = re.compile(r"(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


def _marked(snippet: object) -> Markup:
    """Return a search snippet escaped, with its match marks turned into <mark> tags."""
    text = escape(str(snippet or ""))
    return Markup(text.replace(SNIPPET_START, "<mark>").replace(SNIPPET_END, "</mark>"))


def _hours(seconds: float | None) -> str:
    """Return a delay as "+40 min", "+3.5 h" or "+2 d" ("" when unknown or zero)."""
    if not seconds:
        return ""
    if abs(seconds) < 3600:
        return f"+{seconds / 60:.0f} min"
    if abs(seconds) < 172800:
        return f"+{seconds / 3600:.1f} h"
    return f"+{seconds / 86400:.1f} d"


def _when(value: str | None) -> str:
    """Return an ISO time as "2025-03-09 07:40 -04:00" (a bare date as is, None as "undated")."""
    if not value:
        return "undated"
    day, _, clock = value.partition("T")
    match = _CLOCK.fullmatch(clock)
    if not match:
        return value.replace("T", " ")
    zone = {"Z": "UTC", "+00:00": "UTC"}.get(match[2] or "", match[2] or "")
    return f"{day} {match[1]}" + (f" {zone}" if zone else "")


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja2's environment, reading ``row.key`` off a dict without a failed getattr first.

    Jinja2 looks an attribute up before an item, so every ``s.title`` on the desk's plain
    dicts raised and caught an AttributeError. Names that dicts have as attributes
    (``items``, ``keys``…) still go the usual way, so every lookup gives what it gave.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _templates() -> Jinja2Templates:
    """Return the page templates: escaped as Starlette escapes them, never re-read from disk."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=jinja2.select_autoescape(),
        auto_reload=False,  # package data: no stat() of each template on every render
    )
    return Jinja2Templates(env=env)


def _quoted(text: str | None, kind: str = "direct", limit: int = 0) -> str:
    """Return a quote's words between curly marks (indirect speech without), cut at ``limit``."""
    words = bare(text or "")
    if limit and len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    return words if kind == "indirect" else f"“{words}”"


class _Stores:
    """One open store per worker thread for one database; all closed at shutdown."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()
        self._open: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        """Return this thread's store, opening it on first use."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db)
            self._local.store = store
            with self._lock:
                self._open.append(store)
        return store

    def close(self) -> None:
        """Close every store the threads opened."""
        with self._lock:
            stores, self._open = self._open, []
        for store in stores:
            store.close()


class _Results:
    """Search results this process has read, reused until anyone commits to the store.

    Ranking a word that is in every article costs bm25 over all of them, the same for every
    request until the data changes. Each lookup first asks the store's ``data_version`` on a
    connection of its own (which never writes, so any commit, by any thread or process,
    changes it); a change empties the cache, and results read while one happened are not
    kept. A store that cannot tell (PostgreSQL) is read every time.
    """

    def __init__(self, stores: _Stores, size: int = 256) -> None:
        self._stores = stores
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[Any, ...], list[dict[str, Any]]] = OrderedDict()
        self._version: int | None = None
        self._watch: Store | None = None

    def _current(self) -> int | None:
        with self._lock:
            if self._watch is None:
                self._watch = open_store(self._stores.db)
            watch = self._watch
        version = watch.data_version()
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
        return version

    def search(self, store: Store, query: str, **options: Any) -> list[dict[str, Any]]:
        """Return ``store.search(query, **options)``, read again only after a commit."""
        key = (query, *sorted(options.items()))
        version = self._current()
        if version is not None:
            with self._lock:
                found = self._entries.get(key)
                if found is not None:
                    self._entries.move_to_end(key)
                    return [dict(row) for row in found]
        results = store.search(query, **options)
        if version is not None:
            with self._lock:
                if version == self._version:
                    self._entries[key] = [dict(row) for row in results]
                    while len(self._entries) > self._size:
                        self._entries.popitem(last=False)
        return [dict(row) for row in results]

    def close(self) -> None:
        with self._lock:
            watch, self._watch = self._watch, None
            self._entries.clear()
        if watch is not None:
            watch.close()


# Both dependencies are async: FastAPI runs a plain def dependency in the thread pool, a
# second thread hop per request. A route (a plain def, run in a worker thread) asks the
# _Stores for its thread's store itself.
async def _stores(request: Request) -> _Stores:
    """Return the app's stores (the dependency every route takes)."""
    stores: _Stores = request.app.state.stores
    return stores


async def _results(request: Request) -> _Results:
    """Return the app's cache of search results."""
    results: _Results = request.app.state.results
    return results


StoresDep = Annotated[_Stores, Depends(_stores)]
ResultsDep = Annotated[_Results, Depends(_results)]
PageNo = Annotated[int, Query(ge=1, le=10_000, description="page number, from 1")]
Text = Annotated[str | None, Query(max_length=200)]


def _found(data: dict[str, Any] | None, what: str) -> dict[str, Any]:
    """Return the data, or raise a 404 naming what was not found."""
    if data is None:
        raise HTTPException(status_code=404, detail=f"no such {what}")
    return data


def _searched(
    store: Store,
    results: _Results,
    q: str,
    kind: str,
    speaker: str | None,
    outlet: str | None,
    date_from: str | None,
    date_to: str | None,
    page_no: int,
) -> dict[str, Any]:
    """Return one page of search results; raise a 400 with a readable reason when invalid."""
    if not q.strip():
        raise HTTPException(status_code=400, detail="empty search query; give at least one word")
    if len(q) > MAX_QUERY:
        raise HTTPException(
            status_code=400, detail=f"search query too long; keep it under {MAX_QUERY} characters"
        )
    if kind not in ("articles", "quotes"):
        raise HTTPException(status_code=400, detail="kind must be 'articles' or 'quotes'")
    try:
        data = desk.search_page(
            store,
            q,
            kind,
            speaker or None,
            outlet or None,
            date_from or None,
            date_to or None,
            RESULTS_PER_PAGE,
            RESULTS_PER_PAGE * (page_no - 1),
            search=partial(results.search, store),
        )
    except QueryError as exc:
        raise HTTPException(status_code=400, detail=exc.reason) from exc
    return {**data, "page_no": page_no}


def _api_routes(app: FastAPI) -> None:
    """Add the JSON API: one route per page, the same data."""

    @app.get("/api/stories", tags=["api"])
    def api_stories(stores: StoresDep, page: PageNo = 1) -> dict[str, Any]:
        """Stories, newest first: title, dates, outlets, article and quote counts."""
        offset = STORIES_PER_PAGE * (page - 1)
        return {**desk.stories_page(stores.get(), STORIES_PER_PAGE, offset), "page_no": page}

    @app.get("/api/stories/{story_id}", tags=["api"])
    def api_story(stores: StoresDep, story_id: str) -> dict[str, Any]:
        """One story: articles by outlet, its timeline events and quote clusters."""
        return _found(desk.story_page(stores.get(), story_id), "story")

    @app.get("/api/clusters/{cluster_id}", tags=["api"])
    def api_cluster(stores: StoresDep, cluster_id: str) -> dict[str, Any]:
        """Every outlet's version of one quote, fullest first, with provenance and word diffs."""
        return _found(desk.cluster_page(stores.get(), cluster_id), "quote cluster")

    @app.get("/api/people/{entity_id}", tags=["api"])
    def api_person(stores: StoresDep, entity_id: str) -> dict[str, Any]:
        """A person's roles, aliases and statements in the order they were spoken."""
        return _found(desk.person_page(stores.get(), entity_id), "person")

    @app.get("/api/articles/{article_id}", tags=["api"])
    def api_article(
        stores: StoresDep, article_id: str, boilerplate: bool = False
    ) -> dict[str, Any]:
        """An article's text, quotes and metadata (and removed boilerplate on request)."""
        return _found(desk.article_page(stores.get(), article_id, boilerplate), "article")

    @app.get("/api/search", tags=["api"])
    def api_search(
        stores: StoresDep,
        results: ResultsDep,
        q: Annotated[str, Query(max_length=MAX_QUERY)],
        kind: str = "articles",
        speaker: Text = None,
        outlet: Text = None,
        date_from: Text = None,
        date_to: Text = None,
        page: PageNo = 1,
    ) -> dict[str, Any]:
        """Full-text search (FTS5 syntax) over articles or quotes, with filters; 400 if invalid."""
        return _searched(stores.get(), results, q, kind, speaker, outlet, date_from, date_to, page)


def _html_routes(app: FastAPI, templates: Jinja2Templates) -> None:
    """Add the server-rendered pages."""

    def render(request: Request, name: str, data: dict[str, Any]) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"data": data})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_html(request: Request, stores: StoresDep, page: PageNo = 1) -> HTMLResponse:
        data = desk.stories_page(stores.get(), STORIES_PER_PAGE, STORIES_PER_PAGE * (page - 1))
        return render(request, "stories.html", {**data, "page_no": page})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_html(request: Request, stores: StoresDep, story_id: str) -> HTMLResponse:
        data = _found(desk.story_page(stores.get(), story_id), "story")
        data["timeline_svg"] = Markup(data["timeline_svg"])  # built from escaped parts
        return render(request, "story.html", data)

    @app.get("/clusters/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
    def cluster_html(request: Request, stores: StoresDep, cluster_id: str) -> HTMLResponse:
        data = _found(desk.cluster_page(stores.get(), cluster_id), "quote cluster")
        return render(request, "cluster.html", data)

    @app.get("/people/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def person_html(request: Request, stores: StoresDep, entity_id: str) -> HTMLResponse:
        data = _found(desk.person_page(stores.get(), entity_id), "person")
        return render(request, "person.html", data)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_html(
        request: Request, stores: StoresDep, article_id: str, boilerplate: bool = False
    ) -> HTMLResponse:
        data = _found(desk.article_page(stores.get(), article_id, boilerplate), "article")
        return render(request, "article.html", data)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_html(
        request: Request,
        stores: StoresDep,
        results: ResultsDep,
        q: str = "",
        kind: str = "articles",
        speaker: str | None = None,
        outlet: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        page: PageNo = 1,
    ) -> HTMLResponse:
        data: dict[str, Any] = {
            "query": q,
            "kind": kind,
            "results": [],
            "error": None,
            "page_no": page,
            "speaker": speaker,
            "outlet": outlet,
            "date_from": date_from,
            "date_to": date_to,
        }
        status = 200
        if q.strip():
            try:
                store = stores.get()
                data.update(
                    _searched(store, results, q, kind, speaker, outlet, date_from, date_to, page)
                )
            except HTTPException as exc:
                data["error"], status = exc.detail, exc.status_code
        response = render(request, "search.html", data)
        response.status_code = status
        return response


def _error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    """Answer errors as JSON under /api and as an HTML page elsewhere."""

    def answer(request: Request, status: int, detail: Any) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
            return JSONResponse({"detail": detail}, status_code=status)
        text = (
            detail
            if isinstance(detail, str)
            else "; ".join(
                f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in detail
            )
        )
        return templates.TemplateResponse(
            request, "error.html", {"data": {"status": status, "detail": text}}, status_code=status
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return answer(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in exc.errors()]
        return answer(request, 422, errors)


def create_app(db: str) -> FastAPI:
    """Return the FastAPI app serving pages and ``/api`` over the store at ``db``."""
    stores = _Stores(str(db))
    results = _Results(stores)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Everything imported so far (spaCy, FastAPI, pydantic: some 100,000 objects) lives as
        # long as the server: move it out of the cyclic collector's reach, or every full
        # collection walks it all and stalls every request in flight for 60-130 ms.
        gc.collect()
        gc.freeze()
        yield
        results.close()
        stores.close()

    app = FastAPI(
        title="storyline",
        lifespan=lifespan,
        description="Who said what, when, and who reported it first: stories, "
        "timelines, quote provenance, speakers and full-text search.",
    )
    app.state.stores = stores
    app.state.results = results
    app.add_middleware(Guard)
    templates = _templates()
    templates.env.filters["marked"] = _marked
    templates.env.filters["hours"] = _hours
    templates.env.filters["when"] = _when
    templates.env.filters["quoted"] = _quoted
    templates.env.tests["multiple"] = lambda items: len(items) > 1
    templates.env.globals["query_string"] = lambda **kw: urlencode(
        {k: v for k, v in kw.items() if v not in (None, "")}
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _api_routes(app)
    _html_routes(app, templates)
    _error_handlers(app, templates)
    return app


def app_from_env() -> FastAPI:
    """Return the app over the store named by ``$STORYLINE_SERVE_DB`` (one per server process)."""
    db = os.environ.get(DB_ENV)
    if not db:
        raise RuntimeError(f"{DB_ENV} names no store; start the server with storyline serve")
    return create_app(db)
