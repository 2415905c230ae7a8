"""Print quote extraction and attribution figures on PolNeAR dev (and show the seed pages).

    .venv/bin/python bench/quotes.py [--quick] [--split dev] [--out DIR]
    .venv/bin/python bench/quotes.py --seeds      # print every quote found in the seed pages
    .venv/bin/python bench/quotes.py --errors 40 [--all] [--split train]   # misses, by kind

Runs ``analyse_article`` over ``../shared/data/quotes/polnear/SPLIT/text/*.txt`` (first line
the headline; the whole file is the article text, so offsets match the annotations), writes
predictions as JSONL and scores them with ``../shared/tools/score_quotes.py``:

- direct and mixed quotes at overlap 0.8 (the headline) and 0.3, from the predictions whose
  text holds a quotation mark (direct and partial quotes);
- all attributions (``--all``, indirect speech included) from every prediction.

``STORYLINE_SHARED`` overrides ``../shared``.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from storyline.model import Article, Quote
from storyline.quotes import analyse_article
from storyline.quotes.find import QUOTE_CHARS

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
POLNEAR = SHARED / "data" / "quotes" / "polnear"
SCORER = SHARED / "tools" / "score_quotes.py"


def published_dates() -> dict[str, str]:
    """Return the publication date of each PolNeAR file, from metadata.tsv."""
    with open(POLNEAR / "metadata.tsv", encoding="utf-8") as handle:
        return {
            row["filename"]: row["publication_date"]
            for row in csv.DictReader(handle, delimiter="\t")
        }


def load_split(split: str, limit: int | None) -> list[Article]:
    """Return the articles of a PolNeAR split (whole file as text, first line as title)."""
    dates = published_dates()
    paths = sorted((POLNEAR / split / "text").glob("*.txt"))[:limit]
    articles = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0]
        articles.append(
            Article(
                path.stem, str(path), None, None, title, (), dates.get(path.stem), None, None, text
            )
        )
    return articles


def prediction(article: Article, quote: Quote) -> dict[str, object]:
    """Return the scorer's JSON record of one predicted quote."""
    return {
        "doc": article.id,
        "start": quote.start,
        "end": quote.end,
        "speaker": quote.speaker,
        "speaker_start": quote.speaker_start,
        "speaker_end": quote.speaker_end,
        "kind": quote.kind,
    }


