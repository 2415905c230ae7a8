"""Stories: articles about one real-world event, grouped one article at a time as they arrive.

Each new article is weighed (see ``features``), compared with the stories that share one of
its top words, a name or a quote cluster, and joins the most similar story above the
threshold, else opens a new one. The similarity mixes word, name and number cosines with
each story's centroid (or with its closest recent member, when a story drifts as it
develops), a bonus for a shared quote cluster, a bonus or malus for the year an undated
text names, and a decay with the time since the story's last article. The decay is gentle
over the first days and steep after a few weeks: a saga told day after day stays one story,
the same kind of event months later is another. Articles are handled strictly in arrival
order, so the assignment does not depend on how arrivals are batched.

Cost is linear in the number of articles: a story is found through an index of its keys,
keys of stories past the time window are dropped as arrivals move on, and each article is
scored against a bounded number of candidate stories and recent members.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from operator import itemgetter, mul

from storyline.model import Article, Entity, Story, stable_id, utc_instant
from storyline.stories.features import ArticleFeatures, Vocabulary, dot, features_of

__all__ = ["StoryClusterer", "cluster_stories"]

WORD_WEIGHT = 0.5
NAME_WEIGHT = 0.6
NUMBER_WEIGHT = 0.2
QUOTE_BONUS = 0.4  # the same utterance reported twice is strong evidence of one event
YEAR_BONUS = 0.15  # undated texts naming the same latest year: likely written together
YEAR_MALUS = 0.15
YEAR_GAP = 2
RECENT_MEMBERS = 20  # members compared one by one besides the centroid
INDEX_TERMS = 25  # top words of each member under which its story can be found
CANDIDATES = 12  # stories scored in full per article, those sharing the most index keys
MIN_SHARED_KEYS = 2
QUOTE_KEY_WEIGHT = 5
MEMBER_TERMS = 60  # strongest terms of a recent member compared one by one
TITLE_TERMS = 20  # strongest terms of each member kept to pick the central headline
MAX_SCORE = WORD_WEIGHT + NAME_WEIGHT + NUMBER_WEIGHT + QUOTE_BONUS + YEAR_BONUS
_FAR = datetime.max.replace(tzinfo=UTC)
_CHANNELS = (("w", WORD_WEIGHT), ("n", NAME_WEIGHT), ("u", NUMBER_WEIGHT))


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


def _joint(features: ArticleFeatures, weighted: bool) -> dict[str, float]:
    """Return the three channels as one vector (keys prefixed), weights folded in or not, so
    that comparing two articles is a single dot product."""
    joint: dict[str, float] = {}
    for (prefix, weight), vector in zip(
        _CHANNELS, (features.words, features.names, features.numbers), strict=True
    ):
        scale = weight if weighted else 1.0
        joint.update({f"{prefix}:{term}": scale * value for term, value in vector.items()})
    return joint


@dataclass(frozen=True)
class _Member:
    """What a story keeps of one member: its identity, time, and strongest terms."""

    article_id: str
    title: str | None
    published: str | None
    moment: datetime | None
    words: dict[str, float]  # for choosing the story's most central headline
    names: dict[str, float]


def _strongest(vector: Mapping[str, float], size: int) -> dict[str, float]:
    """Return the ``size`` heaviest terms of a vector."""
    return dict(heapq.nlargest(size, vector.items(), key=itemgetter(1)))


def _member_vector(features: ArticleFeatures) -> dict[str, float]:
    """Return a recent member's joint vector cut to its strongest terms (weights folded in
    only for the ranking), which keeps each comparison and the memory per member bounded."""
    weighted = _joint(features, weighted=True)
    plain = _joint(features, weighted=False)
    return {term: plain[term] for term in _strongest(weighted, MEMBER_TERMS)}


@dataclass
class _StoryState:
    """What the clusterer keeps of one open story."""

    id: str
    members: list[_Member] = field(default_factory=list)
    words: _Centroid = field(default_factory=_Centroid)
    names: _Centroid = field(default_factory=_Centroid)
    numbers: _Centroid = field(default_factory=_Centroid)
    recent: deque[dict[str, float]] = field(default_factory=lambda: deque(maxlen=RECENT_MEMBERS))
    clusters: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    last: datetime | None = None
    keys: set[str] = field(default_factory=set)  # where the index lists it
    record: Story | None = None  # set when the story closes: its state is then let go

    def add(self, features: ArticleFeatures) -> None:
        self.members.append(
            _Member(
                features.article_id,
                features.title,
                features.published,
                features.moment,
                _strongest(features.words, TITLE_TERMS),
                _strongest(features.names, TITLE_TERMS),
            )
        )
        self.words.add(features.words)
        self.names.add(features.names)
        self.numbers.add(features.numbers)
        self.recent.append(_member_vector(features))
        self.clusters |= features.clusters
        if features.year:
            self.years.add(features.year)
        if features.moment and (self.last is None or features.moment > self.last):
            self.last = features.moment


def _dot_member(article: Mapping[str, float], member: Mapping[str, float]) -> float:
    """Return the dot product of an article's full vector with a member's strongest terms."""
    return sum(map(mul, member.values(), map(article.get, member.keys(), repeat(0.0))))


def _index_keys(features: ArticleFeatures) -> list[str]:
    """Return the keys under which an article's story can be found again."""
    top = heapq.nlargest(INDEX_TERMS, features.words, key=features.words.__getitem__)
    return (
        [f"w:{t}" for t in top]
        + [f"n:{n}" for n in features.names]
        + [f"q:{c}" for c in features.clusters]
    )


