"""Soak the web app under concurrent loopback load while ``storyline ingest`` writes the store.

    .venv/bin/python bench/soak.py [--clients 50] [--seconds 30] [--articles 2000]
                                   [--pages 300] [--chunk 25] [--max-requests 500000]
                                   [--db FILE] [--seed 0]

Builds a store of ``--articles`` synthetic articles (bench/serve.py's ``build``: no model,
seconds), starts ``create_app`` under uvicorn in its own process on 127.0.0.1 and a free
port, starts the ingest below and, once it has stored its first page (its model loaded),
runs for ``--seconds`` at once:

- ``--clients`` concurrent keep-alive clients (one connection each) send GET requests, at
  random, to the story, search, cluster, person and article pages and their ``/api`` twins,
  plus the story list (at most ``--max-requests`` in all);
- another thread runs ``storyline ingest`` (the CLI, one process per run, ``--workers 1``)
  over a generated corpus of ``--pages`` news pages into the same SQLite file, ``--chunk``
  pages a run, so pages are stored and the corpus-level link stage rewrites stories and
  clusters while the app reads.

The request targets are re-read from the store every few seconds, so new stories and people
are asked for too. Prints requests, errors by kind (target 0: any answer but 200, or no
answer), p50/p99 latency overall, per endpoint and per 10 s (with the pages stored by then,
to set latency against writes), pages stored during the load (``--pages 0``: no ingest, a
baseline), the ingest runs and their exit codes, and the store's integrity check at the end.
Exit status 1 when there were errors, an ingest run crashed (exit status other than 0 or 1)
or the store is damaged.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "hostile"))

import badcorpus  # noqa: E402
from hostile_support import cli_command  # noqa: E402

from serve import _free_port, _p, build, serve, targets  # noqa: E402
from storyline.store import open_store  # noqa: E402

REFRESH_S = 10.0  # how often the request targets are re-read from the store


@dataclass
class Load:
    """What the clients saw."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    finished: list[tuple[float, float]] = field(default_factory=list)  # (monotonic s, ms)
    stored: list[tuple[float, int]] = field(default_factory=list)  # (monotonic s, page rows)
    errors: Counter[str] = field(default_factory=Counter)
    error_examples: dict[str, str] = field(default_factory=dict)
    requests: int = 0


@dataclass
class Writes:
    """What the ingest runs did."""

    runs: list[tuple[int, float, str]] = field(default_factory=list)  # (exit, seconds, summary)
    stderr_tails: list[str] = field(default_factory=list)


def stored_pages(db: str) -> int:
    """Return the number of page rows in the store, read without taking a lock."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return int(conn.execute("SELECT count(*) FROM pages").fetchone()[0])
    finally:
        conn.close()


def write_corpus(root: Path, pages: int, chunk: int, seed: int) -> list[Path]:
    """Write ``pages`` generated news pages in folders of ``chunk``; return the folders."""
    folders = []
    for start in range(0, pages, chunk):
        folder = root / f"chunk_{start // chunk:03d}"
        badcorpus.good_pages(folder, min(chunk, pages - start), seed=seed + 1 + start,
                             prefix=f"soak{start:05d}")  # fmt: skip
        folders.append(folder)
    return folders


def ingest_loop(db: str, folders: list[Path], stop: threading.Event, writes: Writes) -> None:
    """Run ``storyline ingest`` over each folder in turn until stopped or done."""
    for folder in folders:
        if stop.is_set():
            return
        started = time.perf_counter()
        child = subprocess.Popen(
            cli_command("ingest", str(folder), "--db", db, "--workers", "1", "-q"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            out, err = child.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            child.kill()
            out, err = child.communicate()
        summary = " ".join(out.split())  # rich wraps its lines when not on a terminal
        writes.runs.append((child.returncode, time.perf_counter() - started, summary))
        if child.returncode not in (0, 1):
            writes.stderr_tails.append(err[-2000:])


def _wait_for_writes(db: str, first: int, writer: threading.Thread, limit: float = 180) -> None:
    """Wait until ingest has stored its first page (its model is loaded), at most ``limit``."""
    deadline = time.monotonic() + limit
    while writer.is_alive() and time.monotonic() < deadline and stored_pages(db) == first:
        time.sleep(0.2)


async def _client(base: str, paths: dict[str, list[str]], load: Load, deadline: float,
                  budget: list[int], rng: random.Random) -> None:  # fmt: skip
    """Send requests over one keep-alive connection until the deadline or the budget ends."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as session:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            name = rng.choice(list(paths))
            path = rng.choice(paths[name]) if paths[name] else "/"
            started = time.perf_counter()
            try:
                response = await session.get(path)
                kind = "" if response.status_code == 200 else f"HTTP {response.status_code}"
                detail = response.text[:200]
            except httpx.HTTPError as exc:
                kind, detail = type(exc).__name__, str(exc)[:200]
            took = (time.perf_counter() - started) * 1000
            load.latencies[name].append(took)
            load.finished.append((time.monotonic(), took))
            load.requests += 1
            if kind:
                load.errors[kind] += 1
                load.error_examples.setdefault(kind, f"{path}: {detail}")


async def _refresh(db: str, paths: dict[str, list[str]], deadline: float, seed: int) -> None:
    """Re-read the request targets from the store every REFRESH_S seconds."""
    rounds = 0
    while time.monotonic() + REFRESH_S < deadline:
        await asyncio.sleep(REFRESH_S)
        rounds += 1
        fresh = await asyncio.to_thread(targets, db, random.Random(seed + rounds))
        paths.update(fresh)


