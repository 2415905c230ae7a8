"""The web app: server-rendered pages and the JSON API over one store.

Every page has a twin under ``/api/…`` returning the same data as JSON. The store is opened
per request (cheap for SQLite, and it lets a reader keep serving while ingest writes).
Everything scraped is escaped by Jinja2's autoescape; search snippets are escaped first and
only then given their ``<mark>`` tags.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.middleware.base import BaseHTTPMiddleware

from ..errors import QueryError
from ..store import Store, open_store
from ..store.base import SNIPPET_END, SNIPPET_START
from . import desk

__all__ = ["create_app"]

HERE = Path(__file__).parent
MAX_BODY = 64 * 1024
MAX_QUERY = 500


def _marked(snippet: object) -> Markup:
    """Return a search snippet escaped, with its match marks turned into <mark> tags."""
    text = escape(str(snippet or ""))
    return Markup(text.replace(SNIPPET_START, "<mark>").replace(SNIPPET_END, "</mark>"))


class _Limits(BaseHTTPMiddleware):
    """Refuse oversized requests before they reach a route."""

    async def dispatch(self, request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if (length and length.isdigit() and int(length) > MAX_BODY) or len(
            str(request.url)
        ) > 4096:
            return JSONResponse({"detail": "request too large"}, status_code=413)
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"
        )
        return response


def create_app(db: str) -> FastAPI:
    """Return the FastAPI app serving pages and ``/api`` over the store at ``db``."""
    app = FastAPI(title="storyline", description="Who said what, when, and who reported it "
                  "first: stories, timelines, quote provenance, speakers and search.")
    app.add_middleware(_Limits)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["marked"] = _marked
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def get_store() -> Iterator[Store]:
        store = open_store(db)
        try:
            yield store
        finally:
            store.close()

    StoreDep = Annotated[Store, Depends(get_store)]

    def found(data: dict | None, what: str) -> dict:
        if data is None:
            raise HTTPException(status_code=404, detail=f"no such {what}")
        return data

    def page(request: Request, name: str, data: dict[str, Any]) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"data": data})

    def searched(store: Store, q: str, kind: str, speaker: str | None, outlet: str | None,
                 date_from: str | None, date_to: str | None, page_no: int) -> dict:
        if len(q) > MAX_QUERY:
            raise HTTPException(status_code=400, detail="search query too long")
        if kind not in ("articles", "quotes"):
            raise HTTPException(status_code=400, detail="kind must be articles or quotes")
        try:
            return desk.search_page(store, q, kind, speaker or None, outlet or None,
                                    date_from or None, date_to or None, 20, 20 * (page_no - 1))
        except QueryError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from exc

    Page = Annotated[int, Query(ge=1, le=10_000)]

    @app.get("/api/stories", tags=["api"])
    def api_stories(store: StoreDep, page_no: Page = 1) -> dict:
        """Stories, newest first: title, dates, outlets, article and quote counts."""
        return desk.stories_page(store, 50, 50 * (page_no - 1))

    @app.get("/api/stories/{story_id}", tags=["api"])
    def api_story(store: StoreDep, story_id: str) -> dict:
        """One story: articles by outlet, its timeline events and quote clusters."""
        return found(desk.story_page(store, story_id), "story")

    @app.get("/api/clusters/{cluster_id}", tags=["api"])
    def api_cluster(store: StoreDep, cluster_id: str) -> dict:
        """Every outlet's version of one quote with provenance and word diffs."""
        return found(desk.cluster_page(store, cluster_id), "quote cluster")

    @app.get("/api/people/{entity_id}", tags=["api"])
    def api_person(store: StoreDep, entity_id: str) -> dict:
        """A person's roles, aliases and statements in the order they were spoken."""
        return found(desk.person_page(store, entity_id), "person")

    @app.get("/api/articles/{article_id}", tags=["api"])
    def api_article(store: StoreDep, article_id: str, boilerplate: bool = False) -> dict:
        """An article's text, quotes and metadata (and removed boilerplate on request)."""
        return found(desk.article_page(store, article_id, boilerplate), "article")

    @app.get("/api/search", tags=["api"])
    def api_search(store: StoreDep, q: str, kind: str = "articles", speaker: str | None = None,
                   outlet: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, page_no: Page = 1) -> dict:
        """Full-text search (FTS5 syntax) over articles or quotes, with filters."""
        return searched(store, q, kind, speaker, outlet, date_from, date_to, page_no)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def stories_html(request: Request, store: StoreDep, page_no: Page = 1) -> HTMLResponse:
        data = desk.stories_page(store, 50, 50 * (page_no - 1))
        return page(request, "stories.html", {**data, "page_no": page_no})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_html(request: Request, store: StoreDep, story_id: str) -> HTMLResponse:
        data = found(desk.story_page(store, story_id), "story")
        data["timeline_svg"] = Markup(data["timeline_svg"])  # built from escaped parts
        return page(request, "story.html", data)

    @app.get("/clusters/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
    def cluster_html(request: Request, store: StoreDep, cluster_id: str) -> HTMLResponse:
        return page(request, "cluster.html", found(desk.cluster_page(store, cluster_id),
                                                   "quote cluster"))

    @app.get("/people/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def person_html(request: Request, store: StoreDep, entity_id: str) -> HTMLResponse:
        return page(request, "person.html", found(desk.person_page(store, entity_id), "person"))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_html(request: Request, store: StoreDep, article_id: str,
                     boilerplate: bool = False) -> HTMLResponse:
        data = found(desk.article_page(store, article_id, boilerplate), "article")
        return page(request, "article.html", data)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_html(request: Request, store: StoreDep, q: str = "", kind: str = "articles",
                    speaker: str | None = None, outlet: str | None = None,
                    date_from: str | None = None, date_to: str | None = None,
                    page_no: Page = 1) -> HTMLResponse:
        data: dict[str, Any] = {"query": q, "kind": kind, "results": [], "error": None,
                                "page_no": page_no, "speaker": speaker, "outlet": outlet,
                                "date_from": date_from, "date_to": date_to}
        if q.strip():
            try:
                data.update(searched(store, q, kind, speaker, outlet, date_from, date_to,
                                     page_no))
            except HTTPException as exc:
                data["error"] = exc.detail
        return page(request, "search.html", data)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):  # type: ignore[no-untyped-def]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(request, "error.html", {"data": {
            "status": exc.status_code, "detail": exc.detail}}, status_code=exc.status_code)

    return app
