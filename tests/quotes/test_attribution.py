"""Quotes, speakers, cues, dates and venues found in synthetic articles."""

from __future__ import annotations

import pytest

from storyline.model import Article, Quote
from storyline.nlp.model import entity_nlp, parse_nlp
from storyline.quotes import analyse_article, analyse_many

PUBLISHED = "2022-03-09T10:00:00+09:00"  # a Wednesday in Seoul


@pytest.fixture(scope="module", autouse=True)
def model() -> None:
    """Load the spaCy pipelines once for the module."""
    entity_nlp()
    parse_nlp()


def article(text: str, published: str | None = PUBLISHED) -> Article:
    return Article("a1", "test", None, "Daily Test", None, (), published, None, None, text)


def quotes_of(text: str, published: str | None = PUBLISHED) -> tuple[Quote, ...]:
    return analyse_article(article(text, published))[1]


def only(quotes: tuple[Quote, ...], kind: str) -> list[Quote]:
    return [q for q in quotes if q.kind == kind]


def test_curly_quote_with_said_after_gets_named_speaker() -> None:
    text = "Foreign Minister Marta Keller spoke on Monday.\n\n“We will not give up on the talks,” Keller said."
    [quote] = only(quotes_of(text), "direct")
    assert quote.text == "“We will not give up on the talks,”"
    assert quote.speaker == "Marta Keller"
    assert quote.cue == "said"
    assert text[quote.speaker_start : quote.speaker_end] == "Keller"


def test_straight_quote_with_speaker_before_colon() -> None:
    text = 'Senator Paul Ostrander told reporters: "The budget is a disgrace and I will vote against it."'
    [quote] = only(quotes_of(text), "direct")
    assert quote.speaker == "Paul Ostrander"
    assert quote.text.startswith('"The budget')


def test_nominal_speaker_resolves_to_person_with_matching_role() -> None:
    text = (
        "Finnmark Secretary of State Lena Dovre met her counterpart in Oslo.\n\n"
        '"We have a long road ahead of us, and we know it," the top Finnmark diplomat said.'
    )
    [quote] = only(quotes_of(text), "direct")
    assert quote.speaker == "Lena Dovre"
    assert text[quote.speaker_start : quote.speaker_end] == "the top Finnmark diplomat"


def test_pronoun_speaker_he_added_resolves_to_previous_speaker() -> None:
    text = (
        'Trade Minister Oskar Brandt said the tariffs would stay. "We are not moving an inch," '
        "Brandt said.\n\n"
        '"The ball is in their court now and they know it," he added.'
    )
    direct = only(quotes_of(text), "direct")
    assert [q.speaker for q in direct] == ["Oskar Brandt", "Oskar Brandt"]
    assert direct[-1].cue == "added"


def test_quote_split_by_attribution_is_one_quote() -> None:
    text = '"We will build the bridge," Mayor Ines Varga said, "and we will pay for it ourselves."'
    [quote] = only(quotes_of(text), "direct")
    assert quote.start == 0 and quote.end == len(text)
    assert quote.speaker == "Ines Varga"


def test_multi_paragraph_quote_without_closing_mark_is_one_quote() -> None:
    text = (
        "Mayor Ines Varga spoke at length.\n\n"
        '"The first thing we did was listen to the residents of the valley.\n\n'
        '"Then we drew up a plan with them, street by street," Varga said.'
    )
    [quote] = only(quotes_of(text), "direct")
    assert quote.text.startswith('"The first thing') and quote.text.endswith('street,"')
    assert quote.speaker == "Ines Varga"


def test_unattributed_quote_paragraph_inherits_previous_speaker() -> None:
    text = (
        '"We are ready to talk at any time," said Tomas Lindqvist, the chief negotiator.\n\n'
        '"Nobody should doubt our good faith in this process."'
    )
    direct = only(quotes_of(text), "direct")
    # the uncued paragraph continues the quote before it: one attribution, both stretches
    assert [q.speaker for q in direct] == ["Tomas Lindqvist"]
    assert "at any time" in direct[0].text and "good faith" in direct[0].text


def test_partial_quote_inside_reported_clause_is_partial_with_clause_span() -> None:
    text = (
        'The government wants to deal with "growing problems" in the delta region, '
        "Environment Minister Sara Quill said."
    )
    [quote] = only(quotes_of(text), "partial")
    assert '"growing problems"' in quote.text
    assert quote.text.startswith("The government")
    assert quote.speaker == "Sara Quill"


def test_title_in_quotes_is_not_a_quote() -> None:
    text = 'Governor Nils Amundsen appeared on NBT\'s "Morning Table" on Sunday and smiled.'
    marked = [q for q in quotes_of(text) if '"' in q.text]
    assert marked == []


def test_scare_quote_without_cue_is_not_a_quote() -> None:
    text = 'The so-called "peace dividend" never arrived in the northern provinces.'
    assert quotes_of(text) == ()


def test_interview_venue_and_weekday_resolved_against_publication() -> None:
    text = (
        '"This is a problem that has grown worse over time," Secretary of State Rhea Maddox said '
        "in an interview with Northwind News broadcast Monday."
    )
    [quote] = only(quotes_of(text), "direct")
    assert quote.venue == "Northwind News"
    assert quote.said_on == "2022-03-07"


