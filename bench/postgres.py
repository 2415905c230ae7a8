"""Print how the PostgreSQL store takes two concurrent ingest workers, and its search speed.

    .venv/bin/python bench/postgres.py --dsn postgresql://... [--articles 10000] [--seed 0]
                                       [--queries 200] [--keep]

``--dsn`` (or ``STORYLINE_TEST_PG``, which ``scripts/pg_test_server.sh start`` prints) names
a server; the benchmark works in a schema of its own, dropped afterwards unless ``--keep``.

(a) Two ``storyline ingest`` processes (one worker process each) ingest the same synthetic
    corpus (bench/spark.py's pages: JSONL files of 100 records and standalone HTML files)
    into one PostgreSQL store at the same time, one reading the files first to last, the
    other last to first, so that they meet in the middle and race on the same pages. Prints
    the wall time, each worker's report, and the checks: duplicates (articles, pages, quotes
    or entities stored twice: the same URL, content hash or quote span) and lost rows
    (input pages with no article, articles with no quote or no entity, though every
    synthetic page has both), which must all be zero.
(b) The stored analyses are copied into a SQLite file (same articles, quotes, entities),
    both stores are linked, and the same full-text queries (words and names from titles,
    two-word phrases, speakers) are run on each through ``Store.search`` for articles and
    for quotes: p50/p99 latency per store, and how many results each gives.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from spark import synthetic_pages, write_corpus  # noqa: E402
from storyline.model import Page  # noqa: E402
from storyline.pipeline import link  # noqa: E402
from storyline.store import open_store  # noqa: E402
from storyline.store.base import Store  # noqa: E402

REPORT = re.compile(r"(\d+) pages in [\d.]+s: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) rejected")


def in_schema(dsn: str, schema: str) -> str:
    """Return a DSN whose sessions work in ``schema``."""
    parts = urlsplit(dsn)
    options = urlencode({"options": f"-csearch_path={schema}"})
    return parts._replace(query=f"{parts.query}&{options}" if parts.query else options).geturl()


def concurrent_ingest(files: list[str], url: str) -> tuple[float, list[dict[str, int]]]:
    """Run two ``storyline ingest`` processes at once, in opposite file orders."""
    tool = str(Path(sys.executable).with_name("storyline"))
    command = [tool, "ingest", "--db", url, "--workers", "1", "-q"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    began = time.perf_counter()
    procs = [
        subprocess.Popen([*command, *order], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=env)
        for order in (files, files[::-1])
    ]  # fmt: skip
    reports = []
    for proc in procs:
        out, err = proc.communicate()
        found = REPORT.search(out)
        if proc.returncode not in (0, 1) or not found:
            raise SystemExit(f"worker failed (exit {proc.returncode}): {err.strip()[-500:]}")
        seen, new, updated, unchanged, rejected = map(int, found.groups())
        reports.append(dict(seen=seen, new=new, updated=updated, unchanged=unchanged,
                            rejected=rejected))  # fmt: skip
    return time.perf_counter() - began, reports


def checks(url: str, expected_urls: set[str]) -> dict[str, int]:
    """Return the duplicate and lost-row counts of the PostgreSQL store (all should be 0)."""
    import psycopg

    queries = {
        "articles with a URL stored twice": "SELECT count(*) FROM (SELECT url FROM articles"
        " GROUP BY url HAVING count(*) > 1) d",
        "pages with a content hash stored twice": "SELECT count(*) FROM (SELECT content_hash FROM"
        " pages GROUP BY content_hash HAVING count(*) > 1) d",
        "quotes stored twice (same article and span)": "SELECT count(*) FROM (SELECT article_id,"
        " start, \"end\", kind FROM quotes GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d",
        "entities stored twice in an article": "SELECT count(*) FROM (SELECT article_id, id FROM"
        " article_entities GROUP BY article_id, id HAVING count(*) > 1) d",
        "articles without a quote": "SELECT count(*) FROM articles a WHERE NOT EXISTS"
        " (SELECT 1 FROM quotes q WHERE q.article_id = a.id)",
        "articles without an entity": "SELECT count(*) FROM articles a WHERE NOT EXISTS"
        " (SELECT 1 FROM article_entities e WHERE e.article_id = a.id)",
    }
    found: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        for name, sql in queries.items():
            found[name] = int(conn.execute(sql).fetchone()[0])  # type: ignore[index]
        stored = {row[0] for row in conn.execute("SELECT url FROM articles")}
    found["input pages with no article"] = len(expected_urls - stored)
    found["articles not among the inputs"] = len(stored - expected_urls)
    return found


def copy_to_sqlite(source: Store, path: str) -> Store:
    """Save every analysis of ``source`` into a new SQLite store at ``path`` and link it."""
    target = open_store(path)
    for article in source.articles():
        analysis = source.analysis(article.id)
        assert analysis is not None
        page = Page(source=article.source, content=article.text, kind="text", url=article.url)
        target.save_analysis(page, analysis)
    link(target)
    return target


def queries(store: Store, n: int) -> list[tuple[str, str]]:
    """Return (kind, query) pairs: title words, names and phrases, half for quotes."""
    titles = [a.title for a in store.articles()][:: max(1, store.counts()["articles"] // 200)]
    terms: list[str] = []
    for title in titles:
        words = [w for w in re.findall(r"[A-Za-z]+", title) if len(w) > 3]
        terms += words[:2] + [" ".join(words[-2:]), f'"{" ".join(words[:2])}"']
    terms = terms[:n]
    return [("articles" if i % 2 else "quotes", t) for i, t in enumerate(terms)]


def latency(store: Store, asked: list[tuple[str, str]]) -> tuple[list[float], int]:
    """Return per-query milliseconds and the number of results over all queries."""
    times, hits = [], 0
    for kind, query in asked:
        began = time.perf_counter()
        hits += len(store.search(query, kind=kind, limit=20))
        times.append((time.perf_counter() - began) * 1000)
    return times, hits


def p99(times: list[float]) -> float:
    return sorted(times)[min(len(times) - 1, int(len(times) * 0.99))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", default=os.environ.get("STORYLINE_TEST_PG"))
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the schema and files")
    args = parser.parse_args()
    if not args.dsn:
        raise SystemExit("give --dsn or set STORYLINE_TEST_PG (scripts/pg_test_server.sh start)")
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(args.dsn, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        conn.execute(f"CREATE SCHEMA {schema}")
    url = in_schema(args.dsn, schema)
    work = Path(tempfile.mkdtemp(prefix="storyline-pg-bench-"))
    try:
        pages = synthetic_pages(args.articles, args.seed)
        folder = work / "corpus"
        write_corpus(pages, folder)
        files = sorted(str(p) for p in folder.iterdir())
        print(f"{len(pages)} synthetic pages in {len(files)} files; schema {schema}", flush=True)
        took, reports = concurrent_ingest(files, url)
        for name, report in zip(("first to last", "last to first"), reports, strict=True):
            print(f"  worker {name}: {report}")
        new = sum(r["new"] for r in reports)
        print(f"two concurrent workers: {took:.1f}s, {new} articles stored"
              f" ({len(pages) / took:.1f} articles/s)")  # fmt: skip
        found = checks(url, {p["url"] for p in pages})
        for name, count in found.items():
            print(f"  {name}: {count}")
        problems = sum(found.values()) + abs(new - len(pages))
        print(f"duplicates and lost rows: {problems} (target 0)")

        pg = open_store(url)
        began = time.perf_counter()
        lite = copy_to_sqlite(pg, str(work / "copy.db"))
        print(f"copied into SQLite and linked in {time.perf_counter() - began:.1f}s;"
              f" counts PG {pg.counts()} SQLite {lite.counts()}")  # fmt: skip
        asked = queries(pg, args.queries)
        for store in (pg, lite):
            latency(store, asked[:10])  # warm the caches and the query planner
        for name, store in (("PostgreSQL tsvector", pg), ("SQLite FTS5", lite)):
            times, hits = latency(store, asked)
            print(f"search {name:20} {len(asked)} queries: p50 {statistics.median(times):6.1f} ms"
                  f"  p99 {p99(times):6.1f} ms  {hits} results")  # fmt: skip
        pg.close()
        lite.close()
        return 1 if problems else 0
    finally:
        if args.keep:
            print(f"kept schema {schema} and {work}")
        else:
            with psycopg.connect(args.dsn, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
            import shutil

            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
