"""End-to-end behaviour of the ``storyline`` command on small synthetic pages."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "cli"
CONTRACT_FIELDS = {
    "articles.jsonl": {"id", "source", "outlet", "title", "authors", "published", "updated",
                       "dateline", "text", "captions", "language", "story_id"},
    "quotes.jsonl": {"id", "article_id", "text", "kind", "start", "end", "speaker", "speaker_id",
                     "cue", "said_on", "venue", "cluster_id"},
    "entities.jsonl": {"id", "name", "type", "roles", "aliases"},
    "quote_clusters.jsonl": {"id", "speaker", "speaker_id", "text", "quote_ids",
                             "first_article_id", "first_outlet", "first_published",
                             "altered_quote_ids"},
    "stories.jsonl": {"id", "title", "article_ids", "first_published", "last_published"},
    "events.jsonl": {"id", "story_id", "article_id", "date", "precision", "text", "start", "end",
                     "entity_ids"},
}

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(FIXTURES, folder / "pages")
    (folder / "pages" / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "pages" / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def ingested(corpus: Path) -> tuple[Path, object]:
    db = corpus / "store.db"
    result = runner.invoke(app, ["ingest", str(corpus / "pages"), "--db", str(db), "--workers", "1"])
    return db, result


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_command_has_help() -> None:
    for command in ("ingest", "export", "report", "serve"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output


def test_ingest_stores_good_pages_and_names_each_rejected_file(ingested) -> None:
    db, result = ingested
    assert result.exit_code == 1
    assert "photo.html" in result.stderr and "empty.txt" in result.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 3
        assert con.execute("select count(*) from rejects").fetchone()[0] == 2


def test_ingesting_the_same_pages_again_stores_nothing_twice(ingested, corpus: Path) -> None:
    db, _ = ingested
    again = runner.invoke(app, ["ingest", str(corpus / "pages" / "harbour_times_1.txt"),
                                "--db", str(db), "--workers", "1"])
    assert again.exit_code == 0
    assert "0 new" in again.stdout and "1 unchanged" in again.stdout
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from articles").fetchone()[0] == 3


def test_export_writes_the_contract_files_with_their_fields(ingested, tmp_path: Path) -> None:
    db, _ = ingested
    result = runner.invoke(app, ["export", "--db", str(db), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name, fields in CONTRACT_FIELDS.items():
        rows = _rows(tmp_path / name)
        for row in rows:
            assert fields <= set(row), (name, fields - set(row))
    articles = {a["title"]: a for a in _rows(tmp_path / "articles.jsonl")}
    strait = articles["Ministers agree to resume strait talks next week"]
    assert strait["authors"] == ["Lena Korvath"]
    assert strait["text"].startswith("Valdorian Foreign Minister Irena Voss said on Sunday")
    assert "MOST READ" not in strait["text"] and "Copyright" not in strait["text"]


def test_quotes_are_attributed_and_linked_across_outlets(ingested, tmp_path: Path) -> None:
    db, _ = ingested
    runner.invoke(app, ["export", "--db", str(db), "--out", str(tmp_path)])
    quotes = _rows(tmp_path / "quotes.jsonl")
    door = [q for q in quotes if "door to dialogue is open" in q["text"]]
    assert len(door) == 2
    assert {q["speaker"] for q in door} == {"Irena Voss"}
    assert door[0]["cluster_id"] is not None and door[0]["cluster_id"] == door[1]["cluster_id"]
    stories = _rows(tmp_path / "stories.jsonl")
    sizes = sorted(len(s["article_ids"]) for s in stories)
    assert sizes == [1, 2]


def test_report_prints_markdown_for_every_story(ingested) -> None:
    db, _ = ingested
    result = runner.invoke(app, ["report", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "# storyline report: 2 stories" in result.stdout


def test_unknown_report_format_is_a_usage_error(ingested) -> None:
    db, _ = ingested
    assert runner.invoke(app, ["report", "--db", str(db), "--format", "pdf"]).exit_code == 2


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    result = runner.invoke(app, ["export", "--db", str(bogus), "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "notes.db" in result.stderr
    assert bogus.read_text().startswith("these are my notes")
