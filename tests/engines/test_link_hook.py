"""``link_scored_pairs`` (the hook the Spark engine links through) agrees with ``link_quotes``.

No Spark here: the blocking and scoring of ``link_quotes`` are run in this process and their
scored pairs handed to the hook, which must give exactly ``link_quotes``' clusters.
"""

from __future__ import annotations

import random

from storyline.model import Article, Quote
from storyline.quotes.link import (
    _gram_pairs,
    _lsh_pairs,
    _match,
    _prepare,
    link_quotes,
    link_scored_pairs,
)

SAID = [
    ("Rosa Elmquist", "We will rebuild the Tarn bridge before the winter, and nobody will be left behind."),
    ("Rosa Elmquist", "The Tarn bridge is the best chance this valley has had in a generation."),
    ("Jonas Wetherby", "I have told the council that the ferry contract cannot be delayed again."),
    ("Jonas Wetherby", "Every family in Lowmoor deserves to know what the ferry contract will cost."),
    # the same words from two people: never one cluster
    ("Ada Kowalczyk", "There is no plan B for the harbour, and there never was one."),
    ("Piet Brannagh", "There is no plan B for the harbour, and there never was one."),
]  # fmt: skip


def _versions(text: str, rng: random.Random) -> list[str]:
    """Return the ways outlets print one sentence: whole, excerpt, contracted, elided."""
    words = text.rstrip(".").split()
    return [
        text,
        " ".join(words[2:9]),
        text.replace("We will", "We'll").replace("I have", "I've").replace("There is", "There's"),
        " ".join(words[:5]) + " \u2026 " + " ".join(words[8:]),
        text.replace(",", "") if rng.random() < 0.5 else text,
    ]


def _corpus() -> tuple[list[Quote], dict[str, Article]]:
    rng = random.Random(7)
    quotes: list[Quote] = []
    articles: dict[str, Article] = {}
    for k, (speaker, text) in enumerate(SAID):
        for n, version in enumerate(_versions(text, rng)):
            article_id = f"a-{k}-{n}"
            articles[article_id] = Article(
                article_id, article_id, None, f"outlet{n}", None, (), f"2025-03-0{n + 1}",
                None, None, version,
            )  # fmt: skip
            named = speaker if n % 2 == 0 else speaker.split()[-1]
            quotes.append(
                Quote(f"q-{k}-{n}", article_id, version, "direct", 0, len(version), speaker=named)
            )
    # unnamed reports of the words two people said: where they go depends on the join order
    shared = SAID[4][1]
    for n, version in enumerate((shared, " ".join(shared.split()[:8]))):
        article_id = f"a-x-{n}"
        articles[article_id] = Article(
            article_id, article_id, None, "wire", None, (), "2025-03-09", None, None, version
        )
        quotes.append(Quote(f"q-x-{n}", article_id, version, "direct", 0, len(version)))
    return quotes, articles


def _scored(quotes: list[Quote]) -> list[tuple[str, str, float]]:
    reports = _prepare(quotes)
    scored = []
    for i, j in _lsh_pairs(reports) | _gram_pairs(reports):
        score = _match(reports[i], reports[j])
        if score is not None:
            scored.append((reports[i].quote.id, reports[j].quote.id, score))
    return scored


def test_linking_the_scored_pairs_gives_link_quotes_clusters() -> None:
    quotes, articles = _corpus()
    expected = link_quotes(quotes, articles)
    assert any(len(c.quote_ids) > 2 for c in expected)  # the set really links across outlets
    assert link_scored_pairs(quotes, articles, _scored(quotes)) == expected


def test_pairs_in_any_order_and_repeated_give_the_same_clusters() -> None:
    quotes, articles = _corpus()
    scored = _scored(quotes)
    shuffled = [(b, a, s) for a, b, s in reversed(scored)] + scored[:5]
    assert link_scored_pairs(quotes, articles, shuffled) == link_quotes(quotes, articles)


def test_without_pairs_every_quote_is_its_own_cluster() -> None:
    quotes, articles = _corpus()
    clusters = link_scored_pairs(quotes, articles, [])
    assert sorted(q for c in clusters for q in c.quote_ids) == sorted(q.id for q in quotes)
    assert all(len(c.quote_ids) == 1 for c in clusters)
