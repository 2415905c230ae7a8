"""Quotation spans, sound bites, transcript turns and parse candidates found by text rules."""

from __future__ import annotations

from storyline.quotes.find import (
    MarkSpan,
    candidate_chunks,
    find_marked,
    find_sound_bites,
    find_turns,
    looks_like_title,
    sentences,
)


def spans(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_marked(text)]


def test_straight_and_curly_marks_both_delimit_quotes() -> None:
    text = 'He said "one two three" and then “four five six” too.'
    assert spans(text) == ['"one two three"', "“four five six”"]


def test_opening_mark_repeated_at_paragraph_start_continues_the_quote() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph,” she said."
    assert spans(text) == [text[: text.index("”") + 1]]


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "“An unclosed quote here\n\nA plain paragraph."
    [mark] = find_marked(text)
    assert text[mark.start : mark.end] == "“An unclosed quote here" and not mark.closed


def test_curly_quote_nested_in_straight_quote_stays_inside() -> None:
    text = '"I read the question: “Do you agree?” and nobody did," he said.'
    assert spans(text) == [text[: text.index(',"') + 2]]


def test_inch_mark_after_a_digit_opens_nothing() -> None:
    assert spans('The board is 5" thick and "very heavy" indeed.') == ['"very heavy"']


def test_sound_bite_header_and_quoted_lines() -> None:
    text = '[Sound bite: Mayor Ines Varga (May 2, KTV)]\n"We are ready."\n"Are they?"\nNext story.'
    [bite] = find_sound_bites(text)
    assert bite.speaker == "Mayor Ines Varga" and bite.details == "May 2, KTV"
    assert text[bite.quote_start : bite.quote_end] == '"We are ready."\n"Are they?"'
    assert text[bite.speaker_start : bite.speaker_end] == "Mayor Ines Varga"


def test_transcript_turn_label_names_the_speaker() -> None:
    text = '"HOST: Welcome back to the show.\n\n"VARGA: Thank you for having me.'
    turns = find_turns(text)
    assert [t.label for t in turns] == ["HOST", "VARGA"]
    assert text[turns[1].start : turns[1].end] == "Thank you for having me."


def test_show_title_after_possessive_looks_like_a_title() -> None:
    text = 'She appeared on NBT\'s "Morning Table" on Sunday.'
    [mark] = find_marked(text)
    assert looks_like_title(text, mark)


def test_spoken_sentence_does_not_look_like_a_title() -> None:
    text = '"We will never give up, not now and not ever," she said.'
    assert not looks_like_title(text, MarkSpan(0, text.index(',"') + 2))


def test_sentences_do_not_split_inside_quotation_marks() -> None:
    text = '"It works. It really does," Dr. Lund said. Then he left.'
    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == [
        '"It works. It really does," Dr. Lund said.',
        "Then he left.",
    ]


def test_candidate_chunks_keep_quote_and_cue_sentences_only() -> None:
    text = "The weather was fine. Lund said the plan works. Prices rose.\n\nNo quote here at all."
    assert [text[s:e] for s, e in candidate_chunks(text)] == ["Lund said the plan works."]


def test_attribute_values_of_markup_tags_are_not_quotes() -> None:
    text = (
        'The mayor posted <post author="MayorLund" id="77" pic="">We will rebuild "the old pier" '
        'soon</post> and later said "the pier comes first."'
    )
    assert spans(text) == ['"the old pier"', '"the pier comes first."']
