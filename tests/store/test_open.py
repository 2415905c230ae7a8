"""Opening a store: URLs, migrations, pragmas, and clear errors for files it cannot use."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest
import sqlite_utils

from storyline.errors import StoreError
from storyline.model import Page
from storyline.store import SqliteStore, Store, open_store
from storyline.store.schema import SCHEMA_VERSION


def test_a_new_file_is_migrated_with_wal_and_foreign_keys(db_path: Path) -> None:
    store = open_store(db_path)
    assert isinstance(store, Store)
    store.close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {
        "pages",
        "articles",
        "article_fts",
        "entities",
        "entity_mentions",
        "quotes",
        "quotes_fts",
        "time_expressions",
        "events",
        "quote_clusters",
        "stories",
        "rejects",
        "meta",
    } <= tables
    conn.close()


def test_reopening_runs_no_migration_twice_and_keeps_data(db_path: Path, build) -> None:
    with SqliteStore(str(db_path)) as store:
        store.save_analysis(*build("a1", "Kept across reopen."))
    for _ in range(2):
        with SqliteStore(str(db_path)) as store:
            assert store.counts()["articles"] == 1
            assert store.search("reopen")[0]["id"] == "a1"
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION),
    )
    conn.close()


def test_a_version_1_file_is_migrated_to_the_desk_indexes(db_path: Path, build) -> None:
    from storyline.store.schema import MIGRATIONS, _statements

    conn = sqlite3.connect(db_path, isolation_level=None)
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with SqliteStore(str(db_path)) as store:
        store.save_analysis(*build("a1", "Kept across the migration."))
        assert store.counts(["articles"]) == {"articles": 1}
    conn = sqlite3.connect(db_path)
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"stories_recent", "articles_story_outlet"} <= indexes
    assert "articles_story_id" not in indexes
    conn.close()


def test_the_stories_page_reads_through_indexes(store: SqliteStore) -> None:
    """The page of stories comes off an index in order, and its counts off covering indexes."""
    sql = (
        "SELECT id FROM stories ORDER BY coalesce(last_published, first_published) DESC, id"
        " LIMIT 50 OFFSET 100"
    )
    plan = " | ".join(r[3] for r in store._conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "stories_recent" in plan and "TEMP B-TREE" not in plan
    sql = "SELECT count(*), json_group_array(DISTINCT outlet) FROM articles WHERE story_id = 's'"
    plan = " | ".join(r[3] for r in store._conn.execute("EXPLAIN QUERY PLAN " + sql))
    assert "COVERING INDEX articles_story_outlet" in plan


def test_integrity_check_passes_after_writes_and_updates(store: SqliteStore, build) -> None:
    url = "https://e.example/a"
    store.save_analysis(*build("a1", "One.", url=url, quotes=(("Hi", "Ada"),)))
    store.save_analysis(*build("a2", "Two.", url=url, content="v2", quotes=(("Yo", "Bo"),)))
    assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store._conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store._conn.execute("INSERT INTO article_fts (article_fts) VALUES ('integrity-check')")
    store._conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('integrity-check')")


@pytest.mark.parametrize("url", ["sqlite:///{path}", "{path}"])
def test_sqlite_urls_and_paths_open_the_same_file(tmp_path: Path, url: str, build) -> None:
    path = tmp_path / "x.db"
    with SqliteStore(str(path)) as store:
        store.save_analysis(*build("a1", "Text."))
    reopened = open_store(url.format(path=path))
    assert reopened.counts()["articles"] == 1
    reopened.close()


def test_postgres_url_asks_for_the_extra_and_hides_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the extra were not installed
    with pytest.raises(StoreError, match=r"storyline\[postgres\]") as caught:
        open_store("postgresql://news:s3cret@db.example/storyline")
    assert "s3cret" not in str(caught.value)


def test_unreachable_postgres_server_is_one_line_without_the_password() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError, match="cannot connect") as caught:
        open_store("postgresql://news:s3cret@db.invalid/storyline")
    assert "s3cret" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(StoreError, match="unknown store scheme"):
        open_store("mysql://db.example/news")


def test_a_file_that_is_not_sqlite_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not a database") as caught:
        open_store(path)
    assert str(path) in str(caught.value)


def test_a_corrupt_store_names_the_file(tmp_path: Path, build) -> None:
    path = tmp_path / "broken.db"
    with SqliteStore(str(path)) as store:
        store.save_analysis(*build("a1", "Text " * 2000))
    data = bytearray(path.read_bytes())
    data[100:4096] = os.urandom(3996)  # trample the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as caught:
        SqliteStore(str(path)).counts()
    assert str(path) in str(caught.value)


def test_a_missing_folder_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "folder" / "x.db"
    with pytest.raises(StoreError, match="folder exists") as caught:
        open_store(path)
    assert str(path) in str(caught.value)


def test_a_store_from_a_newer_storyline_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(db_path)


def test_a_full_disk_rolls_the_document_back(store: SqliteStore, build) -> None:
    store.save_analysis(*build("a1", "Small."))
    before = store.counts()
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # a disk with two pages left
    page, analysis = build("big", "word " * 200_000, content="big", quotes=(("Hi", "Ada"),))
    with pytest.raises(StoreError, match="full") as caught:
        store.save_analysis(page, analysis)
    assert str(store.path) in str(caught.value)
    store._conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.counts() == before
    assert store.page_status(page) == "new"
    assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_connections_see_each_others_writes(db_path: Path, build) -> None:
    writer, reader = SqliteStore(str(db_path)), SqliteStore(str(db_path))
    writer.save_analysis(*build("a1", "Shared."))
    assert reader.page_status(Page("a1.html", "<p>Shared.</p>", "html")) == "same"
    writer.close()
    reader.close()


def test_data_version_changes_with_every_commit_by_anyone(db_path: Path, build) -> None:
    with SqliteStore(str(db_path)) as reader, SqliteStore(str(db_path)) as writer:
        before = reader.data_version()
        assert isinstance(before, int) and reader.data_version() == before  # no commit between
        writer.save_analysis(*build("a1", "Written by another connection."))
        after = reader.data_version()
        assert after != before and reader.data_version() == after
        reader.save_analysis(*build("a2", "Written by this one.", content="2"))
        assert reader.data_version() != after


def test_the_file_reads_as_plain_tables_in_sqlite_utils(db_path: Path, build) -> None:
    with SqliteStore(str(db_path)) as store:
        store.save_analysis(*build("a1", "Readable.", quotes=(("Plain", "Ada"),)))
    db = sqlite_utils.Database(db_path)
    assert db["articles"].detect_fts() == "article_fts"
    assert db["quotes"].detect_fts() == "quotes_fts"
    [row] = db["quotes"].rows
    assert (row["text"], row["speaker"], row["article_id"]) == ("Plain", "Ada", "a1")
    assert json.loads(next(db["articles"].rows)["authors"]) == ["Lois Lane"]
    assert [r["id"] for r in db["articles"].search("readable")] == ["a1"]
