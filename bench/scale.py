"""Print how link_quotes and cluster_stories scale: 10,000 then 20,000 synthetic articles.

    .venv/bin/python bench/scale.py [--sizes 10000 20000] [--seed 0] [--trace-memory]

The corpus grows in time at a fixed number of articles a day (bench/synth.py), as a news
archive does. Prints wall and CPU seconds per stage, the ratios time(20k)/time(10k) and
the peak resident memory. The timed pass runs without tracemalloc, whose bookkeeping
costs more per allocation as the heap grows and would be timed with the code;
``--trace-memory`` adds a second, traced pass per size for the peak of Python allocations.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storyline.model import Article, Quote  # noqa: E402
from storyline.quotes.link import link_quotes  # noqa: E402
from storyline.stories import cluster_stories  # noqa: E402
from synth import corpus  # noqa: E402


def _run(articles: list[Article], quotes: list[Quote]) -> tuple[int, int, list[float]]:
    """Link and cluster once; return cluster and story counts and the four stage clocks."""
    by_id = {a.id: a for a in articles}
    wall, cpu = time.perf_counter(), time.process_time()
    clusters = link_quotes(quotes, by_id)
    linked = [time.perf_counter() - wall, time.process_time() - cpu]
    by_article: dict[str, list[str]] = defaultdict(list)
    for cluster in clusters:
        for quote_id in cluster.quote_ids:
            by_article[quote_id.rsplit("-q", 1)[0]].append(cluster.id)
    wall, cpu = time.perf_counter(), time.process_time()
    stories = cluster_stories(articles, {}, by_article)
    grouped = [time.perf_counter() - wall, time.process_time() - cpu]
    return len(clusters), len(stories), linked + grouped


def measure(n: int, seed: int, trace: bool) -> dict[str, float]:
    """Return wall and CPU seconds for linking and clustering n articles (and traced peak)."""
    articles, quotes = corpus(n, seed)
    gc.collect()
    clusters, stories, clocks = _run(articles, quotes)
    figures = dict(zip(("link", "link_cpu", "stories", "stories_cpu"), clocks, strict=True))
    peak = ""
    if trace:
        tracemalloc.start()
        _run(articles, quotes)
        figures["peak"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        peak = f"  peak traced {figures['peak']:6.0f} MiB"
    print(
        f"{n:>6} articles {len(quotes):>6} quotes: link {figures['link']:6.1f}s"
        f" (cpu {figures['link_cpu']:6.1f}s, {clusters} clusters)  stories"
        f" {figures['stories']:6.1f}s (cpu {figures['stories_cpu']:6.1f}s, {stories} stories){peak}"
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 20_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trace-memory", action="store_true")
    args = parser.parse_args()
    small, large = (measure(n, args.seed, args.trace_memory) for n in args.sizes)
    for stage in ("link", "stories"):
        print(
            f"ratio {stage} time({args.sizes[1]})/time({args.sizes[0]}): wall"
            f" {large[stage] / small[stage]:.2f}  cpu {large[stage + '_cpu'] / small[stage + '_cpu']:.2f}"
        )
    for clock, suffix in (("wall", ""), ("cpu", "_cpu")):
        total = (large["link" + suffix] + large["stories" + suffix]) / (
            small["link" + suffix] + small["stories" + suffix]
        )
        print(f"ratio total ({clock}): {total:.2f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
