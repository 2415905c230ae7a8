"""Run storyline's per-document stages on Apache Spark, then store and link the results.

    from storyline.engines.spark import run
    result = run(["crawl/"], "out/", master="local[*]")          # Parquet under out/
    result = run(["crawl/"], "out/", store=open_store("news.db"))  # and into a store

Inputs are spread by file: each executor reads its files with ``ingest.iter_file`` (WARC and
JSONL files record by record), so every executor must see the input paths (a shared or
mounted file system on a cluster). Every input gets its position in the stream the
pipeline would read (files in order, records in order); pages repeating an earlier page's
content are dropped, and the rest are grouped into the pipeline's batches
(``Settings.batch_size`` inputs), so that text dumps see the same template lines. The
pages, each with its batch's templates, are then spread over the cores in ranges of the
input stream, and ``mapPartitions`` runs the very same ``pipeline.process_pages`` on them,
with the spaCy model loaded once per Python worker (``nlp.model`` caches it per process,
and Spark reuses its Python workers). The results become Parquet tables
(``engines.tables``), written through ``file:`` URIs: on a cluster, a shared file system.

The driver then saves them into the store in input order, exactly as the pipeline saves
its batches (``tables.load_into``; a SQLite file in ``out/linked/`` when no store is
given), and links the corpus with ``engines.spark_link.link``: quote-cluster blocking and
pair scoring as Spark jobs, the order-dependent steps on the driver. Last, the contract's
tables are exported as Parquet into ``out/linked/`` for DuckDB.

pyspark is an optional extra (``storyline[spark]``) and needs Java 17: both are looked for
inside ``run`` only, and their absence is a one-line ``StorylineError``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby, islice
from pathlib import Path
from typing import Any

from ..errors import StorylineError
from ..ingest import expand_paths, iter_file
from ..model import Analysis, Page, Reject
from ..settings import Settings, load_settings
from .tables import MANIFEST, TABLES, load_into, table_rows

__all__ = ["SparkRun", "run", "load_into", "spark_schema", "check_spark"]

_LISTS = {"authors", "captions", "boilerplate", "roles", "aliases", "entity_ids", "sources"}
_LONGS = {"seq", "start", "end", "speaker_start", "speaker_end"}
_BOOLS = {"planned", "relative"}
_NAMES = tuple(TABLES)
_ROWS_A_FILE = 2000  # inputs a Parquet file of each table holds, about
_PAGES_A_TASK = 4  # fewest pages worth a processing task of their own
_PAGES_A_BATCH = Settings().batch_size  # pages whose spaCy calls run as one pipe


@dataclass
class SparkRun:
    """What one Spark run did: the store's ingest report, row counts and seconds per step."""

    report: Any  # pipeline.IngestReport
    tables: dict[str, int]  # rows of each per-document Parquet table
    linked: dict[str, int]  # what linking found (pipeline.link's counts), or the store's counts
    seconds: dict[str, float] = field(default_factory=dict)
    out_dir: Path = Path(".")


def check_spark() -> str:
    """Return pyspark's version; raise StorylineError when pyspark or Java is missing."""
    try:
        import pyspark
    except ImportError as exc:
        raise StorylineError(
            "the Spark engine needs pyspark: pip install 'storyline[spark]'"
        ) from exc
    home = os.environ.get("JAVA_HOME")
    if not shutil.which("java") and not (home and Path(home, "bin", "java").exists()):
        raise StorylineError(
            "the Spark engine needs Java 17: install it (Debian: openjdk-17-jre-headless)"
            " or set JAVA_HOME"
        )
    return str(pyspark.__version__)


def _column_type(name: str) -> Any:
    from pyspark.sql import types as T

    if name in _LISTS:
        return T.ArrayType(T.StringType())
    if name == "mentions":
        parts: list[tuple[str, Any]] = [("start", T.LongType()), ("end", T.LongType())]
        parts += [("text", T.StringType()), ("kind", T.StringType())]
        return T.ArrayType(T.StructType([T.StructField(n, t) for n, t in parts]))
    if name == "detail":
        return T.MapType(T.StringType(), T.StringType())
    if name in _LONGS:
        return T.LongType()
    return T.BooleanType() if name in _BOOLS else T.StringType()


def spark_schema(table: str) -> Any:
    """Return the Spark schema of one results table (see ``engines.tables``)."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(n, _column_type(n), n != "seq") for n in TABLES[table]])


def _results_schema() -> Any:
    """Return the schema of all results in one frame: the table's name, seq, one struct each."""
    from pyspark.sql import types as T

    fields = [T.StructField("table", T.StringType(), False), T.StructField("seq", T.LongType())]
    fields += [T.StructField(name, spark_schema(name)) for name in _NAMES]
    return T.StructType(fields)


