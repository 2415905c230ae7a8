"""The corpus-level stages of a Spark run, with quote linking's costly steps on the cluster.

``link(store, spark)`` does what ``pipeline.link`` does, step for step and with the same
functions, except that quote linking finds and scores its candidate pairs as Spark jobs:

1. Blocking. Each quote is prepared on the executors exactly as ``link_quotes`` prepares it
   (``quotes.link._report``: ``fidelity.normal_words`` of its spoken words) and gives two
   kinds of keys, exploded into a DataFrame and self-joined:

   - MinHash LSH bands: the MinHash signature of its word unigrams and bigrams (datasketch,
     seeded as ``link_quotes`` seeds it) cut into the bands of ``MinHashLSH`` at
     ``LSH_THRESHOLD``; quotes sharing a band are candidates. This is the join MLlib's
     ``MinHashLSH.approxSimilarityJoin`` makes, but with datasketch's hash family, so the
     candidates are exactly the single-process ones (MLlib's hashes would give others).
   - word 3-grams: the holders of each gram, ranked by length; a gram held by at most
     ``SMALL_BUCKET`` quotes pairs them all, a commoner one pairs each holder with its
     ``ANCHORS`` longest holders (window functions).

2. Scoring: each quote's candidates are grouped with it, spread evenly over the executors
   and scored by ``quotes.link._match``; the quotes are broadcast to the executors, or past
   ``BROADCAST_QUOTES`` quotes, travel with their pairs through joins.

The driver then joins the accepted pairs, strongest first (``link_scored_pairs``). That
union refuses to join two different named speakers, so its result depends on the order of
the joins: it stays sequential, and is linear in the accepted pairs. Entity merging, stories
(incremental, in publication order) and events run on the driver as in ``pipeline.link``.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..model import Article, Quote, QuoteCluster
from ..quotes.link import (
    ANCHORS,
    GRAM,
    LSH_THRESHOLD,
    MIN_WORDS,
    NUM_PERM,
    SMALL_BUCKET,
    _match,
    _Report,
    _report,
    _shingles,
    link_quotes,
    link_scored_pairs,
    twin_key,
)
from ..store import Store

__all__ = ["link", "link_quotes_on_spark", "quote_pairs", "MIN_QUOTES", "BROADCAST_QUOTES"]

Prepared = tuple[str, _Report]
BROADCAST_QUOTES = 200_000  # up to this many quotes are shipped whole to every executor
MIN_QUOTES = 2_000  # fewer quotes are linked on the driver (the same clusters, no Spark jobs)


def _prepared(quotes: Iterable[Quote]) -> Iterator[Prepared]:
    """Yield (quote id, report) for each quote long enough to link."""
    for quote in quotes:
        report = _report(quote)
        if len(report.words) >= MIN_WORDS:
            yield quote.id, report


def _lsh_bands() -> list[tuple[int, int]]:
    """Return the (start, end) of each band of the MinHashLSH that ``link_quotes`` builds."""
    from datasketch import MinHashLSH

    return [(int(a), int(b)) for a, b in MinHashLSH(LSH_THRESHOLD, NUM_PERM).hashranges]


def _grams(report: _Report) -> list[str]:
    """Return the word 3-grams inside the report's segments (none across an ellipsis)."""
    grams: set[str] = set()
    for segment in report.segments:
        words = segment.split()
        grams.update(" ".join(words[k : k + GRAM]) for k in range(len(words) - GRAM + 1))
    return sorted(grams)


def _block_keys(bands: Sequence[tuple[int, int]]) -> Any:
    """Return the executor function: quotes → (id, words, twin key, band keys, 3-grams, report) rows."""

    def rows(quotes: Iterable[Quote]) -> Iterator[tuple[Any, ...]]:
        from datasketch import MinHash

        batch = list(_prepared(quotes))
        if not batch:
            return
        hashes = MinHash.bulk([_shingles(r.words) for _, r in batch], num_perm=NUM_PERM)
        for (quote_id, report), minhash in zip(batch, hashes, strict=True):
            values = minhash.hashvalues
            keys = [f"{b}:{values[s:e].tobytes().hex()}" for b, (s, e) in enumerate(bands)]
            blob = pickle.dumps(report, pickle.HIGHEST_PROTOCOL)
            twin = hashlib.sha1(repr(twin_key(report)).encode("utf-8")).hexdigest()
            yield quote_id, len(report.words), twin, keys, _grams(report), blob

    return rows


