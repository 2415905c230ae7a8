"""Fixtures for the store tests: a fresh SQLite store and a builder of synthetic analyses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storyline.model import Analysis, Article, Entity, Event, Mention, Page, Quote, TimeExpr
from storyline.store import SqliteStore, open_store

Build = Callable[..., tuple[Page, Analysis]]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "news.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[SqliteStore]:
    opened = open_store(db_path)
    assert isinstance(opened, SqliteStore)
    yield opened
    opened.close()


def build_page(
    article_id: str,
    text: str,
    *,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = "Daily Planet",
    published: str | None = "2021-05-24T14:47:47+09:00",
    quotes: tuple[tuple[str, str | None], ...] = (),
    content: str | None = None,
    source: str | None = None,
) -> tuple[Page, Analysis]:
    """Return a page and its analysis: one article, a speaker, its quotes, a time, an event.

    ``quotes`` holds (quote text, speaker name) pairs; each speaker becomes an entity.
    """
    article = Article(
        id=article_id,
        source=source or f"{article_id}.html",
        url=url,
        outlet=outlet,
        title=title,
        authors=("Lois Lane",),
        published=published,
        updated=None,
        dateline="METROPOLIS",
        text=text,
        captions=("A caption",),
        boilerplate=("Subscribe now",),
        content_hash=f"hash-of-{article_id}",
    )
    speakers = sorted({name for _, name in quotes if name})
    entities = tuple(
        Entity(
            id=f"{name}@{article_id}",
            name=name,
            type="PERSON",
            roles=("mayor",),
            mentions=(Mention(0, len(name), name),),
        )
        for name in speakers
    )
    built_quotes = tuple(
        Quote(
            id=f"q{i}@{article_id}",
            article_id=article_id,
            text=quote,
            kind="direct",
            start=i * 10,
            end=i * 10 + len(quote),
            speaker=name,
            speaker_id=f"{name}@{article_id}" if name else None,
            cue="said",
        )
        for i, (quote, name) in enumerate(quotes)
    )
    times = (TimeExpr(0, 7, "Tuesday", "2021-05-25", "day", relative=True),)
    events = (
        Event(
            f"ev@{article_id}",
            article_id,
            "2021-05-25",
            "day",
            text[:20],
            0,
            20,
            entity_ids=tuple(e.id for e in entities),
        ),
    )
    page = Page(source=article.source, content=content or f"<p>{text}</p>", kind="html", url=url)
    return page, Analysis(article, entities, built_quotes, times, events)


@pytest.fixture
def build() -> Build:
    return build_page
