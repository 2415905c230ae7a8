"""The SQLite schema as numbered migrations, applied on open and recorded in ``user_version``.

Tables are plain and readable without storyline (Datasette, sqlite-utils, the ``sqlite3``
shell): one row a record, contract field names as column names, JSON arrays as JSON text.
Migrations only ever append; an applied migration is never edited.

``articles`` and ``quotes`` carry an explicit ``seq INTEGER PRIMARY KEY`` because their FTS5
indexes are keyed by rowid, and ``VACUUM`` may renumber the rowids of a table without one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import fields
from functools import cache
from typing import Any, TypeVar

from ..errors import StoreError
from ..model import Reject

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "migrate",
    "columns",
    "to_row",
    "from_row",
    "storable_reject",
]

R = TypeVar("R")

_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    published TEXT,
    updated TEXT,
    dateline TEXT,
    text TEXT NOT NULL,
    captions TEXT NOT NULL DEFAULT '[]',
    language TEXT,
    boilerplate TEXT NOT NULL DEFAULT '[]',
    content_hash TEXT NOT NULL DEFAULT '',
    story_id TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_story_id ON articles (story_id);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE TABLE pages (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    url TEXT,
    content_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    encoding TEXT,
    fetched TEXT,
    ingested_at TEXT NOT NULL,
    article_id TEXT REFERENCES articles (id) ON DELETE SET NULL
);
CREATE INDEX pages_content_hash ON pages (content_hash);
CREATE INDEX pages_article_id ON pages (article_id);
CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '[]',
    aliases TEXT NOT NULL DEFAULT '[]',
    canonical_id TEXT,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX article_entities_id ON article_entities (id);
CREATE INDEX article_entities_canonical_id ON article_entities (canonical_id);
CREATE TABLE entity_mentions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    FOREIGN KEY (article_id, entity_id)
        REFERENCES article_entities (article_id, id) ON DELETE CASCADE
);
CREATE INDEX entity_mentions_entity ON entity_mentions (article_id, entity_id);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '[]',
    aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX entities_name ON entities (name);
CREATE TABLE quotes (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker TEXT,
    speaker_id TEXT,
    cue TEXT,
    said_on TEXT,
    venue TEXT,
    cluster_id TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    raw_speaker TEXT,
    raw_speaker_id TEXT
);
CREATE INDEX quotes_article_id ON quotes (article_id);
CREATE INDEX quotes_speaker_id ON quotes (speaker_id);
CREATE INDEX quotes_speaker ON quotes (speaker COLLATE NOCASE);
CREATE INDEX quotes_cluster_id ON quotes (cluster_id);
CREATE INDEX quotes_raw_speaker_id ON quotes (raw_speaker_id);
CREATE TABLE time_expressions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    precision TEXT,
    relative INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX time_expressions_article_id ON time_expressions (article_id);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    story_id TEXT,
    date TEXT NOT NULL,
    precision TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    entity_ids TEXT NOT NULL DEFAULT '[]',
    planned INTEGER NOT NULL DEFAULT 0,
    end_date TEXT,
    sources TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX events_article_id ON events (article_id);
CREATE INDEX events_story_id ON events (story_id);
CREATE INDEX events_date ON events (date);
CREATE TABLE quote_clusters (
    id TEXT PRIMARY KEY,
    speaker TEXT,
    speaker_id TEXT,
    text TEXT NOT NULL,
    quote_ids TEXT NOT NULL DEFAULT '[]',
    first_article_id TEXT,
    first_outlet TEXT,
    first_published TEXT,
    altered_quote_ids TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX quote_clusters_speaker_id ON quote_clusters (speaker_id);
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT,
    article_ids TEXT NOT NULL DEFAULT '[]',
    first_published TEXT,
    last_published TEXT
);
CREATE INDEX stories_first_published ON stories (first_published);
CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    at TEXT NOT NULL
);
CREATE INDEX rejects_source ON rejects (source);
CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, text, content="articles", content_rowid="seq",
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO article_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    text, content="quotes", content_rowid="seq",
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.seq, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.seq, new.text);
END;
"""

# Version 2, for the web desk: the stories list pages through an index in its own order
# (newest first) instead of sorting every story, and a story's outlets, article count and
# quote count are read from one covering index (which also serves story_id alone).
_V2 = """
CREATE INDEX stories_recent ON stories (coalesce(last_published, first_published) DESC, id);
CREATE INDEX articles_story_outlet ON articles (story_id, outlet, id);
DROP INDEX articles_story_id;
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)


def _statements(script: str) -> list[str]:
    """Return the complete SQL statements of a script, triggers kept whole."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buffer.strip()[:60]}")
    return statements


