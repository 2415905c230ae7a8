"""Corpus-level results replace their predecessors wholesale and stamp the records they link."""

from __future__ import annotations

import pytest

from storyline.errors import StoreError
from storyline.model import Entity, Event, QuoteCluster, Story
from storyline.store import SqliteStore


@pytest.fixture
def linked(store: SqliteStore, build) -> SqliteStore:
    store.save_analysis(*build("a1", "Ada spoke.", quotes=(("We will win", "Ada"),)))
    store.save_analysis(
        *build(
            "a2", "Byron spoke.", content="2", quotes=(("We will win", "Ms Byron"), ("Later", None))
        )
    )
    return store


ADA = Entity("e-ada", "Ada Byron", "PERSON", roles=("mayor",), aliases=("Ada", "Ms Byron"))
MERGES = {"Ada@a1": "e-ada", "Ms Byron@a2": "e-ada"}


def test_merged_entities_become_the_quotes_speakers(linked: SqliteStore) -> None:
    linked.replace_entities([ADA], MERGES)
    assert list(linked.entities()) == [ADA]
    speakers = {(q.article_id, q.speaker, q.speaker_id) for q in linked.quotes()}
    assert speakers == {
        ("a1", "Ada Byron", "e-ada"),
        ("a2", "Ada Byron", "e-ada"),
        ("a2", None, None),
    }
    events = {e.article_id: e.entity_ids for e in linked.events()}
    assert events == {"a1": ("e-ada",), "a2": ("e-ada",)}


def test_per_article_entities_survive_linking(linked: SqliteStore) -> None:
    before = list(linked.article_entities())
    linked.replace_entities([ADA], MERGES)
    assert list(linked.article_entities()) == before
    assert [e.name for e in before] == ["Ada", "Ms Byron"]
    assert before[0].mentions[0].text == "Ada"


def test_relinking_replaces_the_previous_merge(linked: SqliteStore) -> None:
    linked.replace_entities([ADA], MERGES)
    linked.replace_entities([Entity("e-ada-1", "Ada", "PERSON")], {"Ada@a1": "e-ada-1"})
    speakers = {(q.article_id, q.speaker, q.speaker_id) for q in linked.quotes()}
    assert ("a1", "Ada", "e-ada-1") in speakers
    assert ("a2", "Ms Byron", "Ms Byron@a2") in speakers  # back to what the analysis found
    assert [e.id for e in linked.entities()] == ["e-ada-1"]


def test_clusters_set_each_quotes_cluster(linked: SqliteStore) -> None:
    cluster = QuoteCluster(
        "c1",
        "Ada Byron",
        "e-ada",
        "We will win",
        ("q0@a1", "q0@a2"),
        "a1",
        "Daily Planet",
        "2021-05-24",
        ("q0@a2",),
    )
    linked.replace_clusters([cluster])
    assert list(linked.clusters()) == [cluster]
    assert {q.id: q.cluster_id for q in linked.quotes()} == {
        "q0@a1": "c1",
        "q0@a2": "c1",
        "q1@a2": None,
    }
    linked.replace_clusters([])
    assert {q.cluster_id for q in linked.quotes()} == {None}
    assert list(linked.clusters()) == []


def test_stories_set_each_articles_story(linked: SqliteStore) -> None:
    story = Story("s1", "The vote", ("a1", "a2"), "2021-05-24", "2021-05-25")
    linked.replace_stories([story])
    assert list(linked.stories()) == [story]
    assert {a.story_id for a in linked.articles()} == {"s1"}
    linked.replace_stories([Story("s2", None, ("a2",), None, None)])
    assert {a.id: a.story_id for a in linked.articles()} == {"a1": None, "a2": "s2"}


def test_events_are_replaced_wholesale_and_filtered_by_story(linked: SqliteStore) -> None:
    merged = [
        Event("m2", "a2", "2021-06-01", "day", "It passed.", 0, 10, story_id="s1"),
        Event("m1", "a1", "2021-05", "month", "Talks began.", 0, 12, story_id="s1"),
        Event("m3", "a2", "2020", "year", "Earlier.", 0, 8, story_id="s2"),
    ]
    linked.replace_events(merged)
    assert [e.id for e in linked.events("s1")] == ["m1", "m2"]  # in date order
    assert linked.counts()["events"] == 3


def test_an_event_of_an_unknown_article_is_refused_whole(linked: SqliteStore) -> None:
    before = list(linked.events())
    bad = [
        Event("ok", "a1", "2021", "year", "x", 0, 1),
        Event("bad", "zz", "2021", "year", "y", 0, 1),
    ]
    with pytest.raises(StoreError, match="FOREIGN KEY"):
        linked.replace_events(bad)
    assert list(linked.events()) == before
