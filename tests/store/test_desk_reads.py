"""The reads the web desk makes: one record by id, and the records around a story or person."""

from __future__ import annotations

import pytest

from storyline.model import Entity, QuoteCluster, Story
from storyline.store import SqliteStore


@pytest.fixture
def desk(store: SqliteStore, build) -> SqliteStore:
    store.save_analysis(
        *build(
            "a1", "One.", outlet="Gazette", published="2021-05-24", quotes=(("We will win", "Ada"),)
        )
    )
    store.save_analysis(
        *build(
            "a2",
            "Two.",
            outlet="Planet",
            content="2",
            published="2021-05-25T09:00:00+02:00",
            quotes=(("We will win", "Ada"), ("Never", "Bo")),
        )
    )
    store.save_analysis(
        *build("a3", "Three.", outlet="Planet", content="3", published="2022-01-01")
    )
    store.replace_entities(
        [Entity("e-ada", "Ada Byron", "PERSON")], {"Ada@a1": "e-ada", "Ada@a2": "e-ada"}
    )
    store.replace_clusters(
        [
            QuoteCluster(
                "c1",
                "Ada Byron",
                "e-ada",
                "We will win",
                ("q0@a1", "q0@a2"),
                "a1",
                "Gazette",
                "2021-05-24",
            ),
            QuoteCluster("c2", "Bo", None, "Never", ("q1@a2",), "a2", "Planet", None),
        ]
    )
    store.replace_stories(
        [
            Story("s1", "The vote", ("a1", "a2"), "2021-05-24", "2021-05-25T09:00:00+02:00"),
            Story("s2", "New year", ("a3",), "2022-01-01", "2022-01-01"),
        ]
    )
    return store


def test_single_records_by_id(desk: SqliteStore) -> None:
    assert desk.story("s1").title == "The vote"
    assert desk.cluster("c2").text == "Never"
    assert desk.entity("e-ada").name == "Ada Byron"
    assert desk.entity("Bo@a2").name == "Bo"  # not merged yet: its per-article record
    assert (desk.story("x"), desk.cluster("x"), desk.entity("x")) == (None, None, None)


def test_quotes_of_a_cluster_and_of_a_speaker(desk: SqliteStore) -> None:
    assert [q.id for q in desk.cluster_quotes("c1")] == ["q0@a1", "q0@a2"]
    assert [q.article_id for q in desk.speaker_quotes("e-ada")] == ["a1", "a2"]


def test_clusters_of_a_story(desk: SqliteStore) -> None:
    assert [c.id for c in desk.story_clusters("s1")] == ["c1", "c2"]
    assert list(desk.story_clusters("s2")) == []


def test_story_summaries_are_newest_first_with_counts(desk: SqliteStore) -> None:
    first, second = desk.story_summaries()
    assert first == {
        "id": "s2",
        "title": "New year",
        "first_published": "2022-01-01",
        "last_published": "2022-01-01",
        "outlets": ["Planet"],
        "article_count": 1,
        "quote_count": 0,
    }
    assert (second["outlets"], second["article_count"], second["quote_count"]) == (
        ["Gazette", "Planet"],
        2,
        3,
    )
    assert [s["id"] for s in desk.story_summaries(limit=1, offset=1)] == ["s1"]


def test_counts_of_named_tables_only(desk: SqliteStore) -> None:
    assert desk.counts(["stories"]) == {"stories": 2}
    assert desk.counts(["quotes", "stories"]) == {"quotes": 3, "stories": 2}
    assert desk.counts()["articles"] == 3
    with pytest.raises(ValueError, match="cannot count 'meta'"):
        desk.counts(["meta"])


def test_quotes_of_several_clusters_in_one_read(desk: SqliteStore) -> None:
    quotes = list(desk.clusters_quotes(["c2", "c1", "nope", "c1"]))
    assert [(q.cluster_id, q.id) for q in quotes] == [
        ("c1", "q0@a1"),
        ("c1", "q0@a2"),
        ("c2", "q1@a2"),
    ]
    assert list(desk.clusters_quotes([])) == []
