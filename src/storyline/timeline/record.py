"""What a person said over time: their quotes in the order spoken, grouped by utterance.

A quote is placed at its ``said_on`` when the article gives it, else at its article's
publication time; the two are compared as instants in UTC (a bare date stands for its first
instant, so "said on May 23" comes before an article published at 02:00 on May 23 in Seoul
only when that is later in UTC). Reports of one utterance share a ``cluster_id``: in the
grouped record they make one ``Statement`` that lists where it was said and every outlet
that carried it, earliest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from storyline.model import Article, Quote, utc_instant

__all__ = ["Statement", "speaker_record", "speaker_statements"]


@dataclass(frozen=True)
class Statement:
    """One utterance of a speaker and every report of it."""

    when: str | None  # said_on as a report gives it, else the first report's publication time
    said_on: str | None
    text: str  # the fullest report's words
    speaker: str | None
    speaker_id: str | None
    venue: str | None
    outlets: tuple[str, ...]  # outlets that carried it, in order of publication, each once
    quotes: tuple[Quote, ...]  # the reports, earliest published first
    cluster_id: str | None = None


def _articles(articles: Iterable[Article] | Mapping[str, Article]) -> dict[str, Article]:
    """Return the articles by id."""
    return dict(articles) if isinstance(articles, Mapping) else {a.id: a for a in articles}


def _instant(when: str | None) -> tuple[bool, datetime | None, bool]:
    """Return a sort key for an ISO time: unknown last, else its UTC instant, dates first."""
    moment, bare = utc_instant(when)
    return moment is None, moment, not bare


def _published(quote: Quote, by_id: Mapping[str, Article]) -> str | None:
    """Return the publication time of a quote's article, or None."""
    article = by_id.get(quote.article_id)
    return article.published if article else None


def _quote_key(quote: Quote, by_id: Mapping[str, Article]) -> tuple[object, ...]:
    """Return the sort key of a quote: when said (or published), then article and offset."""
    return (*_instant(quote.said_on or _published(quote, by_id)), quote.article_id, quote.start)


def speaker_record(
    quotes: Iterable[Quote],
    articles: Iterable[Article] | Mapping[str, Article],
    speaker_id: str | None = None,
) -> list[Quote]:
    """Return the quotes (of ``speaker_id`` when given) ordered by when they were said.

    A quote without ``said_on`` is placed at its article's publication time.
    """
    by_id = _articles(articles)
    chosen = [q for q in quotes if speaker_id is None or q.speaker_id == speaker_id]
    return sorted(chosen, key=lambda q: _quote_key(q, by_id))


def _groups(quotes: list[Quote], speaker_id: str | None) -> list[list[Quote]]:
    """Return the speaker's quotes grouped by cluster, a cluster with all its reports.

    A report whose speaker was not named in its article still belongs to the utterance
    when its cluster holds a report of this speaker.
    """
    mine = [q for q in quotes if speaker_id is None or q.speaker_id == speaker_id]
    clusters = {q.cluster_id for q in mine if q.cluster_id}
    grouped: dict[str, list[Quote]] = {}
    for quote in quotes:
        if quote.cluster_id in clusters:
            grouped.setdefault(quote.cluster_id or "", []).append(quote)
    alone = [[q] for q in mine if not q.cluster_id]
    return [*grouped.values(), *alone]


def _statement(reports: list[Quote], by_id: Mapping[str, Article]) -> Statement:
    """Return the statement that a group of reports of one utterance makes."""
    reports = sorted(
        reports, key=lambda q: (*_instant(_published(q, by_id)), q.article_id, q.start)
    )
    said_on = next((q.said_on for q in reports if q.said_on), None)
    named = next((q for q in reports if q.speaker_id or q.speaker), reports[0])
    outlets = [by_id[q.article_id].outlet for q in reports if q.article_id in by_id]
    return Statement(
        when=said_on or _published(reports[0], by_id),
        said_on=said_on,
        text=max((q.text for q in reports), key=len),
        speaker=named.speaker,
        speaker_id=named.speaker_id,
        venue=next((q.venue for q in reports if q.venue), None),
        outlets=tuple(dict.fromkeys(o for o in outlets if o)),
        quotes=tuple(reports),
        cluster_id=reports[0].cluster_id,
    )


def speaker_statements(
    quotes: Iterable[Quote],
    articles: Iterable[Article] | Mapping[str, Article],
    speaker_id: str | None = None,
) -> list[Statement]:
    """Return what a speaker said, one Statement per utterance, ordered by when it was said.

    Quotes sharing a ``cluster_id`` are one utterance; a quote without one stands alone.
    The order is by ``said_on`` (any report's), else the first report's publication time,
    compared in UTC; statements of unknown time come last.
    """
    by_id = _articles(articles)
    statements = [_statement(g, by_id) for g in _groups(list(quotes), speaker_id)]
    return sorted(
        statements,
        key=lambda s: (*_instant(s.when), s.quotes[0].article_id, s.quotes[0].start),
    )
