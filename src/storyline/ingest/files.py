"""Single-page files (.html, .htm, .txt and their .gz) to Page records, and Reject helpers."""

from __future__ import annotations

import gzip
import io
import os
import zlib

from storyline.errors import CorruptInput, StorylineError, UnsupportedInput
from storyline.ingest.decode import decode_bytes
from storyline.ingest.sniff import HEAD_BYTES, binary_reason, page_kind
from storyline.model import Page, Reject
from storyline.settings import Settings

__all__ = ["GZIP_MAGIC", "one_line", "page_from_bytes", "read_page_file", "reject", "reject_for"]

GZIP_MAGIC = b"\x1f\x8b"
GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


def one_line(message: object, limit: int = 300) -> str:
    """Return a message on one line, printable, and cut to at most limit characters."""
    text = " ".join(str(message).split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def reject(source: str, message: str) -> Reject:
    """Return the ingest Reject for a source, its reason prefixed with the source."""
    return Reject(source=source, stage="ingest", reason=one_line(f"{source}: {message}"))


def reject_for(err: StorylineError, source: str) -> Reject:
    """Return the ingest Reject that reports an error raised while reading source."""
    where = err.source or source
    return Reject(source=where, stage="ingest", reason=one_line(f"{where}: {err.reason}"))


def page_from_bytes(
    data: bytes,
    source: str,
    declared: str | None = None,
    url: str | None = None,
    fetched: str | None = None,
) -> Page:
    """Return the Page for one document's raw bytes; raises InputError for unusable bytes."""
    if not data.strip():
        raise UnsupportedInput("empty document, nothing to read", source)
    binary = binary_reason(data[:HEAD_BYTES])
    if binary:
        raise UnsupportedInput(f"{binary}, not a text or HTML page", source)
    text, encoding = decode_bytes(data, source, declared)
    return Page(
        source=source,
        content=text,
        kind=page_kind(text),
        url=url,
        fetched=fetched,
        encoding=encoding,
    )


def read_page_file(path: str, settings: Settings) -> Page:
    """Return the Page in a single-page file, gzipped or not, checking its size first."""
    size = os.stat(path).st_size
    if size == 0:
        raise UnsupportedInput("empty file", path)
    limit = settings.max_page_bytes
    if size > limit:
        raise UnsupportedInput(
            f"file of {size:,} bytes is over max_page_bytes ({limit:,}); "
            "raise STORYLINE_MAX_PAGE_BYTES to read it",
            path,
        )
    with open(path, "rb") as fh:
        data = fh.read(limit + 1)
    if data.startswith(GZIP_MAGIC):
        data = _gunzip(data, path, limit)
    return page_from_bytes(data, path)


def _gunzip(data: bytes, path: str, limit: int) -> bytes:
    """Return the decompressed content of a gzipped page, at most limit bytes."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            content = stream.read(limit + 1)
    except GZIP_ERRORS as err:
        raise CorruptInput(f"truncated or corrupt gzip ({one_line(err)})", path) from err
    if len(content) > limit:
        raise UnsupportedInput(
            f"decompresses to over max_page_bytes ({limit:,}); "
            "raise STORYLINE_MAX_PAGE_BYTES to read it",
            path,
        )
    return content
