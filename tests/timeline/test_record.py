"""A person's record: what they said, in the order said, with venue and carrying outlets."""

from __future__ import annotations

from storyline.model import Article, Quote
from storyline.timeline import speaker_record, speaker_statements


def article(aid: str, outlet: str, published: str | None) -> Article:
    return Article(
        id=aid, source=f"{aid}.html", url=None, outlet=outlet, title="T", authors=(),
        published=published, updated=None, dateline=None, text="x" * 200,
    )  # fmt: skip


ARTICLES = [
    article("a-seoul", "Seoul Daily", "2021-05-24T08:00:00+09:00"),  # 23:00 UTC on May 23
    article("a-york", "York Times", "2021-05-23T20:00:00-04:00"),  # 00:00 UTC on May 24
    article("a-wire", "Wire", "2021-05-23T12:00:00+00:00"),
    article("a-late", "Late Post", "2021-05-26"),
]


def quote(qid: str, aid: str, text: str | None = None, **kwargs) -> Quote:
    fields = {"speaker": "Mara Lin", "speaker_id": "e-lin", **kwargs}
    return Quote(qid, aid, text or f"words of {qid}", "direct", 0, 10, **fields)


def test_record_without_said_on_compares_publication_times_in_utc():
    seoul = quote("q-seoul", "a-seoul")
    york = quote("q-york", "a-york")
    # by the local clock New York (20:00 on the 23rd) looks earlier; in UTC Seoul was first
    assert [q.id for q in speaker_record([york, seoul], ARTICLES)] == ["q-seoul", "q-york"]


def test_record_places_said_on_dates_among_publication_times():
    said = quote("q-said", "a-late", said_on="2021-05-22")
    wire = quote("q-wire", "a-wire")
    unknown = Quote("q-none", "a-missing", "who knows", "direct", 0, 9, speaker_id="e-lin")
    other = quote("q-other", "a-wire", speaker_id="e-other")
    record = speaker_record([unknown, wire, said, other], ARTICLES, speaker_id="e-lin")
    assert [q.id for q in record] == ["q-said", "q-wire", "q-none"]


def test_statements_group_reports_by_cluster_with_outlets_in_order_of_publication():
    reports = [
        quote("q-1", "a-late", cluster_id="c-ball", text="The ball is in their court"),
        quote("q-2", "a-wire", cluster_id="c-ball", text="The ball is in their court now"),
        quote("q-3", "a-seoul", cluster_id="c-ball", venue="ABC's This Week"),
        quote("q-4", "a-york", cluster_id="c-deal", said_on="2021-05-20", venue="a briefing"),
    ]
    first, second = speaker_statements(reports, ARTICLES, speaker_id="e-lin")
    assert first.cluster_id == "c-deal" and first.when == "2021-05-20"
    assert first.venue == "a briefing" and first.outlets == ("York Times",)
    assert second.cluster_id == "c-ball" and second.said_on is None
    assert second.outlets == ("Wire", "Seoul Daily", "Late Post")
    assert second.when == "2021-05-23T12:00:00+00:00"
    assert second.venue == "ABC's This Week"
    assert second.text == "The ball is in their court now"
    assert [q.id for q in second.quotes] == ["q-2", "q-3", "q-1"]


def test_a_report_that_does_not_name_the_speaker_still_counts_for_the_outlet():
    named = quote("q-1", "a-wire", cluster_id="c-1")
    unnamed = Quote("q-2", "a-seoul", "words of q-1", "partial", 0, 10, cluster_id="c-1")
    (statement,) = speaker_statements([named, unnamed], ARTICLES, speaker_id="e-lin")
    assert statement.outlets == ("Wire", "Seoul Daily")
    assert statement.speaker == "Mara Lin" and statement.speaker_id == "e-lin"


def test_quotes_without_a_cluster_stand_alone_and_unknown_times_come_last():
    lone = quote("q-lone", "a-missing")
    dated = quote("q-dated", "a-wire")
    same_said_on = quote("q-said", "a-late", said_on="2021-05-23T09:00:00-04:00")
    statements = speaker_statements([lone, dated, same_said_on], ARTICLES)
    assert [s.quotes[0].id for s in statements] == ["q-dated", "q-said", "q-lone"]
    assert statements[-1].when is None and statements[-1].outlets == ()
