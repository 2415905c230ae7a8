"""Quote clusters: every report of one utterance across outlets, who ran it first, who altered it.

    quotes ─normal_words─▶ MinHash LSH + shared 3-gram anchors ─▶ candidate pairs
           ─rapidfuzz score, same speaker─▶ union-find ─▶ QuoteCluster

Blocking keeps the cost linear in the number of quotes: LSH buckets catch reworded and
near-identical reports, and each word 3-gram pairs its quotes with its few longest holders,
which catches excerpts of a longer report and halves of a split sentence. A pair joins only
when its speakers are compatible and enough of the shorter quote is covered by the longer.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from storyline.model import Article, Quote, QuoteCluster, stable_id, utc_instant
from storyline.quotes.fidelity import GAP, compare, normal_words, spoken

__all__ = ["link_quotes", "provenance", "speakers_compatible", "published_utc"]

MIN_WORDS = 4
NUM_PERM = 64
LSH_THRESHOLD = 0.4
GRAM = 3
ANCHORS = 6  # longest holders of a 3-gram every other holder is compared with
SMALL_BUCKET = 12  # a 3-gram held by at most this many quotes compares them all
MIN_COVER = 0.85  # share of the shorter quote's words the longer one must reproduce
MIN_PARTIAL = 85.0
MIN_REWORDED = 88.0

# Words of office and role: a speaker's own name is what follows the last of them, so
# "Valdorian Foreign Minister Irena Voss", "Foreign Minister Voss" and "Irena Voss" agree.
_TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "sen", "senator", "rep", "representative", "gov", "governor",
    "premier", "prime", "minister", "secretary", "chancellor", "general", "gen", "col",
    "colonel", "lt", "lieutenant", "major", "captain", "capt", "admiral", "commander",
    "sergeant", "judge", "justice", "mayor", "pope", "king", "queen", "prince", "princess",
    "sheikh", "emir", "ayatollah", "rabbi", "reverend", "rev", "father", "bishop",
    "cardinal", "chairman", "chairwoman", "chair", "ceo", "cfo", "chief", "executive",
    "director", "head", "leader", "deputy", "acting", "interim", "former", "ex", "senior",
    "spokesman", "spokeswoman", "spokesperson", "lawmaker", "legislator", "mp", "mep",
    "congressman", "congresswoman", "councillor", "councilor", "councilman", "ambassador",
    "envoy", "commissioner", "official", "officer", "negotiator", "analyst", "expert",
    "coach", "manager", "player", "striker", "midfielder", "goalkeeper", "founder",
    "attorney", "prosecutor", "lawyer", "economist", "researcher", "adviser",
    "advisor", "aide", "assistant", "correspondent", "editor", "reporter", "anchor",
    "state", "foreign", "defence", "defense", "interior", "finance", "treasury", "health",
    "trade", "energy", "labour", "labor", "home", "affairs", "opposition", "party",
    "of", "for", "the", "jr", "sr",
}  # fmt: skip
_KIND_RANK = {"direct": 0, "partial": 1, "indirect": 2}  # which version a cluster shows
_GENERIC_START = {"a", "an", "the", "one", "another", "some", "several", "two", "three"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them"}


@dataclass(frozen=True)
class _Report:
    """One quote prepared for matching: its normalised spoken words and speaker name."""

    quote: Quote
    words: tuple[str, ...]
    speaker: tuple[str, ...] | None
    segments: tuple[str, ...]  # the stretches between ellipses and [insertions]

    @property
    def text(self) -> str:
        return " ".join(self.words)


def _speaker_name(name: str | None) -> tuple[str, ...] | None:
    """Return a named speaker's own name as normalised tokens, or None for no or a generic name.

    Titles and the words before them are descriptions, not the name: only the tokens after
    the last title word are kept ("Kestrel Foreign Secretary Pavel Ostrand" → pavel ostrand).
    """
    if not name or not any(ch.isupper() for ch in name):
        return None
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    tokens = "".join(c if c.isalnum() else " " for c in plain).split()
    if not tokens or tokens[0] in _GENERIC_START or tokens[0] in _PRONOUNS:
        return None
    while len(tokens) > 1 and tokens[-1] in {"jr", "sr"}:
        tokens.pop()
    if all(t in _TITLES for t in tokens):
        return None  # "the Minister", "President": a role, not a name
    # the last word is always name ("Martin Luther King", "John Major")
    last_title = max((i for i, t in enumerate(tokens[:-1]) if t in _TITLES), default=-1)
    return tuple(tokens[last_title + 1 :])


def _same_given(a: str, b: str) -> bool:
    """Return whether two given-name tokens may be one name (equal, or an initial of it)."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def speakers_compatible(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> bool:
    """Return whether two speaker names may be one person.

    Unknown speakers fit anyone; a lone name fits a full name's first or last word (surnames,
    and family names written first); two fuller names need the same last word and every
    given name of the shorter in the longer ("Irena Voss" fits "Irena K. Voss", not "Maria
    Voss").
    """
    if a is None or b is None or a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) == 1:
        return short[0] in (long[0], long[-1])
    if short[-1] != long[-1]:
        return False
    return all(any(_same_given(s, t) for t in long[:-1]) for s in short[:-1])


