"""Fuzz target: ingest's handling of one document's raw bytes (sniff, decode, gunzip, JSONL).

Checks, for any bytes: the sniffers (``binary_reason``, ``utf16_without_bom``,
``declared_charset``, ``page_kind``) never raise; ``page_from_bytes`` (sniff + decode +
repair) raises nothing but a ``StorylineError`` and its page text is storable: non-blank,
no NUL or control junk, no lone surrogate, NFC; a gzip body raises nothing but a
``StorylineError``; a JSONL record line becomes a Page or a one-line Reject, never an error.

    .venv/bin/python fuzz/fuzz_ingest.py [libFuzzer flags] [CORPUS_DIR...]
    .venv/bin/python fuzz/fuzz_ingest.py --replay FILE...
"""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import atheris
from harness import Target, decode, main

with atheris.instrument_imports(include=["storyline"]):
    from storyline.errors import StorylineError
    from storyline.ingest.decode import declared_charset
    from storyline.ingest.files import _gunzip, page_from_bytes
    from storyline.ingest.jsonl import _record_page
    from storyline.ingest.sniff import binary_reason, page_kind, utf16_without_bom
    from storyline.model import Page, Reject

ROOT = Path(__file__).resolve().parent.parent
DECLARED = (None, "utf-8", "cp1252", "euc-kr", "shift_jis", "utf-16", "x-unknown", "latin-1")


def _storable(page: Page) -> None:
    """Raise unless the page's text is what the store and the extractors expect."""
    text = page.content
    assert text.strip(), "blank page text"
    assert "\x00" not in text and "\ufeff" not in text, "NUL or BOM left in the text"
    assert "\r" not in text, "carriage return left in the text"
    text.encode("utf-8")  # a lone surrogate cannot be stored: this raises on one
    assert unicodedata.is_normalized("NFC", text), "text not NFC"
    assert page.kind in ("html", "text"), page.kind


def _page_of(data: bytes, declared: str | None) -> None:
    try:
        page = page_from_bytes(data, "fuzz.html", declared)
    except StorylineError:
        return
    _storable(page)
    assert page.encoding, "no encoding recorded"


def check(data: bytes) -> None:
    """Raise when reading ``data`` as a page, a gzip body or a JSONL record goes wrong."""
    reason = binary_reason(data)
    assert reason is None or (isinstance(reason, str) and reason), reason
    assert utf16_without_bom(data) in (None, "utf-16-le", "utf-16-be")
    assert declared_charset(data) is None or isinstance(declared_charset(data), str)
    assert page_kind(decode(data)) in ("html", "text")
    _page_of(data, DECLARED[len(data) % len(DECLARED)])
    if data.startswith(b"\x1f\x8b"):
        try:
            _page_of(_gunzip(data, "fuzz.html.gz", 1_000_000), None)
        except StorylineError:
            pass
    item = _record_page(data, "fuzz.jsonl#1")
    if isinstance(item, Reject):
        assert item.reason and "\n" not in item.reason and len(item.reason) <= 300, item
    else:
        _storable(item)


def seeds() -> Iterator[bytes]:
    """Yield pages in many encodings, binary headers, gzip bodies and JSONL records."""
    html = (ROOT / "tests/fixtures/extract/harbor_ledger.html").read_bytes()[:3000]
    text = "Le maire a déclaré lundi que le pont sera reconstruit. 시장은 말했다."
    yield html
    yield text.encode("utf-8")
    for codec in ("cp1252", "latin-1"):
        yield text.split(".")[0].encode(codec)
    yield "시장은 월요일에 새 다리를 짓겠다고 말했다.".encode("euc_kr")
    yield "市長は月曜日に新しい橋を建設すると述べた。".encode("shift_jis")
    yield text.encode("utf-16")
    yield text.encode("utf-16-le")
    yield text.encode("utf-8").decode("cp1252", "replace").encode("utf-8")  # mojibake
    yield b'<meta charset="euc-kr"><p>' + "말했다".encode("euc_kr")
    yield b'<?xml version="1.0" encoding="shift_jis"?><p>x</p>'
    yield b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
    yield b"%PDF-1.7\n" + bytes(range(128, 256))
    yield b"RIFF\x00\x00\x00\x00WEBPVP8 "
    yield gzip.compress(b"<p>The council met on Monday.</p>")
    yield json.dumps({"url": "http://x.example/1", "html": "<p>a</p>", "published": 5}).encode()
    yield b'{"text": "\\ud800 lone surrogate and \\u0000 NUL", "url": ["x"]}'
    yield b"\xef\xbb\xbftext after a BOM\r\nand CRLF\x00\x0b"


TARGET = Target(
    name="ingest",
    check=check,
    expected=(),
    seeds=seeds,
    tokens=(
        b"<meta charset=",
        b"<?xml encoding=",
        b"<html>",
        b"<p>",
        b"<body>",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\x1f\x8b",
        b'{"html": "',
        b'{"text": "',
        b'"url": ',
        b"\\ud800",
        b"\\u0000",
        b"\r\n",
        b"\xc3\xa9",
        b"\xc3",
        b"\x80",
        b"euc-kr",
        b"shift_jis",
        b"utf-16",
    ),
    max_len=16384,
)

if __name__ == "__main__":
    main(TARGET, sys.argv)
