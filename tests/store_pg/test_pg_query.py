"""The search query language, translated to tsquery for PostgreSQL (no server needed)."""

from __future__ import annotations

import re

import pytest

from storyline.errors import QueryError
from storyline.store.pg_search import to_tsquery_text

TSQUERY = re.compile(r"(?:\s|[()&|!]|<->|'\w+'(?::\*?[AB]?)?)+")


@pytest.mark.parametrize(
    ("query", "tsquery"),
    [
        ("budget", "'budget'"),
        ("budget vote", "('budget' & 'vote')"),
        ('"budget vote"', "('budget' <-> 'vote')"),
        ("surpl*", "'surpl':*"),
        ("budget NOT surplus", "('budget' & !'surplus')"),
        ("a OR b c", "('a' | ('b' & 'c'))"),
        ("(a OR b) c", "(('a' | 'b') & 'c')"),
        ("title:council", "'council':A"),
        ('title:"city council"', "('city':A <-> 'council':A)"),
        ("text:budg*", "'budg':*B"),
        ("covid-19", "('covid' <-> '19')"),
        ("and or not", "(('and' & 'or') & 'not')"),
        ("Zürich", "'Zürich'"),
    ],
)
def test_queries_translate_to_tsquery(query: str, tsquery: str) -> None:
    assert to_tsquery_text(query) == tsquery


@pytest.mark.parametrize(
    "payload",
    ["x') | 'y", "a' & !'b", "a:*", "b*:*", "'; DROP TABLE articles; --", "x\\' | y", "a <-> b"],
)
def test_quotes_and_operators_in_words_cannot_reach_tsquery(payload: str) -> None:
    # refused, or a tsquery of our operators and quoted lexemes made of word characters only
    try:
        tsquery = to_tsquery_text(payload)
    except QueryError:
        return
    assert TSQUERY.fullmatch(tsquery)


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "budget AND", "(budget", "nosuchcolumn:x", "   ", "NOT x", "a)", "-- ;"],
)
def test_a_query_that_does_not_parse_raises_query_error(query: str) -> None:
    with pytest.raises(QueryError):
        to_tsquery_text(query)


def test_quotes_have_no_title_column() -> None:
    with pytest.raises(QueryError, match="no such column"):
        to_tsquery_text("title:x", kind="quotes")
