"""Helpers shared by the hostile-input and fault tests (also used by bench/hostile.py)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path


def cli_command(*args: str) -> list[str]:
    """Return the argv that runs the ``storyline`` command with this interpreter."""
    return [sys.executable, "-c", "from storyline.cli import app; app()", *args]


def relative(source: str, folder: Path) -> str:
    """Return a source (path or path#N) relative to the corpus folder."""
    prefix = f"{folder}/"
    return source[len(prefix) :] if source.startswith(prefix) else source


def consistency_problems(db: Path) -> list[str]:
    """Return what is wrong with a store file: integrity, orphans, offsets that do not match."""
    conn = sqlite3.connect(db)
    try:
        problems = [f"integrity: {row[0]}" for row in conn.execute("PRAGMA integrity_check")
                    if row[0] != "ok"]  # fmt: skip
        problems += [
            f"foreign key: {tuple(row)}" for row in conn.execute("PRAGMA foreign_key_check")
        ]
        texts = dict(conn.execute("SELECT id, text FROM articles"))
        orphans = conn.execute(
            "SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM pages"
            " WHERE article_id IS NOT NULL)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} articles without a page row")
        for table in ("quotes", "time_expressions", "events"):
            sql = f'SELECT article_id, start, "end", text FROM {table}'
            for article_id, start, end, text in conn.execute(sql):
                body = texts.get(article_id)
                if body is None:
                    problems.append(f"{table} row of missing article {article_id}")
                elif table != "events" and body[start:end] != text:
                    problems.append(f"{table} offsets of {article_id} do not match its text")
        return problems
    finally:
        conn.close()
