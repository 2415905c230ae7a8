"""Faults: ``storyline ingest`` killed with SIGKILL and rerun ends as one clean run would.

A clean run is made first, with a reader in this process searching the store while the
ingest writes (WAL). Then a fresh store is built by runs killed at random points (mid-ingest
and mid-linking) and a final rerun; both stores must hold the same rows.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import badcorpus
import pytest
from hostile_support import consistency_problems
from kill_support import (
    Resumed,
    differences,
    duplicates,
    ingest_argv,
    kill_and_resume,
    summary,
)

from storyline.store import SqliteStore

pytestmark = pytest.mark.slow  # a clean run, five killed runs and a rerun: about 40 s

PAGES = 40
BAD = {"empty.html": b"", "photo.html": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8}
SEED = int(os.environ.get("STORYLINE_KILL_SEED", random.randrange(1 << 30)))


@dataclass
class Outcome:
    clean_db: Path
    clean_code: int
    reads: list[tuple[int, int]]
    read_errors: list[str]
    db: Path
    resumed: Resumed
    points: list[object]


def _read_while_writing(db: Path, done: threading.Event, reads: list, errors: list) -> None:
    """Search and list the store until done; record (articles, hits) or the error."""
    store = SqliteStore(str(db))
    try:
        while not done.is_set():
            try:
                articles = sum(1 for _ in store.articles())
                hits = len(store.search("council", limit=100))
                reads.append((articles, hits))
            except Exception as exc:  # any failure of a reader is what this test looks for
                errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.05)
    finally:
        store.close()


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    root = tmp_path_factory.mktemp("kill")
    folder = root / "pages"
    badcorpus.good_pages(folder, PAGES)
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    clean_db = root / "clean.db"
    SqliteStore(str(clean_db)).close()  # created first, so the reader opens an empty store
    done, reads, errors = threading.Event(), [], []
    reader = threading.Thread(target=_read_while_writing, args=(clean_db, done, reads, errors))
    reader.start()
    try:
        clean = subprocess.run(ingest_argv(folder, clean_db), capture_output=True, timeout=300)
        time.sleep(0.2)
    finally:
        done.set()
        reader.join()
    rng = random.Random(SEED)
    points: list[object] = [
        rng.uniform(0.2, 3.0),  # often while the model loads or the schema is made
        rng.randint(1, 13),
        rng.randint(14, 26),
        rng.randint(27, PAGES - 1),
        "link",
    ]
    db = root / "resumed.db"
    resumed = kill_and_resume(folder, db, points, PAGES)  # type: ignore[arg-type]
    yield Outcome(clean_db, clean.returncode, reads, errors, db, resumed, points)


def test_every_page_is_stored_exactly_once_after_kills(outcome: Outcome) -> None:
    note = f"seed {SEED}: {outcome.resumed.kills}"
    assert outcome.resumed.final_code == 1, outcome.resumed.final_stderr[-1000:]
    assert duplicates(outcome.db) == 0, note
    conn = sqlite3.connect(outcome.db)
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    assert stored == PAGES, note


def test_resumed_store_is_consistent(outcome: Outcome) -> None:
    assert consistency_problems(outcome.db) == [], f"seed {SEED}: {outcome.resumed.kills}"


def test_resumed_store_equals_a_clean_run(outcome: Outcome) -> None:
    assert outcome.clean_code == 1
    clean, resumed = summary(outcome.clean_db), summary(outcome.db)
    assert differences(clean, resumed) == [], f"seed {SEED}: {outcome.resumed.kills}"


def test_rejects_are_logged_once_per_run_and_only_for_bad_files(outcome: Outcome) -> None:
    conn = sqlite3.connect(outcome.db)
    counts = dict(conn.execute("SELECT source, count(*) FROM rejects GROUP BY source"))
    conn.close()
    assert {Path(s).name for s in counts} == set(BAD)
    assert all(n <= outcome.resumed.runs for n in counts.values()), counts


def test_a_reader_keeps_working_while_ingest_writes(outcome: Outcome) -> None:
    assert outcome.read_errors == []
    assert len(outcome.reads) >= 5
    articles = [n for n, _ in outcome.reads]
    assert articles == sorted(articles)  # never goes back: each document commits whole
    assert articles[-1] == PAGES
    assert 0 < outcome.reads[-1][1]