def score(split_dir: Path, predictions: Path, *flags: str) -> str:
    """Return the scorer's output for one prediction file."""
    run = subprocess.run(
        [sys.executable, str(SCORER), str(split_dir), str(predictions), *flags],
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


def predict(articles: list[Article], out: Path, split: str) -> tuple[Path, Path, float]:
    """Write the marked and the full prediction files; return them and the seconds taken."""
    out.mkdir(parents=True, exist_ok=True)
    marked, every = out / f"quotes-{split}-marked.jsonl", out / f"quotes-{split}-all.jsonl"
    began = time.perf_counter()
    with (
        open(marked, "w", encoding="utf-8") as m_file,
        open(every, "w", encoding="utf-8") as a_file,
    ):
        for article in articles:
            _, quotes = analyse_article(article)
            for quote in quotes:
                line = json.dumps(prediction(article, quote)) + "\n"
                a_file.write(line)
                if any(mark in quote.text for mark in QUOTE_CHARS):
                    m_file.write(line)
    return marked, every, time.perf_counter() - began


def run_polnear(split: str, limit: int | None, out: Path) -> None:
    """Analyse a split, write predictions and print the scores."""
    articles = load_split(split, limit)
    marked, every, took = predict(articles, out, split)
    split_dir = POLNEAR / split
    if limit:
        split_dir = _subset(split_dir, articles, out)
    print(f"PolNeAR {split}: {len(articles)} articles analysed in {took:.1f}s")
    print("== direct + mixed quotes, overlap 0.8 (headline)")
    print(score(split_dir, marked))
    print("== direct + mixed quotes, overlap 0.3")
    print(score(split_dir, marked, "--tau", "0.3"))
    print("== all attributions (indirect speech and beliefs too), overlap 0.8")
    print(score(split_dir, every, "--all"))


def _subset(split_dir: Path, articles: list[Article], out: Path) -> Path:
    """Return a folder of links to the chosen documents, so the scorer sees only those."""
    sub = out / "subset"
    for name in ("text", "attributions"):
        (sub / name).mkdir(parents=True, exist_ok=True)
        for old in (sub / name).iterdir():
            old.unlink()
    for article in articles:
        (sub / "text" / f"{article.id}.txt").symlink_to(split_dir / "text" / f"{article.id}.txt")
        for ann in (split_dir / "attributions").glob(f"{article.id}_*.ann"):
            (sub / "attributions" / ann.name).symlink_to(ann)
    return sub


def _scorer() -> object:
    """Return the shared scorer as a module, so the error listing matches it exactly."""
    spec = importlib.util.spec_from_file_location("score_quotes", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clip(text: str, width: int = 110) -> str:
    """Return a one-line excerpt of text, its middle elided."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width // 2 - 2] + " … " + flat[-width // 2 + 2 :]


def show_errors(
    split: str, predictions: Path, count: int, all_rel: bool, docs: set[str]
) -> None:
    """Print gold quotes missed, predictions unmatched and wrong speakers, with counts."""
    sc = _scorer()
    gold = sc.load_gold(str(POLNEAR / split), all_rel)  # type: ignore[attr-defined]
    gold = {doc: value for doc, value in gold.items() if doc in docs}
    preds: dict[str, list[dict[str, object]]] = {}
    for line in open(predictions, encoding="utf-8"):
        record = json.loads(line)
        preds.setdefault(record["doc"], []).append(record)
    found: dict[str, list[str]] = {"missed": [], "partly": [], "extra": [], "speaker": []}
    for doc, (text, golds) in gold.items():
        _doc_errors(sc, doc, text, golds, preds.get(doc, []), 0.8, found)
    for kind, lines in found.items():
        print(f"== {kind}: {len(lines)}")
        for line in lines[:count]:
            print(line)


def _doc_errors(
    sc: object,
    doc: str,
    text: str,
    golds: list[dict[str, object]],
    preds: list[dict[str, object]],
    tau: float,
    found: dict[str, list[str]],
) -> None:
    """Sort one document's errors into ``found`` (the scorer's greedy matching)."""
    used: set[int] = set()

    def source(g: dict[str, object]) -> str:
        return " | ".join(text[a:b] for a, b in g["source"] or [])  # type: ignore[attr-defined]

    for g in golds:
        parts = g["content"]
        glen = sum(b - a for a, b in parts) or 1  # type: ignore[attr-defined]
        scores = [
            (sc.covered(parts, p["start"], p["end"]) / glen, i)  # type: ignore[attr-defined]
            for i, p in enumerate(preds)
            if i not in used
        ]
        score, best = max(scores, default=(0.0, -1))
        content = _clip("".join(text[a:b] for a, b in parts))  # type: ignore[attr-defined]
        if score <= tau:
            kind = "partly" if score > 0 else "missed"
            shown = _clip(text[preds[best]["start"] : preds[best]["end"]]) if score > 0 else ""  # type: ignore[misc]
            found[kind].append(f"  {doc} [{source(g)}] G: {content}\n      P({score:.2f}): {shown}")
            continue
        used.add(best)
        p = preds[best]
        if not sc.speaker_ok(text, g, p):  # type: ignore[attr-defined]
            mention = (
                text[p["speaker_start"] : p["speaker_end"]] if p["speaker_start"] is not None else None  # type: ignore[misc]
            )
            found["speaker"].append(
                f"  {doc} gold=[{source(g)}] pred={p['speaker']!r} at {mention!r}: {content}"
            )
    for i, p in enumerate(preds):
        if i not in used:
            found["extra"].append(
                f"  {doc} {p['kind']} spk={p['speaker']!r}: {_clip(text[p['start'] : p['end']])}"  # type: ignore[misc]
            )


def show_seeds() -> None:
    """Print the quotes found in the seed pages (whole page as text, no publication time)."""
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        article = Article(path.stem, str(path), None, None, None, (), None, None, None, text)
        _, quotes = analyse_article(article)
        print(f"== {path.name}")
        for q in quotes:
            print(
                f"  {q.kind:8} {q.speaker!s:22} cue={q.cue} on={q.said_on} venue={q.venue}: {q.text[:70]!r}"
            )


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="first 20 documents only")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--seeds", action="store_true")
    parser.add_argument("--errors", type=int, default=0, help="list N errors of each kind")
    parser.add_argument("--all", action="store_true", help="errors over every relation")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    args = parser.parse_args()
    if args.seeds:
        show_seeds()
        return
    limit = 20 if args.quick else args.limit
    if args.errors:
        articles = load_split(args.split, limit)
        marked, every, _ = predict(articles, args.out, args.split)
        docs = {a.id for a in articles}
        show_errors(args.split, every if args.all else marked, args.errors, args.all, docs)
        return
    run_polnear(args.split, limit, args.out)


if __name__ == "__main__":
    main()
