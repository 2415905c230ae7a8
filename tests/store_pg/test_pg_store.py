"""PostgreSQL-only behaviour: migrations, round trips, refusals, and concurrent ingest."""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import StoreError
from storyline.model import Analysis, Page, Reject
from storyline.store import open_store
from storyline.store.schema import storable_reject

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sqlite_tests import load_store_tests  # noqa: E402

build_page = load_store_tests("conftest").build_page
analyses = load_store_tests("test_roundtrip").analyses
TABLES = "pages, articles, entities, quote_clusters, stories, rejects"


def _has_nul(case: object) -> bool:
    return "\\x00" in repr(case)  # PostgreSQL text holds no NUL; ingest strips them anyway


@pytest.fixture
def fresh(store: Any) -> Iterator[Any]:
    """Yield the store, emptied before each use (for property tests that reuse it)."""

    def empty() -> Any:
        store._conn.execute(f"TRUNCATE {TABLES} CASCADE")
        return store

    yield empty


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)
@given(analyses().filter(lambda case: not _has_nul(case)))
def test_any_unicode_analysis_reads_back_equal(fresh: Any, case: tuple[Page, Analysis]) -> None:
    store = fresh()
    page, analysis = case
    assert store.save_analysis(page, analysis) == "inserted"
    assert store.analysis(analysis.article.id) == analysis
    assert list(store.articles()) == [analysis.article]
    assert list(store.quotes(analysis.article.id)) == list(analysis.quotes)
    assert list(store.article_entities()) == list(analysis.entities)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(alphabet=st.characters(blacklist_characters="\x00"), max_size=30),
    st.dictionaries(
        st.text(alphabet="abc", max_size=8), st.text(max_size=5).filter(lambda t: "\x00" not in t)
    ),
)
def test_any_reject_reads_back_equal(fresh: Any, reason: str, detail: dict[str, str]) -> None:
    store = fresh()
    reject = Reject("feed.jsonl#7", "ingest", reason, detail)
    store.save_reject(reject)
    assert list(store.rejects()) == [storable_reject(reject)]


def test_a_nul_character_is_refused_and_nothing_is_stored(store: Any) -> None:
    page, analysis = build_page("a1", "Broken \x00 text.", content="clean page")
    with pytest.raises(StoreError, match="NUL"):
        store.save_analysis(page, analysis)
    assert store.counts()["articles"] == 0


def test_the_server_store_never_claims_its_data_unchanged(store: Any) -> None:
    """PostgreSQL has no cheap commit counter: data_version is None, so nothing is reused."""
    assert store.data_version() is None


def test_a_new_database_is_migrated_once_and_reopens(pg_url: str) -> None:
    from storyline.store.pg_schema import PG_SCHEMA_VERSION

    with open_store(pg_url) as store:  # type: ignore[attr-defined]
        store.save_analysis(*build_page("a1", "Kept across reopen."))
    for _ in range(2):
        with open_store(pg_url) as store:  # type: ignore[attr-defined]
            assert store.counts()["articles"] == 1
            assert store.search("reopen")[0]["id"] == "a1"
            rows = store._conn.execute("SELECT version FROM schema_version").fetchall()
            assert [r["version"] for r in rows] == list(range(1, PG_SCHEMA_VERSION + 1))
            meta = store._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'")
            assert meta.fetchone()["value"] == str(PG_SCHEMA_VERSION)


def test_a_database_from_a_newer_storyline_is_refused(store: Any, pg_url: str) -> None:
    store._conn.execute("INSERT INTO schema_version (version) VALUES (999)")
    with pytest.raises(StoreError, match="newer"):
        open_store(pg_url)


def test_tables_are_plain_with_json_arrays_and_a_search_index(store: Any) -> None:
    store.save_analysis(*build_page("a1", "Readable.", quotes=(("Plain", "Ada"),)))
    row = store._conn.execute(
        "SELECT authors ->> 0 AS author, jsonb_typeof(captions) AS kind FROM articles"
    ).fetchone()
    assert row == {"author": "Lois Lane", "kind": "array"}
    indexes = {r["indexname"] for r in store._conn.execute("SELECT indexname FROM pg_indexes")}
    assert {"articles_search", "quotes_search"} <= indexes


def test_an_unreachable_server_is_named_without_its_password() -> None:
    pytest.importorskip("psycopg")
    url = "postgresql://news:s3cret@127.0.0.1:1/storyline?connect_timeout=3"
    with pytest.raises(StoreError, match="cannot connect") as caught:
        open_store(url)
    assert "s3cret" not in str(caught.value)
    assert "news:***@127.0.0.1:1" in str(caught.value)


def test_without_psycopg_the_url_asks_for_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if storyline[postgres] were missing
    with pytest.raises(StoreError, match=r"storyline\[postgres\]") as caught:
        open_store("postgresql://news:s3cret@db.example/storyline")
    assert "s3cret" not in str(caught.value)


def _ingest_worker(url: str, order: list[int], results: Any) -> None:
    """Save the shared pages in the given order and report each outcome."""
    store = open_store(url)
    outcomes = []
    for n in order:
        page, analysis = build_page(
            f"a{n}",
            f"Article number {n} about the vote.",
            url=f"https://e.example/{n}",
            quotes=((f"Quote {n} said once", "Ada"),),
        )
        outcomes.append((n, store.save_analysis(page, analysis)))
    store.close()
    results.put(outcomes)


def test_two_processes_ingesting_the_same_pages_store_each_once(
    store: Any, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # spawned children import this module by name: they need the project root on sys.path
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2]))
    pages = list(range(40))
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [
        context.Process(target=_ingest_worker, args=(pg_url, order, results))
        for order in (pages, pages[::-1])
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    inserted = sorted(n for part in outcomes for n, what in part if what == "inserted")
    assert inserted == pages  # each page inserted by exactly one worker
    counts = store.counts()
    assert (counts["pages"], counts["articles"], counts["quotes"]) == (40, 40, 40)
