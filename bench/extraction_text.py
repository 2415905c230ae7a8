"""Text-dump cleaning on the labelled dumps: prints shingle P/R/F1, line P/R/F1 and pages/s.

usage: python bench/extraction_text.py [--quick] [--cv] [--fit]

  (default)  run split_page with the shipped weights on every page (in-sample: the weights
             were learned from these pages; use --cv for the honest figure)
  --quick    the first 30 pages only
  --cv       5-fold cross-validation split by outlet (host): fit on 4/5, score the rest
  --fit      learn the logistic weights and the boosted trees from all pages (lines weighted
             by the root of their words), pick the smoothing settings on cross-validated
             scores, and write src/storyline/extract/textdump_weights.json and
             textdump_trees.json (needs scikit-learn; a few minutes)

Reads ../shared/data/extraction/textlines-dev.jsonl (relative to the repo root) at run time and
scores with ../shared/tools/score_extraction.py; skips with a message when they are absent.
Template lines are computed over the pages of the same host, as a crawl of one outlet would.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from storyline.extract import textdump
from storyline.extract.lines import CONTEXT_FEATURES, LINE_FEATURES, feature_matrix, word_count

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DUMPS = SHARED / "data" / "extraction" / "textlines-dev.jsonl"
SCORER = SHARED / "tools" / "score_extraction.py"
QUICK_PAGES = 30
# Shallow trees, learned slowly, leaves of 100 lines or more: a few thousand numbers in all.
TREE_SETTINGS = {
    "max_iter": 300,
    "learning_rate": 0.05,
    "max_depth": 3,
    "min_samples_leaf": 100,
}
TIMING_PASSES = 3
FOLDS = 5
GRID = {
    "threshold": (-1.5, -1.0, -0.5, 0.0),
    "switch_cost": (1.0, 2.0, 3.0, 4.0),
    "keep_fraction": (0.05, 0.1, 0.2),
    "max_gap": (10, 30),
}


def _load(quick: bool) -> list[dict]:
    """Return the labelled pages, each with the template lines of its host added."""
    pages = [json.loads(line) for line in DUMPS.read_text(encoding="utf-8").splitlines()]
    by_host: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        page["host"] = urlsplit(page["url"]).netloc
        by_host[page["host"]].append(page)
    for group in by_host.values():
        template = textdump.template_lines("\n".join(page["lines"]) for page in group)
        for page in group:
            page["template"] = template
    return pages[:QUICK_PAGES] if quick else pages


def _score(pages: list[dict], bodies: dict[str, str]) -> dict[str, float]:
    """Return P, R and F1 as the shared scorer prints them for some predicted bodies."""
    with tempfile.TemporaryDirectory() as folder:
        gold, pred = Path(folder) / "gold.json", Path(folder) / "pred.json"
        gold.write_text(json.dumps({p["id"]: {"articleBody": p["gold_text"]} for p in pages}))
        pred.write_text(json.dumps(bodies))
        result = subprocess.run(
            [sys.executable, str(SCORER), str(gold), str(pred)],
            capture_output=True,
            text=True,
            check=True,
        )
    last = result.stdout.strip().splitlines()[-1]
    figures = dict(part.split("=") for part in last.split())
    return {
        "precision": float(figures["P"]),
        "recall": float(figures["R"]),
        "f1": float(figures["F1"]),
    }


def _line_figures(pages: list[dict], predicted: dict[str, list[int]]) -> dict[str, float]:
    """Return line-level precision, recall and F1 of body lines."""
    tp = fp = fn = 0
    for page in pages:
        for gold, guess in zip(page["labels"], predicted[page["id"]], strict=True):
            tp += gold and guess
            fp += guess and not gold
            fn += gold and not guess
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"line_precision": p, "line_recall": r, "line_f1": 2 * p * r / (p + r) if p + r else 0.0}


def _figures(pages: list[dict], labels: dict[str, list[str]]) -> dict[str, float]:
    """Return shingle and line figures for per-page labels of the non-empty lines."""
    bodies, flags = {}, {}
    for page in pages:
        content = [line for line in page["lines"] if line.strip()]
        page_labels = iter(labels[page["id"]])
        flags[page["id"]] = [
            int(next(page_labels) == textdump.BODY) if line.strip() else 0 for line in page["lines"]
        ]
        bodies[page["id"]] = "\n\n".join(
            line for line, label in zip(content, labels[page["id"]], strict=True) if label == "body"
        )
    return {**_score(pages, bodies), **_line_figures(pages, flags)}


def run(quick: bool = False) -> dict[str, float]:
    """Return shingle and line P/R/F1, pages and pages_per_s of split_page on the dumps."""
    pages = _load(quick)
    texts = [("\n".join(page["lines"]), page["template"]) for page in pages]
    textdump.split_page(*texts[0])  # load the model first
    # Best of three passes, as timeit does: other work on a shared machine only slows a pass.
    elapsed = cpu = float("inf")
    for _ in range(TIMING_PASSES):
        start, started_cpu = time.perf_counter(), time.process_time()
        parts = [textdump.split_page(text, template) for text, template in texts]
        elapsed = min(elapsed, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - started_cpu)
    labels = {
        page["id"]: [label for line, label in zip(p.lines, p.labels, strict=True) if line.strip()]
        for page, p in zip(pages, parts, strict=True)
    }
    return {
        **_figures(pages, labels),
        "pages": float(len(pages)),
        "pages_per_s": len(pages) / cpu,
        "pages_per_s_wall": len(pages) / elapsed,
    }


def _weights(page: dict) -> list[float]:
    """Return the training weight of each line: the square root of its words.

    The score counts words, so a 60-word paragraph weighs more than a "Share" button; the
    root keeps the short lines of a body (subheads, list items) from counting for nothing.
    """
    return [math.sqrt(max(1.0, word_count(line)[1])) for line in page["content"]]


def _fit(pages: list[dict]) -> textdump.LineModel:
    """Return a logistic regression (standardisation folded in) and boosted trees, fitted."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([page["rows"] for page in pages])
    targets = [y for page in pages for y in page["labels"]]
    weights = np.asarray([w for page in pages for w in _weights(page)])
    weights /= weights.mean()
    mean, scale = x.mean(0), x.std(0) + 1e-6
    linear = LogisticRegression(C=1.0, max_iter=5000)
    linear.fit((x - mean) / scale, targets, sample_weight=weights)
    coef = linear.coef_[0] / scale
    bias = float(linear.intercept_[0] - (coef * mean).sum())
    boosted = HistGradientBoostingClassifier(**TREE_SETTINGS, random_state=0)
    boosted.fit(x, targets, sample_weight=weights)
    return textdump.LineModel(
        tuple(coef.tolist()), bias, 0.0, 0.0, 0.0, 0, trees=_export(boosted, x)
    )


