"""What a story clusterer sees of an article: weighted words, weighted names, quotes, time.

Weights are TF-IDF with the document frequencies of the articles seen so far, each
article weighed once, at its arrival. An article's vector therefore depends only on the
articles before it in arrival order, never on how they were batched.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.model import Article, Entity, utc_instant

__all__ = [
    "ArticleFeatures",
    "Vocabulary",
    "text_terms",
    "entity_terms",
    "dot",
    "features_of",
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
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def text_terms(article: Article) -> Counter[str]:
    """Return the article's content words (lowercase, no stop words), headline counted twice."""
    counts: Counter[str] = Counter()
    for text, weight in ((article.title or "", _TITLE_WEIGHT), (article.text, 1)):
        for word in _WORD.findall(text.lower()):
            if len(word) > 2 and word not in _STOP:
                counts[word] += weight
    return counts


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
) -> ArticleFeatures:
    """Return an article's features, first counting it into the running document frequencies."""
    word_counts, name_counts = text_terms(article), entity_terms(article, entities)
    words.observe(word_counts)
    names.observe(name_counts)
    moment, _ = utc_instant(article.published)
    return ArticleFeatures(
        article_id=article.id,
        title=article.title,
        words=words.weigh(word_counts),
        names=names.weigh(name_counts),
        clusters=frozenset(clusters),
        moment=moment,
        published=article.published,
    )
