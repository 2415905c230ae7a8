"""Fidelity of one report of a quote against the fullest version."""

from storyline.quotes.fidelity import compare, normal_words, spoken

FULLEST = "We are sure the ball is in their court, and we will not move an inch."


def test_contractions_and_curly_marks_normalise_to_the_same_words() -> None:
    assert normal_words("We’re sure the ball’s in their court. Don't") == normal_words(
        "we are sure the ball is in their court do not"
    )


def test_same_words_are_identical() -> None:
    assert (
        compare(
            FULLEST, "We are sure the ball is in their court, and we will not move an inch."
        ).status
        == "identical"
    )


def test_faithful_excerpt_is_identical_not_altered() -> None:
    result = compare(FULLEST, "the ball is in their court")
    assert result.status == "identical"
    assert result.diff == []


def test_contractions_only_are_orthographic() -> None:
    assert compare(FULLEST, "We’re sure the ball’s in their court").status == "orthographic"


def test_ellipsis_over_dropped_words_is_not_altered() -> None:
    result = compare(FULLEST, "We are sure the ball is in their court ... we will not move")
    assert result.status == "orthographic"
    assert result.diff == [("elided", ["and"], [])]


def test_bracketed_clarification_is_not_altered() -> None:
    result = compare("He said we will not move an inch.", "[The minister] said we will not move")
    assert result.status != "altered"


def test_changed_word_inside_the_overlap_is_altered() -> None:
    result = compare(FULLEST, "We are certain the ball is in their court")
    assert result.status == "altered"
    assert ("replace", ["sure"], ["certain"]) in result.diff


def test_dropped_word_without_ellipsis_is_altered() -> None:
    assert compare(FULLEST, "We are sure the ball is in court").status == "altered"


def test_added_word_is_altered() -> None:
    assert compare(FULLEST, "we will never not move an inch").status == "altered"


def test_attribution_inside_a_split_quote_is_not_an_alteration() -> None:
    split = '"We are sure the ball is in their court," the minister said. "And we will not move an inch.'
    assert compare(FULLEST, split).status == "orthographic"
    assert compare(split, FULLEST).status != "altered"


def test_reported_words_around_a_partial_quote_are_not_compared() -> None:
    partial = 'she said her government was sure "the ball is in their court"'
    assert compare(FULLEST, partial).status == "identical"


def test_spoken_keeps_the_stretches_inside_curly_or_straight_marks() -> None:
    assert spoken('“We are ready,” said Ines Varga. "Nobody doubts it."') == (
        "We are ready, Nobody doubts it."
    )
    assert spoken("“We are ready.\n\n“Nobody doubts it,” she said") == (
        "We are ready. Nobody doubts it,"
    )
    assert spoken('He said "we are ready and nobody') == "we are ready and nobody"
    assert spoken("that they were ready") == "that they were ready"