def _export(boosted: object, x: object) -> textdump.Trees:
    """Return a fitted HistGradientBoostingClassifier's trees as node arrays, checked on ``x``.

    scikit-learn keeps the trees in ``_predictors`` (a private name): the check against its
    own ``decision_function`` makes a change there fail here, loudly, not in the product.
    """
    import numpy as np

    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    for (predictor,) in boosted._predictors:  # type: ignore[attr-defined]
        base = len(feature)
        roots.append(base)
        for k, node in enumerate(predictor.nodes):
            leaf = bool(node["is_leaf"])
            feature.append(0 if leaf else int(node["feature_idx"]))
            threshold.append(math.inf if leaf else float(node["num_threshold"]))
            left.append(base + k if leaf else base + int(node["left"]))
            right.append(base + k if leaf else base + int(node["right"]))
            value.append(float(node["value"]) if leaf else 0.0)
    trees = textdump.Trees(
        feature=np.asarray(feature),
        threshold=np.asarray(threshold),
        left=np.asarray(left),
        right=np.asarray(right),
        value=np.asarray(value),
        roots=np.asarray(roots),
        depth=TREE_SETTINGS["max_depth"],
        offset=float(np.ravel(boosted._baseline_prediction)[0]),  # type: ignore[attr-defined]
    )
    sample = np.asarray(x)
    gap = float(np.abs(trees.log_odds(sample) - boosted.decision_function(sample)).max())  # type: ignore[attr-defined]
    assert gap < 1e-6, f"exported trees disagree with scikit-learn by {gap}"
    return trees


