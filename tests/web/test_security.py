"""Hostile input: scraped markup stays text, search parameters stay data, paths stay inside."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from storyline import cli
from storyline.store import open_store
from storyline.web import create_app
from storyline.web.guard import MAX_BODY, Guard

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "link", "body", "header", "nav", "a", "form", "input",
    "button", "main", "footer", "h1", "h2", "h3", "p", "span", "strong", "table", "thead",
    "tbody", "tr", "th", "td", "code", "section", "div", "svg", "line", "text", "g", "circle",
    "rect", "path", "details", "summary", "ol", "ul", "li", "blockquote", "dl", "dt", "dd",
    "br", "article", "ins", "del", "mark", "pre", "label", "select", "option",
}  # fmt: skip


class _Markup(HTMLParser):
    """Collects every tag, attribute and link target a page really contains."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name in ("href", "src", "action"):
                self.links.append(value or "")


def assert_inert(html: str) -> None:
    """Fail when a page contains a tag, handler or link target it never writes itself."""
    found = _Markup()
    found.feed(html)
    assert found.tags <= ALLOWED_TAGS, found.tags - ALLOWED_TAGS
    assert not {a for a in found.attributes if a.startswith("on")}, found.attributes
    for link in found.links:
        assert link.startswith(("/", "#", "?")) or link == "", link
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<b " not in lowered
    assert "</textarea>" not in lowered and 'onmouseover="alert' not in lowered


@pytest.fixture(scope="module")
def client(hostile_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(hostile_db))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def every_page(client: TestClient, hostile_db: Path) -> dict[str, str]:
    """Return every page of the hostile store, by path."""
    store = open_store(hostile_db)
    try:
        paths = ["/", "/search"]
        paths += [f"/stories/{s.id}" for s in store.stories()]
        paths += [f"/clusters/{c.id}" for c in store.clusters()]
        paths += [f"/people/{e.id}" for e in store.entities()]
        paths += [f"/articles/{a.id}?boilerplate=true" for a in store.articles()]
    finally:
        store.close()
    for kind in ("articles", "quotes"):
        for query in ("farce", "script", "alert", "onmouseover", "textarea", "harbour"):
            paths.append(f"/search?q={query}&kind={kind}")
    pages = {path: client.get(path) for path in paths}
    assert all(p.status_code == 200 for p in pages.values()), pages
    return {path: page.text for path, page in pages.items()}


