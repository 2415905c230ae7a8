"""The Spark engine in local mode gives the single-process pipeline's export, up to id renaming.

One SparkSession (local[2]) serves the whole module. The pages are written here for the test:
two invented stories reported by three outlets as HTML files, a JSONL feed (a wire copy, a
page whose later version changes it, a byte-identical repeat) and plain-text dumps sharing a
template, plus an empty file that both engines must reject. Skipped with the reason when
pyspark or Java is missing (CI installs both and turns such skips into failures).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.engines.compare import compare_exports
from storyline.errors import StorylineError
from storyline.export import export_jsonl
from storyline.model import Quote
from storyline.store import SqliteStore

try:
    from storyline.engines.spark import check_spark

    check_spark()
    SPARK_MISSING = ""
except StorylineError as exc:
    SPARK_MISSING = str(exc)

runner = CliRunner()

STORY_A = [
    "Mayor Rosa Elmquist said on Tuesday that work on the Tarn bridge would start in April.",
    "\u201cWe will rebuild the Tarn bridge before the winter, and nobody in Lowmoor will be "
    "left behind,\u201d Elmquist told reporters at the town hall.",
    "The bridge has been closed to lorries since March 3, when engineers found cracks in "
    "two of its piers.",
    "Council leader Jonas Wetherby said the budget for the repairs was still being drawn up.",
    "\u201cEvery family in Lowmoor deserves to know what the bridge will cost,\u201d "
    "Wetherby said.",
]
STORY_B = [
    "Dock workers in Saltmarsh voted on Friday to end a strike that had closed the port "
    "for nine days.",
    "\u201cThe members have spoken and we will be back at work on Monday morning,\u201d said "
    "union organiser Piet Brannagh.",
    "The port authority said ferries to the islands would run again from Monday.",
]


def _html(title: str, outlet: str, author: str, published: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}'
        f'</title><meta property="og:site_name" content="{outlet}">'
        f'<meta name="author" content="{author}">'
        f'<meta property="article:published_time" content="{published}"></head>\n<body>'
        f'<nav><a href="/">Home</a> <a href="/news">News</a></nav>\n<article><h1>{title}</h1>'
        f'<p class="byline">By {author}</p>\n{body}\n</article>'
        f"<footer>\u00a9 2025 {outlet}</footer></body></html>\n"
    )


def _dump(outlet: str, title: str, published: str, paragraphs: list[str]) -> str:
    menu = "Skip to content\nHome\nNews\nSport\nWeather\n" + outlet + "\n\n"
    tail = "\n\nMOST READ\nSign up for our newsletter\nCookie settings\nContact us\n"
    text = "\n\n".join(paragraphs)
    return f"{menu}{title}\n\nPublished: {published}\n\n{text}{tail}\u00a9 2025 {outlet}\n"


def write_pages(folder: Path) -> Path:
    """Write the synthetic corpus under ``folder/pages`` and return that folder."""
    pages = folder / "pages"
    (pages / "html").mkdir(parents=True)
    (pages / "dumps").mkdir()
    ledger = _html(
        "Tarn bridge repairs to start in April", "The Lowmoor Ledger", "Ines Farrow",
        "2025-03-11T09:00:00+00:00", STORY_A,
    )  # fmt: skip
    (pages / "html" / "ledger_bridge.html").write_text(ledger, "utf-8")
    (pages / "html" / "courier_bridge.html").write_text(
        _html(
            "Elmquist promises bridge before winter", "Valley Courier", "Tomas Brede",
            "2025-03-11T14:30:00+01:00", [STORY_A[1], STORY_A[0], STORY_A[2]],
        ),
        "utf-8",
    )  # fmt: skip
    (pages / "html" / "courier_port.html").write_text(
        _html(
            "Saltmarsh dock strike ends", "Valley Courier", "Tomas Brede",
            "2025-03-14T18:00:00+01:00", STORY_B,
        ),
        "utf-8",
    )  # fmt: skip
    records = [
        {"url": "https://wire.example/bridge", "published": "2025-03-11T08:00:00Z",
         "text": "Tarn bridge to reopen\n\n" + "\n\n".join(STORY_A[:3])},
        {"url": "https://wire.example/port", "html": _html(
            "Port strike ends", "Bay Street Wire", "Noor Castell", "2025-03-14T16:00:00Z",
            STORY_B[:2])},
        {"url": "https://wire.example/port", "html": _html(
            "Port strike ends", "Bay Street Wire", "Noor Castell", "2025-03-14T19:00:00Z",
            STORY_B)},
        {"url": "https://ledger.example/bridge", "html": ledger},
    ]  # fmt: skip
    feed = "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n"
    (pages / "feed.jsonl").write_text(feed, "utf-8")
    (pages / "dumps" / "bay_wire_bridge.txt").write_text(
        _dump("Bay Street Wire", "Bridge pledge from Elmquist", "2025-03-12 10:15",
              [STORY_A[1], STORY_A[3], STORY_A[4]]),
        "utf-8",
    )  # fmt: skip
    (pages / "dumps" / "bay_wire_port.txt").write_text(
        _dump("Bay Street Wire", "Ferries to run again", "2025-03-15 07:40",
              [STORY_B[1], STORY_B[2], STORY_B[0]]),
        "utf-8",
    )  # fmt: skip
    (pages / "dumps" / "empty.txt").write_bytes(b"")
    return pages


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if SPARK_MISSING:
        pytest.skip(SPARK_MISSING)
    from storyline.engines.spark import _session

    session = _session(
        "local[2]",
        {"spark.ui.showConsoleProgress": "false", "spark.sql.shuffle.partitions": "4"},
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_pages(tmp_path_factory.mktemp("spark"))


@pytest.fixture(scope="module")
def local(corpus: Path) -> tuple[Path, Any]:
    """The single-process pipeline's store and export of the corpus."""
    db = corpus.parent / "local.db"
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--workers", "1", "-q"])
    exported = corpus.parent / "local-export"
    assert runner.invoke(app, ["export", "--db", str(db), "--out", str(exported)]).exit_code == 0
    return db, result


