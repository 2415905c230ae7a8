"""WARC files (plain or gzipped per record) to Page records, streamed record by record.

Record ``N`` is the N-th record of the file, whatever its type. Only ``response`` and
``resource`` records with an HTML or plain-text content type (or none) and a 2xx status
become pages; request, metadata, warcinfo, revisit and non-text records are skipped without a
Reject. A corrupt record is rejected and reading resumes at the next record found by
scanning the bytes after it (a ``WARC/1.x`` line, or a gzip member that opens with one).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import zlib
from collections.abc import Generator, Iterator
from datetime import datetime
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from storyline.errors import CorruptInput, StorylineError, UnsupportedInput
from storyline.ingest.files import GZIP_MAGIC, one_line, page_from_bytes, reject, reject_for
from storyline.model import Page, Reject
from storyline.settings import Settings

__all__ = ["iter_warc"]

_PAGE_RECORDS = ("response", "resource")
_PAGE_TYPES = {"", "text/html", "application/xhtml+xml", "text/plain"}
_RECORD_START = re.compile(rb"WARC/1\.[01]\r?\n")
_SCAN_CHUNK = 1 << 20
_PROBE_BYTES = 4096

Items = Generator[Page | Reject, None, tuple[int | None, int]]


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without its stderr warning on a bad Content-Length.

    The warning still counts in ``err_count``, which is how we notice the record.
    """

    INC_RECORD = ""


def iter_warc(path: str, settings: Settings) -> Iterator[Page | Reject]:
    """Yield a Page or Reject for each page record of a WARC file, never holding the file."""
    size = os.stat(path).st_size
    if size == 0:
        raise UnsupportedInput("empty file", path)
    with open(path, "rb") as fh:
        gzipped = fh.read(len(GZIP_MAGIC)) == GZIP_MAGIC
        start: int | None = 0
        number = 0
        while start is not None:
            fh.seek(start)
            broken_at, number = yield from _read_run(fh, path, number, size, settings)
            if broken_at is None:
                return
            start = _find_record(fh, broken_at + 1, gzipped)
            if start is None:
                yield reject(
                    path,
                    f"nothing readable after record #{number} (byte {broken_at:,} of {size:,}); "
                    "the rest of the file was skipped",
                )


def _read_run(fh: IO[bytes], path: str, number: int, size: int, settings: Settings) -> Items:
    """Yield the items of the records from fh's position until the end or a corrupt record.

    Returns the byte offset where reading broke (None at a clean end) and the last record
    number used.
    """
    records = _QuietArchiveIterator(fh)
    while True:
        source = f"{path}#{number + 1}"
        try:
            with _warnings() as warned:
                record = next(records, None)
        except Exception as err:  # warcio raises many kinds on garbage; all mean "corrupt"
            yield reject(source, f"corrupt WARC record: {_why(err, warned)}")
            return records.offset, number + 1
        if record is None:
            if records.offset < size - 4:  # a broken gzip member ends warcio's loop early
                yield reject(source, "WARC record cut short or unreadable; is the file truncated?")
                return records.offset, number + 1
            return None, number
        number += 1
        record_start, errors_before = records.offset, records.err_count
        try:
            with _warnings() as warned:
                body = _read_body(record, records, source, settings)
        except StorylineError as err:
            yield reject_for(err, source)
            body = None
        except Exception as err:
            yield reject(source, f"corrupt WARC record: {_why(err, warned)}")
            return records.offset, number
        if records.err_count > errors_before:
            # warcio read past the record's end: its Content-Length is wrong and it may have
            # swallowed the start of the next record, so rescan from just inside this one.
            yield reject(source, "record runs past its end (bad Content-Length?); skipped")
            return record_start, number
        if body is not None:
            yield _record_page(record, body, source)


