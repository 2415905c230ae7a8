"""Stories: articles about one real-world event, grouped one article at a time as they arrive.

Each new article is weighed (see ``features``), compared with the stories that share one of
its top words, a name or a quote cluster, and joins the most similar story above the
threshold, else opens a new one. The similarity mixes word and name cosines with each
story's centroid, a bonus for a shared quote cluster, and a decay with the time since the
story's last article. Articles are handled strictly in arrival order, so the assignment does
not depend on how arrivals are batched.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from storyline.model import Article, Entity, Story, stable_id, utc_instant
from storyline.stories.features import ArticleFeatures, Vocabulary, dot, features_of

__all__ = ["StoryClusterer", "cluster_stories"]

WORD_WEIGHT = 0.5
NAME_WEIGHT = 0.5
QUOTE_BONUS = 0.4  # the same utterance reported twice is strong evidence of one event
RECENT_MEMBERS = 20  # members compared one by one besides the centroid
INDEX_TERMS = 25
CANDIDATES = 12  # stories scored in full per article, those sharing the most index keys
MAX_SCORE = (
    WORD_WEIGHT + NAME_WEIGHT + QUOTE_BONUS
)  # top words of each member under which its story can be found
_FAR = datetime.max.replace(tzinfo=UTC)


@dataclass
class _Centroid:
    """A running sum of unit vectors and its squared norm."""

    total: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0

    def add(self, vector: Mapping[str, float]) -> None:
        self.norm2 += 2.0 * dot(vector, self.total) + sum(v * v for v in vector.values())
        for term, value in vector.items():
            self.total[term] = self.total.get(term, 0.0) + value

    def cosine(self, vector: Mapping[str, float]) -> float:
        return dot(vector, self.total) / math.sqrt(self.norm2) if self.norm2 > 0 else 0.0


@dataclass
class _StoryState:
    """What the clusterer keeps of one open story."""

    id: str
    members: list[ArticleFeatures] = field(default_factory=list)
    words: _Centroid = field(default_factory=_Centroid)
    names: _Centroid = field(default_factory=_Centroid)
    clusters: set[str] = field(default_factory=set)
    last: datetime | None = None

    def add(self, features: ArticleFeatures) -> None:
        self.members.append(features)
        self.words.add(features.words)
        self.names.add(features.names)
        self.clusters |= features.clusters
        if features.moment and (self.last is None or features.moment > self.last):
            self.last = features.moment


def _index_keys(features: ArticleFeatures) -> list[str]:
    """Return the keys under which an article's story can be found again."""
    top = sorted(features.words, key=lambda t: (-features.words[t], t))[:INDEX_TERMS]
    return (
        [f"w:{t}" for t in top]
        + [f"n:{n}" for n in features.names]
        + [f"q:{c}" for c in features.clusters]
    )