def test_sound_bite_header_gives_speaker_date_and_venue() -> None:
    text = (
        "Report: The minister spoke on television.\n\n"
        "[Sound bite: Foreign Minister Marta Keller (March 6, KTV's Sunday Forum)]\n"
        '"We are waiting to see if they actually want to engage."\n\n'
        "The comments came after the summit."
    )
    [quote] = only(quotes_of(text), "direct")
    assert quote.speaker == "Marta Keller"
    assert quote.said_on == "2022-03-06"
    assert quote.venue == "KTV's Sunday Forum"
    assert quote.text == '"We are waiting to see if they actually want to engage."'


def test_sound_bite_with_translation_note_keeps_date_and_occasion() -> None:
    text = (
        "[Sound bite: President Alma Ruud (Korean-English translation/March 4 joint news conference)]\n"
        '"It is indeed a welcome direction for the region."'
    )
    [quote] = quotes_of(text)
    assert quote.speaker == "Alma Ruud"
    assert quote.said_on == "2022-03-04"
    assert quote.venue == "joint news conference"


def test_reported_speech_is_indirect_with_clause_text() -> None:
    text = "Central bank governor Pia Halvorsen said that interest rates would rise again in May."
    [quote] = only(quotes_of(text), "indirect")
    assert quote.text == "that interest rates would rise again in May"
    assert quote.speaker == "Pia Halvorsen"


def test_according_to_names_the_speaker() -> None:
    text = (
        "The plant will close next year, according to Harald Stene, the company's chief executive."
    )
    [quote] = only(quotes_of(text), "indirect")
    assert quote.speaker == "Harald Stene"
    assert quote.text.startswith("The plant will close next year")


def test_organisation_can_speak() -> None:
    text = 'The Ministry of Fisheries said in a statement, "The quotas will be cut by a third."'
    [quote] = only(quotes_of(text), "direct")
    assert quote.speaker is not None and "Ministry of Fisheries" in quote.speaker


def test_quote_signed_after_a_dash() -> None:
    text = "Readers wrote in.\n\n“We can still fix this town.” ― Edda Brekke"
    [quote] = only(quotes_of(text), "direct")
    assert quote.speaker == "Edda Brekke"


def test_speaker_id_points_to_an_entity_of_the_article() -> None:
    text = '"We will win this," said Harald Stene on Tuesday.'
    entities, quotes = analyse_article(article(text))
    [quote] = only(quotes, "direct")
    assert quote.speaker_id in {e.id for e in entities}
    assert quote.said_on == "2022-03-08"


def test_analyse_many_matches_analyse_article() -> None:
    texts = [
        '"The harbour must stay open," said Mayor Ines Varga.',
        "Governor Nils Amundsen said the roads would be repaired before winter.",
    ]
    articles = [
        Article(f"a{i}", "t", None, None, None, (), PUBLISHED, None, None, t)
        for i, t in enumerate(texts)
    ]
    batched = list(analyse_many(articles, batch_size=1))
    single = [analyse_article(a) for a in articles]
    assert [q for _, qs in batched for q in qs] == [q for _, qs in single for q in qs]



def test_partial_quote_grows_to_the_clause_it_sits_in() -> None:
    text = (
        'The fact that the harbour "is a complete mess right now," as Mayor Ines Varga said on '
        "Monday, only adds to the pressure."
    )
    [quote] = only(quotes_of(text), "partial")
    assert quote.text.startswith("that the harbour") or quote.text.startswith("the harbour")


def test_partial_quote_grows_to_the_phrase_its_cue_governs() -> None:
    text = 'Senator Paul Ostrander blamed the council for "wasting every cent" of the grant money.'
    [quote] = only(quotes_of(text), "partial")
    assert quote.text.endswith("of the grant money")
    assert quote.speaker == "Paul Ostrander"


def test_what_someone_calls_stays_in_the_quote() -> None:
    text = 'Governor Nils Amundsen has railed against what he calls the "harbour lobby" for years.'
    [quote] = [q for q in quotes_of(text) if '"' in q.text]
    assert quote.text.startswith("what he calls")


def test_question_quote_takes_the_cue_of_the_attribution_after_it() -> None:
    text = (
        "Reporters asked the mayor about the bridge.\n\n"
        '"Have we finished the bridge yet, after all these years?" Varga replied. '
        '"No, and we will not finish it this year."'
    )
    [quote] = only(quotes_of(text), "direct")
    assert quote.cue == "replied"
    assert quote.speaker == "Varga"
    assert "Have we finished" in quote.text and "this year" in quote.text


def test_clause_before_a_parenthetical_cue_belongs_to_the_quote() -> None:
    text = (
        "If the council rejects the plan again next month, Varga said, "
        '"we will take it to the voters ourselves."'
    )
    [quote] = [q for q in quotes_of(text) if '"' in q.text]
    assert quote.text.startswith("If the council rejects")
    assert quote.speaker == "Varga"


def test_short_time_phrase_before_the_cue_stays_out() -> None:
    text = 'On Monday, Varga said, "We will take it to the voters ourselves."'
    [quote] = only(quotes_of(text), "direct")
    assert quote.text.startswith('"We will')


def test_reported_clause_running_up_to_a_colon_joins_the_quotation() -> None:
    text = 'Mayor Ilse Brandt said that the city has two choices: "We build the dam or we move."'
    [quote] = quotes_of(text)
    assert quote.text.startswith("that the city has two choices")
    assert quote.kind == "partial"
    assert quote.speaker == "Ilse Brandt"
    # the person addressed before a colon is not part of the words
    text = 'Senator Ilse Brandt told reporters: "The dam will be built."'
    [quote] = quotes_of(text)
    assert quote.text == '"The dam will be built."'