def _read_body(record: Any, records: Any, source: str, settings: Settings) -> bytes | None:
    """Return the payload of a page record (None for others) and move past the record.

    Raises CorruptInput for a record cut short, UnsupportedInput for one over the size limit.
    """
    wanted = _is_page_record(record)
    limit = settings.max_record_bytes
    length = int(record.length or 0)
    body = None
    if wanted and length > limit:
        records.read_to_end()
        raise UnsupportedInput(f"record of {length:,} bytes is over max_record_bytes", source)
    if wanted:
        body = record.content_stream().read(limit + 1)
    records.read_to_end()
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise CorruptInput(f"record truncated: {missing:,} bytes missing", source)
    if body is not None and len(body) > limit:
        raise UnsupportedInput(f"payload over max_record_bytes ({limit:,})", source)
    return body


def _is_page_record(record: Any) -> bool:
    """Return whether a WARC record holds a fetched HTML or text page."""
    if record.rec_type not in _PAGE_RECORDS:
        return False
    if record.rec_type == "resource":
        return _mime(record.rec_headers.get_header("Content-Type")) in _PAGE_TYPES
    http = record.http_headers
    if http is None or not (http.get_statuscode() or "").startswith("2"):
        return False
    return _mime(http.get_header("Content-Type")) in _PAGE_TYPES


def _record_page(record: Any, body: bytes, source: str) -> Page | Reject:
    """Return the Page for a page record's payload, or the Reject saying why there is none."""
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    try:
        return page_from_bytes(
            body,
            source,
            declared=_charset(headers.get_header("Content-Type")),
            url=record.rec_headers.get_header("WARC-Target-URI"),
            fetched=_iso(record.rec_headers.get_header("WARC-Date")),
        )
    except StorylineError as err:
        return reject_for(err, source)


def _find_record(fh: IO[bytes], start: int, gzipped: bool) -> int | None:
    """Return the offset of the first readable WARC record at or after start, or None."""
    marker = GZIP_MAGIC if gzipped else b"WARC/1."
    position, tail = start, b""
    while True:
        fh.seek(position)
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return None
        window, base = tail + chunk, position - len(tail)
        hit = window.find(marker)
        while hit != -1:
            if _opens_record(fh, base + hit, gzipped):
                return base + hit
            hit = window.find(marker, hit + 1)
        tail = window[-(len(marker) - 1) :]
        position += len(chunk)


def _opens_record(fh: IO[bytes], offset: int, gzipped: bool) -> bool:
    """Return whether a WARC record (or a gzip member holding one) starts at offset."""
    fh.seek(offset)
    probe = fh.read(_PROBE_BYTES)
    if gzipped:
        try:
            probe = zlib.decompressobj(wbits=31).decompress(probe)
        except zlib.error:
            return False
    elif offset > 0:
        fh.seek(offset - 1)
        if fh.read(1) != b"\n":
            return False
    return _RECORD_START.match(probe) is not None


@contextlib.contextmanager
def _warnings() -> Iterator[io.StringIO]:
    """Capture what warcio writes to stderr (it reports zlib errors there, not by raising)."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        yield captured


def _why(err: Exception, warned: io.StringIO) -> str:
    """Return a one-line account of a warcio failure and what it printed."""
    said = one_line(warned.getvalue(), 100)
    text = one_line(f"{type(err).__name__}: {err}", 100)
    return f"{text} ({said})" if said else text


def _mime(content_type: str | None) -> str:
    """Return the lower-case media type of a Content-Type header, "" when absent."""
    return (content_type or "").split(";")[0].strip().lower()


def _charset(content_type: str | None) -> str | None:
    """Return the charset parameter of a Content-Type header, or None."""
    found = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return found.group(1) if found else None


def _iso(warc_date: str | None) -> str | None:
    """Return a WARC-Date as ISO 8601 with an explicit offset ("Z" becomes "+00:00")."""
    if not warc_date:
        return None
    try:
        return datetime.fromisoformat(warc_date.strip()).isoformat()
    except ValueError:
        return warc_date.strip()
