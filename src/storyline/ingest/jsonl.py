"""JSON Lines files (optionally gzipped) to Page records, one line at a time.

Each line is a JSON object with ``html`` or ``text`` and optionally ``url``, ``published`` and
``fetched``. Record ``N`` is line ``N`` (1-based); blank lines are skipped.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from typing import Any

from storyline.errors import UnsupportedInput
from storyline.ingest.decode import repair_text
from storyline.ingest.files import GZIP_ERRORS, GZIP_MAGIC, one_line, reject
from storyline.ingest.sniff import page_kind
from storyline.model import Page, Reject
from storyline.settings import Settings

__all__ = ["iter_jsonl"]

_CONTENT_FIELDS = ("html", "text")
_SKIP_CHUNK = 1 << 20


def iter_jsonl(path: str, settings: Settings) -> Iterator[Page | Reject]:
    """Yield a Page or a Reject for each record of a JSONL file, reading line by line.

    A gzip stream that breaks off yields the records before the break, then a Reject that
    names the line where it broke.
    """
    with open(path, "rb") as raw:
        head = raw.read(len(GZIP_MAGIC))
        if not head:
            raise UnsupportedInput("empty file", path)
        gzipped = head == GZIP_MAGIC
        raw.seek(0)
        stream: io.BufferedIOBase = gzip.GzipFile(fileobj=raw) if gzipped else raw
        yield from _records(stream, path, settings.max_record_bytes)


def _records(stream: io.BufferedIOBase, path: str, limit: int) -> Iterator[Page | Reject]:
    """Yield the Page or Reject of each line of an open JSONL stream."""
    number = 0
    while True:
        source = f"{path}#{number + 1}"
        try:
            line = stream.readline(limit + 1)
            oversize = len(line) > limit and not line.endswith(b"\n")
            if oversize:
                _skip_line(stream)
        except GZIP_ERRORS as err:
            kept = f"the {number} lines before it were read" if number else "nothing was read"
            yield reject(source, f"gzip stream breaks off here ({one_line(err)}); {kept}")
            return
        if not line:
            return
        number += 1
        if oversize:
            yield reject(source, f"record over max_record_bytes ({limit:,}); skipped")
        elif line.strip():
            yield _record_page(line, source)


def _skip_line(stream: io.BufferedIOBase) -> None:
    """Read and drop the rest of an overlong line, a chunk at a time."""
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _record_page(line: bytes, source: str) -> Page | Reject:
    """Return the Page one JSONL record holds, or the Reject saying why it holds none."""
    try:
        record = json.loads(line)
    except ValueError as err:  # JSONDecodeError, or bytes that are not UTF-8
        return reject(source, f"invalid JSON: {one_line(err)}")
    if not isinstance(record, dict):
        return reject(source, f"record is a JSON {type(record).__name__}, not an object")
    content = _content(record)
    if content is None:
        return reject(source, "record has no non-empty string field 'html' or 'text'")
    content = repair_text(content)
    if not content.strip():
        return reject(source, "record's html/text is empty after repair")
    return Page(
        source=source,
        content=content,
        kind=page_kind(content),
        url=_text_field(record, "url"),
        fetched=_text_field(record, "fetched"),
        published_hint=_text_field(record, "published"),
        encoding="utf-8",
    )


def _content(record: dict[str, Any]) -> str | None:
    """Return the record's html, else its text, when one is a non-blank string."""
    for name in _CONTENT_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _text_field(record: dict[str, Any], name: str) -> str | None:
    """Return a scalar field as a string (numbers included), or None when absent or empty."""
    value = record.get(name)
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None