def _wide(item: tuple[str, tuple[Any, ...]]) -> tuple[Any, ...]:
    """Return a (table, row) as a row of the results frame: its own struct set, others null."""
    table, row = item
    return (table, row[0], *(row if name == table else None for name in _NAMES))


def _read_file(settings: Settings) -> Any:
    """Return the executor function: (file index, path) → ((file index, record), item)."""

    def read(indexed: tuple[int, str]) -> Iterator[tuple[tuple[int, int], Page | Reject]]:
        file_index, path = indexed
        for record, item in enumerate(iter_file(path, settings)):
            yield (file_index, record), item

    return read


def _with_templates(
    batch: tuple[int, Iterable[tuple[int, Page]]],
) -> Iterator[tuple[int, tuple[Page, frozenset[str]]]]:
    """Yield (seq, (page, templates)) for each page of a batch, as the pipeline batches them."""
    from ..pipeline import _templates

    _, members = batch
    ordered = sorted(members, key=lambda item: item[0])
    templates = _templates([page for _, page in ordered])
    for seq, page in ordered:
        yield seq, (page, templates)


def _process(
    pages: Iterable[tuple[int, tuple[Page, frozenset[str]]]],
) -> Iterator[tuple[int, Page, Analysis | Reject]]:
    """Yield (seq, page, result) for each page: the pipeline's ``process_pages``, run on the
    pages of one batch (the same templates) at a time, a pipeline batch's worth at most."""
    from ..pipeline import process_pages

    stream = iter(pages)
    for templates, run in groupby(stream, key=lambda item: item[1][1]):
        while group := list(islice(run, _PAGES_A_BATCH)):
            results = process_pages([page for _, (page, _) in group], templates)
            for (seq, (page, _)), result in zip(group, results, strict=True):
                yield seq, page, result


def _session(master: str, conf: Mapping[str, str]) -> Any:
    """Return a Spark session for ``master``; local masters run workers on this Python."""
    from pyspark.sql import SparkSession

    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("storyline")
    defaults = {
        "spark.ui.enabled": "false",
        "spark.sql.shuffle.partitions": "8",
        "spark.log.level": "ERROR",
    }
    for key, value in {**defaults, **conf}.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: Java missing, wrong version, ports
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StorylineError(f"cannot start Spark at {master}: {first}") from exc


def _active_session() -> Any:
    """Return the Spark session already running in this process (a notebook's), or None."""
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession()


def _sequence(items: Any, sc: Any) -> tuple[Any, int]:
    """Return the items keyed by their position in the pipeline's input stream, and how many."""
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