class StoryClusterer:
    """Incremental story clustering: ``add`` batches in arrival order, read ``stories()``."""

    def __init__(self, threshold: float = 0.29, window_days: float = 7.0) -> None:
        self.threshold = threshold
        self.window_days = window_days
        self._words = Vocabulary()
        self._names = Vocabulary()
        self._stories: list[_StoryState] = []
        self._index: dict[str, set[int]] = defaultdict(set)
        self._assignment: dict[str, str] = {}

    def add(
        self,
        articles: Sequence[Article],
        entities_by_article: Mapping[str, Sequence[Entity]] = {},  # noqa: B006 - read only
        clusters_by_article: Mapping[str, Sequence[str]] = {},  # noqa: B006 - read only
    ) -> dict[str, str]:
        """Return article id → story id for a batch, placing articles one by one in order."""
        placed: dict[str, str] = {}
        for article in articles:
            if article.id in self._assignment:
                placed[article.id] = self._assignment[article.id]
                continue
            features = self._features(article, entities_by_article, clusters_by_article)
            best, score = self._best_story(features)
            placed[article.id] = self._place(features, best if score >= self.threshold else None)
        return placed

    def _features(
        self,
        article: Article,
        entities_by_article: Mapping[str, Sequence[Entity]],
        clusters_by_article: Mapping[str, Sequence[str]],
    ) -> ArticleFeatures:
        return features_of(
            article,
            entities_by_article.get(article.id, ()),
            clusters_by_article.get(article.id, ()),
            self._words,
            self._names,
        )

    def similarity(self, features: ArticleFeatures, story: _StoryState) -> float:
        """Return how likely an article reports the same event as a story (0 to ~1.25)."""
        # the centroid, or the closest recent member when the story has drifted
        score = WORD_WEIGHT * story.words.cosine(features.words)
        score += NAME_WEIGHT * story.names.cosine(features.names)
        for member in story.members[-RECENT_MEMBERS:]:
            near = WORD_WEIGHT * dot(features.words, member.words)
            score = max(score, near + NAME_WEIGHT * dot(features.names, member.names))
        if features.clusters & story.clusters:
            score += QUOTE_BONUS
        if features.moment and story.last:
            days = abs((features.moment - story.last).total_seconds()) / 86400.0
            score *= math.exp(-days / self.window_days)
        return score

    def _best_story(self, features: ArticleFeatures) -> tuple[int | None, float]:
        """Return the most similar open story among those sharing most keys, and its score."""
        shared: Counter[int] = Counter()
        for key in _index_keys(features):
            postings = self._index.get(key)
            if not postings:
                continue
            for index in [i for i in postings if self._expired(features, i)]:
                postings.discard(index)  # arrivals move forward in time: it stays expired
            shared.update(postings)
        # scoring every story that shares a common word would be quadratic: keep the closest
        candidates = sorted(shared, key=lambda i: (-shared[i], i))[:CANDIDATES]
        best, best_score = None, -1.0
        for index in sorted(candidates):
            score = self.similarity(features, self._stories[index])
            if score > best_score:
                best, best_score = index, score
        return best, best_score

    def _expired(self, features: ArticleFeatures, index: int) -> bool:
        """Return whether a story ended so long before an article that decay rules it out."""
        last = self._stories[index].last
        if features.moment is None or last is None:
            return False
        days = (features.moment - last).total_seconds() / 86400.0
        return days > self.window_days * math.log(MAX_SCORE / self.threshold)

    def _place(self, features: ArticleFeatures, index: int | None) -> str:
        """Add an article to a story (a new one when index is None); return the story id."""
        if index is None:
            index = len(self._stories)
            self._stories.append(_StoryState(stable_id("s", features.article_id)))
        story = self._stories[index]
        story.add(features)
        for key in _index_keys(features):
            self._index[key].add(index)
        self._assignment[features.article_id] = story.id
        return story.id

    @classmethod
    def resume(
        cls,
        stories: Sequence[Story],
        articles: Sequence[Article],
        entities_by_article: Mapping[str, Sequence[Entity]] = {},  # noqa: B006 - read only
        clusters_by_article: Mapping[str, Sequence[str]] = {},  # noqa: B006 - read only
        **settings: float,
    ) -> StoryClusterer:
        """Return a clusterer whose state is rebuilt from stored stories and their articles."""
        clusterer = cls(**settings)
        story_of = {aid: s.id for s in stories for aid in s.article_ids}
        positions: dict[str, int] = {}
        for article in sorted(articles, key=arrival_key):
            features = clusterer._features(article, entities_by_article, clusters_by_article)
            stored = story_of.get(article.id)
            if stored is None:
                best, score = clusterer._best_story(features)
                clusterer._place(features, best if score >= clusterer.threshold else None)
                continue
            if stored not in positions:
                positions[stored] = len(clusterer._stories)
                clusterer._stories.append(_StoryState(stored))
            clusterer._place(features, positions[stored])
        return clusterer

    def stories(self) -> list[Story]:
        """Return every story so far, in the order each was opened."""
        return [_story_record(state) for state in self._stories]


def _story_record(state: _StoryState) -> Story:
    """Return the stored form of a story: its most central headline and its time span."""
    titled = [m for m in state.members if m.title]
    title = None
    if titled:
        central = max(
            titled, key=lambda m: state.words.cosine(m.words) + state.names.cosine(m.names)
        )
        title = central.title
    dated = sorted((m for m in state.members if m.moment), key=lambda m: m.moment or _FAR)
    return Story(
        id=state.id,
        title=title,
        article_ids=tuple(m.article_id for m in state.members),
        first_published=dated[0].published if dated else None,
        last_published=dated[-1].published if dated else None,
    )


def arrival_key(article: Article) -> tuple[datetime, str]:
    """Return the sort key of arrival order: UTC publication instant, then id."""
    moment, _ = utc_instant(article.published)
    return moment or _FAR, article.id


def cluster_stories(
    articles: Sequence[Article],
    entities_by_article: Mapping[str, Sequence[Entity]] = {},  # noqa: B006 - read only
    clusters_by_article: Mapping[str, Sequence[str]] = {},  # noqa: B006 - read only
    **settings: float,
) -> list[Story]:
    """Return the stories of a corpus, feeding its articles by publication time then id."""
    clusterer = StoryClusterer(**settings)
    clusterer.add(sorted(articles, key=arrival_key), entities_by_article, clusters_by_article)
    return clusterer.stories()
