"""The SQLite store: one file, WAL mode, one transaction per document, FTS5 search.

The file is the interface: its tables (see ``schema.py``) open as they are in Datasette or
sqlite-utils. Every value reaches SQL as a bound parameter; table and column names come
from the record types only.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

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
from .reads import SqliteReader, store_error
from .schema import columns, migrate, remapped_entity_ids, storable_reject, to_row

__all__ = ["SqliteStore"]


_PENDING = "link_pending"  # meta key: set by save_analysis, cleared by mark_linked
_MMAP_BYTES = 256 * 1024 * 1024  # the most of the file read through a memory map
_CACHE_KIB = 16 * 1024  # each connection's page cache (SQLite's default is 2 MiB)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _insert_sql(table: str, names: Iterable[str], extra: Iterable[str] = ()) -> str:
    cols = [*names, *extra]
    quoted = ", ".join(f'"{c}"' for c in cols)
    return f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(cols))})"


class SqliteStore(SqliteReader):
    """A store in one SQLite file (or ``":memory:"``), migrated to the current schema on open."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._commits = 0
        self._conn = self._connect(path)

    @staticmethod
    def _connect(path: str) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = NORMAL")
            # Reads go through a memory map shared by every connection in the process (and
            # the OS page cache) instead of a read() per page, and each connection keeps a
            # larger page cache: a search that visits thousands of article rows stays in memory.
            conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES:d}").fetchone()
            conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB:d}")
            migrate(conn, path)
            return conn
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.Error):
                raise store_error(exc, path) from exc
            raise

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Yield the connection inside one IMMEDIATE transaction; roll back on any error."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                yield self._conn
                self._conn.execute("COMMIT")
                self._commits += 1
            except BaseException as exc:
                if self._conn.in_transaction:  # SQLite may have rolled back already
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise store_error(exc, self.path) from exc
                if isinstance(exc, UnicodeEncodeError):  # lone surrogates cannot be UTF-8
                    raise StoreError(
                        f"a text holds characters that are not valid Unicode ({exc.reason});"
                        " the document was not stored",
                        source=self.path,
                    ) from exc
                raise

    # -- per-document writes ---------------------------------------------------------

    def _status(self, key: str, page_hash: str) -> tuple[str, str | None]:
        row = self._conn.execute(
            "SELECT content_hash, article_id FROM pages WHERE key = ?", (key,)
        ).fetchone()
        if row is not None:
            return ("same" if row["content_hash"] == page_hash else "changed"), row["article_id"]
        known = self._conn.execute(
            "SELECT 1 FROM pages WHERE content_hash = ? LIMIT 1", (page_hash,)
        ).fetchone()
        return ("same" if known else "new"), None

    def page_status(self, page: Page) -> str:
        """Return "new", "same" or "changed" for a page, by its key and content hash."""
        try:
            with self._lock:
                return self._status(page.key, page.hash)[0]
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    def save_analysis(self, page: Page, analysis: Analysis) -> str:
        """Store a page and its analysis atomically; return "inserted", "updated" or "unchanged".

        A changed page (same key, new content) keeps its article id: the analysis is stored
        under it, replacing the article's entities, quotes, times and events.
        """
        page_hash = page.hash
        with self._write() as conn:
            status, old_id = self._status(page.key, page_hash)
            if status == "same":
                return "unchanged"
            analysis = _owned_by(analysis, old_id or analysis.article.id)
            article = analysis.article
            stored = conn.execute(
                "SELECT story_id FROM articles WHERE id = ?", (article.id,)
            ).fetchone()
            if stored is None:
                names = columns(Article)
                conn.execute(
                    _insert_sql("articles", names, ["updated_at"]),
                    (*to_row(article, names), _now()),
                )
            else:
                if article.story_id is None:  # it stays in its story until stories are relinked
                    article = replace(article, story_id=stored["story_id"])
                self._update_article(conn, article)
            self._insert_parts(conn, analysis)
            self._save_page(conn, page, page_hash, article.id)
            # In the same transaction: a crash before linking finishes leaves the flag set.
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (_PENDING,))
            return "inserted" if stored is None else "updated"

    @staticmethod
    def _save_page(conn: sqlite3.Connection, page: Page, page_hash: str, article_id: str) -> None:
        conn.execute(
            "INSERT INTO pages (key, source, url, content_hash, kind, encoding, fetched,"
            " ingested_at, article_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
    def _update_article(conn: sqlite3.Connection, article: Article) -> None:
        names = [n for n in columns(Article) if n != "id"]
        assignments = ", ".join(f'"{n}" = ?' for n in names)
        conn.execute(
            f"UPDATE articles SET {assignments}, updated_at = ? WHERE id = ?",
            (*to_row(article, tuple(names)), _now(), article.id),
        )
        for table in ("article_entities", "quotes", "time_expressions", "events"):
            conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))

    @staticmethod
    def _insert_parts(conn: sqlite3.Connection, analysis: Analysis) -> None:
        article_id = analysis.article.id
        entity_names = columns(Entity)
        conn.executemany(
            _insert_sql("article_entities", ["article_id", *entity_names]),
            [(article_id, *to_row(e, entity_names)) for e in analysis.entities],
        )
        mention_names = columns(Mention)
        conn.executemany(
            _insert_sql("entity_mentions", ["article_id", "entity_id", *mention_names]),
            [
                (article_id, e.id, *to_row(m, mention_names))
                for e in analysis.entities
                for m in e.mentions
            ],
        )
        quote_names = columns(Quote)
        conn.executemany(
            _insert_sql("quotes", quote_names, ["raw_speaker", "raw_speaker_id"]),
            [(*to_row(q, quote_names), q.speaker, q.speaker_id) for q in analysis.quotes],
        )
        time_names = columns(TimeExpr)
        conn.executemany(
            _insert_sql("time_expressions", ["article_id", *time_names]),
            [(article_id, *to_row(t, time_names)) for t in analysis.times],
        )
        event_names = columns(Event)
        conn.executemany(
            _insert_sql("events", event_names), [to_row(e, event_names) for e in analysis.events]
        )

    def save_reject(self, reject: Reject) -> None:
        """Record an input that could not be stored, and why."""
        names = columns(Reject)
        row = to_row(storable_reject(reject), names)
        with self._write() as conn:
            conn.execute(_insert_sql("rejects", names, ["at"]), (*row, _now()))

    # -- corpus-level results, each replaced wholesale ----------------------------------

    def replace_entities(self, entities: Iterable[Entity], merges: Mapping[str, str]) -> None:
        """Replace the canonical entities; ``merges`` maps per-article ids to canonical ids.

        Quotes' ``speaker_id``/``speaker`` are recomputed from the ids the analysis gave them;
        events' ``entity_ids`` are mapped through ``merges``.
        """
        entities = list(entities)
        names = {e.id: e.name for e in entities}
        with self._write() as conn:
            conn.execute("DELETE FROM entities")
            conn.executemany(
                _insert_sql("entities", columns(Entity)),
                [to_row(e, columns(Entity)) for e in entities],
            )
            conn.execute("UPDATE article_entities SET canonical_id = NULL")
            conn.execute("UPDATE quotes SET speaker_id = raw_speaker_id, speaker = raw_speaker")
            pairs = [(canonical, local) for local, canonical in merges.items()]
            conn.executemany("UPDATE article_entities SET canonical_id = ? WHERE id = ?", pairs)
            conn.executemany(
                "UPDATE quotes SET speaker_id = ?, speaker = coalesce(?, raw_speaker)"
                " WHERE raw_speaker_id = ?",
                [(canonical, names.get(canonical), local) for canonical, local in pairs],
            )
            events = conn.execute("SELECT id, entity_ids FROM events").fetchall()
            conn.executemany(
                "UPDATE events SET entity_ids = ? WHERE id = ?",
                remapped_entity_ids(((r["id"], r["entity_ids"]) for r in events), merges),
            )

    def replace_clusters(self, clusters: Iterable[QuoteCluster]) -> None:
        """Replace the quote clusters and set each quote's ``cluster_id``."""
        clusters = list(clusters)
        names = columns(QuoteCluster)
        with self._write() as conn:
            conn.execute("DELETE FROM quote_clusters")
            conn.executemany(
                _insert_sql("quote_clusters", names), [to_row(c, names) for c in clusters]
            )
            conn.execute("UPDATE quotes SET cluster_id = NULL WHERE cluster_id IS NOT NULL")
            conn.executemany(
                "UPDATE quotes SET cluster_id = ? WHERE id = ?",
                [(c.id, q) for c in clusters for q in c.quote_ids],
            )

    def replace_stories(self, stories: Iterable[Story]) -> None:
        """Replace the stories and set each article's ``story_id``."""
        stories = list(stories)
        names = columns(Story)
        with self._write() as conn:
            conn.execute("DELETE FROM stories")
            conn.executemany(_insert_sql("stories", names), [to_row(s, names) for s in stories])
            conn.execute("UPDATE articles SET story_id = NULL WHERE story_id IS NOT NULL")
            conn.executemany(
                "UPDATE articles SET story_id = ? WHERE id = ?",
                [(s.id, a) for s in stories for a in s.article_ids],
            )

    def replace_events(self, events: Iterable[Event]) -> None:
        """Replace every stored event (each must name a stored article)."""
        names = columns(Event)
        rows = [to_row(e, names) for e in events]
        with self._write() as conn:
            conn.execute("DELETE FROM events")
            conn.executemany(_insert_sql("events", names), rows)

    def needs_link(self) -> bool:
        """Return whether documents were stored since the corpus-level stages last finished."""
        try:
            with self._lock:
                row = self._conn.execute("SELECT 1 FROM meta WHERE key = ?", (_PENDING,))
                return row.fetchone() is not None
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from exc

    def mark_linked(self) -> None:
        """Record that the corpus-level stages have run over every stored document."""
        with self._write() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (_PENDING,))

    # -- housekeeping ------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _owned_by(analysis: Analysis, article_id: str) -> Analysis:
    """Return the analysis with its article, quotes and events under ``article_id``."""
    return replace(
        analysis,
        article=replace(analysis.article, id=article_id),
        quotes=tuple(
            q if q.article_id == article_id else replace(q, article_id=article_id)
            for q in analysis.quotes
        ),
        events=tuple(
            e if e.article_id == article_id else replace(e, article_id=article_id)
            for e in analysis.events
        ),
    )
