"""Finding and resolving time expressions against a publication time and dateline zone."""

from __future__ import annotations

import pytest

from storyline.timeline import find_times, resolve, zone_for_dateline

SEOUL_TUESDAY_NIGHT = "2021-05-04T01:08:00+09:00"  # Monday 12:08 in Washington
SEOUL_TUESDAY_MORNING = "2021-02-02T09:11:00+09:00"
SEOUL_MONDAY = "2021-05-24T14:47:47+09:00"


def values(text: str, anchor: str | None = SEOUL_MONDAY, zone: str | None = None) -> list:
    return [(t.text, t.value) for t in find_times(text, anchor, zone)]


def test_washington_dateline_reads_seoul_publication_as_monday():
    zone = zone_for_dateline("WASHINGTON (Reuters)")
    assert zone == "America/New_York"
    assert resolve("The senators met on Monday.", SEOUL_TUESDAY_NIGHT, zone).value == "2021-05-03"
    assert resolve("earlier Monday", SEOUL_TUESDAY_NIGHT, zone).value == "2021-05-03"


def test_without_a_zone_the_anchor_keeps_its_own_offset():
    assert resolve("on Monday", SEOUL_TUESDAY_NIGHT).value == "2021-05-03"
    assert resolve("today", SEOUL_TUESDAY_NIGHT).value == "2021-05-04"
    assert resolve("today", SEOUL_TUESDAY_NIGHT, "America/New_York").value == "2021-05-03"


def test_weekdays_before_the_anchor_in_past_reports():
    assert values("The interview was broadcast Monday.", SEOUL_TUESDAY_MORNING) == [
        ("Monday", "2021-02-01")
    ]
    assert values("She spoke last Tuesday.", SEOUL_TUESDAY_MORNING) == [
        ("last Tuesday", "2021-01-26")
    ]
    assert values("Talks ended on Sunday after they began on Friday.") == [
        ("Sunday", "2021-05-23"),
        ("Friday", "2021-05-21"),
    ]


def test_weekdays_after_the_anchor_in_future_reports():
    assert resolve("The ministers will meet on Friday.", SEOUL_MONDAY).value == "2021-05-28"
    assert resolve("A vote is scheduled for Thursday.", SEOUL_MONDAY).value == "2021-05-27"
    assert resolve("next Monday", SEOUL_MONDAY).value == "2021-05-31"


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("It was agreed in February 2019.", "2019-02", "month"),
        ("The law passed in June 2018.", "2018-06", "month"),
        ("The firm was founded in 2018.", "2018", "year"),
        ("They met on May 21, 2021.", "2021-05-21", "day"),
        ("They met on 21 May 2021.", "2021-05-21", "day"),
        ("They met on 2021-05-21.", "2021-05-21", "day"),
        ("The vote came on Tuesday, 4 March 2025.", "2025-03-04", "day"),
        ("The vote came on Feb. 2.", "2021-02-02", "day"),
        ("Filed 5/21/2020 in court.", "2020-05-21", "day"),
        ("The season ran 2009-10 in full.", "2009/2010", "year"),
    ],
)
def test_absolute_dates_keep_their_precision(text, value, precision):
    (expr,) = find_times(text, SEOUL_MONDAY)
    assert (expr.value, expr.precision) == (value, precision)


def test_month_day_without_a_year_takes_the_year_nearest_the_anchor():
    assert resolve("on Dec. 28", "2022-01-03").value == "2021-12-28"
    assert resolve("on Jan. 4", "2021-12-30").value == "2022-01-04"
    assert resolve("on May 21", SEOUL_MONDAY).relative is True