@pytest.fixture(scope="module")
def on_spark(spark: Any, corpus: Path) -> tuple[Path, Path, Any]:
    """The Spark engine's store and Parquet results, run through ``storyline ingest``."""
    db, parquet = corpus.parent / "spark.db", corpus.parent / "spark.parquet"
    result = runner.invoke(
        app,
        ["ingest", str(corpus), "--engine", "spark", "--master", "local[2]", "--db", str(db),
         "--parquet", str(parquet), "-q"],
    )  # fmt: skip
    return db, parquet, result


def _export(db: Path, folder: Path) -> Path:
    with SqliteStore(str(db)) as store:
        export_jsonl(store, folder)
    return folder


def _summary(output: str) -> str:
    """Return the counts of the ingest summary line, without its timing."""
    [line] = [line for line in output.splitlines() if " pages in " in line]
    return line.split("s: ", 1)[1].split(" → ")[0]


def test_spark_ingest_stores_what_the_pipeline_stores(local, on_spark, corpus: Path) -> None:
    (_, local_result), (spark_db, _, spark_result) = local, on_spark
    assert spark_result.exit_code == local_result.exit_code == 1, spark_result.output
    assert "empty.txt" in spark_result.stderr and "Parquet results in" in spark_result.stderr
    assert _summary(spark_result.stdout) == _summary(local_result.stdout)
    assert " pages in " in spark_result.stdout and "10 pages" in spark_result.stdout
    exported = _export(spark_db, corpus.parent / "spark-export")
    assert compare_exports(corpus.parent / "local-export", exported) == []
    with sqlite3.connect(spark_db) as con:
        linked = con.execute("select count(*) from quote_clusters where quote_ids like '%,%'")
        assert linked.fetchone()[0] > 0  # the corpus really links quotes across outlets


def test_parquet_results_can_be_queried_with_duckdb(on_spark) -> None:
    import duckdb

    db, parquet, _ = on_spark
    count = "select count(*), count(distinct article_id) from {}"
    with sqlite3.connect(db) as con:
        stored = con.execute(count.format("quotes")).fetchone()
    found = duckdb.sql(count.format(f"'{parquet}/quotes/*.parquet'")).fetchall()[0]
    # the changed page's first version is in the results too; the store keeps the last
    assert stored[0] > 0 and found[0] >= stored[0] and found[1] == stored[1]
    manifest = json.loads((parquet / "manifest.json").read_text())
    with sqlite3.connect(db) as con:
        rejects = con.execute("select count(*) from rejects").fetchone()[0]
    assert manifest["inputs"] == 10 and manifest["rejects"] == rejects >= 1


