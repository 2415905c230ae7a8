"""Run storyline's per-document stages on Apache Spark, and the corpus-level ones after.

    from storyline.engines.spark import run, load_into
    counts = run(["crawl/"], "out/", master="local[*]")      # Parquet under out/
    report = load_into(open_store("news.db"), "out/")       # into any store, then relinked

Inputs are spread by file: each executor reads its files with ``ingest.iter_file`` (WARC and
JSONL files record by record). Every input gets its position in the stream the pipeline
would read (files in order, records in order); pages repeating an earlier page's content
are dropped, and the rest are grouped into the pipeline's batches (``Settings.batch_size``
inputs), so that text dumps see the same template lines. ``mapPartitions`` then runs the
very same ``pipeline.process_page`` over each batch, with the spaCy model loaded once per
Python worker (``nlp.model`` caches it per process). Results become Parquet tables
(``engines.tables``). With ``link=True`` the driver then loads them into a SQLite store
in ``out/linked/``, recomputes entities, quote clusters, stories and events with
``pipeline.link`` and exports the contract's tables as Parquet beside it, for DuckDB.

pyspark is an optional extra (``storyline[spark]``): it is imported inside ``run`` only.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import StorylineError
from ..ingest import expand_paths, iter_file
from ..model import Analysis, Page, Reject
from ..settings import Settings, load_settings
from .tables import MANIFEST, TABLES, load_into, table_rows

__all__ = ["run", "load_into", "spark_schema"]

Indexed = tuple[int, Page | Reject]
_LISTS = {"authors", "captions", "boilerplate", "roles", "aliases", "entity_ids", "sources"}
_LONGS = {"seq", "start", "end", "speaker_start", "speaker_end"}
_BOOLS = {"planned", "relative"}


def spark_schema(table: str) -> Any:
    """Return the Spark schema of one results table (see ``engines.tables``)."""
    from pyspark.sql import types as T

    def column(name: str) -> Any:
        if name in _LISTS:
            return T.ArrayType(T.StringType())
        if name == "mentions":
            parts = [
                ("start", T.LongType()),
                ("end", T.LongType()),
                ("text", T.StringType()),
                ("kind", T.StringType()),
            ]
            return T.ArrayType(T.StructType([T.StructField(n, t) for n, t in parts]))
        if name == "detail":
            return T.MapType(T.StringType(), T.StringType())
        if name in _LONGS:
            return T.LongType()
        return T.BooleanType() if name in _BOOLS else T.StringType()

    return T.StructType([T.StructField(n, column(n), n != "seq") for n in TABLES[table]])


def _read_file(settings: Settings) -> Any:
    """Return the executor function: (file index, path) → ((file index, record), item)."""

    def read(indexed: tuple[int, str]) -> Iterator[tuple[tuple[int, int], Page | Reject]]:
        file_index, path = indexed
        for record, item in enumerate(iter_file(path, settings)):
            yield (file_index, record), item

    return read


def _process_batches(
    batches: Iterable[tuple[int, Iterable[tuple[int, Page]]]],
) -> Iterator[tuple[int, Page, Analysis | Reject]]:
    """Yield (seq, page, result) for every page of every batch, as the pipeline processes them."""
    from ..pipeline import _templates, process_page

    for _, members in batches:
        ordered = sorted(members, key=lambda item: item[0])
        templates = _templates([page for _, page in ordered])
        for seq, page in ordered:
            yield seq, page, process_page(page, templates)


def _session(master: str, conf: Mapping[str, str]) -> Any:
    """Return a Spark session for ``master``; local masters run workers on this Python."""
    from pyspark.sql import SparkSession

    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("storyline")
    defaults = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "8"}
    for key, value in {**defaults, **conf}.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def _sequence(items: Any, sc: Any) -> Any:
    """Return the items keyed by their position in the pipeline's input stream."""
    per_file = items.map(lambda kv: (kv[0][0], 1)).reduceByKey(lambda a, b: a + b).collectAsMap()
    offsets, total = {}, 0
    for file_index in sorted(per_file):
        offsets[file_index] = total
        total += per_file[file_index]
    starts = sc.broadcast(offsets)
    return items.map(lambda kv: (starts.value[kv[0][0]] + kv[0][1], kv[1])), total