def _same_speaker(a: _Report, b: _Report) -> bool:
    """Return whether two reports can be of one speaker: same entity id, else names."""
    if a.quote.speaker_id and a.quote.speaker_id == b.quote.speaker_id:
        return True
    return speakers_compatible(a.speaker, b.speaker)


def _match(a: _Report, b: _Report) -> float | None:
    """Return a score when two reports are the same utterance, else None."""
    if not _same_speaker(a, b):
        return None
    short, long = sorted((a, b), key=lambda r: (len(r.words), r.quote.id))
    if len(short.words) < 6:
        # too few words for fuzzy evidence: only a verbatim excerpt counts
        return 1.0 if f" {short.text} " in f" {long.text} " else None
    cover = LCSseq.similarity(short.words, long.words) / len(short.words)
    if cover >= MIN_COVER and all(
        fuzz.partial_ratio(part, long.text) >= MIN_PARTIAL
        for part in short.segments
        if part.count(" ") >= 2 or len(short.segments) == 1
    ):
        return cover
    if len(short.words) >= 0.6 * len(long.words):
        reworded = fuzz.token_sort_ratio(short.text, long.text)
        if (
            reworded >= MIN_REWORDED
            or min(fuzz.token_set_ratio(a.text, b.text), reworded + 8) >= 95
        ):
            return reworded / 100.0
    return None


def _shingles(words: Sequence[str]) -> list[bytes]:
    """Return the word unigrams and bigrams of a quote, encoded for MinHash."""
    grams = set(words) | {f"{x} {y}" for x, y in zip(words, words[1:], strict=False)}
    return [g.encode("utf-8") for g in sorted(grams)]


def twin_key(report: _Report) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """Return what makes two reports interchangeable for matching: words and speaker."""
    return report.segments, report.speaker


def _lsh_pairs(reports: Sequence[_Report]) -> set[tuple[int, int]]:
    """Return index pairs whose shingle sets MinHash LSH puts in a common bucket.

    Reports with the same words and speaker (a formula many articles print: "officials
    said the investigation is continuing") are twins: ``_match`` scores a twin exactly
    as it scores the first of them, so only that first one is put into the LSH index and
    each later twin is paired with it alone. The clusters are the same as with every
    pair, and a formula printed n times costs n pairs instead of n²/2.
    """
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    first: dict[tuple[tuple[str, ...], tuple[str, ...] | None], int] = {}
    heads = [first.setdefault(twin_key(r), i) for i, r in enumerate(reports)]
    own = [i for i, head in enumerate(heads) if head == i]
    hashes = MinHash.bulk([_shingles(reports[i].words) for i in own], num_perm=NUM_PERM)
    pairs = {(head, i) for i, head in enumerate(heads) if head != i}
    for i, mh in zip(own, hashes, strict=True):
        pairs.update((j, i) for j in lsh.query(mh))
        lsh.insert(i, mh, check_duplication=False)
    return pairs