def test_linking_on_spark_gives_the_pipelines_clusters_and_stories(
    spark: Any, local, corpus: Path, tmp_path: Path
) -> None:
    from storyline.engines.spark_link import link

    local_db, _ = local
    copy = tmp_path / "relinked.db"
    shutil.copy(local_db, copy)
    with SqliteStore(str(copy)) as store:
        counts = link(store, spark, min_quotes=0)
    assert counts["clusters"] > 0
    assert compare_exports(corpus.parent / "local-export", _export(copy, tmp_path / "x")) == []


def test_results_loaded_into_another_store_give_the_same_export(
    on_spark, corpus: Path, tmp_path: Path
) -> None:
    from storyline.engines.tables import load_into

    _, parquet, spark_result = on_spark
    db = tmp_path / "loaded.db"
    with SqliteStore(str(db)) as store:
        report = load_into(store, parquet)
    counts = f"{report.inserted} new, {report.updated} updated, {report.unchanged} unchanged"
    assert counts in _summary(spark_result.stdout) and report.updated == 1
    assert compare_exports(corpus.parent / "local-export", _export(db, tmp_path / "x")) == []


def _quotes() -> list[Quote]:
    said = {
        "Rosa Elmquist": "We will rebuild the Tarn bridge before the winter, and nobody will be left behind.",
        "Jonas Wetherby": "Every family in Lowmoor deserves to know what the bridge will cost us.",
        "Piet Brannagh": "The members have spoken and we will be back at work on Monday morning.",
        "Ada Kowalczyk": "The members have spoken and we will be back at work on Monday morning.",
    }  # fmt: skip
    quotes = []
    for k, (speaker, text) in enumerate(said.items()):
        words = text.rstrip(".").split()
        versions = [text, " ".join(words[1:9]), text.replace("We will", "We'll"),
                    " ".join(words[:4]) + " \u2026 " + " ".join(words[7:])]  # fmt: skip
        for n, version in enumerate(versions):
            name = speaker if n != 1 else speaker.split()[-1]
            quotes.append(Quote(f"q-{k}-{n}", f"a-{n}", version, "direct", 0, 9, speaker=name))
    quotes.append(Quote("q-9", "a-9", "Back at work on Monday morning, he said.", "indirect", 0, 9))
    return quotes


def test_quote_pairs_joined_on_spark_are_link_quotes_pairs(spark: Any) -> None:
    """The path for more quotes than can be broadcast (the linking test covers the other)."""
    from storyline.engines.spark_link import quote_pairs
    from storyline.quotes.link import _gram_pairs, _lsh_pairs, _match, _prepare

    quotes = _quotes()
    reports = _prepare(quotes)
    expected = set()
    for i, j in _lsh_pairs(reports) | _gram_pairs(reports):
        score = _match(reports[i], reports[j])
        if score is not None:
            a, b = sorted((reports[i].quote.id, reports[j].quote.id))
            expected.add((a, b, score))
    found = {(*sorted((a, b)), s) for a, b, s in quote_pairs(spark, quotes, broadcast_limit=0)}
    assert len(expected) > 10
    assert found == expected


def test_missing_pyspark_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_pyspark(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyspark" or name.startswith("pyspark."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyspark)
    result = runner.invoke(
        app, ["ingest", str(tmp_path), "--engine", "spark", "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 2
    assert "storyline[spark]" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_java_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("pyspark", reason="pyspark is checked before Java")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = runner.invoke(
        app, ["ingest", str(tmp_path), "--engine", "spark", "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 2
    assert "Java 17" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_spark_options_without_the_spark_engine_are_a_usage_error(tmp_path: Path) -> None:
    for option in (["--master", "local[2]"], ["--conf", "spark.executor.memory=4g"]):
        result = runner.invoke(app, ["ingest", str(tmp_path), *option])
        assert result.exit_code == 2 and "--engine spark" in result.stderr


def test_a_spark_setting_must_be_key_equals_value(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = runner.invoke(
        app,
        [
            "ingest",
            str(tmp_path),
            "--engine",
            "spark",
            "--conf",
            "executor memory",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 2 and "KEY=VALUE" in result.stderr
    assert not db.exists()
