"""Print how the Spark engine compares with the single-process pipeline (issue 7).

    .venv/bin/python bench/spark.py [--sizes 2000 8000] [--master local[2]] [--seed 0]
                                    [--skip-examples] [--work DIR]

(a) export equality: the Spark run (``engines.spark.run``, local mode) and the pipeline
    (``pipeline.ingest``) on ``examples/`` and on the first size of synthetic articles give
    the same export up to id renaming (``engines.compare``);
(b) time of the Spark run against the pipeline's on that corpus, and their ratio;
(c) the Spark run's time at each size (default 2,000 and 8,000 articles) and the ratio.

The synthetic pages are written for this benchmark: news pages in English from invented
outlets, places and people, each with 2-3 quotes in the ways outlets print them (a quote is
an English frame around invented words, half of them its story's own); a story's articles
report the same three utterances, so quotes link across outlets (rewordings from
``bench/synth.py``'s ``variant``). Nine in ten pages are JSONL records (files of 100), one
in ten a standalone HTML file. Every timing is end to end: Spark's includes starting the
session, loading the results into SQLite and linking, as ``storyline ingest`` does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import variant  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

OUTLETS = [
    "The Harbour Ledger", "Valley Courier", "Northern Dispatch", "Coastline Daily",
    "The Morning Signal", "Riverside Gazette", "The Upland Record", "Bay Street Wire",
]  # fmt: skip
FIRST = [
    "Mara", "Tobias", "Ines", "Kwame", "Lena", "Dmitri", "Priya", "Oscar", "Hana", "Rui",
    "Selma", "Jonas", "Adaeze", "Emil", "Talia", "Bram", "Noor", "Felix", "Ilse", "Marcus",
]  # fmt: skip
LAST = [
    "Velling", "Arkwright", "Ferrand", "Oduya", "Sorvik", "Halen", "Ramanathan", "Delvaux",
    "Takemura", "Cabral", "Lindqvist", "Moreau", "Okafor", "Brandt", "Quist", "Havel",
    "Castell", "Jurado", "Weiland", "Penrose",
]  # fmt: skip
PLACES = [
    "Marrowick", "Tessaly Bay", "Dunmere", "Calloway Point", "Esterholt", "Brannock",
    "Lowen Cross", "Saltmarsh", "Corvale", "Ashby Fen",
]  # fmt: skip
TOPICS = [
    "harbour expansion", "reservoir tests", "rail line", "hospital budget", "school merger",
    "bridge repairs", "wind farm", "housing plan", "ferry contract", "water charges",
    "bus network", "flood defences", "library closures", "port strike", "tram extension",
]  # fmt: skip
ROLES = ["mayor", "council leader", "union spokeswoman", "health minister", "chief engineer"]
ORGS = ["the city council", "the port authority", "the regional government", "the union"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
KINDS = ["Quay", "Bridge", "Line", "Park", "Dam", "Tower", "Yard", "Works", "Crossing"]
SYLLABLES = "ka lo mi ra ves tan dor bel qui sen tar lu fen gor pil zan mek dra vos hel".split()
FILLER = [
    "Officials in {place} met on {weekday} to discuss the {project} {topic}, according to people familiar with the talks.",
    "{org_title} said in a statement that it would publish its review of the {project} next month.",
    "Residents of {place} have waited {n} years for a decision on the {project} {topic}.",
    "A vote on the {project} {topic} is expected next {weekday}, two officials said.",
    "Critics say the {project} has already cost {n} million and is running late.",
    "The {project} plan was first announced in {place} in {year} and revised twice since then.",
    "Shop owners near the {project} site in {place} said they had not been consulted about the {topic}.",
    "The opposition has called for an inquiry into how the {project} {topic} was approved.",
    "Engineers visited the {project} site on {weekday} morning and left without comment.",
    "Local newspapers in {place} have covered the {project} dispute for {n} weeks.",
    "A public meeting on the {project} drew several hundred people in {place} on {weekday} evening.",
    "The regional budget sets aside {n} million for the {project} {topic}.",
]  # fmt: skip


SUBJECTS = ["We", "I", "Nobody", "The council", "Our members", "The minister", "Everyone", "They"]
ACTS = [
    "will finish", "cannot accept", "never promised", "want to see", "have funded",
    "will not delay", "must protect", "asked for", "always backed", "are ready for",
    "will review", "fought for",
]  # fmt: skip
LINKS = ["and", "but", "because", "so", "while", "unless"]


def _coined(rng: random.Random) -> str:
    """Return an invented word (a street, a committee, a scheme: names no one else uses)."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def _utterance(rng: random.Random, words: list[str]) -> str:
    """Return a fresh sentence about the story, half its content words the story's own.

    Outside a story, two quotes share little more than a subject and a verb, as two real
    quotes do; a corpus of a few fixed templates would make every quote a near-duplicate
    of every other and the linking cost grow with the square of the corpus.
    """

    def stretch() -> str:
        size = rng.randint(4, 7)
        return " ".join(
            rng.choice(words) if rng.random() < 0.5 else _coined(rng) for _ in range(size)
        )

    first = f"{rng.choice(SUBJECTS)} {rng.choice(ACTS)} the {stretch()}"
    subject = rng.choice(SUBJECTS)
    second = f"{subject if subject == 'I' else subject.lower()} {rng.choice(ACTS)} {stretch()}"
    return f"{first}, {rng.choice(LINKS)} {second}."


