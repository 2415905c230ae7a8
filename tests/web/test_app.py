"""The analyst's desk: every page and API route over a store built by the real pipeline."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.web import app as web_app
from storyline.web import create_app

from .conftest import ALTERED, QUOTE


@pytest.fixture(scope="module")
def client(news_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(news_db))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def ids(client: TestClient) -> dict[str, Any]:
    """Return the ids of the harbour story, its shared quote, its speaker and an article."""
    stories = client.get("/api/stories").json()["stories"]
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    shared = max(story["clusters"], key=lambda c: len(c["quote_ids"]))
    article = story["outlets"]["Coast Herald"][0]
    return {"story": stories[0]["id"], "cluster": shared["id"], "person": shared["speaker_id"],
            "article": article["id"], "story_data": story}


def _text(html: str) -> str:
    """Return the visible text of a page, tags dropped and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_stories_page_lists_each_story_with_outlets_and_counts(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = _text(page.text)
    assert "Mayor Orlen keeps harbour open to fishing boats" in text
    assert "Brenna Courier" in text and "Coast Herald" in text and "Gull Gazette" in text
    api = client.get("/api/stories").json()
    assert api["total"] == 1 and api["page_no"] == 1
    assert api["stories"][0]["article_count"] == 3
    assert api["stories"][0]["outlets"] == ["Brenna Courier", "Coast Herald", "Gull Gazette"]


def test_story_page_draws_the_timeline_and_says_who_reported_first(
    client: TestClient, ids: dict[str, Any]
) -> None:
    page = client.get(f"/stories/{ids['story']}")
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="timeline"' in page.text
    assert re.search(r'<(circle|rect) class="event"', page.text)
    text = _text(page.text)
    assert "First reported by Gull Gazette at 2025-02-10 09:00 UTC, then Brenna Courier (+4.5 h)" \
        in text
    assert "then Coast Herald" in text
    for outlet in ("Brenna Courier", "Coast Herald", "Gull Gazette"):
        assert f"<h3>{outlet}</h3>" in page.text
    events = ids["story_data"]["events"]
    assert any(e["date"] == "2025-02-14" for e in events)


def test_cluster_page_puts_the_fullest_version_first_and_marks_changed_words(
    client: TestClient, ids: dict[str, Any]
) -> None:
    page = client.get(f"/clusters/{ids['cluster']}")
    assert page.status_code == 200
    versions = page.text.split('<article class="version')[1:]
    assert len(versions) == 3
    assert "fishing boats" in _text(versions[0]) and "<ins>" not in versions[0]
    altered = next(v for v in versions if "any" in _text(v))
    assert "<ins>any</ins>" in altered and "<del>fishing</del>" in altered
    assert "<del>northern</del>" in altered and "altered" in altered
    api = client.get(f"/api/clusters/{ids['cluster']}").json()
    assert api["first"]["outlet"] == "Gull Gazette"
    texts = [r["quote"]["text"].strip('",') for r in api["reports"]]
    assert texts[0] == QUOTE and ALTERED in texts
    assert [r["altered"] for r in api["reports"]].count(True) == 1


def test_person_page_shows_roles_aliases_statements_in_spoken_order_and_outlets(
    client: TestClient, ids: dict[str, Any]
) -> None:
    page = client.get(f"/people/{ids['person']}")
    assert page.status_code == 200
    text = _text(page.text)
    assert "Ada Orlen" in text and "mayor of Port Brenna" in text and "Orlen" in text
    assert "Quoted most by" in text
    api = client.get(f"/api/people/{ids['person']}").json()
    spoken = [s["spoken"] for s in api["statements"]]
    assert spoken == sorted(spoken, key=lambda v: v.replace("+00:00", ""))
    assert {outlet for outlet, _ in api["outlets"]} == {"Brenna Courier", "Coast Herald",
                                                        "Gull Gazette"}


def test_article_page_highlights_quotes_links_speakers_and_shows_boilerplate_on_request(
    client: TestClient, ids: dict[str, Any]
) -> None:
    page = client.get(f"/articles/{ids['article']}")
    assert page.status_code == 200
    assert '<span class="quote direct"' in page.text
    assert f'<a class="speaker" href="/people/{ids["person"]}">Ada Orlen</a>' in page.text
    assert "show removed boilerplate" in page.text and "Removed boilerplate" not in page.text
    shown = client.get(f"/articles/{ids['article']}?boilerplate=true")
    assert "Removed boilerplate" in shown.text and "hide removed boilerplate" in shown.text
    api = client.get(f"/api/articles/{ids['article']}", params={"boilerplate": True}).json()
    assert api["article"]["outlet"] == "Coast Herald" and "boilerplate" in api
    assert "".join(s["text"] for s in api["segments"]) == api["article"]["text"]


def test_search_finds_articles_and_quotes_with_marked_snippets(client: TestClient) -> None:
    page = client.get("/search", params={"q": "pier"})
    assert page.status_code == 200
    assert "<mark>pier</mark>" in page.text
    quotes = client.get("/api/search", params={"q": '"fishing boats"', "kind": "quotes"}).json()
    assert len(quotes["results"]) == 2
    assert all("\u27e6fishing boats\u27e7" in r["snippet"] for r in quotes["results"])


@pytest.mark.parametrize(("params", "outlets"), [
    ({"outlet": "coast herald"}, {"Coast Herald"}),
    ({"speaker": "Ada Orlen", "kind": "quotes"}, {"Brenna Courier", "Coast Herald",
                                                  "Gull Gazette"}),
    ({"speaker": "Nobody Atall", "kind": "quotes"}, set()),
    ({"date_from": "2025-02-11"}, {"Coast Herald"}),
    ({"date_to": "2025-02-10"}, {"Brenna Courier", "Gull Gazette"}),
    ({"date_from": "2025-02-10", "date_to": "2025-02-10", "outlet": "Gull Gazette"},
     {"Gull Gazette"}),
])
def test_search_filters_by_speaker_outlet_and_dates(
    client: TestClient, params: dict[str, str], outlets: set[str]
) -> None:
    found = client.get("/api/search", params={"q": "harbour", **params})
    assert found.status_code == 200
    assert {r["outlet"] for r in found.json()["results"]} == outlets
    page = client.get("/search", params={"q": "harbour", **params})
    assert page.status_code == 200 and 'value="harbour"' in page.text


def test_search_pages_through_results(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_app, "RESULTS_PER_PAGE", 2)
    first = client.get("/api/search", params={"q": "harbour"}).json()
    second = client.get("/api/search", params={"q": "harbour", "page": 2}).json()
    assert first["has_more"] and not second["has_more"]
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    page = client.get("/search", params={"q": "harbour", "outlet": "", "page": 1})
    assert 'rel="next" href="/search?q=harbour&amp;kind=articles&amp;page=2"' in page.text
    last = client.get("/search", params={"q": "harbour", "page": 2})
    assert 'rel="prev"' in last.text and 'rel="next"' not in last.text


def test_stories_list_pages_through_stories(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_app, "STORIES_PER_PAGE", 1)
    beyond = client.get("/api/stories", params={"page": 2}).json()
    assert beyond["stories"] == [] and beyond["offset"] == 1 and beyond["total"] == 1
    assert 'rel="next"' not in client.get("/").text
    assert client.get("/api/stories", params={"page": 0}).status_code == 422


@pytest.mark.parametrize("query", ['"harbour', "harbour AND", "(harbour", "nosuchcolumn:x", "*"])
def test_a_query_that_does_not_parse_is_a_400_with_a_clear_message(
    client: TestClient, query: str
) -> None:
    api = client.get("/api/search", params={"q": query})
    assert api.status_code == 400
    assert "cannot parse search query" in api.json()["detail"]
    assert 'use words, "quoted phrases"' in api.json()["detail"]
    page = client.get("/search", params={"q": query})
    assert page.status_code == 400
    assert '<p class="error" role="alert">cannot parse search query' in page.text


def test_invalid_search_arguments_are_400s_with_their_reason(client: TestClient) -> None:
    assert "kind must be" in client.get("/api/search?q=a&kind=x").json()["detail"]
    assert "not ISO 8601" in client.get("/api/search?q=a&date_from=May").json()["detail"]
    assert "empty search query" in client.get("/api/search?q=%20").json()["detail"]
    assert client.get("/api/search").status_code == 422
    empty = client.get("/search")
    assert empty.status_code == 200 and 'role="alert"' not in empty.text


@pytest.mark.parametrize("path", [
    "/stories/s-0000", "/clusters/c-0000", "/people/e-0000", "/articles/a-0000",
    "/api/stories/s-0000", "/api/clusters/c-0000", "/api/people/e-0000",
    "/api/articles/a-0000", "/no/such/page", "/api/no/such/route",
])
def test_unknown_ids_and_routes_are_404s(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    if path.startswith("/api/"):
        assert answer.json()["detail"]
    else:
        assert "not found" in answer.text and answer.headers["content-type"].startswith("text/html")


def test_the_openapi_schema_lists_every_api_route(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    routes = {getattr(r, "path", "") for r in client.app.routes}  # type: ignore[attr-defined]
    api_routes = {r for r in routes if r.startswith("/api/")}
    assert api_routes == set(schema["paths"])
    assert len(api_routes) == 6
    for path in schema["paths"].values():
        assert path["get"]["description"]
    assert client.get("/docs").status_code == 200


def test_every_answer_carries_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/static/style.css", "/nope"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "script-src" not in headers["content-security-policy"]


@pytest.mark.parametrize(
    "source",
    [
        "{{ d.title }}|{{ d.items is defined }}|{{ d.missing is defined }}",
        "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",  # a key named 'items'
        "{{ d.keys is callable }}|{{ d.get('title') }}|{{ n.real }}|{{ s.upper() }}",
        "{{ d.nested.values }}|{{ d.nested.x }}|{{ d['items'] }}",
    ],
)
def test_page_templates_look_up_dict_keys_as_jinja2_does(source: str) -> None:
    """The desk's environment reads dict keys first, yet every lookup gives what it gave."""
    import jinja2

    context = {
        "d": {"title": "<b>T</b>", "items": [1, 2], "keys": "k", "nested": {"values": 3}},
        "n": 5,
        "s": "abc",
    }
    ours = web_app._templates().env.from_string(source).render(context)
    plain = jinja2.Environment(autoescape=True).from_string(source).render(context)
    assert ours == plain


def test_serve_runs_one_process_per_core_by_default(
    news_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from storyline import cli

    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setattr(
        cli, "_serve_processes", lambda config: calls.append((config.app, {
            "factory": config.factory, "workers": config.workers, "host": config.host,
            "port": config.port, "log_level": config.log_level}))
    )
    monkeypatch.setattr(cli, "_cores", lambda: 2)
    monkeypatch.delenv(web_app.DB_ENV, raising=False)

    def serve(*args: str) -> tuple[Any, dict[str, Any]]:
        result = CliRunner().invoke(cli.app, ["serve", "--db", str(news_db), *args])
        assert result.exit_code == 0, result.output
        return calls[-1]

    app, options = serve()
    assert app == "storyline.web.app:app_from_env"
    assert options == {"factory": True, "workers": 2, "host": "127.0.0.1", "port": 8000,
                       "log_level": "warning"}
    assert web_app.app_from_env().state.stores.db == str(news_db)
    monkeypatch.setattr(cli, "_cores", lambda: 64)
    assert serve()[1]["workers"] == cli.MAX_DEFAULT_WORKERS
    app, options = serve("--workers", "1")  # one process: the app itself, no import string
    assert not isinstance(app, str) and "workers" not in options
    assert serve("--workers", "5")[1]["workers"] == 5


@pytest.mark.slow
def test_several_server_processes_answer_over_one_store(news_db: Path) -> None:
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "storyline.cli", "serve", "--db", str(news_db),
               "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env={**os.environ})
    try:
        deadline, answers = time.monotonic() + 60, []
        while time.monotonic() < deadline and len(answers) < 20:
            try:
                answers.append(httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=5))
            except httpx.HTTPError:
                assert server.poll() is None, "the server stopped"
                time.sleep(0.2)
        assert len(answers) == 20 and {a.status_code for a in answers} == {200}
        assert len({a.text for a in answers}) == 1
        with httpx.Client() as session:  # keep-alive answers come at once (TCP_NODELAY)
            session.get(f"http://127.0.0.1:{port}/api/stories")
            took = []
            for _ in range(10):
                start = time.perf_counter()
                session.get(f"http://127.0.0.1:{port}/api/stories?page=2")
                took.append(time.perf_counter() - start)
            assert sorted(took)[5] < 0.035, took
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_search_results_are_reused_until_anyone_commits(
    news_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from storyline.model import Analysis, Article, Page
    from storyline.store import SqliteStore, open_store

    db = tmp_path / "copy.db"
    shutil.copy(news_db, db)
    reads: list[str] = []
    real_search = SqliteStore.search

    def counted(self: SqliteStore, query: str, **options: Any) -> list[dict[str, Any]]:
        reads.append(query)
        return real_search(self, query, **options)

    monkeypatch.setattr(SqliteStore, "search", counted)
    with TestClient(create_app(str(db))) as test_client:
        first = test_client.get("/api/search", params={"q": "harbour"}).json()
        again = test_client.get("/api/search", params={"q": "harbour"}).json()
        page = test_client.get("/search", params={"q": "harbour"})
        assert first == again and page.status_code == 200 and len(reads) == 1
        assert test_client.get("/api/search", params={"q": "harbour", "page": 2}).status_code == 200
        assert len(reads) == 2  # another page is another read
        # another process ingests an article: the next search reads the store again
        text = "The harbour master resigned on Friday."
        article = Article(id="a-new0000000000001", source="new.txt", url=None, outlet="Late News",
                          title="Harbour master resigns", authors=(), published="2025-03-01",
                          updated=None, dateline=None, text=text, captions=(), boilerplate=())
        writer = open_store(db)
        writer.save_analysis(Page("new.txt", text, "text"), Analysis(article=article))
        writer.close()
        after = test_client.get("/api/search", params={"q": "harbour"}).json()
        assert len(reads) == 3
        assert "a-new0000000000001" in [r["id"] for r in after["results"]]
        assert "a-new0000000000001" not in [r["id"] for r in first["results"]]
        bad = test_client.get("/api/search", params={"q": '"unterminated'})
        assert bad.status_code == 400 and len(reads) == 4  # errors are never kept


def test_the_server_moves_its_long_lived_objects_out_of_the_collectors_reach(
    news_db: Path,
) -> None:
    import gc

    gc.unfreeze()
    try:
        with TestClient(create_app(str(news_db))) as test_client:
            assert gc.get_freeze_count() > 10_000  # the modules, the app, its routes
            assert test_client.get("/api/stories").status_code == 200
    finally:
        gc.unfreeze()
