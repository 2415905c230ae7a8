"""Incremental story clustering: same event together, same kind of event apart, any batching."""

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from storyline.model import Article, Entity
from storyline.stories import StoryClusterer, cluster_stories
from storyline.stories.cluster import CANDIDATES, _StoryState
from storyline.stories.features import (
    ArticleFeatures,
    Vocabulary,
    features_of,
    latest_year,
    number_terms,
)

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


FERRY_STRIKE = [
    ("2023-03-01", "Ferry crews strike at Brisca harbour",
     "Crews of Orlan Ferries walked off their boats in Brisca on Wednesday, stranding travellers on the quay. "
     "Union leader Mika Tervo said the crews want a pay rise after two years of frozen wages."),
    ("2023-03-04", "Brisca ferry strike enters fourth day",
     "No Orlan Ferries boat left Brisca for a fourth day. Mika Tervo told crews gathered on the quay that the "
     "union would not accept the company's offer of a one-off bonus instead of higher wages."),
    ("2023-03-08", "Orlan Ferries offers talks as Brisca strike drags on",
     "Orlan Ferries invited the crews' union to talks in Brisca after a week of cancelled sailings. "
     "Tervo said the union would listen, but the strike over wages would go on until an offer was on paper."),
    ("2023-03-12", "Talks in Brisca fail to end ferry strike",
     "Talks between Orlan Ferries and the crews' union broke up in Brisca without a deal. Mika Tervo said the "
     "company had not moved on wages, and the boats stayed tied up on the quay."),
    ("2023-03-16", "Brisca ferry crews accept pay deal, sailings resume",
     "Crews of Orlan Ferries voted to accept a pay rise and end their strike in Brisca. Tervo said the deal on "
     "wages was fair, and the first boats left the quay on Thursday evening."),
    ("2023-07-20", "Brisca ferry crews walk out again",
     "Crews of Orlan Ferries walked off their boats in Brisca again on Thursday. Mika Tervo said the company "
     "had broken the wage deal signed in the spring."),
]  # fmt: skip


def test_saga_told_every_few_days_is_one_story_and_a_repeat_months_later_another() -> None:
    stream = [
        Article(f"f{i}", "", None, "Wire", title, (), f"{day}T09:00:00+00:00", None, None, text)
        for i, (day, title, text) in enumerate(FERRY_STRIKE)
    ]
    found = groups(StoryClusterer().add(stream))
    assert found == {frozenset({"f0", "f1", "f2", "f3", "f4"}), frozenset({"f5"})}


TARN_FLOODS = [
    ("y1", "Tarn river floods Velmora",
     "The Tarn river burst its banks in Velmora on Monday, cutting off the old quarter. Mayor Ilse Brandt said "
     "boats reached stranded families. It was the worst flood in the town since 1987, she said. (March 2008)"),
    ("y2", "Velmora cleans up after Tarn flood",
     "Velmora began clearing mud from the old quarter after the Tarn river receded. Ilse Brandt said the flood "
     "of March 2008 would cost the town years of repairs."),
    ("y3", "Velmora evacuates as the Tarn rises",
     "Rescue teams moved three hundred people out of riverside streets in Velmora after a week of rain swelled "
     "the Tarn. The mayor asked families near the bridges to leave their homes. (May 2013)"),
]  # fmt: skip


def test_undated_reports_written_years_apart_stay_apart() -> None:
    stream = [Article(i, "", None, None, t, (), None, None, None, x) for i, t, x in TARN_FLOODS]
    assert groups(StoryClusterer().add(stream)) == {frozenset({"y1", "y2"}), frozenset({"y3"})}


def test_latest_named_year_and_numbers_are_features_of_undated_articles_only() -> None:
    undated = Article("u", "", None, None, "Quake of 6.1 hits", (), None, None, None,
                      "The 2004 quake was smaller than the one in March 2009; 12 people died.")  # fmt: skip
    dated = replace(undated, id="d", published="2009-03-02T10:00:00+00:00")
    assert latest_year(undated.text) == 2009
    assert number_terms(undated) == Counter({"6.1": 1, "2004": 1, "2009": 1, "12": 1})
    assert features_of(undated, (), (), Vocabulary(), Vocabulary(), Vocabulary()).year == 2009
    assert features_of(dated, (), (), Vocabulary(), Vocabulary(), Vocabulary()).year is None


def test_one_stray_member_does_not_pull_a_different_event_into_a_story() -> None:
    def features(aid: str, words: dict[str, float]) -> ArticleFeatures:
        return ArticleFeatures(aid, None, words, {})

    clusterer = StoryClusterer()
    story = _StoryState("s")
    for aid, words in (("a", {"flood": 1.0}), ("b", {"flood": 1.0}), ("c", {"quake": 1.0})):
        story.add(features(aid, words))
    assert clusterer.similarity(features("new", {"quake": 1.0}), story) < clusterer.threshold
    assert clusterer.similarity(features("new", {"flood": 1.0}), story) >= clusterer.threshold


def test_each_article_is_scored_against_a_bounded_number_of_recent_stories() -> None:
    # a year of daily articles that all share words: no all-pairs, no story past the window
    start = datetime(2022, 1, 1, tzinfo=UTC)
    stream = [
        Article(f"d{i}", "", None, "Wire", f"Council budget vote number {i}", (),
                (start + timedelta(days=i)).isoformat(), None, None,
                f"The council met again on day {i} and talked about the budget, roads and schools. "
                f"Item {i} on the agenda was the harbour{i % 7} plan.")
        for i in range(365)
    ]  # fmt: skip
    clusterer = StoryClusterer()
    scored: list[list[float]] = []
    original = clusterer.similarity

    def counting(features: ArticleFeatures, story: _StoryState, *rest: object) -> float:
        assert features.moment is not None and story.last is not None
        scored[-1].append((features.moment - story.last).total_seconds() / 86400)
        return original(features, story, *rest)  # type: ignore[arg-type]

    clusterer.similarity = counting  # type: ignore[method-assign]
    for article in stream:
        scored.append([])
        clusterer.add([article])
    assert max(len(days) for days in scored) <= CANDIDATES
    assert max(d for days in scored for d in days) <= 3 * clusterer.window_days


def test_stories_past_the_time_window_are_closed_with_the_same_records() -> None:
    start = datetime(2022, 1, 1, tzinfo=UTC)
    topics = ["harbour dredging", "tram depot fire", "library reopening", "marathon route"]
    stream = [
        Article(f"t{i}", "", None, "Wire", f"{topics[i // 20 % 4].title()} update {i}", (),
                (start + timedelta(days=i)).isoformat(), None, None,
                f"Officials in Dunmere gave news of the {topics[i // 20 % 4]} on day {i}.")
        for i in range(240)
    ]  # fmt: skip
    closing = StoryClusterer()
    closing.add(stream)
    kept = StoryClusterer()
    kept._close_before = lambda moment: None  # type: ignore[method-assign]
    kept.add(stream)
    assert closing.stories() == kept.stories()
    still_open = [s for s in closing._stories if s.record is None]
    assert len(still_open) < len(closing._stories)
    assert all(s.last and (stream[-1].published or "") >= s.last.isoformat() for s in still_open)
    assert not any(s.members for s in closing._stories if s.record is not None)
