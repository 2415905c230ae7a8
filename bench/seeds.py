"""Extraction of the seed text dumps: prints each article's metadata and body ends.

usage: python bench/seeds.py [SEED_DIR]

Reads ../shared/seeds/*.txt (relative to the repo root) at run time as ``Page(kind="text")``;
skips with a message when the folder is absent.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from storyline.errors import ExtractionError
from storyline.extract import extract
from storyline.model import Article, Page

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def read_seeds(folder: Path = SEEDS) -> list[Page]:
    """Return the seed dumps of a folder as text pages, in name order."""
    return [
        Page(source=str(path), content=path.read_text(encoding="utf-8"), kind="text")
        for path in sorted(folder.glob("*.txt"))
    ]


def describe(article: Article) -> str:
    """Return the fields of an article worth eyeballing, one a line."""
    paragraphs = article.text.split("\n\n")
    fields = {
        "title": article.title,
        "outlet": article.outlet,
        "authors": list(article.authors),
        "published": article.published,
        "updated": article.updated,
        "dateline": article.dateline,
        "language": article.language,
        "first": paragraphs[0][:100],
        "last": paragraphs[-1][:100],
        "paragraphs": len(paragraphs),
        "captions": [c[:80] for c in article.captions],
    }
    return "\n".join(f"  {key:10s} {value}" for key, value in fields.items())


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    if not folder.is_dir():
        print(f"skipped: {folder} not found")
        return
    if importlib.util.find_spec("storyline.extract.textdump") is None:
        print("skipped: storyline.extract.textdump (the line classifier) is not there yet")
        return
    for page in read_seeds(folder):
        print(Path(page.source).name)
        try:
            print(describe(extract(page)))
        except ExtractionError as error:
            print(f"  rejected: {error.reason}")


if __name__ == "__main__":
    main()
