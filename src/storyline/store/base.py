"""The Store protocol: what every store (SQLite now, PostgreSQL later) offers the pipeline.

The store is the only writer. Per-document results are written by ``save_analysis``, one
transaction per document; corpus-level results (canonical entities, quote clusters,
stories, merged events) are each replaced wholesale, in one transaction, by ``replace_*``.

Page status, by the page's key (its URL, else ``sha256:<hash>``)::

    new      key unknown and content hash unknown
    same     key known with the same content hash; or key unknown, content hash known
    changed  key known with a different content hash: the new analysis replaces the old
             article's rows and keeps the old article id
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Literal, Protocol, runtime_checkable

from ..model import Analysis, Article, Entity, Event, Page, Quote, QuoteCluster, Reject, Story

__all__ = ["Store", "PageStatus", "SaveOutcome", "SearchKind", "SNIPPET_START", "SNIPPET_END"]

PageStatus = Literal["new", "same", "changed"]
SaveOutcome = Literal["inserted", "updated", "unchanged"]
SearchKind = Literal["articles", "quotes"]

# Search snippets mark matched words with these; they are plain text, so a web page escapes
# the snippet first and then turns the marks into <mark> tags.
SNIPPET_START = "\u27e6"
SNIPPET_END = "\u27e7"


@runtime_checkable
class Store(Protocol):
    """A place to keep analyses and corpus-level results, and to read and search them."""

    def page_status(self, page: Page) -> str:
        """Return "new", "same" or "changed" for a page, by its key and content hash."""
        ...

    def save_analysis(self, page: Page, analysis: Analysis) -> str:
        """Store a page and its analysis atomically; return "inserted", "updated" or "unchanged"."""
        ...

    def save_reject(self, reject: Reject) -> None:
        """Record an input that could not be stored, and why."""
        ...

    def needs_link(self) -> bool:
        """Return whether documents were stored since the corpus-level stages last finished."""
        ...

    def mark_linked(self) -> None:
        """Record that the corpus-level stages have run over every stored document."""
        ...

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Yield the stored articles (those named by ``ids``, in that order, when given)."""
        ...

    def article(self, article_id: str) -> Article | None:
        """Return one article, or None when it is not stored."""
        ...

    def analysis(self, article_id: str) -> Analysis | None:
        """Return the per-document analysis stored for one article, or None."""
        ...

    def article_entities(self, article_id: str | None = None) -> Iterator[Entity]:
        """Yield the per-article entities (with their mentions) as the analysis found them."""
        ...

    def quotes(self, article_id: str | None = None) -> Iterator[Quote]:
        """Yield the stored quotes, of one article when given."""
        ...

    def entities(self) -> Iterator[Entity]:
        """Yield the canonical (merged) entities, without mentions."""
        ...

    def events(self, story_id: str | None = None) -> Iterator[Event]:
        """Yield the stored events, of one story when given, in date order."""
        ...

    def clusters(self) -> Iterator[QuoteCluster]:
        """Yield the quote clusters."""
        ...

    def stories(self) -> Iterator[Story]:
        """Yield the stories."""
        ...

    def rejects(self) -> Iterator[Reject]:
        """Yield the recorded rejects, oldest first."""
        ...

    def story(self, story_id: str) -> Story | None:
        """Return one story, or None."""
        ...

    def cluster(self, cluster_id: str) -> QuoteCluster | None:
        """Return one quote cluster, or None."""
        ...

    def entity(self, entity_id: str) -> Entity | None:
        """Return a canonical entity, else a per-article one with that id, or None."""
        ...

    def cluster_quotes(self, cluster_id: str) -> Iterator[Quote]:
        """Yield the quotes of one cluster."""
        ...

    def clusters_quotes(self, cluster_ids: Iterable[str]) -> Iterator[Quote]:
        """Yield the quotes of several clusters at once, each cluster's in stored order."""
        ...

    def story_clusters(self, story_id: str) -> Iterator[QuoteCluster]:
        """Yield the quote clusters with a quote in one of a story's articles."""
        ...

    def speaker_quotes(self, entity_id: str) -> Iterator[Quote]:
        """Yield the quotes attributed to one entity, in the order they were spoken."""
        ...

    def story_summaries(self, limit: int = 50, offset: int = 0) -> list[dict[str, object]]:
        """Return a page of stories, newest first, with outlets and article/quote counts.

        Keys: id, title, first_published, last_published, outlets [str], article_count,
        quote_count.
        """
        ...

    def replace_entities(self, entities: Iterable[Entity], merges: Mapping[str, str]) -> None:
        """Replace the canonical entities; ``merges`` maps per-article ids to canonical ids.

        Quotes' ``speaker_id``/``speaker`` and events' ``entity_ids`` are rewritten to the
        canonical ids and names.
        """
        ...

    def replace_clusters(self, clusters: Iterable[QuoteCluster]) -> None:
        """Replace the quote clusters and set each quote's ``cluster_id``."""
        ...

    def replace_stories(self, stories: Iterable[Story]) -> None:
        """Replace the stories and set each article's ``story_id``."""
        ...

    def replace_events(self, events: Iterable[Event]) -> None:
        """Replace every stored event."""
        ...

    def search(
        self,
        query: str,
        *,
        kind: str = "articles",
        speaker: str | None = None,
        outlet: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> list[dict[str, object]]:
        """Return full-text matches, best first; raise QueryError for a query that won't parse."""
        ...

    def data_version(self) -> int | None:
        """Return a number that changes whenever anyone commits a change to the stored data.

        Equal numbers from one store mean nothing was committed in between, so what was read
        in between may be reused. None: the store cannot tell, and nothing may be reused.
        """
        ...

    def counts(self, tables: Iterable[str] | None = None) -> dict[str, int]:
        """Return the number of rows of each kind of record (or of the tables named).

        Raises ValueError for a name that is not a table of records.
        """
        ...

    def close(self) -> None:
        """Release the store's connection."""
        ...