def _gram_pairs(reports: Sequence[_Report]) -> set[tuple[int, int]]:
    """Return index pairs sharing a word 3-gram: all pairs in small buckets, else to anchors."""
    holders: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, r in enumerate(reports):
        for segment in r.segments:  # a gram across an ellipsis is in no other report
            words = segment.split()
            for k in range(len(words) - GRAM + 1):
                holders[tuple(words[k : k + GRAM])].add(i)
    pairs: set[tuple[int, int]] = set()
    for members in holders.values():
        if len(members) < 2:
            continue
        ranked = sorted(members, key=lambda i: (-len(reports[i].words), i))
        anchors = ranked if len(ranked) <= SMALL_BUCKET else ranked[:ANCHORS]
        pairs.update((min(a, m), max(a, m)) for a in anchors for m in ranked if a != m)
    return pairs


class _Forest:
    """Union-find over report indexes that refuses to join two different named speakers."""

    def __init__(self, reports: Sequence[_Report]) -> None:
        self.parent = list(range(len(reports)))
        self.names = [{r.speaker} if r.speaker else set() for r in reports]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or not all(
            speakers_compatible(x, y) for x in self.names[a] for y in self.names[b]
        ):
            return
        a, b = min(a, b), max(a, b)
        self.parent[b] = a
        self.names[a] |= self.names[b]
        self.names[b] = set()


def _report(quote: Quote) -> _Report:
    """Return a quote prepared for matching: the words inside its marks (an indirect quote's
    whole text), so an attribution inside a split quote is not taken for spoken words."""
    said = quote.text if quote.kind == "indirect" else spoken(quote.text)
    gapped = normal_words(said, gaps=True)
    segments = " ".join(gapped).split(GAP)
    words = tuple(w for w in gapped if w != GAP)
    return _Report(quote, words, _speaker_name(quote.speaker), tuple(s.strip() for s in segments))


def _prepare(quotes: Iterable[Quote]) -> list[_Report]:
    """Return the quotes long enough to link, in id order so results ignore input order."""
    unique = {q.id: q for q in quotes}
    reports = [_report(q) for q in unique.values()]
    return sorted((r for r in reports if len(r.words) >= MIN_WORDS), key=lambda r: r.quote.id)


def link_quotes(quotes: Sequence[Quote], articles: Mapping[str, Article]) -> list[QuoteCluster]:
    """Return one cluster per utterance; every quote of at least four words is in exactly one."""
    reports = _prepare(quotes)
    scored: dict[tuple[int, int], float] = {}
    for i, j in _lsh_pairs(reports) | _gram_pairs(reports):
        score = _match(reports[i], reports[j])
        if score is not None:
            scored[min(i, j), max(i, j)] = score
    return _clusters_of(reports, scored, articles)


def _clusters_of(
    reports: Sequence[_Report],
    scored: Mapping[tuple[int, int], float],
    articles: Mapping[str, Article],
) -> list[QuoteCluster]:
    """Join scored pairs of reports, strongest first, into clusters (sorted by id)."""
    ranked = []
    for (i, j), score in scored.items():
        # on equal scores a pair of like length (the same excerpt twice) beats an
        # excerpt inside a longer quote: the likelier home of a phrase two people used
        sizes = sorted((len(reports[i].words), len(reports[j].words)))
        ranked.append((-score, -sizes[0] / sizes[1], i, j))
    forest = _Forest(reports)
    for _, _, i, j in sorted(ranked):  # strongest pairs first: a conflict drops the weakest
        forest.union(i, j)
    groups: dict[int, list[_Report]] = defaultdict(list)
    for i, r in enumerate(reports):
        groups[forest.find(i)].append(r)
    clusters = [_cluster(members, articles) for members in groups.values()]
    return sorted(clusters, key=lambda c: c.id)


def _speaker_of(members: Sequence[_Report]) -> tuple[str | None, str | None]:
    """Return the most common named speaker and speaker id among a cluster's reports."""
    names = Counter(r.quote.speaker for r in members if r.speaker and r.quote.speaker)
    ids = Counter(r.quote.speaker_id for r in members if r.quote.speaker_id)
    name = min(names, key=lambda n: (-names[n], -len(n), n)) if names else None
    ident = min(ids, key=lambda n: (-ids[n], n)) if ids else None
    return name, ident


