"""Bylines, dates, outlets, datelines and headlines read from the strings of a page."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.extract.metadata import (
    Byline,
    canonical_outlet,
    find_byline,
    find_dateline,
    find_dates,
    find_outlet,
    find_title,
    outlet_zone,
    parse_byline,
    parse_dates,
    parse_datetime,
)

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$")


@pytest.mark.parametrize(
    ("line", "zone", "published", "updated"),
    [
        (
            "Published : Feb 2, 2021 - 09:11       Updated : Feb 2, 2021 - 09:20",
            "Asia/Seoul",
            "2021-02-02T09:11:00+09:00",
            "2021-02-02T09:20:00+09:00",
        ),
        (
            "Written: 2021-05-24 14:47:47Updated: 2021-05-24 14:57:20",
            "Asia/Seoul",
            "2021-05-24T14:47:47+09:00",
            "2021-05-24T14:57:20+09:00",
        ),
        ("Diplomacy 01:08 May 04, 2021", "Asia/Seoul", "2021-05-04T01:08:00+09:00", None),
        (" date 2021-02-02  Back To Top", "Asia/Seoul", "2021-02-02", None),
        ("2021-05-24T05:47:47Z", "Asia/Seoul", "2021-05-24T05:47:47+00:00", None),
        ("Mon, 24 May 2021 14:47:47 +0900", "UTC", "2021-05-24T14:47:47+09:00", None),
        ("Posted March 11, 2024 8:30 a.m. ET", "UTC", "2024-03-11T08:30:00-04:00", None),
        ("12 June 2023 2 p.m. BST", "UTC", "2023-06-12T14:00:00+01:00", None),
        ("Last modified 2023/6/12 14:05", "Europe/London", None, "2023-06-12T14:05:00+01:00"),
    ],
)
def test_date_lines_become_iso_with_their_offset(line, zone, published, updated):
    assert parse_dates(line, zone) == (published, updated)


def test_time_without_zone_is_read_in_the_given_zone_across_daylight_saving():
    assert parse_datetime("Jan 5, 2024 10:00", "America/New_York") == "2024-01-05T10:00:00-05:00"
    assert parse_datetime("Jul 5, 2024 10:00", "America/New_York") == "2024-07-05T10:00:00-04:00"


def test_text_without_a_valid_date_gives_none():
    assert parse_datetime("Back to top") is None
    assert parse_datetime("2021-02-30 10:00") is None
    assert parse_datetime("Call 2021-555-0100") is None


def test_impossible_time_keeps_the_date_alone():
    assert parse_datetime("May 4, 2021 25:61") == "2021-05-04"


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(), st.from_regex(r"\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}.{0,9}")),
    st.sampled_from(["UTC", "Asia/Seoul", "Not/AZone", ""]),
)
def test_parse_dates_never_raises_and_gives_well_formed_iso(text, zone):
    for value in parse_dates(text, zone):
        if value is not None:
            assert ISO.match(value), value
            (datetime if "T" in value else date).fromisoformat(value)


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["%Y-%m-%d {t}", "%b %d, %Y - {t}", "%d %B %Y {t}", "{t} %b %d, %Y"]),
)
def test_any_written_date_and_time_round_trips(day, hour, minute, pattern):
    text = day.strftime(pattern).replace("{t}", f"{hour:02d}:{minute:02d}")
    moment = datetime.fromisoformat(parse_datetime(text, "Asia/Seoul") or "")
    assert (moment.date(), moment.hour, moment.minute) == (day, hour, minute)
    assert moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 9 * 3600


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("By Yonhap", Byline((), "Yonhap")),
        ("By Ahn Sung-mi (sahn@heraldcorp.com)", Byline(("Ahn Sung-mi",))),
        ("By Marta Quillon and Devin Osei", Byline(("Marta Quillon", "Devin Osei"))),
        ("BY PRIYA ANTONELLI, Associated Press", Byline(("Priya Antonelli",), "AP")),
        ("By Orla Benedikt in Halverston", Byline(("Orla Benedikt",))),
        ("By Ines Varga, Staff Reporter", Byline(("Ines Varga",))),
        ("Reporter: Tobias Lind", Byline(("Tobias Lind",))),
        ("Kim Bum-soo, KBS World Radio News.", Byline(("Kim Bum-soo",), None, "KBS World")),
        (
            "Lena Marsh, Harbor Ledger Radio News.",
            Byline(("Lena Marsh",), None, "Harbor Ledger Radio News"),
        ),
    ],
)
def test_bylines_in_every_style_give_people_and_agency(line, credit):
    assert parse_byline(line) == credit


@pytest.mark.parametrize(
    "line",
    [
        "Written: 2021-05-24 14:47:47Updated: 2021-05-24 14:57:20",
        "By Monday, the council had still not voted.",
        "Antony Blinken, the top US diplomat, said.",
        "By the numbers",
        "",
    ],
)
def test_prose_and_date_lines_are_not_bylines(line):
    assert parse_byline(line) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parse_byline_never_raises_and_names_have_no_email(text):
    credit = parse_byline("By " + text)
    if credit is not None:
        assert all("@" not in name and name == name.strip() for name in credit.authors)


def test_find_byline_prefers_a_person_over_an_agency_credit():
    credit = find_byline(["By Yonhap", "Published : Feb 2, 2021", "By Tobias Lind"])
    assert credit == Byline(("Tobias Lind",), "Yonhap")


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("The Korea Herald", "The Korea Herald"),
        ("Korea Herald", "The Korea Herald"),
        ("KBS World Radio News", "KBS World"),
        ("Yonhap News Agency", "Yonhap"),
        ("www.northbridgetimes.example", "Northbridge Times"),
        ("The Harbor Ledger", "Harbor Ledger"),
        ("Daily Nowhere", None),
    ],
)
def test_outlet_names_map_to_their_canonical_name(name, outlet):
    assert canonical_outlet(name) == outlet


def test_outlet_comes_from_footer_not_from_agency_credits():
    lines = [
        "By Yonhap",
        "This photo shows the harbour bridge. (AFP-Yonhap)",
        "Northbridge Times by Northbridge Media Group",
        "Copyright Northbridge Times. All Rights Reserved.",
    ]
    assert find_outlet(lines) == "Northbridge Times"


def test_agency_dateline_names_the_outlet_when_nothing_else_does():
    first = "HALVERSTON, May 3 (Yonhap) -- The council voted."
    assert find_outlet(["Go to Contents", "Send Feedback"], None, first) == "Yonhap"


def test_url_host_names_the_outlet():
    assert find_outlet([], "https://www.northbridgetimes.example/city/1") == "Northbridge Times"


def test_outlet_zone_defaults_to_utc():
    assert outlet_zone("Korea Herald") == "Asia/Seoul"
    assert outlet_zone("Daily Nowhere") == "UTC"
    assert outlet_zone(None) == "UTC"


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("WASHINGTON, May 3 (Yonhap) -- U.S. Secretary of State said", "Washington"),
        ("SEOUL, Jan. 5 (AP) — The talks", "Seoul"),
        ("NEW YORK — Markets fell", "New York"),
        ("HALVERSTON (Reuters) - The council", "Halverston"),
        ("U.S. officials said on Monday", None),
        ("The council voted - again - on Monday", None),
    ],
)
def test_dateline_gives_the_place_in_title_case(paragraph, place):
    assert find_dateline(paragraph) == place


def test_title_is_the_line_before_the_byline_and_date_block():
    lines = [
        " date 2024-03-11  Back To Top",
        "City",
        "Sport",
        "Harbour bridge vote delayed after late-night session",
        "",
        "By Marta Quillon",
        "Published : Mar 11, 2024 - 08:30",
    ]
    assert find_title(lines) == "Harbour bridge vote delayed after late-night session"


def test_title_falls_back_to_the_repeated_headline():
    lines = ["Menu", "Ferry strike ends after pay deal", "Photo : Harbor Ledger"]
    assert find_title(lines + ["Ferry strike ends after pay deal"]) == (
        "Ferry strike ends after pay deal"
    )


def test_date_line_with_a_time_wins_over_a_bare_page_date():
    lines = [" date 2021-02-02  Back To Top", "Headline", "Published : Feb 2, 2021 - 09:11"]
    assert find_dates(lines, "Asia/Seoul") == ("2021-02-02T09:11:00+09:00", None)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=12), st.one_of(st.none(), st.text(max_size=40)))
def test_page_level_finders_never_raise_on_odd_lines(lines, url):
    find_title(lines)
    find_dates(lines, "Asia/Seoul")
    find_byline(lines)
    find_outlet(lines, url, lines[0] if lines else "")
    for line in lines:
        find_dateline(line)


def test_quoted_headline_is_a_title():
    lines = ["Menu", "\u201cNo grand bargain\u201d on the bridge, says mayor", "By Ines Varga"]
    assert find_title(lines) == "\u201cNo grand bargain\u201d on the bridge, says mayor"