def test_scraped_markup_is_shown_as_text_on_every_page(every_page: dict[str, str]) -> None:
    assert len(every_page) > 20
    for path, html in every_page.items():
        try:
            assert_inert(html)
        except AssertionError as exc:
            raise AssertionError(f"{path}: {exc}") from exc
    joined = "\n".join(every_page.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in joined  # the text is there, escaped
    assert "&lt;img src=x onerror=alert(1)&gt;" in joined
    assert "&lt;/textarea&gt;" in joined
    assert "&#34; onmouseover=&#34;alert(1)" in joined
    assert "&lt;b onclick=&#34;alert(1)&#34;&gt;Rex&lt;/b&gt; Vale" in joined


def test_search_snippets_mark_hits_but_keep_scraped_markup_escaped(client: TestClient) -> None:
    page = client.get("/search", params={"q": "farce", "kind": "quotes"}).text
    assert "<mark>farce</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = client.get("/search", params={"q": "script"}).text
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in page
    assert_inert(page)


def test_the_search_form_echoes_a_hostile_query_as_an_attribute_value(
    client: TestClient,
) -> None:
    query = '"><script>alert(1)</script><input value="'
    page = client.get("/search", params={"q": query, "speaker": query, "outlet": query})
    assert page.status_code == 200 and "No matches" in page.text
    assert_inert(page.text)
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;input value=&#34;"' in page.text


INJECTIONS = [
    "' OR 1=1 --", '"; DROP TABLE articles; --', "harbour') UNION SELECT * FROM pages --",
    "%", "_", "\\", "\x00", "NULL", "harbour; ATTACH DATABASE '/tmp/x' AS x",
    "harbour NEAR(vote council, 5)", "title:harbour", "harbour*", "harbour NOT vote",
    "^harbour", "harbour OR", "{title text}: harbour", "rank:1", "article_fts:harbour",
    "\u27e6harbour\u27e7", "😀",
]  # fmt: skip


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("param", ["q", "speaker", "outlet", "date_from", "date_to", "kind"])
def test_search_parameters_are_data_never_sql(
    client: TestClient, hostile_db: Path, param: str, value: str
) -> None:
    params: dict[str, Any] = {"q": "harbour", param: value}
    for path in ("/api/search", "/search"):
        answer = client.get(path, params=params)
        assert answer.status_code in (200, 400), (path, answer.status_code, answer.text[:300])
        if answer.status_code == 400 and path == "/api/search":
            assert answer.json()["detail"]
        if path == "/search":
            assert_inert(answer.text)
    store = open_store(hostile_db)
    try:
        assert store.counts()["articles"] == 3
    finally:
        store.close()


@pytest.mark.parametrize("path", [
    "/static/../../etc/passwd", "/static/..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/etc/passwd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/....//....//etc/passwd", "/static//etc/passwd", "/static/%252e%252e/etc/passwd",
    "/static/..\\..\\etc\\passwd", "/static/../app.py", "/static/%2e%2e/app.py",
    "/static/../templates/base.html",
])  # fmt: skip
def test_static_files_never_leave_their_folder(client: TestClient, path: str) -> None:
    status, body = anyio.run(_raw_get, client.app, path)
    assert status == 404, (path, status)
    assert b"root:" not in body and b"create_app" not in body and b"{% block" not in body
    assert client.get("/static/style.css").status_code == 200


async def _raw_get(app: Any, path: str, method: str = "GET", body: bytes = b"",
                   headers: list[tuple[bytes, bytes]] | None = None) -> tuple[int, bytes]:
    """Return the status and body the app gives a request sent exactly as written."""
    raw = path.encode()
    target, _, query = raw.partition(b"?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": target.decode(), "raw_path": target, "query_string": query,
        "root_path": "", "headers": [(b"host", b"testserver"), *(headers or [])],
        "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
    }  # fmt: skip
    sent = False
    status, chunks = 0, []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


def test_an_oversized_request_body_is_refused_with_413(client: TestClient) -> None:
    answer = client.post("/api/search?q=harbour", content=b"x" * (MAX_BODY + 1))
    assert answer.status_code == 413 and "too large" in answer.json()["detail"]
    headers = [(b"content-length", b"99999999999999999999")]
    assert anyio.run(_raw_get, client.app, "/api/stories", "POST", b"", headers)[0] == 413


def test_a_body_without_a_declared_length_is_cut_off_at_the_limit() -> None:
    async def reader(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"read"})

    async def stream() -> tuple[int, bytes]:
        parts = [b"x" * 40_000] * 3
        status, out = 0, []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": parts.pop(), "more_body": bool(parts)}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            status = message.get("status", status)
            out.append(message.get("body", b""))

        scope = {"type": "http", "path": "/", "raw_path": b"/", "query_string": b"",
                 "headers": [(b"transfer-encoding", b"chunked")]}
        await Guard(reader)(scope, receive, send)
        return status, b"".join(out)

    status, body = anyio.run(stream)
    assert status == 413 and b"too large" in body


def test_an_overlong_address_is_refused(client: TestClient) -> None:
    answer = client.get("/search", params={"q": "harbour " * 700})
    assert answer.status_code == 414


def test_the_server_binds_loopback_unless_told_otherwise(
    news_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert inspect.signature(cli.serve).parameters["host"].default == "127.0.0.1"
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append(kw))
    monkeypatch.setattr(cli, "_serve_processes", lambda config: calls.append(
        {"host": config.host, "port": config.port}))
    for workers in ([], ["--workers", "1"], ["--workers", "3"]):
        command = ["serve", "--db", str(news_db), "--port", "8999", *workers]
        result = CliRunner().invoke(cli.app, command)
        assert result.exit_code == 0, result.output
        assert (calls[-1]["host"], calls[-1]["port"]) == ("127.0.0.1", 8999)