async def run_load(base: str, db: str, clients: int, seconds: float, max_requests: int,
                   seed: int) -> Load:  # fmt: skip
    """Run the clients for ``seconds`` (and at most ``max_requests``); return what they saw."""
    load = Load()
    paths = targets(db, random.Random(seed))
    deadline = time.monotonic() + seconds
    budget = [max_requests]
    tasks = [
        _client(base, paths, load, deadline, budget, random.Random(seed * 1000 + k))
        for k in range(clients)
    ]
    watch = _watch_pages(db, load, deadline)
    await asyncio.gather(_refresh(db, paths, deadline, seed), watch, *tasks)
    return load


async def _watch_pages(db: str, load: Load, deadline: float) -> None:
    """Note the number of stored pages every second, to place latency spikes against writes."""
    while time.monotonic() < deadline:
        load.stored.append((time.monotonic(), await asyncio.to_thread(stored_pages, db)))
        await asyncio.sleep(1.0)


def windows(load: Load, width: float = 10.0) -> list[tuple[float, int, float, float, int]]:
    """Return (start s, requests, p50, p99, pages stored by its end) per window of the load."""
    if not load.finished:
        return []
    origin = min(t for t, _ in load.finished)
    rows = []
    for k in range(int((max(t for t, _ in load.finished) - origin) // width) + 1):
        low, high = origin + k * width, origin + (k + 1) * width
        took = [ms for t, ms in load.finished if low <= t < high]
        pages = [n for t, n in load.stored if t < high]
        rows.append(
            (k * width, len(took), _p(took, 0.5), _p(took, 0.99), pages[-1] if pages else 0)
        )
    return rows


def integrity(db: str) -> str:
    """Return SQLite's integrity check of the store ("ok" when sound)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        return "; ".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def report(load: Load, writes: Writes, wall: float, pages: tuple[int, int], check: str,
           alive: bool) -> bool:  # fmt: skip
    """Print the figures; return whether the soak passed."""
    every = [ms for values in load.latencies.values() for ms in values]
    errors = sum(load.errors.values())
    print(f"\n{'endpoint':<26}{'req':>8}{'p50 ms':>9}{'p99 ms':>9}")
    for name in sorted(load.latencies):
        took = load.latencies[name]
        print(f"{name:<26}{len(took):>8}{_p(took, 0.5):>9.1f}{_p(took, 0.99):>9.1f}")
    print(f"{'all':<26}{len(every):>8}{_p(every, 0.5):>9.1f}{_p(every, 0.99):>9.1f}")
    print(f"\n{'window':<26}{'req':>8}{'p50 ms':>9}{'p99 ms':>9}{'pages':>8}")
    for start, count, p50, p99, stored in windows(load):
        print(f"{f'{start:.0f}-{start + 10:.0f} s':<26}{count:>8}{p50:>9.1f}{p99:>9.1f}{stored:>8}")
    print(f"\nrequests: {load.requests} in {wall:.1f}s ({load.requests / wall:.0f}/s); "
          f"errors: {errors}" + (f" {dict(load.errors)}" if errors else ""))  # fmt: skip
    for kind, example in load.error_examples.items():
        print(f"  e.g. {kind}: {example}")
    codes = Counter(code for code, _, _ in writes.runs)
    print(f"pages stored during the load: {pages[1] - pages[0]} ({pages[0]} → {pages[1]}); "
          f"ingest runs: {len(writes.runs)}, exit codes {dict(codes)}")  # fmt: skip
    for code, seconds, summary in writes.runs:
        print(f"  ingest exit {code} in {seconds:.1f}s: {summary}")
    for tail in writes.stderr_tails:
        print(f"  ingest stderr: {tail}")
    print(f"server alive at the end: {alive}; integrity_check: {check}")
    crashed = any(code not in (0, 1) for code in codes)
    return errors == 0 and not crashed and check == "ok" and alive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load")
    parser.add_argument("--articles", type=int, default=2000, help="synthetic store size")
    parser.add_argument("--pages", type=int, default=300, help="pages ingest writes at most")
    parser.add_argument("--chunk", type=int, default=25, help="pages per ingest run")
    parser.add_argument("--max-requests", type=int, default=500_000)
    parser.add_argument("--db", help="store to reuse (built there when empty)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="storyline-soak-"))
    db = args.db or str(root / "soak.db")
    store = open_store(db)
    stored = store.counts()["articles"]
    store.close()
    if stored == 0:
        build(db, args.articles)
    folders = write_corpus(root / "incoming", args.pages, args.chunk, args.seed)
    port = _free_port()
    server = serve(db, port)
    stop, writes = threading.Event(), Writes()
    writer = threading.Thread(target=ingest_loop, args=(db, folders, stop, writes))
    print(f"store {db}; {args.clients} clients for {args.seconds:.0f}s on 127.0.0.1:{port} "
          f"while ingest writes up to {args.pages} pages", flush=True)  # fmt: skip
    try:
        first = stored_pages(db)
        writer.start()
        _wait_for_writes(db, first, writer)
        before = stored_pages(db)
        started = time.perf_counter()
        load = asyncio.run(run_load(f"http://127.0.0.1:{port}", db, args.clients, args.seconds,
                                    args.max_requests, args.seed))  # fmt: skip
        wall = time.perf_counter() - started
        after = stored_pages(db)
        alive = server.poll() is None
    finally:
        stop.set()
        writer.join(timeout=900)
        server.terminate()
        server.wait(timeout=10)
    print(f"ingest stored {stored_pages(db) - first} pages in all (before, during and after "
          f"the load)")  # fmt: skip
    passed = report(load, writes, wall, (before, after), integrity(db), alive)
    print("soak passed" if passed else "soak FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
