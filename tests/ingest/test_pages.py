"""iter_pages over single-page files: pages, and a Reject for every unusable input."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

from storyline.ingest import iter_pages
from storyline.model import Page, Reject
from storyline.settings import Settings

HTML = (
    "<!DOCTYPE html><html><body><h1>Vote delayed</h1><p>“We need time,” she said.</p></body></html>"
)
DUMP = "Vote delayed\n\nBy A. Writer\n\nThe council delayed the vote on Monday.\n"


def _one(path: Path, settings: Settings | None = None) -> Page | Reject:
    (item,) = list(iter_pages([str(path)], settings))
    return item


def test_html_file_becomes_an_html_page(tmp_path: Path):
    path = tmp_path / "story.html"
    path.write_text(HTML, encoding="utf-8")
    page = _one(path)
    assert isinstance(page, Page)
    assert (page.source, page.kind, page.url, page.encoding) == (str(path), "html", None, "utf-8")
    assert "“We need time,”" in page.content


def test_text_dump_becomes_a_text_page(tmp_path: Path):
    path = tmp_path / "story.txt"
    path.write_bytes(DUMP.encode("cp1252"))
    page = _one(path)
    assert isinstance(page, Page) and page.kind == "text" and page.content == DUMP


def test_gzipped_page_is_read(tmp_path: Path):
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(HTML.encode()))
    page = _one(path)
    assert isinstance(page, Page) and page.kind == "html" and page.source == str(path)


def test_truncated_gzip_page_is_rejected(tmp_path: Path):
    path = tmp_path / "story.gz"
    path.write_bytes(gzip.compress(HTML.encode() * 20)[:60])
    reject = _one(path)
    assert isinstance(reject, Reject)
    assert reject.reason.startswith(f"{path}: truncated or corrupt gzip")


def test_empty_file_is_rejected(tmp_path: Path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    reject = _one(path)
    assert isinstance(reject, Reject) and reject.stage == "ingest"
    assert reject.reason == f"{path}: empty file"


def test_binary_files_are_rejected_by_kind(tmp_path: Path):
    files = {
        "logo.html": b"\x89PNG\r\n\x1a\n" + bytes(100),
        "paper.txt": b"%PDF-1.4\n" + random.Random(1).randbytes(500),
        "noise.htm": random.Random(2).randbytes(3000),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    reasons = {Path(r.source).name: r.reason for r in iter_pages([str(tmp_path)])}
    assert "PNG image" in reasons["logo.html"]
    assert "PDF document" in reasons["paper.txt"]
    assert "binary data" in reasons["noise.htm"]


def test_oversize_file_is_rejected_without_reading_it(tmp_path: Path, monkeypatch):
    path = tmp_path / "huge.txt"
    path.write_text(DUMP * 100)
    opened: list[str] = []
    real_open = open
    monkeypatch.setattr(
        "builtins.open", lambda p, *a, **k: opened.append(p) or real_open(p, *a, **k)
    )
    reject = _one(path, Settings(max_page_bytes=1000))
    assert isinstance(reject, Reject)
    assert "over max_page_bytes (1,000)" in reject.reason
    assert str(path) not in map(str, opened)


def test_missing_file_and_unsupported_type_are_rejected(tmp_path: Path):
    (tmp_path / "slides.pptx").write_bytes(b"PK\x03\x04")
    missing, unsupported = str(tmp_path / "gone.html"), str(tmp_path / "slides.pptx")
    reasons = [r.reason for r in iter_pages([missing, unsupported])]
    assert reasons[0] == f"{missing}: no such file"
    assert reasons[1].startswith(f"{unsupported}: unsupported file type .pptx")


def test_glob_that_matches_nothing_is_rejected(tmp_path: Path):
    pattern = str(tmp_path / "*.warc")
    (reject,) = list(iter_pages([pattern]))
    assert reject.reason == f"{pattern}: no file matches this pattern"


def test_bad_file_does_not_stop_the_folder(tmp_path: Path):
    (tmp_path / "a.html").write_text(HTML)
    (tmp_path / "b.html").write_bytes(b"")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "d.txt").write_text(DUMP)
    kinds = [type(item).__name__ for item in iter_pages([str(tmp_path)])]
    assert kinds == ["Page", "Reject", "Page"]
