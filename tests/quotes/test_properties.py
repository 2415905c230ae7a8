"""Properties that hold for any text: no exception, offsets inside the text, text == slice."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.model import Article
from storyline.quotes import analyse_article

PIECES = st.sampled_from(
    [
        '"',
        "“",
        "”",
        "'",
        "\n",
        "\n\n",
        " ",
        ",",
        ".",
        ":",
        "he said",
        "said",
        "Varga",
        "Ines Varga",
        "Mayor",
        "according to",
        "the minister",
        "[Sound bite: Ines Varga (May 2, KTV)]",
        "told reporters",
        "that",
        "we will win",
        "Monday",
        "—",
        "PENCE:",
        "(translation)",
    ]
)
TEXTS = st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map(" ".join))


def check(text: str) -> None:
    article = Article("p", "t", None, None, None, (), "2022-03-09", None, None, text)
    entities, quotes = analyse_article(article)
    for quote in quotes:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert quote.text == text[quote.start : quote.end]
        if quote.speaker_start is not None:
            assert 0 <= quote.speaker_start <= quote.speaker_end <= len(text)
    for entity in entities:
        for mention in entity.mentions:
            assert 0 <= mention.start <= mention.end <= len(text)
            assert mention.text == text[mention.start : mention.end]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_analyse_article_never_raises_and_offsets_stay_inside(text: str) -> None:
    check(text)


def test_quote_text_is_the_article_slice_in_a_realistic_article() -> None:
    text = (
        '[Sound bite: Mayor Ines Varga (May 2, KTV)]\n"We are ready."\n\n'
        '"We will build it," Varga said, "and pay for it."\n\n'
        "Governor Nils Amundsen said the roads would be repaired, according to officials."
    )
    check(text)
