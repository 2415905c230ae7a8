"""Dated events per article, merged across sources, and ordered timelines."""

from __future__ import annotations

from storyline.model import Article, Entity, Event, Mention, Quote
from storyline.timeline import (
    find_events,
    find_times,
    group_events,
    merge_events,
    speaker_record,
    story_timeline,
)

PUBLISHED = "2021-05-24T14:47:47+09:00"


def article(text: str, aid: str = "a-1", published: str = PUBLISHED, dateline=None) -> Article:
    return Article(
        id=aid, source=f"{aid}.html", url=None, outlet="Daily Synthetic", title="T",
        authors=(), published=published, updated=None, dateline=dateline, text=text,
        story_id="s-1",
    )  # fmt: skip


def entity(eid: str, name: str, text: str) -> Entity:
    start = text.index(name)
    return Entity(eid, name, "PERSON", mentions=(Mention(start, start + len(name), name),))


def events_of(text: str, entities=(), **kwargs) -> list[Event]:
    art = article(text, **kwargs)
    zone = "America/New_York" if art.dateline else None
    return find_events(art, find_times(text, art.published, zone), entities)


def test_each_dated_sentence_becomes_an_event_with_its_text_and_offsets():
    text = "Mayor Lin opened the bridge on Sunday. Nobody objected. Lin was elected in 2018."
    lin = entity("e-lin", "Mayor Lin", text)
    events = events_of(text, [lin])
    assert [(e.date, e.precision) for e in events] == [("2021-05-23", "day"), ("2018", "year")]
    first = events[0]
    assert text[first.start : first.end] == first.text == "Mayor Lin opened the bridge on Sunday."
    assert first.entity_ids == ("e-lin",) and events[1].entity_ids == ()
    assert not first.planned and first.story_id == "s-1"


def test_scheduled_ranges_are_planned_events_with_an_end_date():
    text = "The summit is scheduled to be held in London on June 11-13, officials said."
    (event,) = events_of(text)
    assert (event.date, event.end_date, event.planned) == ("2021-06-11", "2021-06-13", True)


def test_future_tense_marks_an_event_planned():
    (event,) = events_of("The two leaders will meet on Friday to discuss trade.")
    assert event.planned and event.date == "2021-05-28"


def test_two_dates_in_one_sentence_split_into_clauses():
    text = "The plant closed on Friday, and the workers protested on Sunday."
    first, second = events_of(text)
    assert first.text == "The plant closed on Friday"
    assert second.text == "the workers protested on Sunday."
    assert (first.date, second.date) == ("2021-05-21", "2021-05-23")


def test_publication_date_lines_are_not_events():
    text = "May 24, 2021\n\nUpdated May 24, 2021 10:00\n\nThe council voted on Sunday."
    (event,) = events_of(text)
    assert event.date == "2021-05-23"


def test_weeks_become_day_ranges_and_event_ids_are_stable():
    text = "The ministry reviewed the rules last week."
    (event,) = events_of(text)
    assert (event.date, event.end_date, event.precision) == ("2021-05-17", "2021-05-23", "day")
    assert events_of(text)[0].id == event.id


def test_dateline_zone_changes_the_day_of_relative_events():
    text = "The senators met on Monday in the Capitol."
    published = "2021-05-04T01:08:00+09:00"
    (event,) = events_of(text, published=published, dateline="WASHINGTON")
    assert event.date == "2021-05-03"


def make_event(aid: str, text: str, entity_ids=(), date="2021-05-23", start=0) -> Event:
    return Event(
        id=f"v-{aid}-{start}", article_id=aid, date=date, precision="day", text=text,
        start=start, end=start + len(text), entity_ids=entity_ids, story_id="s-1",
    )  # fmt: skip


def test_reports_of_one_event_from_several_articles_merge():
    a = make_event("a-1", "Mayor Lin opened the new river bridge on Sunday.", ("e-lin",))
    b = make_event("a-2", "On Sunday the mayor opened the river bridge to traffic.", ("e-lin",))
    c = make_event("a-3", "Protesters marched against the budget cuts on Sunday.", ("e-x",))
    merged = merge_events([c, b, a])
    assert len(merged) == 2
    bridge = next(e for e in merged if e.article_id == "a-1")
    assert bridge.entity_ids == ("e-lin",)
    groups = group_events([a, b, c])
    assert sorted(len(g) for g in groups) == [1, 2]


def test_merging_does_not_depend_on_input_order_or_batches():
    a = make_event("a-1", "Mayor Lin opened the new river bridge on Sunday.", ("e-lin",))
    b = make_event("a-2", "On Sunday the mayor opened the river bridge to traffic.", ("e-lin",))
    c = make_event("a-3", "The river bridge opened on Sunday, said Mayor Lin.", ("e-lin",))
    assert merge_events([a, b, c]) == merge_events([c, a, b])
    assert merge_events([*merge_events([a, b]), c]) == merge_events([a, b, c])


def test_different_days_never_merge():
    a = make_event("a-1", "Mayor Lin opened the bridge.", ("e-lin",))
    b = make_event("a-2", "Mayor Lin opened the bridge.", ("e-lin",), date="2021-05-22")
    assert len(merge_events([a, b])) == 2


def test_story_timeline_orders_by_date_with_unknown_precision_last():
    late = make_event("a-1", "x", date="2021-05-23")
    month = Event("v-m", "a-2", "2021-05", "month", "y", 0, 1)
    year = Event("v-y", "a-2", "2019", "year", "z", 0, 1)
    unknown = Event("v-u", "a-3", "", "unknown", "w", 0, 1)
    assert story_timeline([unknown, late, month, year]) == [year, month, late, unknown]


