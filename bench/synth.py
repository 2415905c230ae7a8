"""Synthetic quotes and articles for the linking and scale benchmarks (deterministic by seed).

Every sentence here is written for this project or assembled from invented words; nothing
is taken from the shared data. ``variant`` rewrites a quote the ways outlets do (contractions,
curly marks, ellipses, excerpts, light rewording); ``corpus`` builds dated articles with
stories and quotes at a fixed number of articles a day.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from storyline.model import Article, Quote, stable_id

SPEAKERS = [
    "Mara Velling", "Tobias Arkwright", "Ines Ferrand", "Kwame Oduya", "Lena Sorvik",
    "Dmitri Halen", "Priya Ramanathan", "Oscar Delvaux", "Hana Takemura", "Rui Cabral",
]  # fmt: skip

# (speaker index, utterance); pairs marked by a shared phrase are hard negatives of each other
UTTERANCES = [
    (
        0,
        "We are not going to walk away from the table, and we will keep talking until there is a deal.",
    ),
    (0, "The ball is in their court now, and we have done everything we promised to do."),
    (0, "Our goal remains a fair deal for working families in every region of this country."),
    (0, "Nobody should be surprised that we want a fair deal for working families before winter."),
    (1, "I do not think the harbour project can survive another year of delays and rising costs."),
    (1, "It is not over yet, but the council has to decide by Friday whether it backs the plan."),
    (1, "We have been very clear that the harbour project must be finished on time and on budget."),
    (
        2,
        "The water in the northern reservoir is safe to drink, and the tests prove it beyond doubt.",
    ),
    (
        2,
        "Let us be honest about what happened at the plant: the alarms did not sound for six hours.",
    ),
    (2, "We will publish every test result from the northern reservoir as soon as we receive it."),
    (
        3,
        "This is a historic day for the people of both valleys and for everyone who believed in peace.",
    ),
    (
        3,
        "They have shown they cannot be trusted, and we will not sign anything until they change course.",
    ),
    (3, "Peace between the two valleys is within reach if both sides keep their word this time."),
    (
        4,
        "The new rail line will cut the journey to the coast in half and create thousands of jobs.",
    ),
    (4, "We're confident that the budget will pass, because the numbers simply add up this year."),
    (4, "The rail line to the coast is a promise we made and a promise we are going to keep."),
    (5, "I won't resign, and I'd do exactly the same thing again if I were given the choice."),
    (5, "The investigation has found nothing, and it is time for my opponents to move on."),
    (6, "Our hospitals are stretched to breaking point and the government's plan will not fix it."),
    (6, "Every nurse I have met this week has told me the same story about the night shifts."),
    (7, "We've lost three seasons in a row, but this team has the talent to win the league."),
    (7, "The referee made a terrible decision and it cost us the match in the final minute."),
    (8, "Exports fell sharply in the spring, yet the factories in the south are hiring again."),
    (8, "We expect the central bank to keep interest rates unchanged until the end of the year."),
    (9, "The fire started in the basement shortly after midnight and spread to the upper floors."),
    (9, "Firefighters worked through the night, and thanks to them nobody was seriously hurt."),
]
# the same words from a second speaker: a hard negative for every report of the first
BORROWED = [(4, 10), (7, 17), (1, 24)]  # (speaker, utterance index) re-said by another person

_CONTRACT = [
    ("we are", "we're"), ("do not", "don't"), ("is not", "isn't"), ("will not", "won't"),
    ("it is", "it's"), ("I would", "I'd"), ("have not", "haven't"), ("we have", "we've"),
    ("they have", "they've"), ("cannot", "can't"), ("ball is", "ball's"), ("let us", "let's"),
]  # fmt: skip
_REWORD = [
    ("harbour", "harbor"), ("towards", "toward"), ("organise", "organize"), ("the council", "council"),
    ("very clear", "quite clear"), ("beyond doubt", "beyond any doubt"), ("sharply", "steeply"),
    ("shortly after", "soon after"), ("simply", "really"), ("everyone", "everybody"),
]  # fmt: skip


def _swap(text: str, pairs: list[tuple[str, str]], rng: random.Random) -> str:
    """Return the text with each applicable pair swapped either way, at random."""
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            pattern = re.compile(rf"\b{re.escape(x)}\b", re.IGNORECASE)
            if pattern.search(text) and rng.random() < 0.7:
                text = pattern.sub(y, text, count=1)
    return text


def curly(text: str, rng: random.Random) -> str:
    """Return the text with curly apostrophes."""
    return text.replace("'", "\u2019")


def contract(text: str, rng: random.Random) -> str:
    """Return the text with contractions made or expanded."""
    return _swap(text, _CONTRACT, rng)


def ellipsis(text: str, rng: random.Random) -> str:
    """Return the text with a stretch of middle words replaced by an ellipsis."""
    words = text.split()
    start = rng.randint(3, max(3, len(words) // 2))
    end = min(len(words) - 3, start + rng.randint(2, 4))
    return " ".join(words[:start] + ["\u2026"] + words[end:]) if end > start else text


def excerpt(text: str, rng: random.Random) -> str:
    """Return a contiguous excerpt of six words or more."""
    words = text.rstrip(".").split()
    if len(words) < 8:
        return text
    size = rng.randint(6, max(6, len(words) - 2))
    start = rng.randint(0, len(words) - size)
    return " ".join(words[start : start + size])


def split_half(text: str, rng: random.Random) -> str:
    """Return one half of the sentence, cut at its comma or middle (a sentence split in two)."""
    head, sep, tail = text.partition(", ")
    if not sep:
        words = text.split()
        head, tail = " ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])
    return head if rng.random() < 0.5 else tail


def reword(text: str, rng: random.Random) -> str:
    """Return a lightly reworded text, as a second translation would give."""
    return _swap(contract(text, rng), _REWORD, rng)


VARIANTS: list[Callable[[str, random.Random], str]] = [
    curly,
    contract,
    ellipsis,
    excerpt,
    split_half,
    reword,
]


def variant(text: str, rng: random.Random) -> str:
    """Return one outlet's version of a quote: one or two rewritings, or the words as said."""
    if rng.random() < 0.2:
        return text
    for change in rng.sample(VARIANTS, rng.randint(1, 2)):
        text = change(text, rng)
    return text


