"""The PostgreSQL schema as numbered migrations, recorded in a ``schema_version`` table.

The tables and columns are those of the SQLite schema (``schema.py``), so that the same
record↔row mapping (``schema.to_row``/``from_row``) serves both stores and a team can read
the tables without storyline. Three differences, each for PostgreSQL's sake:

- JSON arrays are ``jsonb`` (queryable, GIN-indexable); the store reads them back as text.
- Every table has a ``seq`` identity column: SQLite's hidden rowid, which the reads order by.
- ``articles`` and ``quotes`` carry a generated ``search tsvector`` column with a GIN index,
  built with the ``storyline_search`` text-search configuration: the ``simple`` dictionary
  (no stemming, no stop words) behind ``unaccent``, as SQLite's ``unicode61
  remove_diacritics 2`` tokenizer does. Title words weigh ``A``, body and quote words ``B``.

Migrations only ever append; an applied migration is never edited. Each runs in one
transaction under an advisory lock, so two processes opening a new database migrate it once.
"""

from __future__ import annotations

import logging
from typing import Any

from ..errors import StoreError

__all__ = ["PG_MIGRATIONS", "PG_SCHEMA_VERSION", "SEARCH_CONFIG", "migrate"]

log = logging.getLogger(__name__)

SEARCH_CONFIG = "storyline_search"
_MIGRATION_LOCK = 0x5_7012_7113  # any fixed bigint: storyline's migration lock