def _cluster(members: Sequence[_Report], articles: Mapping[str, Article]) -> QuoteCluster:
    """Return the cluster record of a group of reports of one utterance.

    Its text is the fullest direct version (else partial, else reported speech), and every
    quoted member is compared with it word by word; reported speech paraphrases by nature,
    so it is never counted as altered.
    """
    fullest = min(
        members,
        key=lambda r: (
            _KIND_RANK.get(r.quote.kind, 1),
            -len(r.words),
            -len(r.quote.text),
            r.quote.id,
        ),
    )
    ids = sorted(r.quote.id for r in members)
    speaker, speaker_id = _speaker_of(members)
    draft = QuoteCluster(
        stable_id("c", ids[0]),
        speaker,
        speaker_id,
        fullest.quote.text,
        tuple(ids),
        None,
        None,
        None,
    )
    reports = provenance(draft, {r.quote.id: r.quote for r in members}, articles)
    first = reports[0] if reports else None
    altered = tuple(
        r.quote.id for r in sorted(members, key=lambda r: r.quote.id)
        if r is not fullest and r.quote.kind != "indirect" and _altered(fullest, r)
    )  # fmt: skip
    return QuoteCluster(
        id=draft.id,
        speaker=speaker,
        speaker_id=speaker_id,
        text=fullest.quote.text,
        quote_ids=tuple(ids),
        first_article_id=first["article_id"] if first else None,
        first_outlet=first["outlet"] if first else None,
        first_published=first["published"] if first else None,
        altered_quote_ids=altered,
    )


def _altered(fullest: _Report, other: _Report) -> bool:
    """Return whether a report changes words of the fullest version where the two overlap."""
    if len(other.segments) == 1 and _is_excerpt(other.words, fullest.words):
        return False  # the same words, a faithful excerpt: no word diff needed
    return compare(fullest.quote.text, other.quote.text).status == "altered"


def _is_excerpt(short: Sequence[str], long: Sequence[str]) -> bool:
    """Return whether ``short`` is a contiguous run of words inside ``long``."""
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


published_utc = utc_instant  # the name stories/ imports


def provenance(
    cluster: QuoteCluster, quotes: Mapping[str, Quote], articles: Mapping[str, Article]
) -> list[dict]:
    """Return the cluster's reports in UTC publication order with each one's delay from the first.

    Timed reports come before bare dates of the same instant; undated reports come last.
    """
    rows = []
    for quote_id in cluster.quote_ids:
        quote = quotes.get(quote_id)
        article = articles.get(quote.article_id) if quote else None
        published = article.published if article else None
        moment, bare = utc_instant(published)
        rows.append((moment, bare, quote, article, quote_id))
    far = datetime.max.replace(tzinfo=UTC)
    rows.sort(key=lambda r: (r[0] or far, r[0] is None, r[1], r[4]))
    start = rows[0][0] if rows else None
    return [
        {
            "quote_id": quote_id,
            "article_id": quote.article_id if quote else None,
            "outlet": article.outlet if article else None,
            "published": article.published if article else None,
            "delay_seconds": (moment - start).total_seconds() if moment and start else None,
        }
        for moment, _, quote, article, quote_id in rows
    ]


def link_scored_pairs(
    quotes: Sequence[Quote],
    articles: Mapping[str, Article],
    scored: Iterable[tuple[str, str, float]],
) -> list[QuoteCluster]:
    """Return ``link_quotes``' clusters from pairs found and scored elsewhere (engines.spark).

    ``scored`` holds (quote id, quote id, score) for each candidate pair of the blocking
    step (``_lsh_pairs`` and ``_gram_pairs``) that ``_match`` scores; a pair may come twice.
    Both join the pairs with ``_clusters_of`` (tests/engines/test_link_hook.py compares them).
    """
    reports = _prepare(quotes)
    index = {r.quote.id: i for i, r in enumerate(reports)}
    pairs: dict[tuple[int, int], float] = {}
    for a, b, score in scored:
        if a in index and b in index and a != b:
            pairs[min(index[a], index[b]), max(index[a], index[b])] = score
    return _clusters_of(reports, pairs, articles)
