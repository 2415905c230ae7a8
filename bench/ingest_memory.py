"""Print ingest throughput and peak memory over a generated WARC of about 200 MB.

    .venv/bin/python bench/ingest_memory.py [--size-mb 200] [--gzip] [--quick]

The WARC is written to a temporary folder (never committed) one record at a time, then read
back with ``iter_pages``. Resident memory is sampled while reading: it should stay flat,
whatever the file's size, because records are streamed.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import iter_pages
from storyline.model import Page
from storyline.settings import Settings

WORDS = (
    "council mayor vote budget minister said Monday talks resume police report city "
    "résumé café “quoted” — election court ruling statement spokesperson"
).split()


def _page(rng: random.Random, i: int) -> bytes:
    """Return a synthetic news page of about 50 KB."""
    paragraphs = []
    for _ in range(60):
        words = " ".join(rng.choice(WORDS) for _ in range(120))
        paragraphs.append(f"<p>{words}.</p>")
    body = "\n".join(paragraphs)
    return f"<!DOCTYPE html><html><head><title>Story {i}</title></head><body>{body}</body></html>".encode()


def write_warc(path: Path, size_mb: int, gzip: bool) -> int:
    """Write a WARC of about size_mb megabytes of HTML responses; return its record count."""
    rng = random.Random(1)
    records = 0
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        while out.tell() < size_mb * 1_000_000 * (0.25 if gzip else 1):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news.example/{records}",
                "response",
                payload=io.BytesIO(_page(rng, records)),
                http_headers=headers,
            )
            writer.write_record(record)
            records += 1
    return records


def _rss_mb() -> float:
    """Return this process's current resident memory in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def measure(path: Path) -> dict[str, float]:
    """Read every page of a WARC and return the count, time and memory figures."""
    baseline = _rss_mb()
    peak, pages, chars = baseline, 0, 0
    started = time.perf_counter()
    for item in iter_pages([str(path)], Settings()):
        if isinstance(item, Page):
            pages += 1
            chars += len(item.content)
        if pages % 200 == 0:
            peak = max(peak, _rss_mb())
    seconds = time.perf_counter() - started
    return {
        "pages": pages,
        "seconds": seconds,
        "chars": chars,
        "rss_start_mb": baseline,
        "rss_peak_mb": max(peak, _rss_mb()),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000,
    }


def main() -> None:
    """Generate the WARC, read it back, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--gzip", action="store_true", help="gzip each record (.warc.gz)")
    parser.add_argument("--quick", action="store_true", help="20 MB instead, for CI")
    args = parser.parse_args()
    size_mb = 20 if args.quick else args.size_mb
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("bench.warc.gz" if args.gzip else "bench.warc")
        records = write_warc(path, size_mb, args.gzip)
        file_mb = path.stat().st_size / 1e6
        figures = measure(path)
    mb_in = figures["chars"] / 1e6
    print(f"file            {path.name}, {file_mb:,.0f} MB on disk, {records:,} records")
    print(f"pages           {figures['pages']:,.0f} in {figures['seconds']:.1f} s")
    print(
        f"throughput      {figures['pages'] / figures['seconds']:,.0f} pages/s, "
        f"{mb_in / figures['seconds']:.1f} M chars/s"
    )
    print(
        f"rss             {figures['rss_start_mb']:.0f} MB at start, "
        f"{figures['rss_peak_mb']:.0f} MB peak while reading "
        f"(+{figures['rss_peak_mb'] - figures['rss_start_mb']:.0f} MB)"
    )
    print(f"ru_maxrss       {figures['maxrss_mb']:.0f} MB over the whole run")


if __name__ == "__main__":
    main()
