"""Reading the PostgreSQL store: records back from rows, full-text search, counts.

``PostgresReader`` holds the read half of ``PostgresStore``, with the same order of results
as the SQLite store (insertion order where SQLite uses the rowid, text compared byte-wise).
Whole-table reads stream through a WITH HOLD server-side cursor, a chunk at a time, holding
the store's lock only while fetching.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ..errors import QueryError, StoreError
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
from .pg_search import build as build_search
from .reads import counted_tables
from .schema import from_row

__all__ = ["PostgresReader", "pg_error"]

T = TypeVar("T")
Row = dict[str, Any]
_CHUNK = 500
_HINTS = (
    ("DiskFull", "disk full; free some disk space on the server; the document was not stored"),
    ("ReadOnlySqlTransaction", "the server is read-only; connect to the primary"),
    ("UniqueViolation", "UNIQUE constraint failed; an id is already stored for another document"),
    ("ForeignKeyViolation", "FOREIGN KEY constraint failed; a record names an unstored article"),
    ("InsufficientPrivilege", "the role lacks a privilege; ask the database owner to grant it"),
    ("OperationalError", "cannot reach the server; check it is running, the URL and password"),
)
_ENTITIES = """
SELECT e.id, e.name, e.type, e.roles, e.aliases,
       (SELECT coalesce(json_agg(json_build_array(m.start, m."end", m.text, m.kind)
                                 ORDER BY m.seq), '[]'::json)
        FROM entity_mentions AS m
        WHERE m.article_id = e.article_id AND m.entity_id = e.id) AS mentions
FROM article_entities AS e JOIN articles AS a ON a.id = e.article_id
{where} ORDER BY a.seq, e.seq"""


def pg_error(exc: Exception, name: str) -> StoreError:
    """Return a StoreError naming the database, with what to do about a psycopg error."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    kinds = {cls.__name__ for cls in type(exc).__mro__}
    hint = next((h for key, h in _HINTS if key in kinds), "check the database is a storyline store")
    return StoreError(f"{text}; {hint}", source=name)


def _entity(row: Row) -> Entity:
    mentions = tuple(Mention(*m) for m in row["mentions"])
    return from_row(Entity, row, mentions=mentions)


