"""Print how fast the web app answers over a store of 10,000 synthetic articles.

    .venv/bin/python bench/serve.py [--db FILE] [--articles 10000] [--requests 200]
                                    [--clients 4] [--seconds 20]

Builds the store (or reuses ``--db`` when it already holds articles): synthetic articles
from bench/synth.py, each with its speaker as an entity, its quotes placed in its text and
one dated event, written with ``save_analysis`` and linked with ``pipeline.link``. Then
starts ``storyline serve``'s app in its own process on a free loopback port and sends each
endpoint ``--requests`` requests from ``--clients`` concurrent keep-alive clients (at most
``--seconds`` per endpoint). Prints requests/s, p50/p99 latency and errors per endpoint, and
whether the targets hold: p99 < 100 ms for pages, < 50 ms for the API, no errors.
"""

from __future__ import annotations

import argparse
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storyline.model import Analysis, Article, Entity, Event, Page, Quote, stable_id  # noqa: E402
from storyline.pipeline import link  # noqa: E402
from storyline.store import open_store  # noqa: E402
from synth import corpus  # noqa: E402

PAGE_P99_MS, API_P99_MS = 100.0, 50.0


def _analysis(article: Article, quotes: list[Quote], index: int) -> tuple[Page, Analysis]:
    """Return a page and analysis: the quotes written into the text, a speaker, an event."""
    speaker = quotes[0].speaker or "Unknown Speaker"
    entity = Entity(stable_id("e", article.id, speaker), speaker, "PERSON",
                    roles=("spokesperson",), aliases=(speaker.split()[-1],))
    text, placed = "", []
    for quote in quotes:
        start = len(text) + 1
        text += f'"{quote.text}" {speaker} said. '
        placed.append(replace(quote, start=start, end=start + len(quote.text),
                              speaker_id=entity.id, cue="said"))
    text += "\n\n" + article.text
    day = (article.published or "2021-01-01")[:10]
    event = Event(stable_id("v", article.id), article.id, day, "day", text[:120], 0, 120,
                  entity_ids=(entity.id,))
    full = replace(article, text=text, url=f"https://example.test/{index}", source=article.id)
    page = Page(source=full.source, content=text, kind="text", url=full.url)
    return page, Analysis(full, entities=(entity,), quotes=tuple(placed), events=(event,))


def build(db: str, n: int) -> None:
    """Fill the store at ``db`` with ``n`` synthetic articles and link them."""
    started = time.perf_counter()
    articles, quotes = corpus(n, seed=7)
    by_article: dict[str, list[Quote]] = {}
    for quote in quotes:
        by_article.setdefault(quote.article_id, []).append(quote)
    store = open_store(db)
    try:
        for index, article in enumerate(articles):
            store.save_analysis(*_analysis(article, by_article[article.id], index))
        saved = time.perf_counter()
        counts = link(store)
    finally:
        store.close()
    print(f"built {n} articles in {saved - started:.1f}s, linked in "
          f"{time.perf_counter() - saved:.1f}s: {counts}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(db: str, port: int) -> subprocess.Popen[bytes]:
    """Start the app in its own process on loopback and wait until it answers."""
    code = ("import sys, uvicorn; from storyline.web import create_app; "
            "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), "
            "log_level='warning')")
    process = subprocess.Popen([sys.executable, "-c", code, db, str(port)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=5).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


def targets(db: str, rng: random.Random, k: int = 50) -> dict[str, list[str]]:
    """Return, per endpoint, request paths over random stories, clusters, people, articles."""
    store = open_store(db)
    try:
        stories = [s.id for s in store.stories()]
        clusters = [c.id for c in store.clusters()]
        people = [e.id for e in store.entities() if e.type == "PERSON"]
        articles = [a.id for a in store.articles()]
        words = [w for a in store.articles(rng.sample(articles, 20)) for w in a.title.split()[2:]]
    finally:
        store.close()

    def some(ids: list[str], prefix: str) -> list[str]:
        return [prefix + i for i in rng.sample(ids, min(k, len(ids)))]

    pages = [str(rng.randint(1, max(1, len(stories) // 50))) for _ in range(k)]
    return {
        "page /": ["/?page=" + p for p in pages],
        "page /stories/{id}": some(stories, "/stories/"),
        "page /clusters/{id}": some(clusters, "/clusters/"),
        "page /people/{id}": some(people, "/people/"),
        "page /articles/{id}": some(articles, "/articles/"),
        "page /search": [f"/search?q={rng.choice(words)}" for _ in range(k)],
        "api /api/stories": ["/api/stories?page=" + p for p in pages],
        "api /api/stories/{id}": some(stories, "/api/stories/"),
        "api /api/clusters/{id}": some(clusters, "/api/clusters/"),
        "api /api/people/{id}": some(people, "/api/people/"),
        "api /api/articles/{id}": some(articles, "/api/articles/"),
        "api /api/search": [f"/api/search?q={rng.choice(words)}&kind=quotes" for _ in range(k)],
    }


def load(base: str, paths: list[str], requests: int, clients: int, seconds: float
         ) -> tuple[list[float], int, float]:
    """Send the paths round-robin from concurrent clients; return latencies, errors, wall."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    counter = iter(range(requests))
    stop = time.monotonic() + seconds

    def client() -> None:
        with httpx.Client(base_url=base, timeout=30) as session:
            for i in counter:
                if time.monotonic() > stop:
                    return
                start = time.perf_counter()
                try:
                    ok = session.get(paths[i % len(paths)]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                took = (time.perf_counter() - start) * 1000
                with lock:
                    latencies.append(took)
                    errors[0] += not ok

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.perf_counter() - began


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store to reuse (built there when empty)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0, help="time bound per endpoint")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp(prefix="storyline-serve-")) / "bench.db")
    store = open_store(db)
    stored = store.counts()["articles"]
    store.close()
    if stored == 0:
        build(db, args.articles)
    else:
        print(f"reusing {db}: {stored} articles")
    port = _free_port()
    server = serve(db, port)
    failed = False
    try:
        base = f"http://127.0.0.1:{port}"
        print(f"{'endpoint':<26}{'req':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
        for name, paths in targets(db, random.Random(args.seed)).items():
            load(base, paths[:5], 10, 1, 10)  # warm each worker thread's store and caches
            took, errors, wall = load(base, paths, args.requests, args.clients, args.seconds)
            p50, p99 = _p(took, 0.5), _p(took, 0.99)
            limit = PAGE_P99_MS if name.startswith("page") else API_P99_MS
            verdict = "ok" if p99 < limit and errors == 0 else f"MISS (p99 < {limit:.0f} ms)"
            failed |= verdict != "ok"
            print(f"{name:<26}{len(took):>6}{len(took) / wall:>9.0f}{p50:>9.1f}{p99:>9.1f}"
                  f"{errors:>8}  {verdict}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("targets met" if not failed else "targets missed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
