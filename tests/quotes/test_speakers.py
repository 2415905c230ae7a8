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


def test_colon_after_a_clause_with_no_speech_verb_gives_its_subject() -> None:
    text = (
        "The harbour board met for six hours on Thursday.\n\n"
        "Board chair Ingrid Solberg delivered a blunt message to the mayor: "
        '"The port cannot wait another year for a decision."'
    )
    assert quote_with(quotes_of(text), "cannot wait").speaker == "Ingrid Solberg"


def test_colon_after_a_subject_that_cannot_speak_gives_no_speaker() -> None:
    text = 'The harbour is full.\n\nThe problem is simple: "Nobody wants to pay for the new cranes."'
    assert quote_with(quotes_of(text), "new cranes").speaker is None


def test_colon_after_a_paragraph_with_no_speech_verb_gives_its_subject() -> None:
    text = (
        "Ruth Anand made the following comment on Monday:\n\n"
        '"We were never shown the figures for the second bridge."'
    )
    quote = quote_with(quotes_of(text), "second bridge")
    assert quote.speaker == "Ruth Anand"


def test_colon_label_names_the_speaker() -> None:
    text = (
        "Anna Hallgren and Peter Voss were asked about the ferry.\n\n"
        'Hallgren: "The ferry must stay public." Voss: "The ferry should be sold."\n\n'
        "FERRY VOTE TOO CLOSE TO CALL - Tomas Lindqvist: "
        '"The polls cannot separate the two sides this week."'
    )
    quotes = quotes_of(text)
    assert quote_with(quotes, "stay public").speaker == "Anna Hallgren"
    assert quote_with(quotes, "be sold").speaker == "Peter Voss"
    assert quote_with(quotes, "polls cannot").speaker == "Tomas Lindqvist"


def test_courtesy_title_keeps_a_surname_from_a_person_of_the_other_gender() -> None:
    text = (
        "President Marlow opened the session on Friday.\n\n"
        '"We will finish this work," Mr. Marlow said.\n\n'
        "The first lady, Edith Marlow, did not attend."
    )
    quote = quote_with(quotes_of(text), "finish this work")
    assert quote.speaker == "Marlow"


def test_participle_after_of_gives_the_name_before_it() -> None:
    text = (
        "The new advert from the Brandt campaign ran on Sunday.\n\n"
        'The advert shows footage of Mira Castellano asking, "Why is the bridge still closed?"'
    )
    assert quote_with(quotes_of(text), "bridge still closed").speaker == "Mira Castellano"


def test_participle_after_a_relative_clause_belongs_to_the_main_clause() -> None:
    text = (
        "Governor Alma Reyes was defensive when asked about a contractor who said he was never "
        'paid for the work, saying, "Maybe he did not finish the job on time."'
    )
    assert quote_with(quotes_of(text), "finish the job").speaker == "Alma Reyes"


def test_cue_opening_its_sentence_takes_the_name_after_it() -> None:
    text = (
        "Analysts say the plan would make the tax code longer. Said Okafor: "
        '"I do not see any interest in reform from this office."'
    )
    quotes = quotes_of(text)
    quote = quote_with(quotes, "interest in reform")
    assert quote.speaker == "Okafor"
    assert text[quote.speaker_start : quote.speaker_end] == "Okafor"


def test_retort_with_back_is_a_cue() -> None:
    text = (
        '"Look at all these people here," Olsen said, looking over at Brandvik.\n\n'
        '"They only came for the free coffee," Brandvik shot back with a laugh.'
    )
    quote = quote_with(quotes_of(text), "free coffee")
    assert text[quote.speaker_start : quote.speaker_end] == "Brandvik"


def test_statement_paragraph_after_a_clause_gives_the_main_subject() -> None:
    text = (
        "When the old ferry captain died in 1998, Governor Hal Brennan released the following "
        "statement:\n\n"
        '"Nora and I offer our condolences to the family of Captain Aas."'
    )
    assert quote_with(quotes_of(text), "condolences").speaker == "Hal Brennan"


def test_as_reported_names_the_source_of_a_colon_quotation() -> None:
    text = (
        "As the Valley Herald reported, even on Friday the council was refusing to call the "
        "collapse a disaster:\n\n"
        '"The council is still reluctant to call the collapse of the dam a disaster."'
    )
    quote = quote_with(quotes_of(text), "reluctant")
    assert quote.speaker is not None and "Herald" in quote.speaker


def test_a_title_between_two_quotes_does_not_part_one_speakers_words() -> None:
    text = (
        '"The river is rising faster than anyone expected," the regional governor told '
        'Radio North\'s "Morning Desk." "We will open the spillway tonight."'
    )
    quotes = quotes_of(text)
    quote = quote_with(quotes, "river is rising")
    assert "open the spillway" in quote.text


def test_a_verb_inside_the_previous_attribution_does_not_introduce_the_next_quote() -> None:
    text = (
        '"We are going to win this county again," Hedda Lunde said at her party, an hour '
        'after the networks declared her the winner of the primary. "You will be so proud."'
    )
    quote = quote_with(quotes_of(text), "so proud")
    assert quote.speaker == "Hedda Lunde"


def test_added_joined_to_a_reported_clause_goes_with_the_reporting_verb() -> None:
    text = (
        'Ingrid Moe, 61, said it was too early to count the votes but added, '
        '"I think you all know how this ends."'
    )
    assert quote_with(quotes_of(text), "how this ends").speaker == "Ingrid Moe"


def test_pronoun_subject_of_a_reported_clause_is_the_reporting_name() -> None:
    text = (
        "Asked about Governor Tomas Berg's claim that generals back him, Paul Aldous said he "
        'told the committee: "There may be a few generals who talk, but most are silent."'
    )
    quote = quote_with(quotes_of(text), "few generals")
    assert quote.speaker == "Paul Aldous"


def test_a_word_in_marks_after_a_speech_verb_is_that_speakers() -> None:
    text = (
        "In both years, Marit Solheim said, those gifts paid for \"sponsorships\" at the "
        "charity dinner.\n\nThe museum sold \"tickets\" at the door."
    )
    quotes = quotes_of(text)
    quote = quote_with(quotes, "sponsorships")
    assert quote.speaker == "Marit Solheim"
    assert quote.text.startswith("those gifts")
    # a word in marks with no speaker's verb in its sentence is no quotation
    assert not [q for q in quotes if "tickets" in q.text]


def test_a_verb_of_saying_with_nothing_reported_introduces_the_next_quotation() -> None:
    text = (
        "The count went on past midnight.\n\n"
        "Jonas Vik, the party's spokesman, said in a statement. "
        '"There are no paper ballots left to count."\n\n'
        'Lea Holm said the count was fair. "We checked every box twice."'
    )
    quotes = quotes_of(text)
    assert quote_with(quotes, "no paper ballots").speaker == "Jonas Vik"
    # a verb with a reported clause of its own: the quotation continues that clause
    assert quote_with(quotes, "every box").speaker == "Lea Holm"


def test_a_comma_after_a_named_subject_introduces_a_quotation() -> None:
    text = (
        "Earlier this week, Senator Vera Lindgren shared her worry with donors at a dinner, "
        '"I do not know which version of my opponent will show up."'
    )
    assert quote_with(quotes_of(text), "which version").speaker == "Vera Lindgren"
