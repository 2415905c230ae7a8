"""Full-text search: ranking, snippets, filters, pagination, bad queries and injection."""

from __future__ import annotations

import pytest

from storyline.errors import QueryError
from storyline.store import SNIPPET_END, SNIPPET_START, SqliteStore


@pytest.fixture
def corpus(store: SqliteStore, build) -> SqliteStore:
    store.save_analysis(
        *build(
            "a1",
            "The budget vote was delayed in Zürich.",
            title="Budget vote delayed",
            outlet="Daily Planet",
            published="2021-05-24T14:47:47+09:00",
            quotes=(("The budget is a disgrace", "Ada Byron"),),
        )
    )
    store.save_analysis(
        *build(
            "a2",
            "Councillors said the budget would pass. Nothing else.",
            title="Council meets",
            outlet="Gazette",
            published="2021-05-31",
            quotes=(("It will pass next week", "Bo Dane"), ("No budget, no deal", "Ada Byron")),
        )
    )
    store.save_analysis(
        *build(
            "a3",
            "A budget surplus was announced.",
            title="Surplus",
            outlet="Gazette",
            published="2021-06-02T08:00:00+00:00",
        )
    )
    return store


def ids(results: list[dict]) -> list[str]:
    return [r["id"] for r in results]


def test_title_hits_rank_before_body_hits(corpus: SqliteStore) -> None:
    results = corpus.search("budget")
    assert ids(results)[0] == "a1"
    assert set(ids(results)) == {"a1", "a2", "a3"}
    assert all(isinstance(r["rank"], float) for r in results)


def test_snippets_mark_the_matched_words(corpus: SqliteStore) -> None:
    [hit] = corpus.search("surplus")
    assert f"{SNIPPET_START}surplus{SNIPPET_END}" in hit["snippet"].lower()
    [quote] = corpus.search("disgrace", kind="quotes")
    assert quote["snippet"] == f"The budget is a {SNIPPET_START}disgrace{SNIPPET_END}"


def test_search_ignores_accents(corpus: SqliteStore) -> None:
    assert ids(corpus.search("zurich")) == ["a1"]


def test_outlet_and_date_filters(corpus: SqliteStore) -> None:
    assert set(ids(corpus.search("budget", outlet="gazette"))) == {"a2", "a3"}
    assert set(ids(corpus.search("budget", date_from="2021-05-31"))) == {"a2", "a3"}
    assert set(ids(corpus.search("budget", date_to="2021-05"))) == {"a1", "a2"}
    assert ids(corpus.search("budget", date_from="2021-05-25", date_to="2021-05-31")) == ["a2"]


def test_speaker_filter_on_articles_and_quotes(corpus: SqliteStore) -> None:
    assert set(ids(corpus.search("budget", speaker="ada byron"))) == {"a1", "a2"}
    quotes = corpus.search("budget", kind="quotes", speaker="Ada Byron")
    assert {q["text"] for q in quotes} == {"The budget is a disgrace", "No budget, no deal"}
    assert {q["article_id"] for q in quotes} == {"a1", "a2"}
    assert corpus.search("pass", kind="quotes", speaker="Ada Byron") == []


def test_pages_are_disjoint_and_cover_all_results(corpus: SqliteStore) -> None:
    everything = ids(corpus.search("budget", limit=10))
    pages = [ids(corpus.search("budget", limit=1, offset=n)) for n in range(4)]
    assert pages[:3] == [[everything[0]], [everything[1]], [everything[2]]]
    assert pages[3] == []


def test_fts_syntax_is_available(corpus: SqliteStore) -> None:
    assert ids(corpus.search('"budget vote"')) == ["a1"]
    assert ids(corpus.search("surpl*")) == ["a3"]
    assert set(ids(corpus.search("budget NOT surplus"))) == {"a1", "a2"}
    assert ids(corpus.search("title:council")) == ["a2"]


@pytest.mark.parametrize("query", ['"unbalanced', "budget AND", "(budget", "nosuchcolumn:x", "   "])
def test_a_query_that_does_not_parse_raises_query_error(corpus: SqliteStore, query: str) -> None:
    with pytest.raises(QueryError) as caught:
        corpus.search(query)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "arguments",
    [{"kind": "people"}, {"limit": 0}, {"limit": "5"}, {"offset": -1}, {"date_from": "yesterday"}],
)
def test_invalid_filters_raise_query_error(corpus: SqliteStore, arguments: dict) -> None:
    with pytest.raises(QueryError):
        corpus.search("budget", **arguments)


INJECTIONS = [
    "'; DROP TABLE articles; --",
    '" OR 1=1 --',
    "x') UNION SELECT sql, 1, 1, 1, 1, 1, 1, 1 FROM sqlite_master --",
    "2021' OR '1'='1",
]


@pytest.mark.parametrize("payload", INJECTIONS)
@pytest.mark.parametrize("parameter", ["query", "speaker", "outlet", "date_from", "date_to"])
def test_sql_injection_in_any_parameter_is_harmless(
    corpus: SqliteStore, parameter: str, payload: str
) -> None:
    before = corpus.counts()
    arguments = {"query": "budget", parameter: payload}
    try:
        results = corpus.search(**arguments)
    except QueryError:
        results = []
    assert results == []  # the payload matched nothing, and leaked no schema
    assert corpus.counts() == before
    assert len(corpus.search("budget")) == 3


def test_injection_in_page_and_record_fields_is_stored_as_text(store: SqliteStore, build) -> None:
    payload = "x'); DROP TABLE quotes; --"
    page, analysis = build(
        payload, payload, url=payload, title=payload, outlet=payload, quotes=((payload, payload),)
    )
    store.save_analysis(page, analysis)
    assert store.analysis(payload) == analysis
    assert store.counts()["quotes"] == 1
