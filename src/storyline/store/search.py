"""Full-text search over the SQLite store: FTS5 MATCH, bm25 ranking, snippets and filters.

Every value, the query included, is a bound parameter. FTS5's own query language (words,
"phrases", AND/OR/NOT, prefix*, column filters such as ``title:vote``) is available as is;
a query it cannot parse becomes a QueryError.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from ..errors import QueryError
from .base import SNIPPET_END, SNIPPET_START

__all__ = ["search", "MAX_LIMIT"]

MAX_LIMIT = 1000
_ISO_PREFIX = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]*)?)?)?")

# Title hits weigh more than body hits.
_ARTICLES = """
SELECT a.id, a.title, a.outlet, a.published, a.url, a.story_id,
       snippet(article_fts, -1, ?, ?, '…', 16) AS snippet,
       bm25(article_fts, 5.0, 1.0) AS rank
FROM article_fts JOIN articles AS a ON a.seq = article_fts.rowid
WHERE article_fts MATCH ?"""

_QUOTES = """
SELECT q.id, q.article_id, q.text, q.kind, q.speaker, q.speaker_id, q.cluster_id,
       a.title, a.outlet, a.published,
       snippet(quotes_fts, 0, ?, ?, '…', 16) AS snippet,
       bm25(quotes_fts) AS rank
FROM quotes_fts JOIN quotes AS q ON q.seq = quotes_fts.rowid
JOIN articles AS a ON a.id = q.article_id
WHERE quotes_fts MATCH ?"""

_SPEAKER = {
    "articles": "EXISTS (SELECT 1 FROM quotes AS s WHERE s.article_id = a.id"
    " AND (s.speaker = ? COLLATE NOCASE OR s.speaker_id = ?))",
    "quotes": "(q.speaker = ? COLLATE NOCASE OR q.speaker_id = ?)",
}


def _check(query: str, kind: str, dates: tuple[str | None, ...], limit: int, offset: int) -> None:
    if not isinstance(query, str) or not query.strip():
        raise QueryError("empty search query; give at least one word")
    if kind not in _SPEAKER:
        raise QueryError(f"unknown search kind {kind!r}; use 'articles' or 'quotes'")
    for value in dates:
        if value is not None and not _ISO_PREFIX.fullmatch(value):
            raise QueryError(f"date {value!r} is not ISO 8601; use YYYY, YYYY-MM or YYYY-MM-DD")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit {limit!r} must be a whole number from 1 to {MAX_LIMIT}")
    if not isinstance(offset, int) or offset < 0:
        raise QueryError(f"offset {offset!r} must be a whole number, 0 or more")


def build(
    query: str,
    kind: str,
    speaker: str | None,
    outlet: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int,
    offset: int,
) -> tuple[str, list[Any]]:
    """Return the SQL and its bound parameters for one search; raise QueryError if invalid."""
    _check(query, kind, (date_from, date_to), limit, offset)
    sql = _ARTICLES if kind == "articles" else _QUOTES
    params: list[Any] = [SNIPPET_START, SNIPPET_END, query]
    if speaker is not None:
        sql += "\n  AND " + _SPEAKER[kind]
        params += [speaker, speaker]
    if outlet is not None:
        sql += "\n  AND a.outlet = ? COLLATE NOCASE"
        params.append(outlet)
    if date_from is not None:
        sql += "\n  AND a.published >= ?"
        params.append(date_from)
    if date_to is not None:  # compare at the filter's precision: 2021-05 includes 2021-05-31
        sql += "\n  AND substr(a.published, 1, length(?)) <= ?"
        params += [date_to, date_to]
    sql += "\nORDER BY rank, a.published, 1\nLIMIT ? OFFSET ?"
    params += [limit, offset]
    return sql, params


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    kind: str = "articles",
    speaker: str | None = None,
    outlet: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Return one dict per match, best first; raise QueryError for a query that won't parse.

    Other SQLite errors propagate unchanged for the store to report.
    """
    sql, params = build(query, kind, speaker, outlet, date_from, date_to, limit, offset)
    try:
        rows = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        # our SQL is fixed, so a plain SQLITE_ERROR comes from the query text ("fts5: syntax
        # error", "unterminated string", "no such column"); busy, full or corrupt files differ
        if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_ERROR:
            raise
        raise QueryError(
            f'cannot parse search query {query!r} ({exc}); use words, "quoted phrases",'
            " AND, OR, NOT and prefix*"
        ) from exc
    return [dict(row) for row in rows]