def _out_of_fold_scores(pages: list[dict]) -> dict[str, list[float]]:
    """Return every page's line scores from a model fitted on the other folds (by host)."""
    for page in pages:
        page["content"] = [line.strip() for line in page["lines"] if line.strip()]
        page["rows"] = feature_matrix(page["content"], page["template"])
    hosts = sorted({page["host"] for page in pages})
    fold_of = {host: i % FOLDS for i, host in enumerate(hosts)}
    scores: dict[str, list[float]] = {}
    for fold in range(FOLDS):
        model = _fit([p for p in pages if fold_of[p["host"]] != fold])
        for page in (p for p in pages if fold_of[p["host"]] == fold):
            found = textdump._page_scores(page["content"], page["rows"], page["template"], model)
            scores[page["id"]] = found.tolist()
    return scores


def cross_validate(pages: list[dict], model: textdump.LineModel) -> dict[str, float]:
    """Return the figures of out-of-fold line scores under some smoothing settings."""
    scores = _out_of_fold_scores(pages)
    labels = {p["id"]: textdump.label_lines(p["content"], scores[p["id"]], model) for p in pages}
    return _figures(pages, labels)


def _tune(pages: list[dict], scores: dict[str, list[float]]) -> tuple[textdump.LineModel, float]:
    """Return the smoothing settings with the best cross-validated shingle F1, and that F1."""
    best: tuple[float, textdump.LineModel] | None = None
    for threshold in GRID["threshold"]:
        for cost in GRID["switch_cost"]:
            for keep in GRID["keep_fraction"]:
                for gap in GRID["max_gap"]:
                    model = textdump.LineModel((), 0.0, threshold, cost, keep, gap)
                    labels = {
                        p["id"]: textdump.label_lines(p["content"], scores[p["id"]], model)
                        for p in pages
                    }
                    f1 = _figures(pages, labels)["f1"]
                    if best is None or f1 > best[0]:
                        best = (f1, model)
    assert best is not None
    return best[1], best[0]


def fit() -> dict[str, float]:
    """Learn weights from all pages, tune smoothing on CV scores, write the weights file."""
    pages = _load(quick=False)
    scores = _out_of_fold_scores(pages)
    model, f1 = _tune(pages, scores)
    fitted = _fit(pages)
    names = LINE_FEATURES + CONTEXT_FEATURES
    data = {
        "weights": {name: round(w, 6) for name, w in zip(names, fitted.weights, strict=True)},
        "bias": round(fitted.bias, 6),
        "threshold": model.threshold,
        "switch_cost": model.switch_cost,
        "keep_fraction": model.keep_fraction,
        "max_gap": model.max_gap,
    }
    textdump.WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    assert fitted.trees is not None
    textdump.TREES.write_text(json.dumps(fitted.trees.to_json()) + "\n", encoding="utf-8")
    return {"cv_f1": f1, "threshold": model.threshold, "switch_cost": model.switch_cost}


def _print(figures: dict[str, float], what: str) -> None:
    """Print one line of figures."""
    speed = ""
    if "pages_per_s" in figures:
        # CPU time of this process: one core's rate, whatever else the machine is running.
        speed = (
            f" {figures['pages_per_s']:.0f} pages/s per core"
            f" ({figures['pages_per_s_wall']:.0f} by the wall clock)"
        )
    print(
        f"{what}: P={figures['precision']:.3f} R={figures['recall']:.3f} F1={figures['f1']:.3f} "
        f"lines P={figures['line_precision']:.3f} R={figures['line_recall']:.3f} "
        f"F1={figures['line_f1']:.3f}{speed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"first {QUICK_PAGES} pages only")
    parser.add_argument("--cv", action="store_true", help="5-fold cross-validated figures")
    parser.add_argument("--fit", action="store_true", help="learn and write the weights")
    args = parser.parse_args()
    if not DUMPS.is_file() or not SCORER.is_file():
        print(f"skipped: {DUMPS} or {SCORER} not found")
        return
    if args.fit:
        print(fit())
    if args.cv:
        _print(cross_validate(_load(quick=False), textdump._model()), "5-fold CV by host")
    else:
        _print(run(args.quick), "in-sample" + (" (quick)" if args.quick else ""))


if __name__ == "__main__":
    main()
