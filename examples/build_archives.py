"""Build examples/crawl.warc.gz from the pages in examples/warc_src/.

Run from anywhere:  python examples/build_archives.py
The output is byte-for-byte deterministic: record ids are derived from the URL and capture
time, dates are fixed below, and warcio's gzip members carry no timestamp. Rerunning it on
unchanged sources gives the same file, so the committed archive can be checked against it:

    python examples/build_archives.py --check
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import uuid
from datetime import datetime
from email.utils import format_datetime
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "warc_src"
OUTPUT = HERE / "crawl.warc.gz"

# When the crawler fetched each page (UTC). The URL comes from the page's canonical link.
CAPTURES = {
    "meridian_20250310_ball.html": "2025-03-10T15:02:11Z",
    "ledger_20250324_analysis.html": "2025-03-24T13:40:00Z",
    "meridian_20250331_hotline.html": "2025-03-31T09:00:27Z",
}
CRAWL_STARTED = "2025-03-10T15:00:00Z"
USER_AGENT = "storyline-example-crawler/1.0 (+https://storyline.example/bot)"
NAMESPACE = uuid.UUID("6f1c7a52-3b0e-4c1e-9d7a-0c5e2f4b8a10")

CANONICAL = re.compile(rb'<link rel="canonical" href="([^"]+)"')


def record_id(*parts: str) -> str:
    """Return a stable WARC-Record-ID for the given parts."""
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(parts))}>"


def http_date(iso: str) -> str:
    """Return an ISO UTC timestamp as an HTTP date ('Mon, 10 Mar 2025 15:02:11 GMT')."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return format_datetime(moment, usegmt=True)


def canonical_url(html: bytes, name: str) -> str:
    """Return the page's canonical URL, or fail naming the file."""
    found = CANONICAL.search(html)
    if not found:
        raise SystemExit(f'{name}: no <link rel="canonical"> found; add one so the WARC has a URI')
    return found.group(1).decode("ascii")


def build() -> bytes:
    """Return the bytes of the WARC file built from warc_src/."""
    out = BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")

    info = writer.create_warcinfo_record(
        "crawl.warc.gz",
        {
            "software": "storyline examples/build_archives.py (warcio)",
            "format": "WARC File Format 1.1",
            "description": "Synthetic crawl of invented news sites for the storyline examples",
            "isPartOf": "storyline-examples",
            "http-header-user-agent": USER_AGENT,
        },
    )
    info.rec_headers.replace_header("WARC-Record-ID", record_id("warcinfo", CRAWL_STARTED))
    info.rec_headers.replace_header("WARC-Date", CRAWL_STARTED)
    writer.write_record(info)

    for name in sorted(CAPTURES):
        html = (SOURCES / f"{name}.in").read_bytes()  # .in: not ingested as pages of their own
        url = canonical_url(html, name)
        when = CAPTURES[name]
        host = url.split("/")[2]
        path = "/" + url.split("/", 3)[3]

        request_headers = StatusAndHeaders(
            f"GET {path} HTTP/1.1",
            [
                ("Host", host),
                ("User-Agent", USER_AGENT),
                ("Accept", "text/html,application/xhtml+xml"),
                ("Accept-Language", "en"),
            ],
            is_http_request=True,
        )
        request = writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            http_headers=request_headers,
            warc_headers_dict={
                "WARC-Record-ID": record_id("request", url, when),
                "WARC-Date": when,
            },
        )

        response_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Date", http_date(when)),
                ("Server", "nginx"),
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(html))),
                ("Cache-Control", "max-age=60"),
                ("ETag", '"' + hashlib.sha1(html).hexdigest()[:16] + '"'),
            ],
            protocol="HTTP/1.1",
        )
        response = writer.create_warc_record(
            url,
            "response",
            payload=BytesIO(html),
            length=len(html),
            http_headers=response_headers,
            warc_headers_dict={
                "WARC-Record-ID": record_id("response", url, when),
                "WARC-Date": when,
                "WARC-Warcinfo-ID": record_id("warcinfo", CRAWL_STARTED),
            },
        )
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        request.rec_headers.add_header("WARC-Warcinfo-ID", record_id("warcinfo", CRAWL_STARTED))
        writer.write_record(response)
        writer.write_record(request)

    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="fail if crawl.warc.gz differs from what the sources give",
    )
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_bytes() != data:
            print(f"{OUTPUT} is stale: run python examples/build_archives.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date ({len(data)} bytes)")
        return 0
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data)} bytes, {len(CAPTURES)} pages)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
