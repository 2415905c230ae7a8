"""The export writes exactly the contract's files and fields, in UTF-8, one object a line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from storyline.errors import StorylineError
from storyline.export import EXPORTS, export_jsonl, export_parquet
from storyline.model import (
    Analysis,
    Article,
    Entity,
    Event,
    Mention,
    Page,
    Quote,
    QuoteCluster,
    Story,
)
from storyline.store import SqliteStore

CONTRACT = Path(__file__).resolve().parents[1] / "docs" / "contract.md"


def contract_fields() -> dict[str, list[str]]:
    """Return each export file's field names as docs/contract.md lists them."""
    section = CONTRACT.read_text(encoding="utf-8").split("## Export files", 1)[1]
    fields: dict[str, list[str]] = {}
    for block in re.split(r"\n(?=\S+\.jsonl\n)", section)[1:]:
        name, body = block.split("\n", 1)
        body = re.sub(r"\([^)]*\)|\[str\]", "", " ".join(body.split("\n## ", 1)[0].split()))
        fields[name.removesuffix(".jsonl")] = [f.strip() for f in body.split(",") if f.strip()]
    return fields


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    store = SqliteStore(str(tmp_path / "news.db"))
    article = Article(
        "a1",
        "crawl.warc.gz#3",
        "https://e.example/a1",
        "Le Monde",
        "Grève à Zürich",
        ("Émile Zola",),
        "2021-05-24T14:47:47+09:00",
        None,
        "ZÜRICH",
        "« Nous gagnerons », a dit Ada.\n\nLa grève continue.",
        ("Une légende",),
    )
    ada = Entity("Ada@a1", "Ada", "PERSON", mentions=(Mention(26, 29, "Ada"),))
    quote = Quote(
        "q1",
        "a1",
        "Nous gagnerons",
        "direct",
        2,
        16,
        "Ada",
        "Ada@a1",
        "a dit",
        speaker_start=26,
        speaker_end=29,
    )
    event = Event("ev1", "a1", "2021-05-24", "day", "La grève continue.", 31, 49, ("Ada@a1",))
    page = Page("crawl.warc.gz#3", "<p>…</p>", "html", url="https://e.example/a1")
    store.save_analysis(page, Analysis(article, (ada,), (quote,), (), (event,)))
    store.replace_entities(
        [Entity("e-ada", "Ada Lovelace", "PERSON", ("mathématicienne",), ("Ada",))],
        {"Ada@a1": "e-ada"},
    )
    store.replace_clusters(
        [
            QuoteCluster(
                "c1",
                "Ada Lovelace",
                "e-ada",
                "Nous gagnerons",
                ("q1",),
                "a1",
                "Le Monde",
                "2021-05-24T14:47:47+09:00",
            )
        ]
    )
    store.replace_stories([Story("s1", "Grève", ("a1",), "2021-05-24", "2021-05-24")])
    yield store
    store.close()


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_contract_lists_the_six_files_we_export() -> None:
    assert set(contract_fields()) == {e.name for e in EXPORTS}
    assert {e.name: list(e.fields) for e in EXPORTS} == contract_fields()


def test_jsonl_files_hold_exactly_the_contracts_fields(store: SqliteStore, tmp_path: Path) -> None:
    out = tmp_path / "out"
    counts = export_jsonl(store, out)
    assert counts == {
        "articles": 1,
        "entities": 1,
        "quotes": 1,
        "quote_clusters": 1,
        "stories": 1,
        "events": 1,
    }
    for name, fields in contract_fields().items():
        rows = read_jsonl(out / f"{name}.jsonl")
        assert len(rows) == counts[name]
        assert all(list(row) == fields for row in rows), name
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.jsonl" for n in counts)


def test_jsonl_values_are_linked_and_unescaped_utf8(store: SqliteStore, tmp_path: Path) -> None:
    export_jsonl(store, tmp_path)
    [article] = read_jsonl(tmp_path / "articles.jsonl")
    assert article["authors"] == ["Émile Zola"] and article["story_id"] == "s1"
    assert article["text"].split("\n\n") == ["« Nous gagnerons », a dit Ada.", "La grève continue."]
    [quote] = read_jsonl(tmp_path / "quotes.jsonl")
    assert (quote["speaker"], quote["speaker_id"], quote["cluster_id"]) == (
        "Ada Lovelace",
        "e-ada",
        "c1",
    )
    assert article["text"][quote["start"] : quote["end"]] == quote["text"]
    [event] = read_jsonl(tmp_path / "events.jsonl")
    assert event["entity_ids"] == ["e-ada"]
    raw = (tmp_path / "articles.jsonl").read_bytes()
    assert "Grève à Zürich".encode() in raw and b"\\u" not in raw
    assert raw.count(b"\n") == 1


def test_an_empty_store_exports_empty_files(tmp_path: Path) -> None:
    with SqliteStore(str(tmp_path / "empty.db")) as empty:
        counts = export_jsonl(empty, tmp_path / "out")
        export_parquet(empty, tmp_path / "out")
    assert set(counts.values()) == {0}
    assert (tmp_path / "out" / "stories.jsonl").read_text() == ""
    assert pq.read_table(tmp_path / "out" / "stories.parquet").column_names == [
        "id",
        "title",
        "article_ids",
        "first_published",
        "last_published",
    ]


def test_a_second_export_replaces_the_first(store: SqliteStore, tmp_path: Path) -> None:
    export_jsonl(store, tmp_path)
    store.replace_stories([])
    assert export_jsonl(store, tmp_path)["stories"] == 0
    assert (tmp_path / "stories.jsonl").read_text() == ""
    assert not list(tmp_path.glob(".*.tmp"))


def test_parquet_tables_match_the_jsonl(store: SqliteStore, tmp_path: Path) -> None:
    export_jsonl(store, tmp_path)
    counts = export_parquet(store, tmp_path)
    for name, fields in contract_fields().items():
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.column_names == fields
        assert table.num_rows == counts[name]
        assert table.to_pylist() == read_jsonl(tmp_path / f"{name}.jsonl")


def test_an_unwritable_destination_names_it(store: SqliteStore, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorylineError) as caught:
        export_jsonl(store, blocker / "out")
    assert str(blocker) in str(caught.value)