def test_future_month_day_leans_forward_past_month_day_leans_back():
    assert resolve("The summit will be held on March 3.", SEOUL_MONDAY).value == "2022-03-03"
    assert resolve("The summit was held on August 3.", SEOUL_MONDAY).value == "2020-08-03"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("It is scheduled to be held in London on June 11-13.", "2021-06-11/2021-06-13"),
        ("The fair runs May 3-5.", "2021-05-03/2021-05-05"),
        ("It runs between June 11 and 13.", "2021-06-11/2021-06-13"),
        ("It ran June 30-July 2, 2020.", "2020-06-30/2020-07-02"),
        ("It runs 11-13 June 2021.", "2021-06-11/2021-06-13"),
    ],
)
def test_ranges_resolve_to_a_range_value(text, value):
    (expr,) = find_times(text, SEOUL_MONDAY)
    assert (expr.value, expr.precision) == (value, "day")


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("yesterday", "2021-05-23", "day"),
        ("today", "2021-05-24", "day"),
        ("tomorrow", "2021-05-25", "day"),
        ("last night", "2021-05-23", "day"),
        ("this week", "2021-W21", "week"),
        ("last week", "2021-W20", "week"),
        ("next week", "2021-W22", "week"),
        ("earlier this month", "2021-05", "month"),
        ("last month", "2021-04", "month"),
        ("next year", "2022", "year"),
        ("a week ago", "2021-W20", "week"),
        ("two days ago", "2021-05-22", "day"),
        ("3 years ago", "2018", "year"),
        ("last weekend", "2021-05-22/2021-05-23", "day"),
        ("last May", "2020-05", "month"),
    ],
)
def test_relative_expressions_resolve_against_the_anchor(text, value, precision):
    expr = resolve(text, SEOUL_MONDAY)
    assert (expr.value, expr.precision, expr.relative) == (value, precision, True)


def test_month_named_alone_is_the_latest_such_month_in_past_reports():
    assert values("Sales fell in March, the company said.") == [("March", "2021-03")]
    assert values("Sales fell in August, the company said.") == [("August", "2020-08")]


def test_words_that_look_like_dates_are_not_times():
    assert values("You may call 2,000 people; 1500 jobs and 30% went.") == []
    assert values("Black Friday sales and Mayor Adams spoke.") == []


def test_relative_expressions_without_an_anchor_have_no_value():
    (expr,) = find_times("They met on Monday.", None)
    assert expr.value is None and expr.relative
    assert resolve("May 21, 2021", None).value == "2021-05-21"


def test_invalid_dates_are_skipped():
    assert values("on February 30 and on 31 April") == []


def test_offsets_point_at_the_expression_text():
    text = "In May the board said it would vote in 2022."
    for expr in find_times(text, SEOUL_MONDAY):
        assert text[expr.start : expr.end] == expr.text
    assert [t.text for t in find_times(text, SEOUL_MONDAY)] == ["May", "2022"]


def test_tokenised_dates_with_spaced_commas_are_found():
    assert values("January 09 , 2008", "2008-01-09") == [("January 09 , 2008", "2008-01-09")]


@pytest.mark.parametrize(
    ("dateline", "zone"),
    [("Seoul", "Asia/Seoul"), ("LONDON, May 4", "Europe/London"), ("Atlantis", None), (None, None)],
)
def test_datelines_map_to_zones(dateline, zone):
    assert zone_for_dateline(dateline) == zone


LONG_LEAD = "The ministers spent the morning on maps and came away with a draft text. " * 3


def test_tense_markers_are_read_in_place_far_into_an_article():
    text = LONG_LEAD + "The summit is scheduled to be held in London on June 11-13."
    (expr,) = find_times(text, "2021-05-04T01:08:00+09:00")
    assert expr.value == "2021-06-11/2021-06-13"


def test_a_programme_called_this_week_is_not_a_week():
    assert values("She told ABC's This Week on Sunday.") == [("Sunday", "2021-05-23")]
    assert values("They meet again this week.") == [("this week", "2021-W21")]


def test_is_to_and_infinitives_of_plans_point_forward():
    monday = "2025-03-03T22:41:00+08:00"
    assert resolve("The talks are to continue on Tuesday.", monday).value == "2025-03-04"
    tuesday = "2025-03-18T08:05:00-04:00"
    agreed = "The two sides agreed Tuesday to hold a summit from April 11 to 13."
    assert [t.value for t in find_times(agreed, tuesday)] == [
        "2025-03-18",
        "2025-04-11/2025-04-13",
    ]
    signed = "They agreed a text, to be signed at a summit from 11 to 13 April."
    assert resolve(signed, "2025-03-31T08:15:00+01:00").value == "2025-04-11/2025-04-13"


def test_a_yearless_date_most_of_a_year_back_loses_to_one_weeks_ahead():
    # the nearest tense marker ("agreed") belongs to another verb than the date's
    said = "Officials agreed the accord, which covers talks on April 11."
    assert resolve(said, "2025-03-18").value == "2025-04-11"
    # a past date months away in the tense's direction is kept
    assert resolve("The summit was held on August 3.", SEOUL_MONDAY).value == "2020-08-03"
