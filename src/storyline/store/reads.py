"""Reading the SQLite store: records back from rows, full-text search, counts.

``SqliteReader`` holds the read half of ``SqliteStore``; reads stream a chunk of rows at a
time and hold the connection's lock only while fetching.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ..errors import StoreError
from ..model import (
    Analysis,
    Article,
    Entity,
    Event,
    Mention,
    Quote,
    QuoteCluster,
    Reject,
    Story,
    TimeExpr,
)
from .schema import from_row
from .search import search as run_search

__all__ = ["SqliteReader", "store_error", "counted_tables"]

T = TypeVar("T")
_CHUNK = 500  # rows fetched at a time, and ids bound per IN (...) list
_COUNTED = (
    "pages",
    "articles",
    "article_entities",
    "entity_mentions",
    "entities",
    "quotes",
    "time_expressions",
    "events",
    "quote_clusters",
    "stories",
    "rejects",
)
_HINTS = (
    ("full", "free some disk space and run again; the document was not stored"),
    ("not a database", "the file is not a storyline SQLite store; point --db at another file"),
    ("malformed", "the file is corrupt; restore it from a copy or start a new store"),
    ("readonly", "make the file and its folder writable"),
    ("unable to open", "check that the folder exists and is writable"),
    ("locked", "another process is writing the store; try again when it has finished"),
    ("UNIQUE", "an id is already stored for another document; its analysis is inconsistent"),
    ("FOREIGN KEY", "a record names an article that is not stored"),
)


def counted_tables(tables: Iterable[str] | None) -> tuple[str, ...]:
    """Return the tables to count: all of them, or those named (each a table of records)."""
    if tables is None:
        return _COUNTED
    names = tuple(dict.fromkeys(tables))
    unknown = [t for t in names if t not in _COUNTED]
    if unknown:
        raise ValueError(f"cannot count {unknown[0]!r}; the tables are {', '.join(_COUNTED)}")
    return names


def store_error(exc: sqlite3.Error, name: str) -> StoreError:
    """Return a StoreError naming the file, with what to do about the SQLite error."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    hint = next((h for key, h in _HINTS if key in text), "check the file is a storyline store")
    return StoreError(f"{text}; {hint}", source=name)