def _first_of_each_content(pages: Any) -> Any:
    """Return the pages whose content no earlier input repeats, keyed (seq, page)."""
    by_hash = pages.map(lambda sp: (sp[1].hash, sp))
    return by_hash.reduceByKey(lambda a, b: a if a[0] < b[0] else b).values()


def _write_tables(spark: Any, results: Any, out: Path, partitions: int) -> dict[str, int]:
    """Write each results table as Parquet, sorted by seq; return its row count."""
    rows = results.flatMap(lambda r: table_rows(*r)).persist()
    counts: dict[str, int] = {}
    try:
        for table in TABLES:
            part = rows.filter(lambda tr, t=table: tr[0] == t).map(lambda tr: tr[1])
            frame = spark.createDataFrame(part, spark_schema(table), verifySchema=False)
            frame = frame.repartitionByRange(partitions, "seq").sortWithinPartitions("seq")
            frame.write.mode("overwrite").parquet(str(out / table))
            counts[table] = spark.read.parquet(str(out / table)).count()
    finally:
        rows.unpersist()
    return counts


def run(
    paths: Iterable[str],
    out_dir: str | Path,
    master: str = "local[*]",
    *,
    settings: Settings | None = None,
    link: bool = True,
    partitions: int | None = None,
    conf: Mapping[str, str] | None = None,
    spark: Any = None,
) -> dict[str, int]:
    """Analyse every page under ``paths`` on Spark into Parquet under ``out_dir``; return counts.

    ``master`` is any Spark master URL (``local[4]``, ``spark://host:7077``, ``yarn``,
    ``k8s://…``); ``conf`` adds Spark settings; ``spark`` reuses a running session (left
    running). With ``link`` the corpus-level stages run on the driver (see the module's
    docstring); without it, call ``load_into(store, out_dir)`` to store and link.
    Raises StorylineError when pyspark is missing or ``out_dir`` cannot be written.
    """
    try:
        import pyspark
    except ImportError as exc:
        raise StorylineError("the Spark engine needs pyspark; install storyline[spark]") from exc
    from pyspark import StorageLevel

    settings = settings or load_settings()
    out = Path(out_dir)
    files = list(expand_paths(paths))
    session = spark or _session(master, conf or {})
    sc = session.sparkContext
    slices = partitions or max(1, min(len(files), sc.defaultParallelism * 4))
    try:
        out.mkdir(parents=True, exist_ok=True)
        items = sc.parallelize(list(enumerate(files)), max(1, slices))
        items = items.flatMap(_read_file(settings)).persist(StorageLevel.MEMORY_AND_DISK)
        indexed, total = _sequence(items, sc)
        rejects = indexed.filter(lambda si: isinstance(si[1], Reject))
        pages = indexed.filter(lambda si: isinstance(si[1], Page))
        unique = _first_of_each_content(pages)
        size = settings.batch_size
        batches = unique.map(lambda sp: (sp[0] // size, sp)).groupByKey(slices)
        processed = batches.mapPartitions(_process_batches)
        results = processed.union(rejects.map(lambda sr: (sr[0], None, sr[1])))
        counts = _write_tables(session, results, out, max(1, slices))
        duplicates = pages.count() - counts["pages"] - _processing_rejects(session, out)
        items.unpersist()
    finally:
        if spark is None:
            session.stop()
    manifest = {
        "inputs": total,
        "files": len(files),
        "duplicates": duplicates,
        "pyspark": pyspark.__version__,
        "batch_size": settings.batch_size,
        **counts,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    if link:
        manifest.update(_link_on_driver(out))
    return {k: v for k, v in manifest.items() if isinstance(v, int)}


def _processing_rejects(spark: Any, out: Path) -> int:
    """Return how many rejects came from extraction or analysis rather than ingest."""
    frame = spark.read.parquet(str(out / "rejects"))
    return int(frame.filter(frame.stage != "ingest").count())


def _link_on_driver(out: Path) -> dict[str, int]:
    """Load the results into ``out/linked/storyline.db``, link, export Parquet; return counts."""
    from ..export import export_parquet
    from ..store import SqliteStore

    linked = out / "linked"
    linked.mkdir(exist_ok=True)
    db = linked / "storyline.db"
    db.unlink(missing_ok=True)
    with SqliteStore(str(db)) as store:
        load_into(store, out)
        exported = export_parquet(store, linked)
    return {f"linked_{name}": count for name, count in exported.items()}