def _attributed(quote: str, speaker: str, rng: random.Random, role: str) -> str:
    """Return a paragraph printing the quote with its speaker, as outlets do."""
    body = quote.rstrip(".")
    form = rng.randrange(3)
    if form == 0:
        return f"\u201c{body},\u201d {speaker} said on {rng.choice(WEEKDAYS)}."
    if form == 1:
        return f"{speaker}, the {role}, told reporters: \u201c{body}.\u201d"
    return f"\u201c{body},\u201d said {speaker}, speaking in {rng.choice(PLACES)}."


def synthetic_pages(n: int, seed: int = 0, per_day: int = 60) -> list[dict[str, str]]:
    """Return n news pages as {"url", "html"} in stories of 3-12 articles, deterministic by seed."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, 6, tzinfo=UTC)
    pages: list[dict[str, str]] = []
    while len(pages) < n:
        day = len(pages) / per_day
        topic, place = rng.choice(TOPICS), rng.choice(PLACES)
        speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        role = rng.choice(ROLES)
        project = f"{_coined(rng).title()} {rng.choice(KINDS)}"
        words = [_coined(rng) for _ in range(10)]
        said = [_utterance(rng, words) for _ in range(3)]
        for k in range(min(rng.randint(3, 12), n - len(pages))):
            when = start + timedelta(days=day + rng.random() * 2, minutes=k)
            outlet = rng.choice(OUTLETS)
            values = {
                "place": place,
                "weekday": rng.choice(WEEKDAYS),
                "topic": topic,
                "project": project,
                "org_title": rng.choice(ORGS).capitalize(),
                "n": str(rng.randint(2, 40)),
                "year": str(rng.randint(2015, 2023)),
            }
            filler = [rng.choice(FILLER).format(**values) for _ in range(rng.randint(6, 9))]
            quotes = [
                _attributed(variant(rng.choice(said), rng), speaker, rng, role)
                for _ in range(rng.randint(2, 3))
            ]
            paragraphs = filler[:3] + quotes[:1] + filler[3:7] + quotes[1:] + filler[7:]
            paragraphs[0] = f"{place.upper()} \u2014 {paragraphs[0]}"
            title = f"{speaker} speaks out on {project} {topic} in {place}"
            pages.append(_page(len(pages), seed, outlet, title, when, paragraphs, rng))
    return pages


def _page(
    index: int,
    seed: int,
    outlet: str,
    title: str,
    when: datetime,
    paragraphs: list[str],
    rng: random.Random,
) -> dict[str, str]:
    """Return one synthetic page as a JSONL record."""
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    published = when.isoformat(timespec="seconds")
    slug = outlet.lower().replace(" ", "")
    url = f"https://www.{slug}.example/news/{when:%Y/%m/%d}/story-{seed}-{index}"
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} | {outlet}</title>"
        f'<meta property="og:site_name" content="{outlet}">'
        f'<meta name="author" content="{author}">'
        f'<meta property="article:published_time" content="{published}">'
        f'<link rel="canonical" href="{url}"></head>\n<body>'
        f'<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>\n'
        f'<article><h1>{title}</h1><p class="byline">By {author}</p>'
        f'<time datetime="{published}">{when:%d %B %Y}</time>\n{body}\n</article>'
        f"<footer><p>\u00a9 {when.year} {outlet}. All rights reserved.</p></footer>"
        "</body></html>\n"
    )
    return {"url": url, "html": html}


def write_corpus(pages: list[dict[str, str]], folder: Path) -> list[str]:
    """Write pages as JSONL files of 100 records and every tenth as an HTML file; return paths."""
    folder.mkdir(parents=True, exist_ok=True)
    records = [p for i, p in enumerate(pages) if i % 10 != 9]
    singles = [p for i, p in enumerate(pages) if i % 10 == 9]
    for k in range(0, len(records), 100):
        lines = (json.dumps(r, ensure_ascii=False) for r in records[k : k + 100])
        (folder / f"feed-{k // 100:04d}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    for k, page in enumerate(singles):
        (folder / f"page-{k:05d}.html").write_text(page["html"], "utf-8")
    return [str(folder)]


def _pipeline(paths: list[str], folder: Path) -> tuple[float, Path]:
    """Ingest with the single-process pipeline (one worker per core); return seconds and export."""
    from storyline.export import export_jsonl
    from storyline.pipeline import ingest
    from storyline.store import SqliteStore

    folder.mkdir(parents=True, exist_ok=True)
    with SqliteStore(str(folder / "storyline.db")) as store:
        began = time.perf_counter()
        report = ingest(paths, store)
        took = time.perf_counter() - began
        export_jsonl(store, folder / "export")
    print(
        f"  pipeline: {took:.1f}s ({report.inserted} new, {report.updated} updated,"
        f" {report.unchanged} unchanged, {len(report.rejects)} rejected)",
        flush=True,
    )
    return took, folder / "export"


def _spark(paths: list[str], folder: Path, master: str) -> tuple[float, Path]:
    """Run the Spark engine end to end; return seconds and the export of its linked store."""
    from storyline.engines.spark import run
    from storyline.engines.spark_link import MIN_QUOTES
    from storyline.export import export_jsonl
    from storyline.store import SqliteStore

    began = time.perf_counter()
    ran = run(paths, folder, master, conf={"spark.ui.showConsoleProgress": "false"})
    took = time.perf_counter() - began
    with SqliteStore(str(folder / "linked" / "storyline.db")) as store:
        export_jsonl(store, folder / "export")
    where = "on Spark" if ran.linked.get("quotes", 0) >= MIN_QUOTES else "on the driver"
    steps = ", ".join(f"{k} {v:.1f}s" for k, v in ran.seconds.items())
    print(
        f"  spark {master}: {took:.1f}s ({steps}; quote pairs {where});"
        f" {ran.report.inserted} new, {ran.report.updated} updated,"
        f" {ran.report.unchanged} unchanged, {len(ran.report.rejects)} rejected",
        flush=True,
    )
    return took, folder / "export"


def _same(first: Path, second: Path) -> bool:
    """Print whether two exports agree up to id renaming, and their first differences."""
    from storyline.engines.compare import canonical_export, compare_exports

    differences = compare_exports(first, second)
    sizes = {name: sum(rows.values()) for name, rows in canonical_export(first).items()}
    shown = ", ".join(f"{n} {name}" for name, n in sizes.items())
    print(f"  same export up to id renaming: {'yes' if not differences else 'NO'} ({shown})")
    for line in differences:
        print(f"    {line[:400]}")
    return not differences


def _words(export: Path) -> float:
    """Return the mean number of words of an exported article's text."""
    lines = (export / "articles.jsonl").read_text("utf-8").splitlines()
    words = [len(json.loads(line)["text"].split()) for line in lines]
    return sum(words) / max(len(words), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 8000])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-examples", action="store_true")
    parser.add_argument("--work", type=Path, help="keep the corpora and outputs here")
    args = parser.parse_args()
    began = time.perf_counter()
    work = args.work or Path(tempfile.mkdtemp(prefix="storyline-spark-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    print(f"bench/spark.py: master {args.master}, pipeline with {cores} worker processes")
    agree = True
    try:
        if not args.skip_examples:
            print("(a) examples/")
            _, local = _pipeline([str(ROOT / "examples")], work / "examples-pipeline")
            _, spark = _spark([str(ROOT / "examples")], work / "examples-spark", args.master)
            agree &= _same(local, spark)
        first, *rest = args.sizes
        print(f"(a, b) {first} synthetic articles (seed {args.seed})")
        corpus = write_corpus(synthetic_pages(first, args.seed), work / f"pages-{first}")
        local_s, local = _pipeline(corpus, work / f"pipeline-{first}")
        spark_s, spark = _spark(corpus, work / f"spark-{first}", args.master)
        agree &= _same(local, spark)
        words = _words(local)
        print(
            f"  throughput: pipeline {first / local_s:.2f} articles/s, spark {first / spark_s:.2f}"
            f" articles/s ({first / spark_s / cores:.2f} per core, about"
            f" {first * words / spark_s / cores:.0f} words/s per core at {words:.0f} words an"
            f" article); spark/pipeline time ratio {spark_s / local_s:.2f}"
        )
        times = {first: spark_s}
        for size in rest:
            print(f"(c) {size} synthetic articles (seed {args.seed})")
            corpus = write_corpus(synthetic_pages(size, args.seed), work / f"pages-{size}")
            times[size], _ = _spark(corpus, work / f"spark-{size}", args.master)
        if rest:
            for size in rest:
                print(
                    f"  spark time({size})/time({first}): {times[size] / times[first]:.2f}"
                    f" for {size / first:.1f}x the articles"
                    f" ({size / times[size]:.2f} articles/s at {size})"
                )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"bench/spark.py took {time.perf_counter() - began:.0f}s; exports agree: {agree}")
    return 0 if agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
