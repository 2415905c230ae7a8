"""Kill ``storyline ingest`` with SIGKILL at chosen points, rerun it, compare with a clean run.

Used by tests/hostile/test_kill_resume.py (a few kills) and bench/kill_resume.py (many).
A kill point is either a number of stored pages (the run is killed once the store holds
that many, so mid-ingest states are hit whatever the machine's speed), ``"link"`` (killed
while the corpus-level stages run, after every page is stored) or a delay in seconds.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from hostile_support import cli_command

KillPoint = int | float | str


@dataclass
class Resumed:
    """What the killed runs and the final rerun left behind."""

    kills: list[str] = field(default_factory=list)
    runs: int = 0
    final_code: int | None = None
    final_stderr: str = ""


def ingest_argv(folder: Path, db: Path) -> list[str]:
    """Return the argv of one ingest run over folder into db."""
    return cli_command("ingest", str(folder), "--db", str(db), "--workers", "1", "-q")


def _stored(db: Path) -> int:
    """Return the number of page rows, 0 while the file or table is not there yet."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def kill_at(folder: Path, db: Path, point: KillPoint, total: int, limit: float = 120) -> str:
    """Start an ingest, SIGKILL it at point; return what happened ("killed at ...", "finished")."""
    child = subprocess.Popen(
        ingest_argv(folder, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    started = time.monotonic()
    try:
        while child.poll() is None and time.monotonic() - started < limit:
            if isinstance(point, float) and time.monotonic() - started >= point:
                break
            stored = _stored(db)
            if isinstance(point, int) and stored >= point:
                break
            if point == "link" and stored >= total:
                time.sleep(random.uniform(0.0, 0.4))  # somewhere inside linking
                break
            time.sleep(0.02)
        if child.poll() is not None:
            return f"finished before {point!r}"
        child.send_signal(signal.SIGKILL)
        child.wait()
        return f"killed at {point!r} ({_stored(db)} pages stored)"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def kill_and_resume(folder: Path, db: Path, points: list[KillPoint], total: int) -> Resumed:
    """Kill an ingest at each point in turn, then rerun it to completion."""
    resumed = Resumed()
    for point in points:
        resumed.kills.append(kill_at(folder, db, point, total))
        resumed.runs += 1
    final = subprocess.run(ingest_argv(folder, db), capture_output=True, text=True, timeout=300)
    resumed.runs += 1
    resumed.final_code, resumed.final_stderr = final.returncode, final.stderr
    return resumed


def summary(db: Path) -> dict[str, object]:
    """Return what a store holds, in a form two stores can be compared by."""
    conn = sqlite3.connect(db)
    try:

        def rows(sql: str) -> list[tuple[object, ...]]:
            return sorted(tuple(r) for r in conn.execute(sql))

        return {
            "pages": rows("SELECT key, source, content_hash, article_id FROM pages"),
            "articles": rows("SELECT id, source, title, text, published FROM articles"),
            "quotes": rows('SELECT id, article_id, text, start, "end", raw_speaker FROM quotes'),
            "entities": rows("SELECT article_id, id, name, type FROM article_entities"),
            "times": rows('SELECT article_id, start, "end", value FROM time_expressions'),
            "events": rows('SELECT id, article_id, date, start, "end", story_id FROM events'),
            "clusters": rows("SELECT id, quote_ids FROM quote_clusters"),
            "stories": rows("SELECT id, article_ids FROM stories"),
            "linked": rows("SELECT id, story_id FROM articles"),
            "reject_sources": sorted({s for (s,) in conn.execute("SELECT source FROM rejects")}),
        }
    finally:
        conn.close()


def duplicates(db: Path) -> int:
    """Return how many sources are stored as more than one page or article."""
    conn = sqlite3.connect(db)
    try:
        sql = "SELECT count(*) - count(DISTINCT source) FROM {}"
        return sum(conn.execute(sql.format(t)).fetchone()[0] for t in ("pages", "articles"))
    finally:
        conn.close()


def differences(clean: dict[str, object], resumed: dict[str, object]) -> list[str]:
    """Return the kinds of rows where the resumed store differs from the clean one."""
    return [kind for kind in clean if clean[kind] != resumed.get(kind)]