def migrate(conn: sqlite3.Connection, name: str) -> int:
    """Apply the pending migrations in one transaction each; return the schema version.

    ``conn`` must be in autocommit mode (``isolation_level=None``). The version is re-read
    inside ``BEGIN IMMEDIATE``, so two processes opening a new file at once migrate it once.
    """
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"schema version {version} is newer than this storyline "
                    f"({SCHEMA_VERSION}); upgrade storyline to open it",
                    source=name,
                )
            if version == SCHEMA_VERSION:
                conn.execute("COMMIT")
                return version
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(version + 1),),
            )
            conn.execute(f"PRAGMA user_version = {version + 1:d}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


# How records map to rows: JSON arrays (and the reject's detail object) as JSON text,
# booleans as 0/1, everything else as is. Nested records (Entity.mentions) have their own
# table and are left out here.
_JSON_FIELDS = frozenset(
    {
        "authors",
        "captions",
        "boilerplate",
        "roles",
        "aliases",
        "entity_ids",
        "quote_ids",
        "altered_quote_ids",
        "article_ids",
        "sources",
        "detail",
    }
)
_BOOL_FIELDS = frozenset({"planned", "relative"})
_NESTED_FIELDS = frozenset({"mentions"})


@cache
def columns(record_type: type) -> tuple[str, ...]:
    """Return the column names a record type is stored under: its flat field names."""
    return tuple(f.name for f in fields(record_type) if f.name not in _NESTED_FIELDS)


_PLAIN, _JSON, _BOOL = 0, 1, 2


_DECODERS: dict[type, tuple[tuple[str, int], ...]] = {}


def _decoders(record_type: type) -> tuple[tuple[str, int], ...]:
    """Return each column of a record type with how its value is decoded (worked out once)."""
    found = _DECODERS.get(record_type)
    if found is None:
        found = _DECODERS[record_type] = tuple(
            (name, _JSON if name in _JSON_FIELDS else _BOOL if name in _BOOL_FIELDS else _PLAIN)
            for name in columns(record_type)
        )
    return found


def _encode(name: str, value: Any) -> Any:
    if name in _JSON_FIELDS:
        plain = dict(value) if isinstance(value, Mapping) else list(value)
        return json.dumps(plain, ensure_ascii=False)
    if name in _BOOL_FIELDS:
        return int(bool(value))
    return value


def _decode_json(value: Any) -> Any:
    if not value or value == "[]":
        return ()
    loaded = json.loads(value)
    return loaded if isinstance(loaded, dict) else tuple(loaded)


def storable_reject(reject: Reject) -> Reject:
    """Return a reject whose texts can be stored: lone surrogates (a file name that was not
    UTF-8, a broken JSON escape) written as escapes, so the reason for a rejection is never
    itself refused."""

    def clean(text: str) -> str:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")

    return Reject(
        clean(reject.source),
        clean(reject.stage),
        clean(reject.reason),
        {clean(k): clean(v) for k, v in reject.detail.items()},
    )


def to_row(record: object, names: tuple[str, ...]) -> tuple[Any, ...]:
    """Return a record's values for the given columns, encoded for SQLite."""
    return tuple(_encode(name, getattr(record, name)) for name in names)


def from_row(record_type: type[R], row: Mapping[str, Any] | sqlite3.Row, **extra: Any) -> R:
    """Return the record of ``record_type`` built from a row's columns (plus ``extra``)."""
    values = {}
    for name, how in _decoders(record_type):
        value = row[name]
        if how == _JSON:
            value = _decode_json(value)
        elif how == _BOOL:
            value = bool(value)
        values[name] = value
    values.update(extra)
    return record_type(**values)


def remapped_entity_ids(
    events: Iterable[tuple[str, str]], merges: Mapping[str, str]
) -> list[tuple[str, str]]:
    """Return (JSON list, event id) for each event whose entity ids ``merges`` changes.

    ``events`` holds (event id, JSON list of per-article entity ids); each id is mapped to
    its canonical entity, keeping the order of first mention and one entry per entity.
    """
    changed = []
    for event_id, stored in events:
        ids = json.loads(stored)
        mapped = list(dict.fromkeys(merges.get(i, i) for i in ids))
        if mapped != ids:
            changed.append((json.dumps(mapped, ensure_ascii=False), event_id))
    return changed
