"""Re-ingesting is safe: the same page is stored once, a changed page is updated in place."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyline.errors import StoreError
from storyline.model import Page, Story
from storyline.store import SqliteStore

URL = "https://planet.example/2021/05/vote"


def test_same_page_twice_is_stored_once(store: SqliteStore, build) -> None:
    page, analysis = build("a1", "The council voted.", url=URL, quotes=(("We won", "Mayor Ada"),))
    assert store.page_status(page) == "new"
    assert store.save_analysis(page, analysis) == "inserted"
    assert store.page_status(page) == "same"
    assert store.save_analysis(page, analysis) == "unchanged"
    counts = store.counts()
    assert (counts["pages"], counts["articles"], counts["quotes"]) == (1, 1, 1)


def test_same_content_from_another_path_is_stored_once(store: SqliteStore, build) -> None:
    page, analysis = build("a1", "The council voted.", content="<p>same bytes</p>")
    store.save_analysis(page, analysis)
    copy = Page(source="mirror/copy.html", content="<p>same   bytes</p>", kind="html")
    assert store.page_status(copy) == "same"
    assert store.save_analysis(copy, build("a2", "The council voted.")[1]) == "unchanged"
    assert [a.id for a in store.articles()] == ["a1"]


def test_changed_content_at_same_url_updates_in_place(store: SqliteStore, build) -> None:
    first = build("a1", "Polls open at nine.", url=URL, quotes=(("Vote early", "Ada"),))
    store.save_analysis(*first)
    store.replace_stories([Story("s1", "Vote", ("a1",), None, None)])
    page, analysis = build(
        "a1-v2",
        "Polls closed at ten.",
        url=URL,
        content="<p>v2</p>",
        quotes=(("We counted every vote", "Ada"), ("Thanks", "Bo")),
    )
    assert store.page_status(page) == "changed"
    assert store.save_analysis(page, analysis) == "updated"

    article = store.article("a1")
    assert article is not None and article.text == "Polls closed at ten."
    assert article.story_id == "s1"
    assert store.article("a1-v2") is None
    assert [q.text for q in store.quotes("a1")] == ["We counted every vote", "Thanks"]
    assert {q.article_id for q in store.quotes()} == {"a1"}
    assert {e.name for e in store.article_entities("a1")} == {"Ada", "Bo"}
    assert store.counts()["articles"] == 1
    assert store.search("closed")[0]["id"] == "a1"
    assert store.search("nine") == []
    assert store.search("early", kind="quotes") == []
    assert store.page_status(page) == "same"


def test_pages_without_url_are_keyed_by_content(store: SqliteStore, build) -> None:
    page, analysis = build("a1", "Text one.", content="dump one")
    other, other_analysis = build("a2", "Text two.", content="dump two")
    assert store.save_analysis(page, analysis) == "inserted"
    assert store.save_analysis(other, other_analysis) == "inserted"
    assert store.counts()["pages"] == 2


def test_a_failing_document_leaves_nothing_behind(store: SqliteStore, build) -> None:
    store.save_analysis(*build("a1", "First.", quotes=(("Hello", "Ada"),)))
    # a second article whose quote id collides with a stored one cannot be stored whole
    page, analysis = build("a2", "Second.", content="other", quotes=(("Hi", "Bo"),))
    analysis = replace(analysis, quotes=(replace(analysis.quotes[0], id="q0@a1"),))
    with pytest.raises(StoreError, match="UNIQUE"):
        store.save_analysis(page, analysis)
    assert store.article("a2") is None
    assert store.page_status(page) == "new"
    assert store.counts()["quotes"] == 1


def test_two_pages_with_one_article_id_share_the_article(store: SqliteStore, build) -> None:
    store.save_analysis(*build("a1", "First print.", url="https://e.example/print"))
    page, analysis = build("a1", "Second print.", url="https://e.example/amp", content="amp")
    assert store.save_analysis(page, analysis) == "updated"
    assert [a.text for a in store.articles()] == ["Second print."]
    assert store.counts()["pages"] == 2
