"""An analysis saved to the store reads back exactly as it went in."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.errors import StoreError
from storyline.model import (
    Analysis,
    Article,
    Entity,
    Event,
    Mention,
    Page,
    Quote,
    Reject,
    TimeExpr,
)
from storyline.store import SqliteStore
from storyline.store.schema import storable_reject

ints = st.integers(min_value=-(2**63), max_value=2**63 - 1)
maybe = st.none() | st.text(max_size=20)
words = st.lists(st.text(max_size=12), max_size=3).map(tuple)
bools = st.booleans()


@st.composite
def analyses(draw: st.DrawFn) -> tuple[Page, Analysis]:
    article_id = draw(st.text(min_size=1, max_size=20))
    article = Article(
        id=article_id,
        source=draw(st.text(max_size=30)),
        url=draw(maybe),
        outlet=draw(maybe),
        title=draw(maybe),
        authors=draw(words),
        published=draw(maybe),
        updated=draw(maybe),
        dateline=draw(maybe),
        text=draw(st.text(max_size=300)),
        captions=draw(words),
        language=draw(maybe),
        boilerplate=draw(words),
        content_hash=draw(st.text(max_size=10)),
        story_id=draw(maybe),
    )
    mention = st.builds(Mention, ints, ints, st.text(max_size=12), st.text(max_size=8))
    entities = tuple(
        Entity(
            f"e{i}",
            draw(st.text()),
            draw(st.text(max_size=6)),
            draw(words),
            draw(words),
            tuple(draw(st.lists(mention, max_size=3))),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    quotes = tuple(
        Quote(
            f"q{i}",
            article_id,
            draw(st.text()),
            draw(st.text(max_size=8)),
            draw(ints),
            draw(ints),
            draw(maybe),
            draw(maybe),
            draw(maybe),
            draw(maybe),
            draw(maybe),
            draw(maybe),
            draw(st.none() | ints),
            draw(st.none() | ints),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    time = st.builds(TimeExpr, ints, ints, st.text(max_size=12), maybe, maybe, bools)
    events = tuple(
        Event(
            f"ev{i}",
            article_id,
            draw(st.text(max_size=10)),
            draw(st.text(max_size=5)),
            draw(st.text()),
            draw(ints),
            draw(ints),
            draw(words),
            draw(maybe),
            draw(bools),
            draw(maybe),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    page = Page(source=article.source, content=draw(st.text()), kind="html", url=draw(maybe))
    analysis = Analysis(article, entities, quotes, tuple(draw(st.lists(time, max_size=3))), events)
    return page, analysis


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(analyses())
def test_any_unicode_analysis_reads_back_equal(case: tuple[Page, Analysis]) -> None:
    page, analysis = case
    with SqliteStore(":memory:") as store:
        assert store.save_analysis(page, analysis) == "inserted"
        assert store.analysis(analysis.article.id) == analysis
        assert list(store.articles()) == [analysis.article]
        assert store.article(analysis.article.id) == analysis.article
        assert list(store.quotes(analysis.article.id)) == list(analysis.quotes)
        assert list(store.article_entities()) == list(analysis.entities)


@settings(max_examples=30, deadline=None)
@given(
    st.text(st.characters(categories=("L", "N", "P", "Z", "Cs", "Cc"))),
    st.text(),
    st.text(),
    st.dictionaries(st.text(max_size=8), st.text()),
)
def test_any_reject_reads_back_equal(
    source: str, stage: str, reason: str, detail: dict[str, str]
) -> None:
    reject = Reject(source, stage, reason, detail)
    with SqliteStore(":memory:") as store:
        store.save_reject(reject)
        assert list(store.rejects()) == [storable_reject(reject)]


def test_a_reject_with_lone_surrogates_is_stored_with_escapes() -> None:
    # a file name that was not UTF-8 reaches Python with surrogate escapes
    reject = Reject("pages/caf\udce9.html", "ingest", "not UTF-8: \ud800", {"k": "\udcff"})
    with SqliteStore(":memory:") as store:
        store.save_reject(reject)
        [back] = store.rejects()
    assert back == Reject("pages/caf\\udce9.html", "ingest", "not UTF-8: \\ud800", {"k": "\\udcff"})
    assert storable_reject(back) == back


def test_unknown_article_reads_as_none(store: SqliteStore) -> None:
    assert store.article("nope") is None
    assert store.analysis("nope") is None
    assert list(store.articles(["nope"])) == []


def test_articles_by_id_come_in_the_order_asked(store: SqliteStore, build) -> None:
    for name in ("a", "b", "c"):
        store.save_analysis(*build(name, f"text {name}"))
    assert [a.id for a in store.articles(["c", "x", "a", "c"])] == ["c", "a"]
    assert [a.id for a in store.articles()] == ["a", "b", "c"]


def test_rejects_are_kept_oldest_first_with_their_reason(store: SqliteStore) -> None:
    store.save_reject(Reject("bad.warc#3", "ingest", "truncated gzip", {"offset": "1024"}))
    store.save_reject(Reject("empty.html", "extract", "no article text"))
    assert [(r.source, r.reason) for r in store.rejects()] == [
        ("bad.warc#3", "truncated gzip"),
        ("empty.html", "no article text"),
    ]
    assert store.counts()["rejects"] == 2


def test_a_lone_surrogate_is_refused_and_nothing_is_stored(store: SqliteStore, build) -> None:
    page, analysis = build("a1", "Broken \ud800 text.", content="clean page")
    with pytest.raises(StoreError, match="not valid Unicode"):
        store.save_analysis(page, analysis)
    assert store.counts()["articles"] == 0
