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


def test_statement_issued_speaks_for_its_maker() -> None:
    text = (
        "The Harbor Workers Union has fought the plan for months.\n\n"
        'On Friday, union leader Dana Whitcombe issued a statement saying the port '
        '"cannot be sold off to the highest bidder."'
    )
    quote = quote_with(quotes_of(text), "highest bidder")
    assert quote.speaker == "Dana Whitcombe"


def test_relative_pronoun_speaker_is_its_antecedent() -> None:
    text = (
        "The mayor faced a crowded hall on Monday.\n\n"
        "Later the microphone went to Oskar Brandt, a retired teacher who told the council "
        'that the new road "will cut our village in half."'
    )
    quote = quote_with(quotes_of(text), "cut our village")
    assert quote.speaker == "Oskar Brandt"
    assert text[quote.speaker_start : quote.speaker_end] == "who"


def test_manner_of_speech_verb_is_a_cue_beside_a_quotation() -> None:
    text = (
        "The ferry finally docked after midnight.\n\n"
        '"We made it through the storm!" Greta Lund beamed as the crew cheered.\n\n'
        '"Nobody leaves this deck until it is clean," Morten Falk barked at the deckhands.'
    )
    quotes = quotes_of(text)
    assert quote_with(quotes, "storm").speaker == "Greta Lund"
    assert quote_with(quotes, "deck until").speaker == "Morten Falk"


def test_quote_carried_on_by_adding_is_one_quote() -> None:
    text = (
        "The bridge reopened to traffic on Thursday.\n\n"
        '"We are not finished with this river," Ilse Marrow said, adding, '
        '"The second crossing will open in the spring."'
    )
    [quote] = [q for q in quotes_of(text) if "river" in q.text]
    assert quote.text.endswith('in the spring."')
    assert quote.speaker == "Ilse Marrow"


def test_dateline_place_before_a_name_is_no_speaker() -> None:
    text = (
        "Harbor talks stall.\n\n"
        "PARIS (Wire) - Donald Vrent said he was unlikely to have a \"good relationship\" "
        "with the harbor board."
    )
    quote = quote_with(quotes_of(text), "good relationship")
    assert quote.speaker == "Donald Vrent"
