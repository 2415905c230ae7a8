"""Incremental story clustering: same event together, same kind of event apart, any batching."""

import random

from storyline.model import Article, Entity
from storyline.stories import StoryClusterer, cluster_stories

FLOOD = [
    (
        "Floods cut off Velmora after the Tarn river bursts its banks",
        "The Tarn river burst its banks in Velmora on Monday, cutting off the town. Mayor Ilse Brandt said "
        "rescue boats reached the old quarter. Hundreds of Velmora residents spent the night in the school.",
    ),
    (
        "Velmora counts the cost of Tarn flood",
        "Residents of Velmora returned to flooded homes after the Tarn river receded. Ilse Brandt, the mayor, "
        "said the old quarter would need months of repairs. The school shelter closed on Wednesday.",
    ),
    (
        "Tarn flood: Velmora asks for emergency funds",
        "Mayor Ilse Brandt asked the regional government for emergency funds after the Tarn flood in Velmora. "
        "Boats were still needed in the old quarter, she said.",
    ),
]
OTHER_FLOOD = [
    (
        "Floods hit Castrano as the Orvo river overflows",
        "The Orvo river overflowed in Castrano, where firefighters evacuated the harbour district. Governor "
        "Paolo Renzetti said the Castrano dam held. Dozens of families slept in the sports hall.",
    ),
    (
        "Castrano cleans up after Orvo flood",
        "Castrano began cleaning the harbour district after the Orvo flood. Governor Paolo Renzetti visited "
        "the sports hall, where families had slept, and praised the firefighters.",
    ),
]
ELECTION = [
    (
        "Dunmere votes in tight mayoral race",
        "Voters in Dunmere chose between Ansel Whitcombe and Greta Hollis in a tight mayoral race. Turnout "
        "was high at the Dunmere polling stations, officials said.",
    ),
]


def articles() -> list[Article]:
    rows = FLOOD + OTHER_FLOOD + ELECTION
    order = [0, 3, 1, 5, 4, 2]  # the two floods interleave in time
    made = []
    for rank, i in enumerate(order):
        title, text = rows[i]
        made.append(
            Article(
                f"a{i}",
                "",
                None,
                "Wire",
                title,
                (),
                f"2022-03-0{1 + rank}T09:00:00+00:00",
                None,
                None,
                text,
            )
        )
    return made


def groups(assignment: dict[str, str]) -> set[frozenset[str]]:
    by_story: dict[str, set[str]] = {}
    for article_id, story_id in assignment.items():
        by_story.setdefault(story_id, set()).add(article_id)
    return {frozenset(v) for v in by_story.values()}


def test_same_event_together_and_two_events_of_the_same_kind_apart() -> None:
    found = groups(StoryClusterer().add(articles()))
    assert frozenset({"a0", "a1", "a2"}) in found
    assert frozenset({"a3", "a4"}) in found
    assert frozenset({"a5"}) in found


def test_assignment_does_not_depend_on_batch_size() -> None:
    stream = articles()
    at_once = StoryClusterer().add(stream)
    one_by_one: dict[str, str] = {}
    clusterer = StoryClusterer()
    for article in stream:
        one_by_one.update(clusterer.add([article]))
    for seed in range(3):
        rng, batched, clusterer, i = random.Random(seed), {}, StoryClusterer(), 0
        while i < len(stream):
            size = rng.randint(1, 4)
            batched.update(clusterer.add(stream[i : i + size]))
            i += size
        assert batched == at_once
    assert one_by_one == at_once


def test_shared_quote_cluster_pulls_a_thin_article_into_its_story() -> None:
    stream = articles()
    thin = Article(
        "t",
        "",
        None,
        "Blog",
        "A statement",
        (),
        "2022-03-04T10:00:00+00:00",
        None,
        None,
        "Read the statement in full.",
    )
    clusters = {"a0": ["c-brandt"], "t": ["c-brandt"]}
    assignment = StoryClusterer().add([*stream, thin], {}, clusters)
    assert assignment["t"] == assignment["a0"]


def test_entity_lists_replace_the_capitalised_word_heuristic() -> None:
    stream = articles()
    entities = {
        a.id: [Entity(f"e-{a.id}", "Tarn river", "LOC")]
        for a in stream
        if a.id in {"a0", "a1", "a2"}
    }
    found = groups(StoryClusterer().add(stream, entities))
    assert frozenset({"a0", "a1", "a2"}) in found


def test_stories_far_apart_in_time_do_not_merge() -> None:
    first, later = articles()[0], articles()[1]
    later = Article(
        later.id,
        "",
        None,
        "Wire",
        later.title,
        (),
        "2022-09-01T09:00:00+00:00",
        None,
        None,
        later.text,
    )
    assert len({s.id for s in cluster_stories([first, later], window_days=3)}) == 2


def test_story_record_has_central_title_and_time_span() -> None:
    stories = cluster_stories(articles())
    flood = next(s for s in stories if "a0" in s.article_ids)
    assert flood.title in {t for t, _ in FLOOD}
    assert flood.first_published == "2022-03-01T09:00:00+00:00"
    assert flood.last_published == "2022-03-06T09:00:00+00:00"


def test_state_rebuilt_from_stored_stories_places_the_next_article_alike() -> None:
    stream = articles()
    live = StoryClusterer()
    live.add(stream[:-1])
    resumed = StoryClusterer.resume(live.stories(), stream[:-1])
    assert resumed.add(stream[-1:]) == live.add(stream[-1:])