class SqliteReader:
    """The read methods of the SQLite store, over a connection the store opened."""

    path: str
    _conn: sqlite3.Connection
    _lock: threading.RLock
    _commits: int  # this store's own commits, which its data_version() does not count

    def _iter(
        self, sql: str, params: Iterable[Any], build: Callable[[sqlite3.Row], T]
    ) -> Iterator[T]:
        """Yield one record per row of a query, fetching a chunk at a time."""
        try:
            with self._lock:
                cursor = self._conn.execute(sql, tuple(params))
            try:
                while True:
                    with self._lock:
                        rows = cursor.fetchmany(_CHUNK)
                    if not rows:
                        return
                    yield from map(build, rows)
            finally:
                cursor.close()
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Yield the stored articles (those named by ``ids``, in that order, when given)."""
        if ids is None:
            yield from self._iter(
                "SELECT * FROM articles ORDER BY seq", (), lambda r: from_row(Article, r)
            )
            return
        wanted = list(dict.fromkeys(ids))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            sql = f"SELECT * FROM articles WHERE id IN ({', '.join('?' * len(chunk))})"
            found = {a.id: a for a in self._iter(sql, chunk, lambda r: from_row(Article, r))}
            yield from (found[i] for i in chunk if i in found)

    def article(self, article_id: str) -> Article | None:
        """Return one article, or None when it is not stored."""
        return next(self.articles([article_id]), None)

    def analysis(self, article_id: str) -> Analysis | None:
        """Return the per-document analysis stored for one article, or None."""
        article = self.article(article_id)
        if article is None:
            return None
        times = self._iter(
            "SELECT * FROM time_expressions WHERE article_id = ? ORDER BY rowid",
            (article_id,),
            lambda r: from_row(TimeExpr, r),
        )
        events = self._iter(
            "SELECT * FROM events WHERE article_id = ? ORDER BY rowid",
            (article_id,),
            lambda r: from_row(Event, r),
        )
        return Analysis(
            article=article,
            entities=tuple(self.article_entities(article_id)),
            quotes=tuple(self.quotes(article_id)),
            times=tuple(times),
            events=tuple(events),
        )

    def article_entities(self, article_id: str | None = None) -> Iterator[Entity]:
        """Yield the per-article entities (with their mentions) as the analysis found them."""
        if article_id is None:
            ids = list(self._iter("SELECT id FROM articles ORDER BY seq", (), lambda r: r[0]))
            for one in ids:
                yield from self.article_entities(one)
            return
        mentions: dict[str, list[Mention]] = defaultdict(list)
        for row in self._iter(
            "SELECT * FROM entity_mentions WHERE article_id = ? ORDER BY rowid",
            (article_id,),
            lambda r: r,
        ):
            mentions[row["entity_id"]].append(from_row(Mention, row))
        yield from self._iter(
            "SELECT * FROM article_entities WHERE article_id = ? ORDER BY rowid",
            (article_id,),
            lambda r: from_row(Entity, r, mentions=tuple(mentions.get(r["id"], ()))),
        )

    def quotes(self, article_id: str | None = None) -> Iterator[Quote]:
        """Yield the stored quotes, of one article when given, in stored order."""
        where, params = ("WHERE article_id = ?", (article_id,)) if article_id else ("", ())
        yield from self._iter(
            f"SELECT * FROM quotes {where} ORDER BY seq", params, lambda r: from_row(Quote, r)
        )

    def entities(self) -> Iterator[Entity]:
        """Yield the canonical (merged) entities, without mentions."""
        yield from self._iter(
            "SELECT * FROM entities ORDER BY rowid", (), lambda r: from_row(Entity, r)
        )

    def events(self, story_id: str | None = None) -> Iterator[Event]:
        """Yield the stored events, of one story when given, in date order."""
        where, params = ("WHERE story_id = ?", (story_id,)) if story_id else ("", ())
        yield from self._iter(
            f"SELECT * FROM events {where} ORDER BY date, article_id, start",
            params,
            lambda r: from_row(Event, r),
        )

    def clusters(self) -> Iterator[QuoteCluster]:
        """Yield the quote clusters."""
        yield from self._iter(
            "SELECT * FROM quote_clusters ORDER BY rowid", (), lambda r: from_row(QuoteCluster, r)
        )

    def stories(self) -> Iterator[Story]:
        """Yield the stories."""
        yield from self._iter(
            "SELECT * FROM stories ORDER BY rowid", (), lambda r: from_row(Story, r)
        )

    def rejects(self) -> Iterator[Reject]:
        """Yield the recorded rejects, oldest first."""
        yield from self._iter(
            "SELECT * FROM rejects ORDER BY id", (), lambda r: from_row(Reject, r)
        )

    # -- reads for the web desk: one record, or the records around one ------------------

    def _one(self, sql: str, params: Iterable[Any], build: Callable[[sqlite3.Row], T]) -> T | None:
        return next(self._iter(sql, params, build), None)

    def story(self, story_id: str) -> Story | None:
        """Return one story, or None."""
        return self._one(
            "SELECT * FROM stories WHERE id = ?", (story_id,), lambda r: from_row(Story, r)
        )

    def cluster(self, cluster_id: str) -> QuoteCluster | None:
        """Return one quote cluster, or None."""
        return self._one(
            "SELECT * FROM quote_clusters WHERE id = ?",
            (cluster_id,),
            lambda r: from_row(QuoteCluster, r),
        )

    def entity(self, entity_id: str) -> Entity | None:
        """Return a canonical entity, else a per-article one with that id (unlinked), or None."""
        return self._one(
            "SELECT id, name, type, roles, aliases FROM entities WHERE id = ? UNION ALL"
            " SELECT id, name, type, roles, aliases FROM article_entities WHERE id = ? LIMIT 1",
            (entity_id, entity_id),
            lambda r: from_row(Entity, r),
        )

    def cluster_quotes(self, cluster_id: str) -> Iterator[Quote]:
        """Yield the quotes of one cluster, in stored order."""
        yield from self._iter(
            "SELECT * FROM quotes WHERE cluster_id = ? ORDER BY seq",
            (cluster_id,),
            lambda r: from_row(Quote, r),
        )

    def clusters_quotes(self, cluster_ids: Iterable[str]) -> Iterator[Quote]:
        """Yield the quotes of several clusters at once, each cluster's in stored order."""
        wanted = list(dict.fromkeys(cluster_ids))
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            yield from self._iter(
                f"SELECT * FROM quotes WHERE cluster_id IN ({', '.join('?' * len(chunk))})"
                " ORDER BY seq",
                chunk,
                lambda r: from_row(Quote, r),
            )

    def story_clusters(self, story_id: str) -> Iterator[QuoteCluster]:
        """Yield the quote clusters with a quote in one of a story's articles."""
        yield from self._iter(
            "SELECT * FROM quote_clusters WHERE id IN (SELECT q.cluster_id FROM quotes AS q"
            " JOIN articles AS a ON a.id = q.article_id WHERE a.story_id = ?) ORDER BY rowid",
            (story_id,),
            lambda r: from_row(QuoteCluster, r),
        )

    def speaker_quotes(self, entity_id: str) -> Iterator[Quote]:
        """Yield the quotes attributed to one entity, in the order they were spoken."""
        yield from self._iter(
            "SELECT q.* FROM quotes AS q JOIN articles AS a ON a.id = q.article_id"
            " WHERE q.speaker_id = ? ORDER BY coalesce(q.said_on, a.published), q.seq",
            (entity_id,),
            lambda r: from_row(Quote, r),
        )

    def story_summaries(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Return a page of stories, newest first, with their outlets and article/quote counts."""
        rows = self._iter(
            "SELECT s.id, s.title, s.first_published, s.last_published,"
            " (SELECT json_group_array(DISTINCT a.outlet) FROM articles AS a"
            "  WHERE a.story_id = s.id AND a.outlet IS NOT NULL) AS outlets,"
            " (SELECT count(*) FROM articles AS a WHERE a.story_id = s.id) AS article_count,"
            " (SELECT count(*) FROM quotes AS q JOIN articles AS a ON a.id = q.article_id"
            "  WHERE a.story_id = s.id) AS quote_count"
            # the page of stories first, so the counts run for its rows only
            " FROM (SELECT id, title, first_published, last_published FROM stories"
            "  ORDER BY coalesce(last_published, first_published) DESC, id LIMIT ? OFFSET ?)"
            " AS s ORDER BY coalesce(s.last_published, s.first_published) DESC, s.id",
            (max(0, int(limit)), max(0, int(offset))),
            dict,
        )
        return [{**row, "outlets": sorted(json.loads(row["outlets"]))} for row in rows]

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
        """Return full-text matches ranked by bm25, each with a snippet whose hits are marked.

        Raises QueryError for a query FTS5 cannot parse or for invalid filters.
        """
        try:
            with self._lock:
                return run_search(
                    self._conn,
                    query,
                    kind=kind,
                    speaker=speaker,
                    outlet=outlet,
                    date_from=date_from,
                    date_to=date_to,
                    limit=limit,
                    offset=offset,
                )
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    def data_version(self) -> int | None:
        """Return a number that changes whenever anyone commits a change to the file.

        SQLite's ``data_version`` counts the commits of other connections (other threads,
        other processes); this store's own commits are counted beside it.
        """
        try:
            with self._lock:
                theirs = self._conn.execute("PRAGMA data_version").fetchone()[0]
                return (self._commits << 32) + int(theirs)
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    def counts(self, tables: Iterable[str] | None = None) -> dict[str, int]:
        """Return the number of rows in each table of records (or in the ``tables`` named)."""
        names = counted_tables(tables)
        try:
            with self._lock:
                return {
                    t: self._conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in names
                }
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc
