"""Hostile input and faults: the bad-input corpus through ``storyline ingest``, and kill -9 loops.

    .venv/bin/python bench/hostile.py [--good 20] [--big] [--kills 8] [--rounds 1]
                                      [--pages 40] [--seed S] [--skip-corpus] [--skip-kills]

1. Bad-input corpus. A store first gets ``--good`` good pages (one ``storyline ingest``
   run); then the corpus of tests/hostile/badcorpus.py (``build``: empty, binary, huge and
   gzip-bomb files, deep and truncated HTML, legacy encodings, mojibake, NULs, broken WARC
   and JSONL records, a 1 MB line, unclosed quotes, impossible dates) goes through the CLI in
   a subprocess. Prints files stored, rejected with a reason, crashed (an internal-error
   reject, a traceback, an exit status other than 0/1 — target 0), rows lost (a row of the
   good pages gone or changed, or a page that should be stored and is not — target 0),
   outcomes other than expected, and the ingest process's peak RSS. ``--big`` makes the
   200 MB page real text instead of a sparse file.
2. Kill and resume. ``--pages`` good pages and two bad files are ingested once cleanly;
   then, ``--rounds`` times, a fresh store is built by ``--kills`` runs each killed with
   SIGKILL at a random point (a number of stored pages, rising from run to run; a delay,
   while the model loads or the schema is made; during linking), each followed by
   ``PRAGMA integrity_check``, and a final rerun. Prints runs, duplicates, lost pages,
   integrity_check failures and the kinds of rows that differ from the clean run (target:
   all 0).

Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "hostile"))

import badcorpus  # noqa: E402
from hostile_support import cli_command, consistency_problems, relative  # noqa: E402
from kill_support import (  # noqa: E402
    KillPoint,
    differences,
    duplicates,
    ingest_argv,
    kill_at,
    summary,
)

BAD_FILES = {"empty.html": b"", "photo.html": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8}
INGEST_LIMIT_S = 900


@dataclass
class Run:
    """One finished ``storyline ingest`` process."""

    code: int
    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str


def run_ingest(folder: Path, db: Path, limit: float = INGEST_LIMIT_S) -> Run:
    """Run ``storyline ingest folder`` in a subprocess; return its exit, output and peak RSS."""
    argv = cli_command("ingest", str(folder), "--db", str(db), "--workers", "1", "-q")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err)
        watchdog = threading.Timer(limit, child.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(child.pid, 0)
        finally:
            watchdog.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        took = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        text_out = out.read().decode(errors="replace")
        text_err = err.read().decode(errors="replace")
    # ru_maxrss is in kilobytes on Linux
    return Run(child.returncode, took, usage.ru_maxrss / 1024, text_out, text_err)


def _rows(db: Path) -> dict[str, set[tuple[object, ...]]]:
    """Return the rows the good pages left: pages, articles, quotes, entities, times."""
    conn = sqlite3.connect(db)
    try:
        queries = {
            "pages": "SELECT key, source, content_hash, article_id FROM pages",
            "articles": "SELECT id, source, title, text, published FROM articles",
            "quotes": 'SELECT id, article_id, text, start, "end", raw_speaker FROM quotes',
            "entities": "SELECT article_id, id, name, type FROM article_entities",
            "times": 'SELECT article_id, start, "end", value FROM time_expressions',
        }
        return {kind: {tuple(row) for row in conn.execute(sql)} for kind, sql in queries.items()}
    finally:
        conn.close()


def _stored(db: Path, folder: Path) -> set[str]:
    """Return the sources under folder (relative to it) that are stored as articles."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT p.source FROM pages p JOIN articles a ON a.id = p.article_id")
        return {relative(s, folder) for (s,) in rows if s.startswith(f"{folder}/")}
    finally:
        conn.close()


