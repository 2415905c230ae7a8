"""Full-text search over the PostgreSQL store: the SQLite store's query language on tsvector.

Both stores take the same queries: words, "quoted phrases", AND / OR / NOT (upper case, NOT
binding tightest, then AND, then OR; a space is AND), ``prefix*``, ``(groups)`` and column
filters (``title:vote``; ``text:`` for the body). ``to_tsquery`` receives a query built here
from validated words only, each quoted as a lexeme, so the text of a search can never change
the tsquery's structure; filters and the query are bound parameters. Matches are ranked by
``ts_rank`` (title words weigh A, body words B) and returned as ``rank = -ts_rank``, so that,
as with SQLite's bm25, lower is better. Snippets come from ``ts_headline`` with the same
⟦ ⟧ marks as SQLite's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import QueryError
from .base import SNIPPET_END, SNIPPET_START
from .pg_schema import SEARCH_CONFIG
from .search import _check

__all__ = ["build", "to_tsquery_text"]

_COLUMNS = {"articles": {"title": "A", "text": "B"}, "quotes": {"text": "B"}}
_TOKEN = re.compile(
    r'\s*(?:(?P<paren>[()])|"(?P<phrase>(?:[^"]|"")*)"|(?P<bare>[^\s()"]+)|(?P<bad>"))'
)
_WORD = re.compile(r"\w+")
_HEADLINE = (
    f"StartSel={SNIPPET_START}, StopSel={SNIPPET_END}, MaxWords=16, MinWords=6, ShortWord=0,"
    " MaxFragments=1, FragmentDelimiter=…"
)


@dataclass
class _Tokens:
    """The query's tokens and a cursor over them."""

    items: list[tuple[str, str]]
    pos: int = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def take(self) -> tuple[str, str]:
        item = self.items[self.pos]
        self.pos += 1
        return item


def _fail(query: str, why: str) -> QueryError:
    return QueryError(
        f'cannot parse search query {query!r} ({why}); use words, "quoted phrases",'
        " AND, OR, NOT and prefix*"
    )


def _tokens(query: str) -> _Tokens:
    """Return the query as (kind, text) tokens: paren, phrase, op, column, word."""
    items: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(query.rstrip()):
        if match["bad"]:
            raise _fail(query, "unterminated string")
        if match["paren"]:
            items.append(("paren", match["paren"]))
        elif match["phrase"] is not None:
            items.append(("phrase", match["phrase"].replace('""', '"')))
        elif match["bare"] in ("AND", "OR", "NOT"):
            items.append(("op", match["bare"]))
        else:
            head, colon, rest = match["bare"].partition(":")
            if colon and _WORD.fullmatch(head):
                items.append(("column", head))
                if rest:
                    items.append(("word", rest))
            else:
                items.append(("word", match["bare"]))
    return _Tokens(items)


def _lexemes(text: str, weight: str) -> str | None:
    """Return the tsquery of a word or phrase's words in order, or None when it has none."""
    parts = []
    for word in _WORD.finditer(text):
        prefix = text[word.end() : word.end() + 1] == "*"
        flags = ("*" if prefix else "") + weight
        parts.append(f"'{word.group()}'" + (f":{flags}" if flags else ""))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


class _Parser:
    """Recursive descent over the tokens: or → and → not → primary."""

    def __init__(self, query: str, kind: str) -> None:
        self.query, self.columns = query, _COLUMNS[kind]
        self.tokens = _tokens(query)

    def parse(self) -> str:
        if not self.tokens.items:
            raise _fail(self.query, "no words")
        result = self._or()
        if self.tokens.peek() is not None:
            raise _fail(self.query, f"unexpected {self.tokens.peek()[1]!r}")  # type: ignore[index]
        if result is None:
            raise _fail(self.query, "no words, only punctuation")
        return result

    def _binary(self, op: str, operand: Any, joiner: str) -> str | None:
        left = operand()
        while self.tokens.peek() == ("op", op) or (op == "AND" and self._starts_operand()):
            if self.tokens.peek() == ("op", op):
                self.tokens.take()
            right = operand()
            left = (
                right if left is None else left if right is None else f"({left} {joiner} {right})"
            )
        return left

    def _starts_operand(self) -> bool:
        nxt = self.tokens.peek()
        return nxt is not None and (nxt[0] in ("phrase", "word", "column") or nxt == ("paren", "("))

    def _or(self) -> str | None:
        return self._binary("OR", self._and, "|")

    def _and(self) -> str | None:
        return self._binary("AND", self._not, "&")

    def _not(self) -> str | None:
        left = self._primary()
        while self.tokens.peek() == ("op", "NOT"):
            self.tokens.take()
            right = self._primary()
            if left is not None and right is not None:
                left = f"({left} & !{right})"
        return left

    def _primary(self, weight: str = "") -> str | None:
        token = self.tokens.peek()
        if token is None or token[0] == "op" or token == ("paren", ")"):
            what = "the end of the query" if token is None else repr(token[1])
            raise _fail(self.query, f"a word is missing before {what}")
        kind, text = self.tokens.take()
        if kind == "column":
            if text not in self.columns:
                raise _fail(self.query, f"no such column: {text}")
            return self._primary(self.columns[text])
        if kind == "paren":
            inner = self._or()
            if self.tokens.peek() != ("paren", ")"):
                raise _fail(self.query, "unbalanced parenthesis")
            self.tokens.take()
            return inner
        return _lexemes(text, weight)


