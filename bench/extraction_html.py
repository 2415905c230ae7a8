"""HTML extraction on the Zyte article-extraction benchmark: prints P/R/F1 and pages/s.

usage: python bench/extraction_html.py [--quick] [--workers N]

Reads ../shared/data/extraction/zyte-benchmark (relative to the repo root) at run time and
scores with ../shared/tools/score_extraction.py; skips with a message when they are absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from storyline.extract.html import extract_html

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
BENCH = SHARED / "data" / "extraction" / "zyte-benchmark"
SCORER = SHARED / "tools" / "score_extraction.py"
QUICK_PAGES = 30


_WARM_PAGE = (
    "<html><head><title>Warm-up</title></head><body><article><h1>Warm-up page</h1>"
    + "<p>This paragraph only loads the extraction code before the clock starts.</p>" * 8
    + "<time datetime='2021-05-24'>May 24, 2021</time></article></body></html>"
)


def _warm() -> None:
    """Load trafilatura, htmldate and dateparser in a worker before timing starts."""
    extract_html(_WARM_PAGE, "https://example.org/warm-up")


def _ready(_: int) -> bool:
    return True


def _extract(item: tuple[str, str | None]) -> tuple[str, str, float]:
    """Return (page id, extracted body, CPU seconds spent) for one benchmark page."""
    page_id, url = item
    html = gzip.decompress((BENCH / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
    start = time.process_time()
    text = extract_html(html, url).text
    return page_id, text, time.process_time() - start


def _score(gold_path: Path, predictions: dict[str, str]) -> dict[str, float]:
    """Return P, R and F1 as the shared scorer prints them for some predictions."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as out:
        json.dump(predictions, out)
    result = subprocess.run(
        [sys.executable, str(SCORER), str(gold_path), out.name],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(out.name).unlink()
    last = result.stdout.strip().splitlines()[-1]
    figures = dict(part.split("=") for part in last.split())
    return {
        "precision": float(figures["P"]),
        "recall": float(figures["R"]),
        "f1": float(figures["F1"]),
    }


def run(quick: bool = False, workers: int = 2) -> dict[str, float]:
    """Return precision, recall, f1, pages, pages_per_s and pages_per_cpu_s on the benchmark.

    ``pages_per_s`` is wall-clock throughput of the pool; ``pages_per_cpu_s`` counts only the
    CPU time spent in extraction, a steadier figure on a machine shared with other work.
    """
    gold = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[:QUICK_PAGES] if quick else sorted(gold)
    items = [(page_id, gold[page_id].get("url")) for page_id in ids]
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
        list(pool.map(_ready, range(workers)))  # start and warm the workers off the clock
        start = time.perf_counter()
        results = list(pool.map(_extract, items, chunksize=2))
        elapsed = time.perf_counter() - start
    predictions = {page_id: text for page_id, text, _ in results}
    cpu = sum(spent for _, _, spent in results)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as sub:
        json.dump({k: gold[k] for k in ids}, sub)
    figures = _score(Path(sub.name), predictions)
    Path(sub.name).unlink()
    return {
        **figures,
        "pages": float(len(ids)),
        "pages_per_s": len(ids) / elapsed,
        "pages_per_cpu_s": len(ids) / cpu,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"first {QUICK_PAGES} pages only")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    args = parser.parse_args()
    if not BENCH.is_dir() or not SCORER.is_file():
        print(f"skipped: {BENCH} or {SCORER} not found")
        return
    figures = run(args.quick, args.workers)
    print(
        f"P={figures['precision']:.3f} R={figures['recall']:.3f} F1={figures['f1']:.3f} "
        f"pages={int(figures['pages'])} {figures['pages_per_s']:.1f} pages/s "
        f"({args.workers} warm workers); {figures['pages_per_cpu_s']:.1f} pages per CPU-second"
    )


if __name__ == "__main__":
    main()
