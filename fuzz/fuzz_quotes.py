"""Fuzz target: the quote extractor, through the real pipeline's per-document analysis.

``pipeline.analyse`` runs ``quotes.analyse_article`` (the spaCy model: entities, the parse
of quote-bearing sentences, speakers) then the time expressions and events of the article.
Checks, for any text: no exception; every quote, speaker span, mention and time expression
lies inside the text and its ``text`` is exactly ``article.text[start:end]``; events too lie
inside the text.

    .venv/bin/python fuzz/fuzz_quotes.py [libFuzzer flags] [CORPUS_DIR...]
    .venv/bin/python fuzz/fuzz_quotes.py --replay FILE...
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import atheris
from harness import Target, decode, main

with atheris.instrument_imports(include=["storyline"]):
    # imported here, not lazily by ``analyse``, so that atheris instruments them
    import storyline.nlp.coref
    import storyline.nlp.entities
    import storyline.quotes
    import storyline.quotes.attribute
    import storyline.quotes.find
    import storyline.timeline  # noqa: F401
    from storyline.model import Article
    from storyline.pipeline import analyse

ROOT = Path(__file__).resolve().parent.parent
ANCHORS = (
    None,
    "2022-03-09",
    "2021-05-24T14:47:47+09:00",
    "not a date",
    "",
    "2024-02-29T23:59:59Z",
)
DATELINES = (None, "SEOUL", "NEW YORK", "Nowhere", "")


def _inside(text: str, start: int, end: int, what: str) -> None:
    assert 0 <= start <= end <= len(text), f"{what} at {start}:{end} outside {len(text)} chars"


def check(data: bytes) -> None:
    """Raise when the analysis of the article text in ``data`` fails or misplaces a span."""
    head = data[0] if data else 0
    text = decode(data[1:])
    article = Article(
        "a-fuzz", "fuzz.txt", None, None, None, (),
        ANCHORS[head % len(ANCHORS)], None, DATELINES[(head >> 4) % len(DATELINES)], text,
    )  # fmt: skip
    analysis = analyse(article)
    for quote in analysis.quotes:
        _inside(text, quote.start, quote.end, "quote")
        assert quote.text == text[quote.start : quote.end], f"quote text {quote.text!r}"
        if quote.speaker_start is not None or quote.speaker_end is not None:
            assert quote.speaker_start is not None and quote.speaker_end is not None
            _inside(text, quote.speaker_start, quote.speaker_end, "speaker")
    for entity in analysis.entities:
        for mention in entity.mentions:
            _inside(text, mention.start, mention.end, "mention")
            assert mention.text == text[mention.start : mention.end], f"mention {mention.text!r}"
    for expr in analysis.times:
        _inside(text, expr.start, expr.end, "time expression")
        assert expr.text == text[expr.start : expr.end], f"time text {expr.text!r}"
    for event in analysis.events:
        _inside(text, event.start, event.end, "event")


def seeds() -> Iterator[bytes]:
    """Yield article-shaped texts with quotes, speakers and dates (one byte of options first)."""
    yield b'\x01"We will build it," Mayor Ines Varga said on Monday, "and pay for it."'
    yield b'\x12[Sound bite: Mayor Ines Varga (May 2, KTV)]\n"We are ready."\n'
    yield b"\x03Governor Nils Amundsen said the roads would be repaired by June 11-13."
    yield b"\x24PENCE: We will win. (translation)\n\nHe told reporters last Wednesday that..."
    yield "\x05“It is over,” said the minister, according to officials, two days ago.".encode()
    yield b"\x00'Enough,' she said. \"Unclosed quote, said Kofi Mensah at the meeting."
    for path in sorted((ROOT / "examples" / "textdumps").glob("*.txt"))[:6]:
        body = path.read_bytes()
        cut = body.find(b'"')
        yield b"\x01" + body[max(0, cut - 150) : cut + 350]


def warm_up() -> None:
    """Load the spaCy models once, before the first input is timed."""
    check(b'\x01"We are ready," Ines Varga said on Monday.')


TARGET = Target(
    name="quotes",
    check=check,
    seeds=seeds,
    tokens=(
        '"',
        "“",
        "”",
        "‘",
        "’",
        "'",
        " said",
        " told reporters",
        "according to ",
        "Mayor ",
        "Ines Varga",
        "he said",
        "she said",
        ":",
        "\n\n",
        "[Sound bite: ",
        " (translation)",
        "Monday",
        "last week",
        "May 2",
        "—",
        "…",
        " that ",
    ),
    # short texts: the model reads about 3,000 words/s, so this keeps a few inputs a second
    # even on a busy machine; quote, speaker and offset bugs show in a paragraph or two
    max_len=768,
    warm_up=warm_up,
)

if __name__ == "__main__":
    main(TARGET, sys.argv)
