"""Print the speed of the entity + quote analysis against the full spaCy pipeline.

    .venv/bin/python bench/throughput.py [--quick] [--articles N] [--processes 2]

The corpus is the example pages (``examples/``, every ``.txt``/``.html``/``.md`` file, as
text) or, while that folder is empty, the seed pages in ``../shared/seeds``, repeated to
``N`` articles (default 2,000; 200 with ``--quick``). Prints: the time of
``nlp.pipe`` with every component over the texts, the time of ``analyse_many`` over the same
texts on one process, their ratio (target <= 1.0), the whole per-document pipeline
(``process_pages`` over the raw example pages, in the pipeline's batches: extraction, entities, quotes, time expressions
and events) on one process and its ratio to the full spaCy pipeline, articles/s with ``--processes``
workers, and the peak resident memory of this process and of its workers.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from itertools import cycle, islice
from pathlib import Path

from storyline.model import Article
from storyline.nlp.model import entity_nlp, full_nlp, parse_nlp
from storyline.quotes import analyse_many

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))


def corpus_texts() -> tuple[str, list[str]]:
    """Return where the texts came from and the article bodies (examples, else the seeds).

    Pages go through ``storyline.extract`` when it is importable, so the timing covers
    article bodies, not markup.
    """
    for folder in (ROOT / "examples", SHARED / "seeds"):
        paths = sorted(
            p for p in folder.rglob("*") if p.suffix in (".txt", ".html", ".htm") and p.is_file()
        )
        texts = [body_of(p) for p in paths]
        texts = [t for t in texts if len(t.split()) > 50]
        if texts:
            return str(folder), texts
    raise SystemExit("no example or seed texts found")


def body_of(path: Path) -> str:
    """Return the article body of a page file (the raw text when extraction fails)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    try:
        from storyline.extract import extract  # noqa: PLC0415 - optional stage
        from storyline.model import Page  # noqa: PLC0415

        kind = "html" if path.suffix in (".html", ".htm") else "text"
        return extract(Page(str(path), raw, kind)).text
    except Exception:  # noqa: BLE001 - a bench falls back to the raw page
        return raw


def pages_of(count: int) -> list:
    """Return ``count`` raw example pages (text dumps and HTML files), cycling over them.

    Each copy gets its own source name so that no stage can take it for a page seen before.
    """
    from storyline.model import Page  # noqa: PLC0415

    folder = ROOT / "examples"
    paths = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".html", ".htm"))
    raw = [
        (p, p.read_text(encoding="utf-8", errors="replace"))
        for p in paths
        if p.is_file() and p.name != "README.md"
    ]
    if not raw:
        return []
    return [
        Page(f"{path}#{i}", text, "html" if path.suffix in (".html", ".htm") else "text")
        for i, (path, text) in enumerate(islice(cycle(raw), count))
    ]


def articles_of(texts: list[str], count: int) -> list[Article]:
    """Return ``count`` articles cycling over the texts."""
    return [
        Article(
            f"b{i}", "bench", None, None, None, (), "2021-05-24T14:47:47+09:00", None, None, text
        )
        for i, text in enumerate(islice(cycle(texts), count))
    ]


def timed(label: str, run: object) -> float:
    """Return the seconds ``run()`` takes, printing them."""
    began = time.perf_counter()
    run()  # type: ignore[operator]
    took = time.perf_counter() - began
    print(f"{label}: {took:.1f}s")
    return took


def main() -> None:
    """Run the three timings and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    count = args.articles or (200 if args.quick else 2000)
    source, texts = corpus_texts()
    articles = articles_of(texts, count)
    words = sum(len(a.text.split()) for a in articles)
    print(
        f"corpus: {len(texts)} texts from {source}, repeated to {count} articles, {words:,} words"
    )
    nlp = full_nlp()
    entity_nlp(), parse_nlp()  # load before timing
    full = timed(
        f"nlp.pipe, all components ({', '.join(nlp.pipe_names)})",
        lambda: list(nlp.pipe((a.text for a in articles), batch_size=args.batch_size)),
    )
    ours = timed(
        "analyse_many, 1 process", lambda: list(analyse_many(articles, 1, args.batch_size))
    )
    print(
        f"ratio analysis / full pipeline: {ours / full:.2f}  ({words / ours:,.0f} words/s vs {words / full:,.0f})"
    )
    pages = pages_of(count)
    if pages:
        from storyline.pipeline import _templates, process_pages  # noqa: PLC0415
        from storyline.settings import load_settings  # noqa: PLC0415

        size = load_settings().batch_size
        batches = [pages[k : k + size] for k in range(0, len(pages), size)]
        templates = [_templates(batch) for batch in batches]
        whole = timed(
            f"whole per-document pipeline (process_pages in the pipeline's batches of {size}:"
            " extract, entities, quotes, times, events), 1 process",
            lambda: [r for b, t in zip(batches, templates, strict=True) for r in process_pages(b, t)],
        )
        print(f"ratio whole pipeline / full spaCy pipeline: {whole / full:.2f}")
    multi = timed(
        f"analyse_many, {args.processes} processes",
        lambda: list(analyse_many(articles, args.processes, args.batch_size)),
    )
    print(
        f"articles/s on {args.processes} processes: {count / multi:.1f} (1 process: {count / ours:.1f})"
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: {own:.0f} MiB this process, {workers:.0f} MiB largest worker")


if __name__ == "__main__":
    main()
