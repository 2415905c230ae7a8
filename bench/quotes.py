"""Print quote extraction and attribution figures on PolNeAR dev (and show the seed pages).

    .venv/bin/python bench/quotes.py [--quick] [--split dev] [--out DIR]
    .venv/bin/python bench/quotes.py --seeds      # print every quote found in the seed pages

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


def run_polnear(split: str, limit: int | None, out: Path) -> None:
    """Analyse a split, write predictions and print the scores."""
    articles = load_split(split, limit)
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
    took = time.perf_counter() - began
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
    args = parser.parse_args()
    if args.seeds:
        show_seeds()
        return
    run_polnear(args.split, 20 if args.quick else None, args.out)


if __name__ == "__main__":
    main()