def _rejects(db: Path, folder: Path) -> dict[str, str]:
    """Return the reason of each rejected source under folder (relative to it)."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT source, reason FROM rejects")
        return {relative(s, folder): why for s, why in rows if s.startswith(f"{folder}/")}
    finally:
        conn.close()


def bad_corpus(root: Path, good: int, big: bool) -> bool:
    """Run the bad-input corpus on top of a store of good pages; print figures, return pass."""
    corpus, good_folder, db = root / "corpus", root / "good", root / "hostile.db"
    expected = badcorpus.build(corpus, big=big)
    badcorpus.good_pages(good_folder, good, seed=5)
    first = run_ingest(good_folder, db)
    before = _rows(db)
    print(f"good pages: {good} ingested in {first.seconds:.1f}s (exit {first.code}), "
          f"{len(before['articles'])} articles, {len(before['quotes'])} quotes")  # fmt: skip
    run = run_ingest(corpus, db)
    after = _rows(db)
    stored = _stored(db, corpus)
    rejects = _rejects(db, corpus)
    named = {
        relative(line.split(" ", 1)[1].split(": ", 1)[0], corpus)
        for line in run.stderr.splitlines()
        if line.startswith("rejected ")
    }
    with_reason = {s for s, reason in rejects.items() if reason and "\n" not in reason}
    internal = {s for s, reason in rejects.items() if "internal error" in reason}
    crashed = len(internal) + ("Traceback" in run.stderr) + (run.code not in (0, 1))
    lost = {kind: len(rows - after[kind]) for kind, rows in before.items()}
    should_store = {s for s, outcome in expected.items() if outcome == "stored"}
    missing = should_store - stored
    outcome = {s: "stored" for s in stored} | {s: "rejected" for s in rejects}
    unexpected = {s: (want, outcome.get(s, "nothing")) for s, want in expected.items()
                  if outcome.get(s) != want}  # fmt: skip
    unaccounted = set(expected) - set(outcome)
    problems = consistency_problems(db)
    rows_lost = sum(lost.values()) + len(missing)
    print(f"bad-input corpus: {len(expected)} sources "
          f"({sum(1 for v in expected.values() if v == 'stored')} should be stored, "
          f"{sum(1 for v in expected.values() if v == 'rejected')} rejected); "
          f"ingest exit {run.code} in {run.seconds:.1f}s")  # fmt: skip
    print(f"  stored: {len(stored)}")
    print(f"  rejected with a reason: {len(with_reason)} of {len(rejects)} rejects "
          f"({len(named & set(rejects))} named on stderr)")  # fmt: skip
    print(f"  crashed: {crashed} (internal-error rejects {len(internal)}, traceback "
          f"{'yes' if 'Traceback' in run.stderr else 'no'}, exit {run.code})")  # fmt: skip
    print(f"  rows lost: {rows_lost} (good-page rows gone {lost}; pages that should be "
          f"stored and are not: {sorted(missing)})")  # fmt: skip
    print(f"  not as expected: {len(unexpected)} {unexpected if unexpected else ''}")
    print(f"  neither stored nor rejected: {len(unaccounted)} {sorted(unaccounted) or ''}")
    print(f"  consistency problems: {len(problems)} {problems[:5] if problems else ''}")
    print(f"  peak RSS of the ingest process: {run.peak_rss_mb:.0f} MB "
          f"(good-pages run: {first.peak_rss_mb:.0f} MB)")  # fmt: skip
    return not (crashed or rows_lost or unexpected or unaccounted or problems)


def _integrity(db: Path) -> list[str]:
    """Return the integrity_check messages other than "ok" (none when the file is absent)."""
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=30)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    finally:
        conn.close()


def _page_rows(db: Path) -> int:
    """Return the number of page rows in the store, 0 before it exists."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=30)
    try:
        return int(conn.execute("SELECT count(*) FROM pages").fetchone()[0])
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def schedule(rng: random.Random, kills: int, pages: int) -> list[KillPoint]:
    """Return one round's kill points: mid-ingest page counts in rising order, so each run
    gets further than the last, with delays (model loading, schema) mixed in and a kill
    during linking last."""
    links = max(1, kills // 6)
    delays = kills // 4
    counts = sorted(rng.sample(range(1, pages), min(pages - 1, kills - links - delays)))
    points: list[KillPoint] = list(counts)
    for _ in range(delays):
        points.insert(rng.randint(0, len(points)), rng.uniform(0.2, 4.0))
    return points + ["link"] * links


@dataclass
class Tally:
    """The kill-and-resume figures, summed over rounds."""

    runs: int = 0
    kills: int = 0
    mid_ingest: int = 0
    duplicates: int = 0
    lost: int = 0
    integrity_failures: int = 0
    checks: int = 0
    differences: int = 0
    problems: int = 0
    wrong_exit: int = 0


def kill_round(folder: Path, clean: tuple[Path, int], db: Path, points: list[KillPoint],
               pages: int, tally: Tally) -> None:  # fmt: skip
    """Build ``db`` through runs killed at ``points`` and a rerun; add the figures to tally.

    ``clean`` is the store of an uninterrupted run and that run's exit status.
    """
    clean_db, clean_code = clean
    for point in points:
        what = kill_at(folder, db, point, pages)
        tally.runs += 1
        tally.kills += what.startswith("killed")
        tally.mid_ingest += what.startswith("killed") and f"({pages} pages" not in what
        bad = _integrity(db)
        tally.checks += 1
        tally.integrity_failures += bool(bad)
        extra = duplicates(db) if db.exists() else 0
        tally.duplicates += extra
        print(f"    {what}; integrity {'ok' if not bad else bad[:3]}, duplicates {extra}")
    final = subprocess.run(ingest_argv(folder, db), capture_output=True, text=True, timeout=600)
    tally.runs += 1
    tally.wrong_exit += final.returncode != clean_code
    bad = _integrity(db)
    tally.checks += 1
    tally.integrity_failures += bool(bad)
    tally.duplicates += duplicates(db)
    lost = _stored(clean_db, folder) - _stored(db, folder)
    tally.lost += len(lost)
    differ = differences(summary(clean_db), summary(db))
    tally.differences += len(differ)
    problems = consistency_problems(db)
    tally.problems += len(problems)
    print(f"    rerun exit {final.returncode}; lost {sorted(lost)[:5] or 0}; "
          f"differs from the clean run in {differ or 'nothing'}; "
          f"consistency problems {problems[:3] or 0}")  # fmt: skip


def kill_resume(root: Path, pages: int, kills: int, rounds: int, seed: int) -> bool:
    """Build stores through killed runs and reruns, compare with a clean run; print figures."""
    folder = root / "pages"
    badcorpus.good_pages(folder, pages, seed=seed % 1000)
    for name, data in BAD_FILES.items():
        (folder / name).write_bytes(data)
    clean_db = root / "clean.db"
    clean = subprocess.run(ingest_argv(folder, clean_db), capture_output=True, timeout=600)
    stored = len(_stored(clean_db, folder))
    print(f"kill and resume: {pages} good pages + {len(BAD_FILES)} bad files, seed {seed}; "
          f"clean run exit {clean.returncode}, {stored} pages stored")  # fmt: skip
    rng, tally = random.Random(seed), Tally()
    for number in range(1, rounds + 1):
        points = schedule(rng, kills, pages)
        print(
            f"  round {number}: kill points {[round(p, 1) if isinstance(p, float) else p for p in points]}"
        )
        resumed = root / f"resumed_{number}.db"
        kill_round(folder, (clean_db, clean.returncode), resumed, points, pages, tally)
    print(f"  runs: {tally.runs} ({tally.kills} killed with SIGKILL, {tally.mid_ingest} of them "
          f"while pages were still missing; {rounds} reruns)")  # fmt: skip
    print(f"  duplicates: {tally.duplicates}")
    print(f"  lost pages: {tally.lost}")
    print(f"  integrity_check failures: {tally.integrity_failures} of {tally.checks} checks")
    print(f"  kinds of rows differing from the clean run: {tally.differences}; consistency "
          f"problems: {tally.problems}; reruns with another exit status: {tally.wrong_exit}")  # fmt: skip
    failures = (tally.duplicates, tally.lost, tally.integrity_failures, tally.differences,
                tally.problems, tally.wrong_exit, clean.returncode != 1, stored != pages)  # fmt: skip
    return not any(failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--good", type=int, default=20, help="good pages stored first")
    parser.add_argument("--big", action="store_true", help="make the 200 MB page real text")
    parser.add_argument("--kills", type=int, default=8, help="kills per round")
    parser.add_argument("--rounds", type=int, default=1, help="fresh stores built by kills")
    parser.add_argument("--pages", type=int, default=40, help="pages of the kill loop")
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    parser.add_argument("--skip-corpus", action="store_true")
    parser.add_argument("--skip-kills", action="store_true")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="storyline-hostile-"))
    print(f"working folder: {root}")
    passed = True
    if not args.skip_corpus:
        passed &= bad_corpus(root, args.good, args.big)
    if not args.skip_kills:
        passed &= kill_resume(root, args.pages, args.kills, args.rounds, args.seed)
    print("targets met" if passed else "targets missed")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
