"""Print how link_quotes and cluster_stories scale: 10,000 then 20,000 synthetic articles.

    .venv/bin/python bench/scale.py [--sizes 10000 20000] [--seed 0]

The corpus grows in time at a fixed number of articles a day (bench/synth.py), as a news
archive does. Prints seconds per stage, the ratio time(20k)/time(10k) and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storyline.quotes.link import link_quotes  # noqa: E402
from storyline.stories import cluster_stories  # noqa: E402
from synth import corpus  # noqa: E402


def measure(n: int, seed: int) -> dict[str, float]:
    """Return seconds for linking and clustering n articles, and the traced peak in MiB."""
    articles, quotes = corpus(n, seed)
    by_id = {a.id: a for a in articles}
    tracemalloc.start()
    start = time.perf_counter()
    clusters = link_quotes(quotes, by_id)
    linked = time.perf_counter()
    by_article: dict[str, list[str]] = defaultdict(list)
    for cluster in clusters:
        for quote_id in cluster.quote_ids:
            by_article[quote_id.rsplit("-q", 1)[0]].append(cluster.id)
    stories = cluster_stories(articles, {}, by_article)
    done = time.perf_counter()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(
        f"{n:>6} articles {len(quotes):>6} quotes: link {linked - start:6.1f}s ({len(clusters)} clusters)"
        f"  stories {done - linked:6.1f}s ({len(stories)} stories)  peak traced {peak:6.0f} MiB"
    )
    return {"link": linked - start, "stories": done - linked, "peak": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 20_000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    small, large = (measure(n, args.seed) for n in args.sizes)
    for stage in ("link", "stories"):
        print(
            f"ratio {stage} time({args.sizes[1]})/time({args.sizes[0]}): {large[stage] / small[stage]:.2f}"
        )
    total = (large["link"] + large["stories"]) / (small["link"] + small["stories"])
    print(f"ratio total: {total:.2f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {rss:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
