"""Print story-clustering quality on ECB+ dev: BCubed P/R/F1 and adjusted Rand index.

    .venv/bin/python bench/stories.py [--threshold T] [--sweep] [--quick]

Documents are fed to ``StoryClusterer`` in file order, then in three shuffled orders
(seeds 1-3). ECB+ has no dates, so the time decay plays no part. Data is read at run time
from ``../shared/data/clustering/ecbplus-dev.jsonl`` (``STORYLINE_SHARED`` overrides
``../shared``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from storyline.model import Article
from storyline.stories import StoryClusterer

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "clustering" / "ecbplus-dev.jsonl"


def load(path: Path = DATA) -> tuple[list[Article], dict[str, str]]:
    """Return the ECB+ documents as articles (no title, no date) and their gold story."""
    articles, gold = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        articles.append(
            Article(doc["doc_id"], str(path), None, None, None, (), None, None, None, doc["text"])
        )
        gold[doc["doc_id"]] = doc["story"]
    return articles, gold


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """Return BCubed precision, recall and F1 over the documents of the gold mapping."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for doc, label in predicted.items():
        by_pred[label].add(doc)
    for doc, label in gold.items():
        by_gold[label].add(doc)
    precision = recall = 0.0
    for doc in gold:
        same = len(by_pred[predicted[doc]] & by_gold[gold[doc]])
        precision += same / len(by_pred[predicted[doc]])
        recall += same / len(by_gold[gold[doc]])
    p, r = precision / len(gold), recall / len(gold)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def run(
    articles: Sequence[Article], gold: Mapping[str, str], threshold: float
) -> tuple[float, ...]:
    """Return BCubed P, R, F1, ARI and the number of stories for one arrival order."""
    clusterer = StoryClusterer(threshold=threshold)
    predicted = clusterer.add(articles)
    docs = sorted(gold)
    ari = adjusted_rand_score([gold[d] for d in docs], [predicted[d] for d in docs])
    return (*bcubed(predicted, gold), ari, float(len(set(predicted.values()))))


def orders(articles: list[Article], seeds: Sequence[int]) -> list[tuple[str, list[Article]]]:
    """Return file order followed by one shuffled order per seed."""
    result = [("file order", articles)]
    for seed in seeds:
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        result.append((f"shuffled seed {seed}", shuffled))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--sweep", action="store_true", help="print mean F1 over a threshold grid")
    parser.add_argument("--quick", action="store_true", help="file order only")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA}: not found; set STORYLINE_SHARED to the shared folder", file=sys.stderr)
        return 2
    articles, gold = load()
    runs = orders(articles, [] if args.quick else [1, 2, 3])
    if args.sweep:
        for t in [x / 100 for x in range(10, 61, 4)]:
            scores = [run(a, gold, t) for _, a in runs]
            mean = [sum(s[i] for s in scores) / len(scores) for i in range(5)]
            print(
                f"threshold {t:.2f}  P {mean[0]:.3f} R {mean[1]:.3f} F1 {mean[2]:.3f} ARI {mean[3]:.3f} stories {mean[4]:.0f}"
            )
        return 0
    threshold = args.threshold if args.threshold is not None else StoryClusterer().threshold
    print(
        f"ECB+ dev: {len(articles)} documents, {len(set(gold.values()))} gold stories, threshold {threshold}"
    )
    for name, ordered in runs:
        start = time.perf_counter()
        p, r, f1, ari, n = run(ordered, gold, threshold)
        took = time.perf_counter() - start
        print(
            f"{name:18s} BCubed P {p:.3f} R {r:.3f} F1 {f1:.3f}  ARI {ari:.3f}  stories {n:.0f}  {took:.1f}s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