def test_speaker_record_orders_by_said_on_then_publication():
    arts = [article("t", "a-1", "2021-05-24T09:00:00+09:00"), article("t", "a-2", "2021-05-20")]
    q1 = Quote("q-1", "a-1", "one", "direct", 0, 3, speaker_id="e-lin")
    q2 = Quote("q-2", "a-1", "two", "direct", 5, 8, speaker_id="e-lin", said_on="2021-05-01")
    q3 = Quote("q-3", "a-2", "three", "direct", 0, 5, speaker_id="e-lin")
    q4 = Quote("q-4", "a-2", "four", "direct", 9, 13, speaker_id="e-other")
    record = speaker_record([q1, q2, q3, q4], arts, speaker_id="e-lin")
    assert [q.id for q in record] == ["q-2", "q-3", "q-1"]


def test_points_of_comparison_are_not_event_dates():
    text = "Sales rose 5% on Friday compared with 2019, traders said."
    assert [e.date for e in events_of(text)] == ["2021-05-21"]


def test_possessive_has_does_not_make_a_deadline_past():
    (event,) = events_of("The company has a deadline set at June 1 to draw up a plan.")
    assert event.date == "2021-06-01" and event.planned


def test_since_marks_the_start_of_a_state_in_the_past():
    (event,) = events_of("Rivals have been bidding for the airline since December.")
    assert event.date == "2020-12"


def test_events_over_before_publication_are_never_planned():
    (event,) = events_of("He said he will not resign, in a speech yesterday to the party.")
    assert event.date == "2021-05-23" and not event.planned


def test_events_wholly_after_publication_are_planned_whatever_the_reporting_verb():
    text = "The president said on Sunday that next month's summit was a chance for peace."
    sunday, june = events_of(text)
    assert (sunday.date, sunday.planned) == ("2021-05-23", False)
    assert (june.date, june.precision, june.planned) == ("2021-06", "month", True)


def test_times_joined_by_a_conjunction_share_their_clause():
    text = "It was the first encounter since the talks on Friday and Saturday."
    friday, saturday = events_of(text)
    assert friday.text == saturday.text == text
    assert (friday.date, saturday.date) == ("2021-05-21", "2021-05-22")


def test_a_sentence_is_cut_at_its_strongest_break_between_two_times():
    text = (
        "The minister spoke on Sunday, echoing a statement by the president and the "
        "premier after their summit on Friday."
    )
    sunday, friday = events_of(text)
    assert sunday.text == "The minister spoke on Sunday"
    assert friday.text.startswith("echoing a statement by the president and the premier")


def test_an_undated_past_tense_lede_is_placed_on_the_publication_day():
    text = (
        "The harbour board has approved a new ferry route to the islands.\n\n"
        "Its chair called the vote a turning point for the coast."
    )
    first, second = events_of(text)
    assert (first.date, first.precision, first.planned) == ("2021-05-24", "day", False)
    assert first.text == "The harbour board has approved a new ferry route to the islands."
    assert second.start > first.end and second.date == "2021-05-24"


def test_a_future_lede_and_sentences_after_another_date_stay_undated():
    text = (
        "The harbour board will vote on a new ferry route to the islands.\n\n"
        "Its chair proposed the route in 2019.\n\n"
        "Fishermen opposed the plan at a meeting with the board."
    )
    assert [(e.date, e.text[:17]) for e in events_of(text)] == [("2019", "Its chair propose")]


def test_the_narrative_stays_on_the_publication_day_until_a_time_moves_it():
    text = (
        "Hundreds of residents gathered at the harbour to watch the first ferry.\n\n"
        "The new ferry left the harbour today with forty passengers on board.\n\n"
        "The mayor spoke at the pier before the crowd.\n\n"
        "A second boat joined the route in March.\n\n"
        "It carried cars and trucks across the bay for the whole season."
    )
    dates = [(e.date, e.text.split()[1]) for e in events_of(text)]
    assert dates == [
        ("2021-05-24", "of"),
        ("2021-05-24", "new"),
        ("2021-05-24", "mayor"),
        ("2021-03", "second"),
    ]


def test_publication_day_events_can_be_turned_off_and_skip_fragments():
    text = "The council has approved the city budget for schools.\n\nPhoto: AP."
    art = article(text)
    assert [e.date for e in find_events(art, [], ())] == ["2021-05-24"]
    assert find_events(art, [], (), publication_day=False) == []


def test_last_week_is_pinned_to_the_day_the_article_gives_the_same_happening():
    text = (
        "Ministers met in Dorrin on Friday for a two-day summit on river rights.\n\n"
        "Farmers said last week's summit had ignored them."
    )
    by_text = {e.text.split()[0]: e for e in events_of(text)}
    assert (by_text["Ministers"].date, by_text["Ministers"].end_date) == ("2021-05-21", None)
    assert (by_text["Farmers"].date, by_text["Farmers"].end_date) == ("2021-05-21", None)


def test_last_week_stays_a_week_when_nothing_in_it_is_the_same_happening():
    text = (
        "Ministers met in Dorrin on Friday to sign the river accord.\n\n"
        "Farmers said last week's protest had been peaceful."
    )
    farmers = next(e for e in events_of(text) if e.text.startswith("Farmers"))
    assert (farmers.date, farmers.end_date) == ("2021-05-17", "2021-05-23")