class PostgresReader:
    """The read methods of the PostgreSQL store, over a connection the store opened."""

    name: str
    _conn: Any  # psycopg.Connection[dict[str, Any]], imported lazily
    _lock: threading.RLock
    _cursors = itertools.count()

    def _all(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[Row]:
        """Return every row of a bounded query."""
        import psycopg

        args = params if isinstance(params, dict) else tuple(params)
        try:
            with self._lock:
                return list(self._conn.execute(sql, args).fetchall())
        except psycopg.Error as exc:
            raise pg_error(exc, self.name) from exc

    def _iter(self, sql: str, params: Iterable[Any], build: Callable[[Row], T]) -> Iterator[T]:
        """Yield one record per row of a query of any size, fetching a chunk at a time."""
        import psycopg

        try:
            with self._lock:
                cursor = self._conn.cursor(f"storyline_{next(self._cursors)}", withhold=True)
                cursor.execute(sql, tuple(params))
            try:
                while True:
                    with self._lock:
                        rows = cursor.fetchmany(_CHUNK)
                    if not rows:
                        return
                    yield from map(build, rows)
            finally:
                with self._lock:
                    cursor.close()
        except psycopg.Error as exc:
            raise pg_error(exc, self.name) from exc

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
            rows = self._all("SELECT * FROM articles WHERE id = ANY(%s)", [chunk])
            found = {r["id"]: from_row(Article, r) for r in rows}
            yield from (found[i] for i in chunk if i in found)

    def article(self, article_id: str) -> Article | None:
        """Return one article, or None when it is not stored."""
        return next(self.articles([article_id]), None)

    def analysis(self, article_id: str) -> Analysis | None:
        """Return the per-document analysis stored for one article, or None."""
        article = self.article(article_id)
        if article is None:
            return None
        by_article = "WHERE article_id = %s ORDER BY seq"
        times = self._all(f"SELECT * FROM time_expressions {by_article}", [article_id])
        events = self._all(f"SELECT * FROM events {by_article}", [article_id])
        return Analysis(
            article=article,
            entities=tuple(self.article_entities(article_id)),
            quotes=tuple(self.quotes(article_id)),
            times=tuple(from_row(TimeExpr, r) for r in times),
            events=tuple(from_row(Event, r) for r in events),
        )

    def article_entities(self, article_id: str | None = None) -> Iterator[Entity]:
        """Yield the per-article entities (with their mentions) as the analysis found them."""
        if article_id is None:
            yield from self._iter(_ENTITIES.format(where=""), (), _entity)
            return
        rows = self._all(_ENTITIES.format(where="WHERE e.article_id = %s"), [article_id])
        yield from map(_entity, rows)

    def quotes(self, article_id: str | None = None) -> Iterator[Quote]:
        """Yield the stored quotes, of one article when given, in stored order."""
        where, params = ("WHERE article_id = %s", [article_id]) if article_id else ("", [])
        yield from self._iter(
            f"SELECT * FROM quotes {where} ORDER BY seq", params, lambda r: from_row(Quote, r)
        )

    def entities(self) -> Iterator[Entity]:
        """Yield the canonical (merged) entities, without mentions."""
        yield from self._iter(
            "SELECT * FROM entities ORDER BY seq", (), lambda r: from_row(Entity, r)
        )

    def events(self, story_id: str | None = None) -> Iterator[Event]:
        """Yield the stored events, of one story when given, in date order."""
        where, params = ("WHERE story_id = %s", [story_id]) if story_id else ("", [])
        yield from self._iter(
            f'SELECT * FROM events {where} ORDER BY date COLLATE "C", article_id COLLATE "C",'
            " start",
            params,
            lambda r: from_row(Event, r),
        )

    def clusters(self) -> Iterator[QuoteCluster]:
        """Yield the quote clusters."""
        yield from self._iter(
            "SELECT * FROM quote_clusters ORDER BY seq", (), lambda r: from_row(QuoteCluster, r)
        )

    def stories(self) -> Iterator[Story]:
        """Yield the stories."""
        yield from self._iter(
            "SELECT * FROM stories ORDER BY seq", (), lambda r: from_row(Story, r)
        )

    def rejects(self) -> Iterator[Reject]:
        """Yield the recorded rejects, oldest first."""
        yield from self._iter(
            "SELECT * FROM rejects ORDER BY id", (), lambda r: from_row(Reject, r)
        )

    # -- reads for the web desk: one record, or the records around one ------------------

    def _one(self, sql: str, params: Iterable[Any], build: Callable[[Row], T]) -> T | None:
        rows = self._all(sql + " LIMIT 1", params)
        return build(rows[0]) if rows else None

    def story(self, story_id: str) -> Story | None:
        """Return one story, or None."""
        return self._one(
            "SELECT * FROM stories WHERE id = %s", [story_id], lambda r: from_row(Story, r)
        )

    def cluster(self, cluster_id: str) -> QuoteCluster | None:
        """Return one quote cluster, or None."""
        return self._one(
            "SELECT * FROM quote_clusters WHERE id = %s",
            [cluster_id],
            lambda r: from_row(QuoteCluster, r),
        )

    def entity(self, entity_id: str) -> Entity | None:
        """Return a canonical entity, else a per-article one with that id (unlinked), or None."""
        return self._one(
            "SELECT * FROM (SELECT 0 AS o, seq, id, name, type, roles, aliases FROM entities"
            " WHERE id = %s UNION ALL SELECT 1, seq, id, name, type, roles, aliases"
            " FROM article_entities WHERE id = %s) AS found ORDER BY o, seq",
            [entity_id, entity_id],
            lambda r: from_row(Entity, r),
        )

    def cluster_quotes(self, cluster_id: str) -> Iterator[Quote]:
        """Yield the quotes of one cluster, in stored order."""
        rows = self._all("SELECT * FROM quotes WHERE cluster_id = %s ORDER BY seq", [cluster_id])
        yield from (from_row(Quote, r) for r in rows)

    def clusters_quotes(self, cluster_ids: Iterable[str]) -> Iterator[Quote]:
        """Yield the quotes of several clusters at once, each cluster's in stored order."""
        wanted = list(dict.fromkeys(cluster_ids))
        for start in range(0, len(wanted), _CHUNK):
            rows = self._all(
                "SELECT * FROM quotes WHERE cluster_id = ANY(%s) ORDER BY seq",
                [wanted[start : start + _CHUNK]],
            )
            yield from (from_row(Quote, r) for r in rows)

    def story_clusters(self, story_id: str) -> Iterator[QuoteCluster]:
        """Yield the quote clusters with a quote in one of a story's articles."""
        rows = self._all(
            "SELECT * FROM quote_clusters WHERE id IN (SELECT q.cluster_id FROM quotes AS q"
            " JOIN articles AS a ON a.id = q.article_id WHERE a.story_id = %s) ORDER BY seq",
            [story_id],
        )
        yield from (from_row(QuoteCluster, r) for r in rows)

    def speaker_quotes(self, entity_id: str) -> Iterator[Quote]:
        """Yield the quotes attributed to one entity, in the order they were spoken."""
        yield from self._iter(
            "SELECT q.* FROM quotes AS q JOIN articles AS a ON a.id = q.article_id"
            ' WHERE q.speaker_id = %s ORDER BY coalesce(q.said_on, a.published) COLLATE "C"'
            " NULLS FIRST, q.seq",
            [entity_id],
            lambda r: from_row(Quote, r),
        )

    def story_summaries(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Return a page of stories, newest first, with their outlets and article/quote counts."""
        rows = self._all(
            "SELECT s.id, s.title, s.first_published, s.last_published,"
            " (SELECT coalesce(array_agg(DISTINCT a.outlet), '{}') FROM articles AS a"
            "  WHERE a.story_id = s.id AND a.outlet IS NOT NULL) AS outlets,"
            " (SELECT count(*) FROM articles AS a WHERE a.story_id = s.id) AS article_count,"
            " (SELECT count(*) FROM quotes AS q JOIN articles AS a ON a.id = q.article_id"
            "  WHERE a.story_id = s.id) AS quote_count"
            " FROM stories AS s ORDER BY coalesce(s.last_published, s.first_published)"
            ' COLLATE "C" DESC NULLS LAST, s.id COLLATE "C" LIMIT %s OFFSET %s',
            [max(0, int(limit)), max(0, int(offset))],
        )
        return [{**row, "outlets": sorted(row["outlets"])} for row in rows]

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
        """Return full-text matches, best first, each with a snippet whose hits are marked.

        Raises QueryError for a query that does not parse or for invalid filters.
        """
        import psycopg

        sql, params = build_search(query, kind, speaker, outlet, date_from, date_to, limit, offset)
        try:
            return [dict(r) for r in self._all(sql, params)]
        except StoreError as exc:
            if isinstance(exc.__cause__, psycopg.errors.SyntaxError | psycopg.DataError):
                raise QueryError(f"cannot search for {query!r} ({exc.reason})") from exc
            raise

    def data_version(self) -> int | None:
        """Return None: PostgreSQL tells no cheap commit counter, so nothing is reused."""
        return None

    def counts(self, tables: Iterable[str] | None = None) -> dict[str, int]:
        """Return the number of rows in each table of records (or in the ``tables`` named)."""
        names = counted_tables(tables)
        sql = " UNION ALL ".join(f"SELECT '{t}' AS name, count(*) AS n FROM {t}" for t in names)
        return {row["name"]: int(row["n"]) for row in self._all(sql)}