def _scores_of_blobs(rows: Iterable[Any]) -> Iterator[tuple[str, str, float]]:
    """Yield (x, y, score) for the pairs of rows (x, report x, [(y, report y)…]) that match.

    Each report is unpickled once per partition: a quote is in many candidate pairs.
    """
    reports: dict[str, _Report] = {}

    def report(quote_id: str, blob: bytes) -> _Report:
        if quote_id not in reports:
            reports[quote_id] = pickle.loads(blob)
        return reports[quote_id]

    for x, blob_x, others in rows:
        for y, blob_y in others:
            score = _match(report(x, blob_x), report(y, blob_y))
            if score is not None:
                yield x, y, float(score)


def _scores_of_shared(blobs: Any) -> Any:
    """Return the executor function scoring rows (x, [y…]) with the broadcast reports."""

    def scores(rows: Iterable[Any]) -> Iterator[tuple[str, str, float]]:
        shared: Mapping[str, bytes] = blobs.value
        reports: dict[str, _Report] = {}
        for x, ys in rows:
            for y in ys:
                for quote_id in (x, y):
                    if quote_id not in reports:
                        reports[quote_id] = pickle.loads(shared[quote_id])
                score = _match(reports[x], reports[y])
                if score is not None:
                    yield x, y, float(score)

    return scores