_SYLLABLES = "ka lo mi ra tes ven dor bal qui sen tar lu fen gor pi zal mek dra vos hel".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4)))


def _utterance(rng: random.Random, topic: list[str]) -> str:
    """Return a fresh invented sentence about a topic's invented words."""
    words = [
        rng.choice(topic) if rng.random() < 0.4 else _word(rng) for _ in range(rng.randint(9, 16))
    ]
    return "We " + " ".join(words) + "."


def corpus(n: int, seed: int = 0, per_day: int = 60) -> tuple[list[Article], list[Quote]]:
    """Return n dated articles in stories of 3-12 articles, with 1-3 quotes each."""
    rng = random.Random(seed)
    start = datetime(2021, 1, 1, tzinfo=UTC)
    articles: list[Article] = []
    quotes: list[Quote] = []
    while len(articles) < n:
        day = len(articles) / per_day
        topic = [_word(rng) for _ in range(30)]
        speaker = f"{_word(rng).title()} {_word(rng).title()}"
        said = [_utterance(rng, topic) for _ in range(4)]
        for k in range(min(rng.randint(3, 12), n - len(articles))):
            when = start + timedelta(days=day + rng.random() * 3, minutes=k)
            aid = stable_id("a", str(seed), str(len(articles)))
            body = " ".join(
                rng.choice(topic) if rng.random() < 0.3 else _word(rng) for _ in range(250)
            )
            title = f"{speaker} on {' '.join(rng.sample(topic, 4))}"
            articles.append(
                Article(
                    aid,
                    aid,
                    None,
                    f"outlet{rng.randint(1, 40)}",
                    title,
                    (),
                    when.isoformat(),
                    None,
                    None,
                    body,
                )
            )
            for j in range(rng.randint(1, 3)):
                text = variant(rng.choice(said), rng)
                quotes.append(
                    Quote(f"{aid}-q{j}", aid, text, "direct", 0, len(text), speaker=speaker)
                )
    return articles, quotes
