"""Fuzz target: ingest's archive readers, WARC (``ingest.warc``) and JSONL (``ingest.jsonl``).

The input is written to a temporary file, read once as a ``.warc`` and once as a
``.jsonl``. Checks: each reader raises nothing but a ``StorylineError``, yields only Page and
Reject records, every Reject has a one-line reason naming no internal error, and every
Page's text is non-blank with no NUL.

    .venv/bin/python fuzz/fuzz_archives.py [libFuzzer flags] [CORPUS_DIR...]
    .venv/bin/python fuzz/fuzz_archives.py --replay FILE...
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from itertools import islice

import atheris
from harness import Target, main

with atheris.instrument_imports(include=["storyline"]):
    from storyline.errors import StorylineError
    from storyline.ingest.jsonl import iter_jsonl
    from storyline.ingest.warc import iter_warc
    from storyline.model import Page, Reject
    from storyline.settings import Settings, load_settings

# where the input is written: the runner's folder for the target, else the temp folder
SCRATCH = os.environ.get("FUZZ_SCRATCH") or tempfile.gettempdir()
SETTINGS = load_settings(max_page_bytes=200_000, max_record_bytes=200_000)
Reader = Callable[[str, Settings], Iterator[Page | Reject]]


def _read(reader: Reader, data: bytes, suffix: str) -> None:
    path = os.path.join(SCRATCH, f"storyline-fuzz-{os.getpid()}{suffix}")
    with open(path, "wb") as fh:
        fh.write(data)
    try:
        for item in islice(reader(path, SETTINGS), 1000):
            if isinstance(item, Reject):
                assert item.reason and "\n" not in item.reason, item
                assert "internal error" not in item.reason, item
            else:
                assert isinstance(item, Page), item
                assert item.content.strip() and "\x00" not in item.content, item.source
    except StorylineError:
        return


def check(data: bytes) -> None:
    """Raise when reading ``data`` as a WARC or a JSONL file goes wrong."""
    _read(iter_warc, data, ".warc")
    _read(iter_jsonl, data, ".jsonl")


def _warc_record(url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    http = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-05-02T10:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Record-ID: <urn:uuid:0000-{len(body)}>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def seeds() -> Iterator[bytes]:
    """Yield small WARC files (plain, gzipped, broken) and JSONL files."""
    page = b"<html><body><p>The council met on Monday, the mayor said.</p></body></html>"
    one = _warc_record("http://news.example/1", page)
    two = _warc_record("http://news.example/2", page.replace(b"Monday", b"Friday"), "text/plain")
    yield one + two
    yield gzip.compress(one) + gzip.compress(two)
    yield one[:120] + two
    yield gzip.compress(one)[:60] + gzip.compress(two)
    yield one.replace(b"WARC/1.0", b"WXRC/9.9", 1) + two
    lines = [
        json.dumps({"url": "http://feed.example/1", "html": page.decode()}).encode(),
        b'{"url": "http://feed.example/2", "html": "<p>cut off',
        b"[1, 2, 3]",
        b'{"text": "\\ud800 x", "published": 2024}',
    ]
    yield b"\n".join(lines) + b"\n"
    yield gzip.compress(b"\n".join(lines))[:-10]


TARGET = Target(
    name="archives",
    check=check,
    seeds=seeds,
    tokens=(
        "WARC/1.0\r\n",
        "WARC/1.1\r\n",
        "WARC-Type: response\r\n",
        "WARC-Type: resource\r\n",
        "Content-Length: ",
        "Content-Type: ",
        "\r\n\r\n",
        "HTTP/1.1 200 OK\r\n",
        "HTTP/1.1 404 Not Found\r\n",
        "text/html",
        "charset=",
        b"\x1f\x8b",
        '{"html": "',
        '{"text": "',
        "\n",
    ),
    max_len=16384,
)

if __name__ == "__main__":
    main(TARGET, sys.argv)
