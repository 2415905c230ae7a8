"""The vocabulary of storyline: frozen records that flow from one stage to the next.

    bytes ─ingest─▶ Page ─extract─▶ Article ─analyse─▶ Analysis ─link─▶ Store

Times are ISO 8601 strings: a datetime with its UTC offset where the source gives a time
(``2021-05-24T14:47:47+09:00``), else a date at its precision (``2021-05-24``, ``2019-02``,
``2018``). Offsets (``start``/``end``) are code-point offsets into ``Article.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

__all__ = [
    "Page",
    "Article",
    "Entity",
    "Mention",
    "Quote",
    "TimeExpr",
    "Event",
    "Analysis",
    "QuoteCluster",
    "Story",
    "Reject",
    "content_hash",
    "stable_id",
    "utc_instant",
]


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of a text with its whitespace normalised."""
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def stable_id(prefix: str, *parts: str) -> str:
    """Return a short deterministic id such as ``a-3f9c0d1e2b4a5c6d`` built from its parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


def utc_instant(value: str | None) -> tuple[datetime | None, bool]:
    """Return the instant in UTC an ISO value stands for, and whether it was a bare date.

    A date (or month, or year) stands for its first instant in UTC; a time without an
    offset is taken as UTC. Unparseable values give ``(None, True)``.
    """
    if not value:
        return None, True
    text = value.strip().replace("Z", "+00:00")
    try:
        if len(text) <= 10:  # 2021-05-24, 2021-05, 2021
            parts = [int(p) for p in text.split("-")] + [1, 1]
            return datetime(parts[0], parts[1], parts[2], tzinfo=UTC), True
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None, True
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC), False


@dataclass(frozen=True)
class Page:
    """One fetched document as a crawler saved it, decoded to text.

    ``kind`` is ``"html"`` for markup and ``"text"`` for a plain-text page dump.
    ``source`` names where it came from: a path, or ``path#N`` for the N-th record of a
    WARC or JSONL file. ``url`` is the page's address when the input gives one.
    """

    source: str
    content: str
    kind: str
    url: str | None = None
    fetched: str | None = None
    published_hint: str | None = None
    encoding: str | None = None

    @property
    def hash(self) -> str:
        return content_hash(self.content)

    @property
    def key(self) -> str:
        """The identity of the page across runs: its URL when known, else its content."""
        return self.url or f"sha256:{self.hash}"


@dataclass(frozen=True)
class Article:
    """The news article inside a page: body without boilerplate, and its metadata."""

    id: str
    source: str
    url: str | None
    outlet: str | None
    title: str | None
    authors: tuple[str, ...]
    published: str | None
    updated: str | None
    dateline: str | None
    text: str
    captions: tuple[str, ...] = ()
    language: str | None = "en"
    boilerplate: tuple[str, ...] = ()
    content_hash: str = ""
    story_id: str | None = None


@dataclass(frozen=True)
class Mention:
    """A stretch of article text that refers to an entity (a name, a title, a pronoun)."""

    start: int
    end: int
    text: str
    kind: str = "name"  # name | nominal | pronoun


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place with its canonical name, roles and aliases."""

    id: str
    name: str
    type: str
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Quote:
    """Words attributed to a speaker in one article."""

    id: str
    article_id: str
    text: str
    kind: str  # direct | partial | indirect
    start: int
    end: int
    speaker: str | None = None
    speaker_id: str | None = None
    cue: str | None = None
    said_on: str | None = None
    venue: str | None = None
    cluster_id: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None


@dataclass(frozen=True)
class TimeExpr:
    """A time expression in the text and the date it resolves to."""

    start: int
    end: int
    text: str
    value: str | None  # ISO at its precision, or a range "2021-06-11/2021-06-13"
    precision: str | None = None  # day | month | year | week | time
    relative: bool = False


@dataclass(frozen=True)
class Event:
    """A dated statement of fact in an article, placed on its story's timeline."""

    id: str
    article_id: str
    date: str
    precision: str
    text: str
    start: int
    end: int
    entity_ids: tuple[str, ...] = ()
    story_id: str | None = None
    planned: bool = False
    end_date: str | None = None
    sources: tuple[str, ...] = ()  # ids of every article that reports this event


@dataclass(frozen=True)
class Analysis:
    """Everything the per-document stages found in one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class QuoteCluster:
    """Every report of one utterance, with who reported it first and who altered it."""

    id: str
    speaker: str | None
    speaker_id: str | None
    text: str
    quote_ids: tuple[str, ...]
    first_article_id: str | None
    first_outlet: str | None
    first_published: str | None
    altered_quote_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    """Articles about the same real-world event."""

    id: str
    title: str | None
    article_ids: tuple[str, ...]
    first_published: str | None
    last_published: str | None


@dataclass(frozen=True)
class Reject:
    """An input that could not be stored, and why."""

    source: str
    stage: str
    reason: str
    detail: dict[str, str] = field(default_factory=dict)
