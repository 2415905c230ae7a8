"""JSONL input: one page per line, with rejects for bad lines and truncated gzip."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from storyline.ingest import iter_pages
from storyline.model import Page, Reject
from storyline.settings import Settings

RECORDS = [
    {
        "url": "https://a.example/1",
        "html": "<html><body><p>Mayor quits.</p></body></html>",
        "published": "2021-05-24",
    },
    {"url": "https://b.example/2", "text": "Mayor quits\n\nThe mayor resigned on Monday."},
]


def _lines(records: list[object], extra: list[str] = ()) -> bytes:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra)
    return ("\n".join(lines) + "\n").encode()


def test_records_with_html_or_text_become_pages(tmp_path: Path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(_lines(RECORDS))
    first, second = list(iter_pages([str(path)]))
    assert isinstance(first, Page) and isinstance(second, Page)
    assert (first.source, first.url, first.kind, first.published_hint) == (
        f"{path}#1",
        "https://a.example/1",
        "html",
        "2021-05-24",
    )
    assert (second.source, second.kind, second.published_hint) == (f"{path}#2", "text", None)


def test_invalid_line_is_rejected_and_reading_goes_on(tmp_path: Path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(_lines(RECORDS[:1], ['{"url": "x", "html": ']) + _lines(RECORDS[1:]))
    items = list(iter_pages([str(path)]))
    assert [type(i).__name__ for i in items] == ["Page", "Reject", "Page"]
    assert items[1].reason.startswith(f"{path}#2: invalid JSON: ")
    assert items[2].source == f"{path}#3"


def test_records_without_content_are_rejected(tmp_path: Path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(_lines([{"url": "u"}, {"html": "  "}, ["a", "list"], {"text": 42}]))
    reasons = [r.reason for r in iter_pages([str(path)])]
    assert reasons[0] == f"{path}#1: record has no non-empty string field 'html' or 'text'"
    assert reasons[2] == f"{path}#3: record is a JSON list, not an object"
    assert len(reasons) == 4


def test_blank_lines_are_skipped_and_numbering_follows_lines(tmp_path: Path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(b"\n" + _lines(RECORDS[:1]))
    (page,) = list(iter_pages([str(path)]))
    assert page.source == f"{path}#2"


def test_gzipped_jsonl_is_read(tmp_path: Path):
    path = tmp_path / "pages.jsonl.gz"
    path.write_bytes(gzip.compress(_lines(RECORDS)))
    assert [p.url for p in iter_pages([str(path)])] == [
        "https://a.example/1",
        "https://b.example/2",
    ]


def test_truncated_gzip_yields_records_before_the_break_then_a_reject(tmp_path: Path):
    path = tmp_path / "pages.jsonl.gz"
    many = [{"url": f"https://a.example/{i}", "text": f"Story {i} " * 40} for i in range(200)]
    data = gzip.compress(_lines(many), compresslevel=1)
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_pages([str(path)]))
    pages = [i for i in items if isinstance(i, Page)]
    assert pages and isinstance(items[-1], Reject)
    assert items[-1].source == f"{path}#{len(pages) + 1}"
    assert "gzip stream breaks off" in items[-1].reason


def test_mojibake_and_nul_in_records_are_repaired(tmp_path: Path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(_lines([{"text": "The cafÃ© re\x00opened."}]))
    (page,) = list(iter_pages([str(path)]))
    assert page.content == "The café reopened."


def test_oversize_line_is_rejected_and_the_next_is_read(tmp_path: Path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes(_lines([{"text": "x" * 5000}] + RECORDS))
    items = list(iter_pages([str(path)], Settings(max_record_bytes=1000)))
    assert [type(i).__name__ for i in items] == ["Reject", "Page", "Page"]
    assert "max_record_bytes" in items[0].reason
    assert items[1].source == f"{path}#2"


def test_empty_jsonl_is_rejected(tmp_path: Path):
    path = tmp_path / "none.jsonl"
    path.write_bytes(b"")
    (reject,) = list(iter_pages([str(path)]))
    assert reject.reason == f"{path}: empty file"
