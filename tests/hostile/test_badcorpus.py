"""Hostile input: every bad file is stored or rejected by name, nothing crashes, nothing is lost.

One run goes through ``storyline.pipeline.ingest`` in this process, after good pages were
stored; another goes through the ``storyline ingest`` command in a subprocess that reports
its peak memory. Both run at the same time, on the same corpus.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import badcorpus
import pytest
from hostile_support import consistency_problems, relative

from storyline import pipeline
from storyline.ingest import iter_pages
from storyline.model import Reject
from storyline.pipeline import IngestReport, ingest
from storyline.settings import load_settings
from storyline.store import SqliteStore

pytestmark = pytest.mark.slow  # the two runs over the corpus take about 40 s together

MAX_GROWTH_MB = 800  # peak RSS over the loaded model; reading the 200 MB file would pass it
GOOD = 3

# Run in a subprocess: load the model, note the RSS, run the command, report the peak.
MEASURED_CLI = """
import json, resource, sys
from storyline.nlp.model import entity_nlp, parse_nlp
import trafilatura
entity_nlp(); parse_nlp()
base = int(open('/proc/self/statm').read().split()[1]) * 4096 // 1024
from storyline.cli import app
code = 0
try:
    app(sys.argv[2:], prog_name='storyline')
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
json.dump({'base_kb': base, 'peak_kb': peak}, open(sys.argv[1], 'w'))
sys.exit(code)
"""


@dataclass
class Runs:
    folder: Path
    expected: dict[str, str]
    good: list[str]
    report: IngestReport
    db: Path
    before: dict[str, object]
    cli_db: Path
    cli: subprocess.CompletedProcess[str]
    memory: dict[str, int]


def _snapshot(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        return {
            "articles": sorted(conn.execute("SELECT id, source, title, text FROM articles")),
            "quotes": sorted(conn.execute('SELECT id, article_id, text, start, "end" FROM quotes')),
            "pages": sorted(
                conn.execute("SELECT key, source, content_hash, article_id FROM pages")
            ),
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "corpus"
    expected = badcorpus.build(folder)
    good = badcorpus.good_pages(folder, GOOD)
    expected.update(dict.fromkeys(good, "stored"))
    cli_db, stats = root / "cli.db", root / "memory.json"
    argv = [str(stats), "ingest", str(folder), "--db", str(cli_db), "--workers", "1", "-q"]
    child = subprocess.Popen(
        [sys.executable, "-c", MEASURED_CLI, *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        db = root / "api.db"
        settings = load_settings(workers=1)
        store = SqliteStore(str(db))
        first = ingest([str(folder / name) for name in good], store, settings)
        assert first.inserted == GOOD and not first.rejects
        before = _snapshot(db)
        report = ingest([str(folder)], store, settings)
        store.close()
        out, err = child.communicate(timeout=300)
    finally:
        child.kill()
    cli = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    memory = json.loads(stats.read_text()) if stats.exists() else {}
    yield Runs(folder, expected, good, report, db, before, cli_db, cli, memory)


def _stored_sources(db: Path, folder: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT p.source FROM pages p JOIN articles a ON a.id = p.article_id")
        return {relative(source, folder) for (source,) in rows}
    finally:
        conn.close()


def test_every_bad_file_is_stored_or_rejected_as_expected(runs: Runs) -> None:
    rejected = {relative(r.source, runs.folder) for r in runs.report.rejects}
    stored = _stored_sources(runs.db, runs.folder)
    outcome = {s: "stored" for s in stored} | {s: "rejected" for s in rejected}
    assert not stored & rejected
    assert outcome == runs.expected


def test_each_reject_has_a_one_line_reason(runs: Runs) -> None:
    for reject in runs.report.rejects:
        assert reject.reason and "\n" not in reject.reason, reject
        assert len(reject.reason) <= 300
        assert not reject.reason.startswith("internal error"), reject


def test_rejected_pages_leave_no_rows(runs: Runs) -> None:
    conn = sqlite3.connect(runs.db)
    rejected = [r.source for r in runs.report.rejects]
    for table in ("pages", "articles"):
        rows = conn.execute(f"SELECT source FROM {table}").fetchall()
        assert not {s for (s,) in rows} & set(rejected), table
    stored_rejects = {s for (s,) in conn.execute("SELECT source FROM rejects")}
    assert stored_rejects == set(rejected)
    conn.close()
    assert consistency_problems(runs.db) == []


def test_rows_stored_before_the_bad_corpus_are_intact(runs: Runs) -> None:
    after = _snapshot(runs.db)
    for kind, rows in runs.before.items():
        assert set(rows) <= set(after[kind]), kind  # type: ignore[arg-type]


def test_legacy_encodings_and_mojibake_decode_to_the_written_text(runs: Runs) -> None:
    conn = sqlite3.connect(runs.db)
    texts = {
        relative(s, runs.folder): t for s, t in conn.execute("SELECT source, text FROM articles")
    }
    conn.close()
    assert badcorpus.KOREAN in texts["korean_euc_kr.html"]
    assert badcorpus.KOREAN in texts["korean_cp949.txt"]
    assert badcorpus.JAPANESE in texts["japanese_shift_jis.html"]
    assert badcorpus.FRENCH in texts["french_cp1252.txt"]
    assert "Café prices rose in Montréal" in texts["mojibake.html"]
    assert all("\x00" not in text and "\ufffd" not in text for text in texts.values())


def test_cli_names_every_rejected_input_on_one_line_and_exits_1(runs: Runs) -> None:
    assert runs.cli.returncode == 1, runs.cli.stderr[-2000:]
    assert "Traceback" not in runs.cli.stderr
    lines = [line for line in runs.cli.stderr.splitlines() if line.startswith("rejected ")]
    named = {relative(line.split(" ", 1)[1].split(": ", 1)[0], runs.folder) for line in lines}
    assert named == {s for s, outcome in runs.expected.items() if outcome == "rejected"}
    assert _stored_sources(runs.cli_db, runs.folder) == {
        s for s, outcome in runs.expected.items() if outcome == "stored"
    }
    assert consistency_problems(runs.cli_db) == []


def test_cli_peak_memory_stays_bounded(runs: Runs) -> None:
    growth_mb = (runs.memory["peak_kb"] - runs.memory["base_kb"]) / 1024
    assert growth_mb < MAX_GROWTH_MB, f"RSS grew by {growth_mb:.0f} MB"


def test_oversized_files_are_rejected_without_being_read(tmp_path: Path) -> None:
    corpus = badcorpus.build(tmp_path / "c")
    assert corpus["huge.txt"] == "rejected"
    tracemalloc.start()
    try:
        items = list(iter_pages([str(tmp_path / "c" / "huge.txt")]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(items[0], Reject) and "max_page_bytes" in items[0].reason
    assert peak < 1_000_000


def test_a_small_max_page_bytes_rejects_pages_and_records_over_it(tmp_path: Path) -> None:
    names = badcorpus.good_pages(tmp_path, 2)
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"html": badcorpus.article_html(5)}) + "\n", encoding="utf-8"
    )
    settings = load_settings(max_page_bytes=1_000, max_record_bytes=1_000)
    items = list(iter_pages([str(tmp_path)], settings))
    assert [type(item) for item in items] == [Reject] * (len(names) + 1)
    assert all("max_page_bytes" in r.reason or "max_record_bytes" in r.reason for r in items)


def test_a_page_that_fails_in_the_store_leaves_no_partial_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = badcorpus.good_pages(tmp_path / "pages", 3)
    real = pipeline._with_times  # where every analysis is put together, batched or not

    def duplicate_quote_ids(article, entities, quotes):  # a UNIQUE violation after the article row
        analysis = real(article, entities, quotes)
        if article.source.endswith(names[1]):
            quotes = analysis.quotes + (replace(analysis.quotes[0], text="again"),)
            analysis = replace(analysis, quotes=quotes)
        return analysis

    monkeypatch.setattr(pipeline, "_with_times", duplicate_quote_ids)
    store = SqliteStore(str(tmp_path / "s.db"))
    report = ingest([str(tmp_path / "pages")], store, load_settings(workers=1))
    store.close()
    assert report.inserted == 2
    assert [(Path(r.source).name, r.stage) for r in report.rejects] == [(names[1], "store")]
    conn = sqlite3.connect(tmp_path / "s.db")
    sources = [Path(s).name for (s,) in conn.execute("SELECT source FROM articles")]
    conn.close()
    assert sorted(sources) == [names[0], names[2]]
    assert consistency_problems(tmp_path / "s.db") == []