class StoryClusterer:
    """Incremental story clustering: ``add`` batches in arrival order, read ``stories()``."""

    def __init__(self, threshold: float = 0.32, window_days: float = 14.0) -> None:
        self.threshold = threshold
        self.window_days = window_days
        self._words = Vocabulary()
        self._names = Vocabulary()
        self._numbers = Vocabulary()
        self._stories: list[_StoryState] = []
        self._index: dict[str, set[int]] = defaultdict(set)
        self._assignment: dict[str, str] = {}
        # a story whose last article is older than this cannot reach the threshold
        self._horizon_days = window_days * math.sqrt(math.log(MAX_SCORE / threshold))
        self._open: list[tuple[datetime, int]] = []  # (last article, story) of dated stories

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
            if features.moment is not None:
                self._close_before(features.moment)
            keys = _index_keys(features)
            best, score = self._best_story(features, keys)
            chosen = best if score >= self.threshold else None
            placed[article.id] = self._place(features, chosen, keys)
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
            self._numbers,
        )

    def decay(self, days: float) -> float:
        """Return the weight of evidence ``days`` apart: near 1 for days, small after weeks."""
        return math.exp(-((days / self.window_days) ** 2))

    def similarity(
        self,
        features: ArticleFeatures,
        story: _StoryState,
        joint: Mapping[str, float] | None = None,
    ) -> float:
        """Return how likely an article reports the same event as a story (0 to ~1.85)."""
        # the centroid, or the recent members when the story has drifted: the closest one
        # of a small story, the second closest of a larger one, so that a single stray
        # member does not chain a different event in
        score = (
            WORD_WEIGHT * story.words.cosine(features.words)
            + NAME_WEIGHT * story.names.cosine(features.names)
            + NUMBER_WEIGHT * story.numbers.cosine(features.numbers)
        )
        joint = joint if joint is not None else _joint(features, weighted=True)
        near = sorted((_dot_member(joint, m) for m in story.recent), reverse=True) + [0.0, 0.0]
        score = max(score, near[1] if len(story.recent) >= 3 else near[0])
        if features.clusters & story.clusters:
            score += QUOTE_BONUS
        if features.year and story.years:
            if features.year in story.years:
                score += YEAR_BONUS
            elif features.year > max(story.years) + YEAR_GAP:
                score -= YEAR_MALUS  # written years after anything the story names
        if features.moment and story.last:
            score *= self.decay(abs((features.moment - story.last).total_seconds()) / 86400.0)
        return score

    def _best_story(
        self, features: ArticleFeatures, keys: Sequence[str] | None = None
    ) -> tuple[int | None, float]:
        """Return the most similar open story among those sharing most keys, and its score."""
        shared: Counter[int] = Counter()
        for key in keys if keys is not None else _index_keys(features):
            postings = self._index.get(key)
            if not postings:
                continue
            for index in [i for i in postings if self._expired(features, i)]:
                postings.discard(index)  # arrivals move forward in time: it stays expired
            if not postings:
                del self._index[key]
                continue
            # a shared quote cluster counts as much as a handful of shared words
            shared.update({i: QUOTE_KEY_WEIGHT if key[0] == "q" else 1 for i in postings})
        # scoring every story that shares a common word would be quadratic: keep the closest,
        # and leave out those that share a single word, nearly always a chance overlap
        candidates = sorted(
            (i for i in shared if shared[i] >= MIN_SHARED_KEYS), key=lambda i: (-shared[i], i)
        )[:CANDIDATES]
        best, best_score = None, -1.0
        joint = _joint(features, weighted=True)
        for index in sorted(candidates):
            score = self.similarity(features, self._stories[index], joint)
            if score > best_score:
                best, best_score = index, score
        return best, best_score

    def _close_before(self, moment: datetime) -> None:
        """Close the dated stories whose last article is past the horizon at ``moment``.

        Arrivals move forward in time, so no later dated article can join them: their
        record is fixed and their vectors and index entries are let go, which keeps memory
        bounded by the stories of the time window. (An undated article, which arrives last,
        is compared with the stories still open.)
        """
        while self._open:
            last, index = self._open[0]
            if (moment - last).total_seconds() / 86400.0 <= self._horizon_days:
                return
            heapq.heappop(self._open)
            story = self._stories[index]
            if story.last != last or story.record is not None:
                continue  # a later article moved the story on; its newer entry is queued
            story.record = _story_record(story)
            for key in story.keys:
                postings = self._index.get(key)
                if postings is not None:
                    postings.discard(index)
                    if not postings:
                        del self._index[key]
            self._stories[index] = _StoryState(story.id, record=story.record)

    def _expired(self, features: ArticleFeatures, index: int) -> bool:
        """Return whether a story ended so long before an article that decay rules it out."""
        story = self._stories[index]
        if story.record is not None:
            return True
        last = story.last
        if features.moment is None or last is None:
            return False
        return (features.moment - last).total_seconds() / 86400.0 > self._horizon_days

    def _place(
        self, features: ArticleFeatures, index: int | None, keys: Sequence[str] | None = None
    ) -> str:
        """Add an article to a story (a new one when index is None); return the story id."""
        if index is None:
            index = len(self._stories)
            self._stories.append(_StoryState(stable_id("s", features.article_id)))
        story = self._stories[index]
        last = story.last
        story.add(features)
        for key in keys if keys is not None else _index_keys(features):
            self._index[key].add(index)
            story.keys.add(key)
        if story.last is not None and story.last != last:
            heapq.heappush(self._open, (story.last, index))
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
        return [state.record or _story_record(state) for state in self._stories]


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
