"""Faults: a full disk stops the ingest with one clear line and leaves the store consistent.

The disk is filled with SQLite's ``max_page_count`` pragma: the store file may not grow
past a few pages more than it holds, which SQLite reports as "database or disk is full".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import badcorpus
import pytest
from hostile_support import consistency_problems
from typer.testing import CliRunner

import storyline.store
from storyline.cli import app
from storyline.errors import StoreError
from storyline.pipeline import ingest
from storyline.settings import load_settings
from storyline.store import SqliteStore

FIRST, MORE = 3, 12


def _fill_after(store: SqliteStore, spare_pages: int) -> None:
    """Let the store's file grow by at most spare_pages pages from now on."""
    conn = store._conn  # the pragma is per connection: it must be the store's own
    used = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {used + spare_pages}")


def _articles(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute("SELECT id, text FROM articles"))
    finally:
        conn.close()


@pytest.fixture
def pages(tmp_path: Path) -> tuple[Path, Path]:
    first, more = tmp_path / "first", tmp_path / "more"
    badcorpus.good_pages(first, FIRST)
    badcorpus.good_pages(more, MORE, seed=1, prefix="more")
    return first, more


def test_full_disk_stops_ingest_with_one_line_and_keeps_earlier_rows(
    tmp_path: Path, pages: tuple[Path, Path]
) -> None:
    db = tmp_path / "full.db"
    settings = load_settings(workers=1)
    store = SqliteStore(str(db))
    ingest([str(pages[0])], store, settings)
    before = _articles(db)
    _fill_after(store, 4)
    with pytest.raises(StoreError) as caught:
        ingest([str(pages[1])], store, settings)
    store.close()
    message = str(caught.value)
    assert "\n" not in message and str(db) in message and "full" in message
    assert "free some disk space" in message
    after = _articles(db)
    assert set(before) <= set(after) and len(after) < FIRST + MORE
    assert consistency_problems(db) == []


def test_full_disk_on_the_command_line_is_one_error_line_and_exit_2(
    tmp_path: Path, pages: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "cli.db"
    real_open = storyline.store.open_store

    def nearly_full(url: object) -> object:
        store = real_open(url)  # type: ignore[arg-type]
        _fill_after(store, 4)  # type: ignore[arg-type]
        return store

    monkeypatch.setattr(storyline.store, "open_store", nearly_full)
    result = CliRunner().invoke(
        app, ["ingest", str(pages[1]), "--db", str(db), "--workers", "1", "-q"]
    )
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "full" in errors[0] and str(db) in errors[0]
    assert consistency_problems(db) == []
