"""WARC input: records to pages, skipped record types, corrupt and truncated records."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import iter_pages
from storyline.model import Page, Reject
from storyline.settings import Settings


def _html(i: int) -> bytes:
    paragraphs = "".join(f"<p>Paragraph {j} of story {i}, said the mayor.</p>" for j in range(30))
    return f"<html><body><h1>Story {i}</h1>{paragraphs}</body></html>".encode()


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str, status: str = "200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    return writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2021-05-24T05:47:47Z"},
    )


def write_warc(path: Path, gzip: bool, pages: int = 5) -> list[int]:
    """Write warcinfo, a request, `pages` HTML responses and a PNG; return each page's offset."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
    writer.write_record(
        writer.create_warc_record(
            "http://news.example/0",
            "request",
            payload=io.BytesIO(b"GET /0 HTTP/1.1\r\nHost: news.example\r\n\r\n"),
        )
    )
    offsets = []
    for i in range(pages):
        offsets.append(buf.tell())
        ctype = "text/html; charset=utf-8"
        writer.write_record(_response(writer, f"http://news.example/{i}", _html(i), ctype))
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    writer.write_record(_response(writer, "http://news.example/logo.png", png, "image/png"))
    path.write_bytes(buf.getvalue())
    return offsets


def _urls(items: list[Page | Reject]) -> list[str | None]:
    return [item.url for item in items if isinstance(item, Page)]


def _rejects(items: list[Page | Reject]) -> list[Reject]:
    return [item for item in items if isinstance(item, Reject)]


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_responses_become_pages_and_other_records_are_skipped(tmp_path: Path, gzip: bool):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, gzip)
    items = list(iter_pages([str(path)]))
    assert _rejects(items) == []
    assert _urls(items) == [f"http://news.example/{i}" for i in range(5)]
    first = items[0]
    assert isinstance(first, Page)
    assert first.source == f"{path}#3"  # warcinfo is #1, the request #2
    assert first.kind == "html"
    assert first.fetched == "2021-05-24T05:47:47+00:00"
    assert first.encoding == "ascii"
    assert "Story 0" in first.content


@pytest.mark.parametrize("gzip", [False, True])
def test_corrupt_record_in_the_middle_is_rejected_and_reading_resumes(tmp_path: Path, gzip: bool):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    offsets = write_warc(path, gzip)
    data = bytearray(path.read_bytes())
    start = offsets[2]  # the third page, record #5
    for k in range(start + 2, start + 60):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))
    items = list(iter_pages([str(path)]))
    assert _urls(items) == [f"http://news.example/{i}" for i in (0, 1, 3, 4)]
    (bad,) = _rejects(items)
    assert bad.source == f"{path}#5"
    assert bad.reason.startswith(f"{path}#5: corrupt WARC record")
    assert "\n" not in bad.reason
    assert [item.source for item in items if isinstance(item, Page)][-1] == f"{path}#7"


def test_record_with_wrong_content_length_is_rejected_and_the_next_is_recovered(tmp_path: Path):
    path = tmp_path / "crawl.warc"
    offsets = write_warc(path, gzip=False)
    data = path.read_bytes()
    cut = offsets[2] + 800  # inside the body of record #5: it now overruns into #6
    path.write_bytes(data[:cut] + data[cut + 100 :])
    items = list(iter_pages([str(path)]))
    assert _urls(items) == [f"http://news.example/{i}" for i in (0, 1, 3, 4)]
    (bad,) = _rejects(items)
    assert bad.source == f"{path}#5"
    assert "Content-Length" in bad.reason


@pytest.mark.parametrize("gzip", [False, True])
def test_truncated_warc_keeps_the_records_before_the_break(tmp_path: Path, gzip: bool):
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    offsets = write_warc(path, gzip)
    middle_of_fourth_page = (offsets[3] + offsets[4]) // 2
    path.write_bytes(path.read_bytes()[:middle_of_fourth_page])
    items = list(iter_pages([str(path)]))
    assert _urls(items) == [f"http://news.example/{i}" for i in range(3)]
    rejects = _rejects(items)
    assert rejects and rejects[0].source == f"{path}#6"


def test_file_that_is_not_a_warc_is_rejected_with_a_reason(tmp_path: Path):
    path = tmp_path / "fake.warc"
    path.write_bytes(b"<html><body><p>not an archive</p></body></html>\n" * 10)
    items = list(iter_pages([str(path)]))
    assert items and all(isinstance(item, Reject) for item in items)
    assert "rest of the file was skipped" in items[-1].reason


def test_oversize_record_is_rejected_and_the_rest_is_read(tmp_path: Path):
    path = tmp_path / "crawl.warc"
    write_warc(path, gzip=False)
    items = list(iter_pages([str(path)], Settings(max_record_bytes=500)))
    rejects = _rejects(items)
    assert len(rejects) == 5
    assert all("max_record_bytes" in r.reason for r in rejects)


def test_declared_http_charset_is_honoured_and_redirects_are_skipped(tmp_path: Path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    body = "<html><body><p>Der Bürgermeister sagte: „Wir schaffen das.“</p></body></html>"
    ctype = "text/html; charset=windows-1252"
    writer.write_record(
        _response(writer, "http://a.example/", body.encode("cp1252", "replace"), ctype)
    )
    writer.write_record(_response(writer, "http://a.example/r", b"", "text/html", "301 Moved"))
    path = tmp_path / "de.warc.gz"
    path.write_bytes(buf.getvalue())
    (page,) = list(iter_pages([str(path)]))
    assert isinstance(page, Page)
    assert page.encoding == "cp1252"
    assert "Bürgermeister" in page.content


def test_resource_record_with_text_type_becomes_a_page(tmp_path: Path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    dump = "Council delays vote\n\nThe council delayed the vote on Monday.\n"
    record = writer.create_warc_record(
        "file:///dump/1.txt",
        "resource",
        payload=io.BytesIO(dump.encode()),
        warc_content_type="text/plain",
    )
    writer.write_record(record)
    path = tmp_path / "dump.warc"
    path.write_bytes(buf.getvalue())
    (page,) = list(iter_pages([str(path)]))
    assert isinstance(page, Page)
    assert (page.kind, page.url, page.content) == ("text", "file:///dump/1.txt", dump)
