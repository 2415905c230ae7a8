"""The PostgreSQL store: the Store protocol on a server, for teams and for parallel ingest.

Opened by ``open_store("postgresql://user:password@host/db")``; needs ``storyline[postgres]``
(psycopg 3). The tables are those of the SQLite store (see ``pg_schema.py``) and the
record↔row mapping is the same (``schema.to_row``/``from_row``).

Several processes may ingest into one database at once. Each document is one transaction
that first takes transaction-scoped advisory locks on its page key and its content hash:
two workers that meet the same page (or the same bytes under two URLs) take turns, and the
second finds it stored ("unchanged"). Rows are written with ``INSERT … ON CONFLICT`` on the
page key and the article id, so two pages that make one article update it, never duplicate
it. A deadlock or serialization failure is retried. Corpus-level ``replace_*`` calls take a
lock of their own, so two linkers run one after the other.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from ..errors import StoreError
from ..model import (
    Analysis,
    Article,
    Entity,
    Event,
    Mention,
    Page,
    Quote,
    QuoteCluster,
    Reject,
    Story,
    TimeExpr,
)
from . import _redacted as redacted
from .pg_reads import PostgresReader, pg_error
from .pg_schema import migrate
from .schema import columns, remapped_entity_ids, storable_reject, to_row
from .sqlite import _owned_by

__all__ = ["PostgresStore"]

T = TypeVar("T")
_RETRIES = 5

_PENDING = "link_pending"  # meta key: set by a save, cleared by mark_linked


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _lock_id(text: str) -> int:
    """Return a signed 64-bit advisory lock id for a text."""
    return int.from_bytes(
        hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:8], "big", signed=True
    )


def _insert_sql(table: str, names: Iterable[str], extra: Iterable[str] = ()) -> str:
    cols = [*names, *extra]
    quoted = ", ".join(f'"{c}"' for c in cols)
    return f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(cols))})"


class PostgresStore(PostgresReader):
    """A store in a PostgreSQL database, migrated to the current schema on open."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
            from psycopg.types.string import TextLoader
        except ImportError as exc:
            raise StoreError(
                "the PostgreSQL store needs psycopg; install storyline[postgres]",
                source=redacted(url),
            ) from exc
        self.name = redacted(url)
        self._lock = threading.RLock()
        dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
        try:
            self._conn = psycopg.connect(
                dsn, autocommit=True, row_factory=dict_row, connect_timeout=15
            )
        except psycopg.Error as exc:
            raise StoreError(
                f"cannot connect ({str(exc).splitlines()[0] if str(exc) else exc}); check the"
                " server is running and the URL, user and password",
                source=self.name,
            ) from exc
        # jsonb columns read back as JSON text, as SQLite's do, for schema.from_row
        self._conn.adapters.register_loader("jsonb", TextLoader)
        try:
            migrate(self._conn, self.name)
        except BaseException as exc:
            self._conn.close()
            if isinstance(exc, psycopg.Error):
                raise pg_error(exc, self.name) from exc
            raise

    @contextmanager
    def _write(self, *locks: str) -> Iterator[Any]:
        """Yield the connection inside one transaction holding advisory locks on ``locks``."""
        import psycopg

        with self._lock:
            try:
                with self._conn.transaction():
                    for lock in sorted({_lock_id(k) for k in locks}):  # one order: no deadlock
                        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
                    yield self._conn
            except UnicodeEncodeError as exc:  # lone surrogates cannot be UTF-8
                raise StoreError(
                    f"a text holds characters that are not valid Unicode ({exc.reason});"
                    " the document was not stored",
                    source=self.name,
                ) from exc
            except psycopg.DataError as exc:
                if "NUL" not in str(exc):
                    raise pg_error(exc, self.name) from exc
                raise StoreError(
                    "a text holds a NUL character, which PostgreSQL cannot store;"
                    " the document was not stored",
                    source=self.name,
                ) from exc
            except psycopg.Error as exc:
                raise pg_error(exc, self.name) from exc

    def _retrying(self, work: Callable[[], T]) -> T:
        """Return ``work()``, run again when the server broke a deadlock or a serialization."""
        import psycopg

        for attempt in range(_RETRIES):
            try:
                return work()
            except StoreError as exc:
                transient = psycopg.errors.DeadlockDetected | psycopg.errors.SerializationFailure
                if attempt + 1 == _RETRIES or not isinstance(exc.__cause__, transient):
                    raise
        raise AssertionError("unreachable")

    # -- per-document writes ---------------------------------------------------------

    def _status(self, key: str, page_hash: str) -> tuple[str, str | None]:
        row = self._conn.execute(
            "SELECT content_hash, article_id FROM pages WHERE key = %s", (key,)
        ).fetchone()
        if row is not None:
            return ("same" if row["content_hash"] == page_hash else "changed"), row["article_id"]
        known = self._conn.execute(
            "SELECT 1 FROM pages WHERE content_hash = %s LIMIT 1", (page_hash,)
        ).fetchone()
        return ("same" if known else "new"), None

    def page_status(self, page: Page) -> str:
        """Return "new", "same" or "changed" for a page, by its key and content hash."""
        import psycopg

        try:
            with self._lock:
                return self._status(page.key, page.hash)[0]
        except psycopg.Error as exc:
            raise pg_error(exc, self.name) from exc

    def save_analysis(self, page: Page, analysis: Analysis) -> str:
        """Store a page and its analysis atomically; return "inserted", "updated" or "unchanged".

        A changed page (same key, new content) keeps its article id. Safe to call from
        several processes at once: see the module's docstring.
        """
        page_hash = page.hash
        return self._retrying(lambda: self._save(page, page_hash, analysis))

    def _save(self, page: Page, page_hash: str, analysis: Analysis) -> str:
        with self._write(f"key:{page.key}", f"hash:{page_hash}") as conn:
            status, old_id = self._status(page.key, page_hash)
            if status == "same":
                return "unchanged"
            analysis = _owned_by(analysis, old_id or analysis.article.id)
            article = analysis.article
            names = columns(Article)
            inserted = conn.execute(
                _insert_sql("articles", names, ["updated_at"])
                + " ON CONFLICT (id) DO NOTHING RETURNING seq",
                (*to_row(article, names), _now()),
            ).fetchone()
            if inserted is None:  # stored already, by an earlier page or another worker
                stored = conn.execute(
                    "SELECT story_id FROM articles WHERE id = %s FOR UPDATE", (article.id,)
                ).fetchone()
                if article.story_id is None:  # it stays in its story until stories are relinked
                    article = replace(article, story_id=stored["story_id"])
                self._update_article(conn, article)
            self._insert_parts(conn, analysis)
            self._save_page(conn, page, page_hash, article.id)
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (%s, '1') ON CONFLICT (key) DO NOTHING",
                (_PENDING,),
            )
            return "inserted" if inserted is not None else "updated"

    @staticmethod
    def _save_page(conn: Any, page: Page, page_hash: str, article_id: str) -> None:
        conn.execute(
            "INSERT INTO pages (key, source, url, content_hash, kind, encoding, fetched,"
            " ingested_at, article_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (key) DO UPDATE SET source = excluded.source, url = excluded.url,"
            " content_hash = excluded.content_hash, kind = excluded.kind,"
            " encoding = excluded.encoding, fetched = excluded.fetched,"
            " ingested_at = excluded.ingested_at, article_id = excluded.article_id",
            (
                page.key,
                page.source,
                page.url,
                page_hash,
                page.kind,
                page.encoding,
                page.fetched,
                _now(),
                article_id,
            ),
        )

    @staticmethod
    def _update_article(conn: Any, article: Article) -> None:
        names = [n for n in columns(Article) if n != "id"]
        assignments = ", ".join(f'"{n}" = %s' for n in names)
        conn.execute(
            f"UPDATE articles SET {assignments}, updated_at = %s WHERE id = %s",
            (*to_row(article, tuple(names)), _now(), article.id),
        )
        for table in ("article_entities", "quotes", "time_expressions", "events"):
            conn.execute(f"DELETE FROM {table} WHERE article_id = %s", (article.id,))

    @staticmethod
    def _insert_parts(conn: Any, analysis: Analysis) -> None:
        article_id = analysis.article.id
        entity_names, mention_names = columns(Entity), columns(Mention)
        quote_names, time_names, event_names = columns(Quote), columns(TimeExpr), columns(Event)
        parts: list[tuple[str, list[tuple[Any, ...]]]] = [
            (
                _insert_sql("article_entities", ["article_id", *entity_names]),
                [(article_id, *to_row(e, entity_names)) for e in analysis.entities],
            ),
            (
                _insert_sql("entity_mentions", ["article_id", "entity_id", *mention_names]),
                [
                    (article_id, e.id, *to_row(m, mention_names))
                    for e in analysis.entities
                    for m in e.mentions
                ],
            ),
            (
                _insert_sql("quotes", quote_names, ["raw_speaker", "raw_speaker_id"]),
                [(*to_row(q, quote_names), q.speaker, q.speaker_id) for q in analysis.quotes],
            ),
            (
                _insert_sql("time_expressions", ["article_id", *time_names]),
                [(article_id, *to_row(t, time_names)) for t in analysis.times],
            ),
            (_insert_sql("events", event_names), [to_row(e, event_names) for e in analysis.events]),
        ]
        with conn.cursor() as cursor:
            for sql, rows in parts:
                if rows:
                    cursor.executemany(sql, rows)

    def save_reject(self, reject: Reject) -> None:
        """Record an input that could not be stored, and why."""
        names = columns(Reject)
        row = to_row(storable_reject(reject), names)
        with self._write() as conn:
            conn.execute(_insert_sql("rejects", names, ["at"]), (*row, _now()))

    # -- corpus-level results, each replaced wholesale ----------------------------------

    def _replace(self, table: str, rows: list[tuple[Any, ...]], names: tuple[str, ...]) -> Any:
        """Return the write context after emptying ``table`` and inserting ``rows``."""
        conn = self._conn
        conn.execute(f"DELETE FROM {table}")
        if rows:
            with conn.cursor() as cursor:
                cursor.executemany(_insert_sql(table, names), rows)
        return conn

    def replace_entities(self, entities: Iterable[Entity], merges: Mapping[str, str]) -> None:
        """Replace the canonical entities; ``merges`` maps per-article ids to canonical ids.

        Quotes' ``speaker_id``/``speaker`` are recomputed from the ids the analysis gave them;
        events' ``entity_ids`` are mapped through ``merges``.
        """
        entities = list(entities)
        names = {e.id: e.name for e in entities}
        pairs = [(canonical, local) for local, canonical in merges.items()]
        with self._write("link:entities"):
            conn = self._replace(
                "entities", [to_row(e, columns(Entity)) for e in entities], columns(Entity)
            )
            conn.execute("UPDATE article_entities SET canonical_id = NULL")
            conn.execute("UPDATE quotes SET speaker_id = raw_speaker_id, speaker = raw_speaker")
            if not pairs:
                return
            conn.execute(
                "CREATE TEMP TABLE merges (local TEXT, canonical TEXT, name TEXT) ON COMMIT DROP"
            )
            with conn.cursor() as cursor, cursor.copy("COPY merges FROM STDIN") as copy:
                for canonical, local in pairs:
                    copy.write_row((local, canonical, names.get(canonical)))
            # a temporary table has no statistics: without them and an index, the events'
            # lookup below scans every merge once per entity id of every event
            conn.execute("CREATE INDEX ON merges (local)")
            conn.execute("ANALYZE merges")
            conn.execute(
                "UPDATE article_entities AS e SET canonical_id = m.canonical"
                " FROM merges AS m WHERE e.id = m.local"
            )
            conn.execute(
                "UPDATE quotes AS q SET speaker_id = m.canonical,"
                " speaker = coalesce(m.name, q.raw_speaker)"
                " FROM merges AS m WHERE q.raw_speaker_id = m.local"
            )
            # events name entities by per-article id: mapped here, one update for all
            events = conn.execute("SELECT id, entity_ids::text AS ids FROM events")
            changed = remapped_entity_ids(((r["id"], r["ids"]) for r in events), merges)
            if changed:
                conn.execute(
                    "UPDATE events AS ev SET entity_ids = c.ids::jsonb"
                    " FROM unnest(%s::text[], %s::text[]) AS c(ids, id) WHERE ev.id = c.id",
                    ([ids for ids, _ in changed], [event_id for _, event_id in changed]),
                )

    def replace_clusters(self, clusters: Iterable[QuoteCluster]) -> None:
        """Replace the quote clusters and set each quote's ``cluster_id``."""
        clusters = list(clusters)
        names = columns(QuoteCluster)
        with self._write("link:clusters"):
            conn = self._replace("quote_clusters", [to_row(c, names) for c in clusters], names)
            conn.execute("UPDATE quotes SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
            pairs = [(c.id, q) for c in clusters for q in c.quote_ids]
            conn.execute(
                "UPDATE quotes AS q SET cluster_id = p.cluster FROM unnest(%s::text[], %s::text[])"
                " AS p(cluster, quote) WHERE q.id = p.quote",
                ([c for c, _ in pairs], [q for _, q in pairs]),
            )

    def replace_stories(self, stories: Iterable[Story]) -> None:
        """Replace the stories and set each article's ``story_id``."""
        stories = list(stories)
        names = columns(Story)
        with self._write("link:stories"):
            conn = self._replace("stories", [to_row(s, names) for s in stories], names)
            conn.execute("UPDATE articles SET story_id = NULL WHERE story_id IS NOT NULL")
            pairs = [(s.id, a) for s in stories for a in s.article_ids]
            conn.execute(
                "UPDATE articles AS a SET story_id = p.story FROM unnest(%s::text[], %s::text[])"
                " AS p(story, article) WHERE a.id = p.article",
                ([s for s, _ in pairs], [a for _, a in pairs]),
            )

    def replace_events(self, events: Iterable[Event]) -> None:
        """Replace every stored event (each must name a stored article)."""
        names = columns(Event)
        rows = [to_row(e, names) for e in events]
        with self._write("link:events"):
            self._replace("events", rows, names)

    # -- housekeeping ------------------------------------------------------------------

    def needs_link(self) -> bool:
        """Return whether documents were stored since the corpus-level stages last finished."""
        import psycopg

        try:
            with self._lock:
                row = self._conn.execute(
                    "SELECT 1 FROM meta WHERE key = %s", (_PENDING,)
                ).fetchone()
                return row is not None
        except psycopg.Error as exc:
            raise pg_error(exc, self.name) from exc

    def mark_linked(self) -> None:
        """Record that the corpus-level stages have run over every stored document."""
        with self._write("meta:link") as conn:
            conn.execute("DELETE FROM meta WHERE key = %s", (_PENDING,))

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