def _candidates(keys: Any) -> Any:
    """Return the frame of candidate pairs (x < y): quotes sharing an LSH band or a 3-gram.

    A pair found by several keys comes several times (the grouping after removes repeats).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    # twins (same words and speaker) are paired with their first alone, as in _lsh_pairs
    first = F.min("id").over(Window.partitionBy("twin"))
    keys = keys.withColumn("head", first)
    twins = keys.where(F.col("id") != F.col("head")).select(
        F.col("head").alias("x"), F.col("id").alias("y")
    )
    band = keys.where(F.col("id") == F.col("head")).select("id", F.explode("bands").alias("key"))
    lsh = (
        band.alias("a")
        .join(band.alias("b"), F.col("a.key") == F.col("b.key"))
        .where(F.col("a.id") < F.col("b.id"))
        .select(F.col("a.id").alias("x"), F.col("b.id").alias("y"))
        .union(twins)
    )
    held = keys.select("id", "words", F.explode("grams").alias("gram"))
    by_length = Window.partitionBy("gram").orderBy(F.desc("words"), F.asc("id"))
    held = held.withColumn("rank", F.row_number().over(by_length)).withColumn(
        "holders", F.count("*").over(Window.partitionBy("gram"))
    )
    anchors = held.where(
        (F.col("holders") >= 2) & ((F.col("holders") <= SMALL_BUCKET) | (F.col("rank") <= ANCHORS))
    )
    grams = (
        anchors.alias("a")
        .join(held.alias("m"), F.col("a.gram") == F.col("m.gram"))
        .where(F.col("a.id") != F.col("m.id"))
        .select(F.least("a.id", "m.id").alias("x"), F.greatest("a.id", "m.id").alias("y"))
    )
    return lsh.union(grams)


def quote_pairs(
    spark: Any, quotes: Sequence[Quote], broadcast_limit: int = BROADCAST_QUOTES
) -> list[tuple[str, str, float]]:
    """Return (id, id, score) for the candidate pairs of ``link_quotes`` that its scoring accepts.

    Python runs twice on the executors: to prepare the quotes (words, band keys, 3-grams,
    the pickled report) and to score the candidate pairs; the joins in between are the
    JVM's. Up to ``broadcast_limit`` quotes, the prepared quotes are broadcast to the
    executors for scoring; past it, they travel with their pairs through joins.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    sc = spark.sparkContext
    unique = {q.id: q for q in quotes}
    if len(unique) < 2:
        return []
    joined = len(unique) > broadcast_limit
    slices = max(1, min(len(unique) // 1000 + 1, sc.defaultParallelism * 4))
    columns = [
        T.StructField("id", T.StringType(), False),
        T.StructField("words", T.IntegerType(), False),
        T.StructField("twin", T.StringType(), False),
        T.StructField("bands", T.ArrayType(T.StringType()), False),
        T.StructField("grams", T.ArrayType(T.StringType()), False),
    ]
    columns += [T.StructField("report", T.BinaryType(), False)]
    rows = sc.parallelize(list(unique.values()), slices)
    rows = rows.mapPartitions(_block_keys(_lsh_bands()))
    keys = spark.createDataFrame(rows, T.StructType(columns))
    keys = keys.persist(StorageLevel.MEMORY_AND_DISK)
    keys.count()  # prepare once: the joins below would each run the Python preparation
    tasks = sc.defaultParallelism * 4  # the scoring is the costly part: spread it evenly
    shared = None
    # the pair tables are small in bytes but costly per row: keep their shuffles in many parts
    advisory = "spark.sql.adaptive.advisoryPartitionSizeInBytes"
    before = spark.conf.get(advisory, None)
    spark.conf.set(advisory, "1m")
    try:
        pairs = _candidates(keys)
        if joined:
            # each quote's candidates travel with it, grouped: one Python row per quote
            reports = keys.select("id", "report")
            others = (
                pairs.distinct()
                .join(reports.select(F.col("id").alias("y"), F.col("report").alias("ry")), "y")
                .groupBy("x")
                .agg(F.collect_list(F.struct("y", "ry")).alias("others"))
            )
            rows = others.join(
                reports.select(F.col("id").alias("x"), F.col("report").alias("rx")), "x"
            )
            rows = rows.select("x", "rx", "others").repartition(tasks)
            return list(rows.rdd.mapPartitions(_scores_of_blobs).collect())
        shared = sc.broadcast(dict(keys.select("id", "report").rdd.map(tuple).collect()))
        rows = pairs.groupBy("x").agg(F.collect_set("y").alias("ys")).repartition(tasks)
        return list(rows.rdd.mapPartitions(_scores_of_shared(shared)).collect())
    finally:
        keys.unpersist()
        if shared is not None:
            shared.unpersist()
        if before is None:
            spark.conf.unset(advisory)
        else:
            spark.conf.set(advisory, before)


def link_quotes_on_spark(
    spark: Any,
    quotes: Sequence[Quote],
    articles: Mapping[str, Article],
    broadcast_limit: int = BROADCAST_QUOTES,
) -> list[QuoteCluster]:
    """Return the clusters ``link_quotes`` returns, its pairs found and scored on Spark."""
    return link_scored_pairs(quotes, articles, quote_pairs(spark, quotes, broadcast_limit))


def link(
    store: Store,
    spark: Any,
    *,
    min_quotes: int = MIN_QUOTES,
    broadcast_limit: int = BROADCAST_QUOTES,
) -> dict[str, int]:
    """Recompute entities, quote clusters, stories and events from the store; return counts.

    The same steps as ``pipeline.link`` in the same order; quote pairs come from Spark
    when the store holds at least ``min_quotes`` quotes (below, Spark's fixed cost of
    several seconds a job outweighs the work, and ``link_quotes`` gives the same clusters).
    """
    from ..pipeline import link as link_store

    def linker(quotes: Sequence[Quote], articles: Mapping[str, Article]) -> list[QuoteCluster]:
        if len(quotes) >= min_quotes:
            return link_quotes_on_spark(spark, quotes, articles, broadcast_limit)
        return link_quotes(quotes, articles)

    return link_store(store, linker)
