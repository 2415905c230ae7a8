"""What a story clusterer sees of an article: weighted words, names and numbers, quotes, time.

Weights are TF-IDF with the document frequencies of the articles seen so far, each
article weighed once, at its arrival. An article's vector therefore depends only on the
articles before it in arrival order, never on how they were batched.

Words of the headline and of the lead (the first words of the body, where a news report
says who did what, where and when) count more. Numbers are a channel of their own: a
score, a death toll, a magnitude or a date tells two events of one kind apart. An article
without a publication time gets a ``year``: the latest year its text names, which stands in
for the date when two reports are compared.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from operator import mul

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.model import Article, Entity, utc_instant

__all__ = [
    "ArticleFeatures",
    "Vocabulary",
    "text_terms",
    "entity_terms",
    "dot",
    "features_of",
    "number_terms",
    "latest_year",
]

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")
_CAPITALISED = re.compile(
    r"(?:[A-Z][\w\-'\u2019.]*|\d+)(?:\s+(?:of|de|la|van|von|al)?\s*[A-Z][\w\-'\u2019.]*)*"
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_SENTENCE = re.compile(r"(?<=[.!?\n])\s+|\n")
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "new", "year", "years"}
_TYPE_WEIGHT = {"PERSON": 1.5, "ORG": 1.2, "GPE": 1.0, "LOC": 1.0, "FAC": 1.2, "EVENT": 1.5}
_TITLE_WEIGHT = 2  # the headline names what the article is about
_LEAD_WEIGHT = 2  # so does the lead
_LEAD_WORDS = 60
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)(?!\w)")


@dataclass(frozen=True)
class ArticleFeatures:
    """One article's unit vectors (term → weight), its quote clusters and UTC instant."""

    article_id: str
    title: str | None
    words: dict[str, float]
    names: dict[str, float]
    clusters: frozenset[str] = frozenset()
    moment: datetime | None = None
    published: str | None = None
    numbers: dict[str, float] = field(default_factory=dict)
    year: int | None = None  # the latest year the text names, for an undated article


@dataclass
class Vocabulary:
    """Document frequencies of terms over the articles seen so far."""

    documents: int = 0
    frequency: Counter[str] = field(default_factory=Counter)

    def observe(self, terms: Iterable[str]) -> None:
        """Count one more document holding each of the terms."""
        self.documents += 1
        self.frequency.update(set(terms))

    def weigh(self, counts: Mapping[str, float]) -> dict[str, float]:
        """Return the L2-normalised TF-IDF vector (sublinear tf, smoothed idf) of term counts."""
        n = self.documents
        vector = {
            term: (1.0 + math.log(tf)) * (math.log((1.0 + n) / (1.0 + self.frequency[term])) + 1.0)
            for term, tf in counts.items()
            if tf > 0
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {term: v / norm for term, v in vector.items()}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Return the dot product of two sparse vectors, iterating over the smaller."""
    if len(a) > len(b):
        a, b = b, a
    return sum(map(mul, a.values(), map(b.get, a.keys(), repeat(0.0))))


def text_terms(article: Article) -> Counter[str]:
    """Return the article's content words (lowercase, no stop words); headline and lead count
    twice."""
    title = _content_words(article.title or "")
    body = _WORD.findall(article.text.lower())
    counts = Counter(w for w in body if len(w) > 2 and w not in _STOP)
    for words, extra in ((title, _TITLE_WEIGHT), (body[:_LEAD_WORDS], _LEAD_WEIGHT - 1)):
        for word in words:
            if len(word) > 2 and word not in _STOP:
                counts[word] += extra
    return counts


def _content_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def number_terms(article: Article) -> Counter[str]:
    """Return the numbers the headline and body print, as written ("6.1", "2013", "33")."""
    return Counter(_NUMBER.findall(f"{article.title or ''}\n{article.text}"))


def latest_year(text: str) -> int | None:
    """Return the latest year (1900-2099) a text names, or None."""
    years = [int(y) for y in _YEAR.findall(text)]
    return max(years) if years else None


def _name_key(name: str) -> str:
    """Return a comparable key for a name: lowercase words, possessive dropped."""
    words = re.findall(r"[\w\-]+", name.lower().replace("'s", "").replace("\u2019s", ""))
    return " ".join(w for w in words if w not in _STOP)


def _heuristic_names(text: str) -> Counter[str]:
    """Return capitalised word runs, skipping a lone capital that only opens a sentence."""
    counts: Counter[str] = Counter()
    for sentence in _SENTENCE.split(text):
        for match in _CAPITALISED.finditer(sentence):
            key = _name_key(match.group(0))
            if not key or key.replace(" ", "").isdigit() or (match.start() == 0 and " " not in key):
                continue
            counts[key] += 1
            if " " in key:  # "Lindsay Lohan" later called "Lohan"
                counts[key.split()[-1]] += 1
    return counts


def _years(text: str) -> Counter[str]:
    """Return the years the text mentions: two events of one kind rarely share them."""
    return Counter(f"year {y}" for y in _YEAR.findall(text))


def entity_terms(article: Article, entities: Sequence[Entity] = ()) -> Counter[str]:
    """Return weighted names and years: names from the entity list, else capitalised runs."""
    text = f"{article.title or ''}\n{article.text}"
    if not entities:
        return _heuristic_names(text) + _years(text)
    counts: Counter[str] = _years(text)
    for entity in entities:
        weight = _TYPE_WEIGHT.get(entity.type, 0.8) * max(1, len(entity.mentions))
        key = _name_key(entity.name)
        if key:
            counts[key] += weight  # type: ignore[assignment]
    return counts


def features_of(
    article: Article,
    entities: Sequence[Entity],
    clusters: Iterable[str],
    words: Vocabulary,
    names: Vocabulary,
    numbers: Vocabulary | None = None,
) -> ArticleFeatures:
    """Return an article's features, first counting it into the running document frequencies."""
    word_counts, name_counts = text_terms(article), entity_terms(article, entities)
    number_counts = number_terms(article)
    words.observe(word_counts)
    names.observe(name_counts)
    if numbers is not None:
        numbers.observe(number_counts)
    moment, _ = utc_instant(article.published)
    return ArticleFeatures(
        article_id=article.id,
        title=article.title,
        words=words.weigh(word_counts),
        names=names.weigh(name_counts),
        clusters=frozenset(clusters),
        moment=moment,
        published=article.published,
        numbers=numbers.weigh(number_counts) if numbers is not None else {},
        year=None if moment else latest_year(f"{article.title or ''}\n{article.text}"),
    )
