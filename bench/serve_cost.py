"""Print what each web endpoint costs in-process, without sockets or concurrent clients.

    .venv/bin/python bench/serve_cost.py --db FILE [--requests 100] [--only NAME]
                                         [--profile NAME] [--top 30]

Sends the requests ``bench/serve.py`` sends (same endpoints, same random targets) straight
to the ASGI app, one at a time, and prints per endpoint the cost of the whole request
(routing, store reads, rendering or JSON encoding, middleware): its mean CPU time (all
threads of the process) and its p50 and p99 wall time; then the mean CPU time and p99 wall
time of the store reads alone (the ``desk`` function behind the page). Wall-clock latencies
on a shared machine are noisy; CPU time is the stable part. ``--profile NAME`` runs one endpoint's
requests in the calling thread under cProfile and prints the functions that took longest.
Build the store first with ``bench/serve.py --db FILE``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve import targets  # noqa: E402
from storyline.store import Store, open_store  # noqa: E402
from storyline.web import create_app, desk  # noqa: E402


async def _get(app: Any, path: str) -> tuple[int, int]:
    """Send one GET through the ASGI app; return the status and the body's length."""
    url = urlsplit(path)
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": url.path, "raw_path": url.path.encode(),
        "query_string": url.query.encode(), "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80), "state": {},
    }
    status, size = 0, 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))

    await app(scope, receive, send)
    return status, size


def _data_call(name: str, path: str) -> Callable[[Store], object]:
    """Return the desk call behind one request (the store reads, no rendering)."""
    url = urlsplit(path)
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    tail = url.path.rsplit("/", 1)[-1]
    page = int(query.get("page", 1))
    if name in ("page /", "api /api/stories"):
        return lambda s: desk.stories_page(s, 50, 50 * (page - 1))
    if "{id}" in name:
        kind = name.split("/")[-2]
        reader = {"stories": desk.story_page, "clusters": desk.cluster_page,
                  "people": desk.person_page, "articles": desk.article_page}[kind]
        return lambda s: reader(s, tail)
    return lambda s: desk.search_page(s, query["q"], query.get("kind", "articles"))


def _ms(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return (statistics.mean(ordered), ordered[len(ordered) // 2],
            ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))])


def _inline() -> None:
    """Run sync routes and dependencies in the calling thread (so cProfile sees them)."""
    import fastapi.dependencies.utils as deps
    import fastapi.routing as routing

    async def direct(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    routing.run_in_threadpool = direct  # type: ignore[assignment]
    deps.run_in_threadpool = direct  # type: ignore[assignment]


async def main_async(args: argparse.Namespace) -> int:
    paths_by_name = targets(args.db, random.Random(args.seed))
    if args.profile:
        _inline()
    app = create_app(args.db)
    store = open_store(args.db)
    print(f"{'':<26}{'request (ms)':^24}   {'reads (ms)':^14}")
    print(f"{'endpoint':<26}{'cpu':>8}{'p50':>8}{'p99':>8}   {'cpu':>6}{'p99':>8}  {'bytes':>7}")
    try:
        for name, paths in paths_by_name.items():
            wanted = args.profile or args.only
            if wanted and wanted != name and wanted not in name:
                continue
            sent = [paths[i % len(paths)] for i in range(args.requests)]
            for path in paths[:5]:  # warm the thread's store and the template cache
                await _get(app, path)
            profile = cProfile.Profile() if args.profile else None
            took, cpu, sizes = [], [], []
            for path in sent:
                if profile:
                    profile.enable()
                start, start_cpu = time.perf_counter(), time.process_time()
                status, size = await _get(app, path)
                took.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                if profile:
                    profile.disable()
                if status != 200:
                    raise SystemExit(f"{path}: status {status}")
                sizes.append(size)
            reads, reads_cpu = [], []
            for path in sent:
                call = _data_call(name, path)
                start, start_cpu = time.perf_counter(), time.process_time()
                call(store)
                reads.append((time.perf_counter() - start) * 1000)
                reads_cpu.append((time.process_time() - start_cpu) * 1000)
            _, p50, p99 = _ms(took)
            print(f"{name:<26}{statistics.mean(cpu):>8.2f}{p50:>8.2f}{p99:>8.2f}   "
                  f"{statistics.mean(reads_cpu):>6.2f}{_ms(reads)[2]:>8.2f}  "
                  f"{statistics.mean(sizes):>7.0f}")
            if profile:
                pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    finally:
        store.close()
        for held in ("results", "stores"):  # (an older app has no results)
            if hasattr(app.state, held):
                getattr(app.state, held).close()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="store built by bench/serve.py")
    parser.add_argument("--requests", type=int, default=100, help="requests per endpoint")
    parser.add_argument("--only", help="endpoints whose name contains this")
    parser.add_argument("--profile", help="profile the endpoints whose name contains this")
    parser.add_argument("--sort", default="tottime", help="cProfile sort key")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