def _write_tables(spark: Any, results: Any, out: Path, files: int) -> dict[str, int]:
    """Write each results table as Parquet, sorted by seq in each file; return its row count.

    The Python results become one cached frame (one pass through Python); each table is
    then selected from it and written by the JVM alone, in one job and no shuffle, into at
    most ``files`` files.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    rows = results.flatMap(lambda r: table_rows(*r)).map(_wide)
    frame = spark.createDataFrame(rows, _results_schema(), verifySchema=False)
    frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        at_ingest = (F.col("table") == "rejects") & (F.col("rejects.stage") == "ingest")
        tally = frame.groupBy("table", at_ingest.alias("at_ingest")).count().collect()
        for table in _NAMES:
            part = frame.coalesce(files).where(F.col("table") == table).select(f"{table}.*")
            # a file: URI, never the cluster's default file system: the driver reads it back
            target = (out / table).resolve().as_uri()
            part.sortWithinPartitions("seq").write.mode("overwrite").parquet(target)
    finally:
        frame.unpersist()
    counts = {name: 0 for name in _NAMES}
    counts["processing_rejects"] = 0
    for row in tally:
        counts[row["table"]] += int(row["count"])
        if row["table"] == "rejects" and not row["at_ingest"]:
            counts["processing_rejects"] += int(row["count"])
    return counts


def analyse(
    spark: Any, paths: Iterable[str], out: Path, settings: Settings, partitions: int | None = None
) -> dict[str, Any]:
    """Run the per-document stages over ``paths`` into Parquet under ``out``; return the manifest."""
    from pyspark import StorageLevel

    sc = spark.sparkContext
    files = list(expand_paths(paths))
    cores = sc.defaultParallelism
    slices = max(1, partitions or min(len(files), cores * 2))
    out.mkdir(parents=True, exist_ok=True)
    items = sc.parallelize(list(enumerate(files)), slices).flatMap(_read_file(settings))
    items = items.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        indexed, total = _sequence(items, sc)
        rejects = indexed.filter(lambda si: isinstance(si[1], Reject))
        pages = indexed.filter(lambda si: isinstance(si[1], Page))
        size = settings.batch_size
        # every core busy, a few tasks each to even out long pages, and a task's fixed cost
        # (a few tenths of a second) paid for a handful of pages at least
        slots = partitions or max(cores, min(cores * 4, -(-total // _PAGES_A_TASK)))
        slots = max(1, min(total, slots))
        processed = (
            _first_of_each_content(pages)
            .map(lambda sp: (sp[0] // size, sp))
            .groupByKey(slices)
            .flatMap(_with_templates)
            # ranges of the input stream: a batch's pages go to every core when batches are few
            .partitionBy(slots, lambda seq: seq * slots // max(total, 1))
            .mapPartitions(_process)
        )
        results = processed.union(rejects.map(lambda sr: (sr[0], None, sr[1])))
        files_a_table = max(1, min(slots, -(-total // _ROWS_A_FILE)))
        counts = _write_tables(spark, results, out, files_a_table)
        failed = counts.pop("processing_rejects")
        duplicates = pages.count() - counts["pages"] - failed
    finally:
        items.unpersist()
    manifest = {
        "inputs": total,
        "files": len(files),
        "duplicates": duplicates,
        "batch_size": settings.batch_size,
        **counts,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def run(
    paths: Iterable[str],
    out_dir: str | Path,
    master: str = "local[*]",
    *,
    store: Any = None,
    settings: Settings | None = None,
    link: bool = True,
    partitions: int | None = None,
    conf: Mapping[str, str] | None = None,
    spark: Any = None,
    link_on_spark_from: int | None = None,
) -> SparkRun:
    """Analyse every page under ``paths`` on Spark, store and link the results; return what ran.

    ``master`` is any Spark master URL (``local[4]``, ``spark://host:7077``, ``yarn``,
    ``k8s://…``); ``conf`` adds Spark settings; ``spark``, or else the session already
    active in this process, is used and left running. The per-document results land as Parquet under ``out_dir``; they are then
    saved into ``store`` (a fresh SQLite file ``out_dir/linked/storyline.db`` when None)
    and, with ``link``, the corpus is linked (quote pairs on Spark from
    ``link_on_spark_from`` quotes, ``spark_link.MIN_QUOTES`` by default); with a fresh
    store, its contract tables are then exported as Parquet into ``out_dir/linked/``.
    Raises StorylineError when pyspark or Java is missing, or Spark cannot start.
    """
    from ..export import export_parquet
    from ..store import SqliteStore

    version = check_spark()
    settings = settings or load_settings()
    out = Path(out_dir)
    seconds: dict[str, float] = {}
    began = time.perf_counter()
    created = spark is None and _active_session() is None
    session = spark or _active_session() or _session(master, conf or {})
    own = store is None
    try:
        seconds["start"] = time.perf_counter() - began
        manifest = analyse(session, paths, out, settings, partitions)
        manifest["pyspark"] = version
        seconds["analyse"] = time.perf_counter() - began - sum(seconds.values())
        if own:
            linked_dir = out / "linked"
            linked_dir.mkdir(parents=True, exist_ok=True)
            for stale in linked_dir.glob("storyline.db*"):
                stale.unlink()
            store = SqliteStore(str(linked_dir / "storyline.db"))
        try:
            report = load_into(store, out, link=False)
            seconds["store"] = time.perf_counter() - began - sum(seconds.values())
            if link and (report.inserted or report.updated or store.needs_link()):
                from .spark_link import MIN_QUOTES
                from .spark_link import link as link_on_spark

                floor = MIN_QUOTES if link_on_spark_from is None else link_on_spark_from
                linked = link_on_spark(store, session, min_quotes=floor)
            else:
                linked = store.counts()
            seconds["link"] = time.perf_counter() - began - sum(seconds.values())
            if own and link:
                export_parquet(store, out / "linked")
                seconds["export"] = time.perf_counter() - began - sum(seconds.values())
        finally:
            if own:
                store.close()
    finally:
        if created:
            session.stop()
    manifest["seconds"] = {k: round(v, 2) for k, v in seconds.items()}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    tables = {k: v for k, v in manifest.items() if k in TABLES}
    return SparkRun(report, tables, linked, seconds, out)