_TABLES_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE articles (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    url TEXT,
    outlet TEXT,
    title TEXT,
    authors JSONB NOT NULL DEFAULT '[]',
    published TEXT,
    updated TEXT,
    dateline TEXT,
    text TEXT NOT NULL,
    captions JSONB NOT NULL DEFAULT '[]',
    language TEXT,
    boilerplate JSONB NOT NULL DEFAULT '[]',
    content_hash TEXT NOT NULL DEFAULT '',
    story_id TEXT,
    updated_at TEXT NOT NULL,
    search TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('storyline_search'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('storyline_search'::regconfig, text), 'B')
    ) STORED
);
CREATE INDEX articles_published ON articles (published COLLATE "C");
CREATE INDEX articles_story_id ON articles (story_id);
CREATE INDEX articles_outlet ON articles (lower(outlet));
CREATE INDEX articles_search ON articles USING GIN (search);
CREATE TABLE pages (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
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
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    roles JSONB NOT NULL DEFAULT '[]',
    aliases JSONB NOT NULL DEFAULT '[]',
    canonical_id TEXT,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX article_entities_id ON article_entities (id);
CREATE INDEX article_entities_canonical_id ON article_entities (canonical_id);
CREATE TABLE entity_mentions (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    FOREIGN KEY (article_id, entity_id)
        REFERENCES article_entities (article_id, id) ON DELETE CASCADE
);
CREATE INDEX entity_mentions_entity ON entity_mentions (article_id, entity_id);
CREATE TABLE entities (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    roles JSONB NOT NULL DEFAULT '[]',
    aliases JSONB NOT NULL DEFAULT '[]'
);
CREATE INDEX entities_name ON entities (name);
CREATE TABLE quotes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    speaker TEXT,
    speaker_id TEXT,
    cue TEXT,
    said_on TEXT,
    venue TEXT,
    cluster_id TEXT,
    speaker_start BIGINT,
    speaker_end BIGINT,
    raw_speaker TEXT,
    raw_speaker_id TEXT,
    search TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('storyline_search'::regconfig, text), 'B')
    ) STORED
);
CREATE INDEX quotes_article_id ON quotes (article_id);
CREATE INDEX quotes_speaker_id ON quotes (speaker_id);
CREATE INDEX quotes_speaker ON quotes (lower(speaker));
CREATE INDEX quotes_cluster_id ON quotes (cluster_id);
CREATE INDEX quotes_raw_speaker_id ON quotes (raw_speaker_id);
CREATE INDEX quotes_search ON quotes USING GIN (search);
CREATE TABLE time_expressions (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    precision TEXT,
    relative INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX time_expressions_article_id ON time_expressions (article_id);
CREATE TABLE events (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    story_id TEXT,
    date TEXT NOT NULL,
    precision TEXT NOT NULL,
    text TEXT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    entity_ids JSONB NOT NULL DEFAULT '[]',
    planned INTEGER NOT NULL DEFAULT 0,
    end_date TEXT,
    sources JSONB NOT NULL DEFAULT '[]'
);
CREATE INDEX events_article_id ON events (article_id);
CREATE INDEX events_story_id ON events (story_id);
CREATE INDEX events_date ON events (date COLLATE "C");
CREATE TABLE quote_clusters (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    speaker TEXT,
    speaker_id TEXT,
    text TEXT NOT NULL,
    quote_ids JSONB NOT NULL DEFAULT '[]',
    first_article_id TEXT,
    first_outlet TEXT,
    first_published TEXT,
    altered_quote_ids JSONB NOT NULL DEFAULT '[]'
);
CREATE INDEX quote_clusters_speaker_id ON quote_clusters (speaker_id);
CREATE TABLE stories (
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    title TEXT,
    article_ids JSONB NOT NULL DEFAULT '[]',
    first_published TEXT,
    last_published TEXT
);
CREATE INDEX stories_first_published ON stories (first_published COLLATE "C");
CREATE TABLE rejects (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail JSONB NOT NULL DEFAULT '{}',
    at TEXT NOT NULL
);
CREATE INDEX rejects_source ON rejects (source)
"""

# Version 2, as SQLite's: the stories list pages through an index in its own order, and a
# story's outlets, article count and quote count come from one covering index.
_INDEXES_V2 = """
CREATE INDEX stories_recent ON stories
    ((coalesce(last_published, first_published)) COLLATE "C" DESC NULLS LAST, id COLLATE "C");
CREATE INDEX articles_story_outlet ON articles (story_id, outlet, id);
DROP INDEX articles_story_id
"""

PG_MIGRATIONS: tuple[str, ...] = (_TABLES_V1, _INDEXES_V2)
PG_SCHEMA_VERSION = len(PG_MIGRATIONS)


def _create_search_config(conn: Any) -> None:
    """Create the text-search configuration: ``simple`` words, accents folded by unaccent.

    ``unaccent`` is a trusted extension (PostgreSQL 13+), so a database owner may create it;
    where it cannot be created, search still works but no longer ignores accents.
    """
    conn.execute(f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = simple)")
    try:
        with conn.transaction():  # a savepoint: a refused extension must not end the migration
            conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception as exc:  # psycopg.Error, imported lazily by the caller
        log.warning("unaccent unavailable (%s); search will not ignore accents", exc)
        return
    row = conn.execute(  # it may live in a schema outside the search path
        "SELECT quote_ident(n.nspname) AS schema FROM pg_extension AS e"
        " JOIN pg_namespace AS n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
    ).fetchone()
    conn.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}"
        f" ALTER MAPPING FOR hword, hword_part, word WITH {row['schema']}.unaccent, simple"
    )


def _version(conn: Any) -> int:
    """Return the applied schema version, 0 for a database storyline has not set up."""
    row = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL AS found").fetchone()
    if not row["found"]:
        return 0
    row = conn.execute("SELECT max(version) AS version FROM schema_version").fetchone()
    return int(row["version"] or 0)


def migrate(conn: Any, name: str) -> int:
    """Apply the pending migrations in one transaction each; return the schema version.

    ``conn`` is a psycopg connection in autocommit mode that returns rows as dicts. Raises StoreError, naming the
    database, when its schema is newer than this storyline.
    """
    while True:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            version = _version(conn)
            if version > PG_SCHEMA_VERSION:
                raise StoreError(
                    f"schema version {version} is newer than this storyline "
                    f"({PG_SCHEMA_VERSION}); upgrade storyline to open it",
                    source=name,
                )
            if version == PG_SCHEMA_VERSION:
                return version
            if version == 0:
                conn.execute(
                    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
                    " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                )
                _create_search_config(conn)
            for statement in PG_MIGRATIONS[version].split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version + 1,))
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(version + 1),),
            )
