"""Speakers of quotes in invented sentences: mentions, pronouns, relative clauses, non-speakers."""

from __future__ import annotations

import pytest

from storyline.model import Article, Quote
from storyline.nlp.model import entity_nlp, parse_nlp
from storyline.quotes import analyse_article


@pytest.fixture(scope="module", autouse=True)
def model() -> None:
    """Load the spaCy pipelines once for the module."""
    entity_nlp()
    parse_nlp()


def quotes_of(text: str) -> tuple[Quote, ...]:
    article = Article("s1", "test", None, "Daily Test", None, (), None, None, None, text)
    return analyse_article(article)[1]


def quote_with(quotes: tuple[Quote, ...], words: str) -> Quote:
    [quote] = [q for q in quotes if words in q.text]
    return quote


def test_speaker_after_closing_mark_is_found() -> None:
    text = (
        "The council met again on Tuesday.\n\n"
        '"I do not think the council should decide this," Harlow, who has not taken a side, '
        "told reporters in Denver.\n\n"
        '"It was a long night," Petra Olsen, 52, told the Daily Test.'
    )
    quotes = quotes_of(text)
    first, second = quote_with(quotes, "council should"), quote_with(quotes, "long night")
    assert text[first.speaker_start : first.speaker_end] == "Harlow"
    assert second.speaker == "Petra Olsen"
    assert text[second.speaker_start : second.speaker_end] == "Petra Olsen"