def to_tsquery_text(query: str, kind: str = "articles") -> str:
    """Return the ``to_tsquery`` input for a search query; raise QueryError if it won't parse."""
    return _Parser(query, kind).parse()


_ARTICLES = f"""
WITH hits AS (
    SELECT a.id, a.title, a.outlet, a.published, a.url, a.story_id, a.text,
           -ts_rank(a.search, tq)::float8 AS rank, tq
    FROM articles AS a, to_tsquery('{SEARCH_CONFIG}', %(tsquery)s) AS tq
    WHERE a.search @@ tq{{filters}}
    ORDER BY rank, a.published COLLATE "C" NULLS FIRST, a.id COLLATE "C"
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT id, title, outlet, published, url, story_id,
       CASE WHEN strpos(body, %(mark)s) > 0 OR title IS NULL THEN body
            ELSE ts_headline('{SEARCH_CONFIG}', title, tq, %(headline)s) END AS snippet,
       rank
FROM (SELECT hits.*, ts_headline('{SEARCH_CONFIG}', text, tq, %(headline)s) AS body
      FROM hits) AS h
ORDER BY rank, published COLLATE "C" NULLS FIRST, id COLLATE "C"
"""

_QUOTES = f"""
WITH hits AS (
    SELECT q.id, q.article_id, q.text, q.kind, q.speaker, q.speaker_id, q.cluster_id,
           a.title, a.outlet, a.published, -ts_rank(q.search, tq)::float8 AS rank, tq
    FROM quotes AS q JOIN articles AS a ON a.id = q.article_id,
         to_tsquery('{SEARCH_CONFIG}', %(tsquery)s) AS tq
    WHERE q.search @@ tq{{filters}}
    ORDER BY rank, a.published COLLATE "C" NULLS FIRST, q.id COLLATE "C"
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT id, article_id, text, kind, speaker, speaker_id, cluster_id, title, outlet, published,
       ts_headline('{SEARCH_CONFIG}', text, tq, %(headline)s) AS snippet, rank
FROM hits
ORDER BY rank, published COLLATE "C" NULLS FIRST, id COLLATE "C"
"""

_SPEAKER = {
    "articles": "EXISTS (SELECT 1 FROM quotes AS s WHERE s.article_id = a.id"
    " AND (lower(s.speaker) = lower(%(speaker)s) OR s.speaker_id = %(speaker)s))",
    "quotes": "(lower(q.speaker) = lower(%(speaker)s) OR q.speaker_id = %(speaker)s)",
}


def build(
    query: str,
    kind: str,
    speaker: str | None,
    outlet: str | None,
    date_from: str | None,
    date_to: str | None,
    limit: int,
    offset: int,
) -> tuple[str, dict[str, Any]]:
    """Return the SQL and its bound parameters for one search; raise QueryError if invalid."""
    _check(query, kind, (date_from, date_to), limit, offset)
    params: dict[str, Any] = {
        "tsquery": to_tsquery_text(query, kind),
        "limit": limit,
        "offset": offset,
        "mark": SNIPPET_START,
        "headline": _HEADLINE,
        "speaker": speaker,
        "outlet": outlet,
        "date_from": date_from,
        "date_to": date_to,
    }
    filters = []
    if speaker is not None:
        filters.append(_SPEAKER[kind])
    if outlet is not None:
        filters.append("lower(a.outlet) = lower(%(outlet)s)")
    if date_from is not None:
        filters.append('a.published COLLATE "C" >= %(date_from)s')
    if date_to is not None:  # compare at the filter's precision: 2021-05 includes 2021-05-31
        filters.append('substr(a.published, 1, length(%(date_to)s)) COLLATE "C" <= %(date_to)s')
    where = "".join(f"\n      AND {f}" for f in filters)
    sql = (_ARTICLES if kind == "articles" else _QUOTES).replace("{filters}", where)
    return sql, params
