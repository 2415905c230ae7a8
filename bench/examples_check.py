"""Check the whole pipeline on the bundled example corpus against examples/expected.json.

usage: python bench/examples_check.py [--db FILE]

Ingests examples/ into a fresh store (or reuses --db), then prints, against the facts
written down with the corpus: metadata accuracy per field (title, outlet, authors, published,
dateline), quote groups found in one cluster with the right first outlet, pairs that must stay
apart, the story partition (BCubed F1), and dated events found with the right date. Exits 1
when any figure is below the floors in FLOORS, so CI can run it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from storyline.model import Article, Quote
from storyline.pipeline import ingest
from storyline.settings import load_settings
from storyline.store import open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIELDS = ("title", "outlet", "authors", "published", "dateline")
FLOORS = {"metadata": 0.95, "quote_groups": 0.5, "apart": 1.0, "stories_f1": 0.6, "events": 0.5}


def norm(text: str | None) -> str:
    """Return text folded for comparison: NFKC, straight marks, one space, case-folded."""
    text = unicodedata.normalize("NFKC", text or "")
    for curly, straight in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, straight)
    return " ".join(text.split()).casefold()


def distinct_articles(expected: dict) -> list[dict]:
    """Return the expected articles less byte-identical copies and superseded versions."""
    copies = {pair[1] for pair in expected["duplicates"]}
    superseded = {(u["url"], u["first"]) for u in expected["updates"]}
    copy_of = {pair[0]: pair[1:] for pair in expected["duplicates"]}
    return [
        {**e, "copies": copy_of.get(e["file"], ())}
        for e in expected["articles"]
        if e["file"] not in copies and (e.get("url"), e["file"]) not in superseded
    ]


def article_for(
    entry: dict, by_source: dict[str, Article], by_url: dict[str, Article]
) -> Article | None:
    """Return the stored article an expected.json entry names, by URL or by file."""
    if entry.get("url") and entry["url"] in by_url:
        return by_url[entry["url"]]
    for file in (entry["file"], *entry.get("copies", ())):
        if (article := by_source.get(str(EXAMPLES / file))) is not None:
            return article
    return None


def check_metadata(expected: dict, found: dict[str, Article | None]) -> float:
    right = total = 0
    for entry in distinct_articles(expected):
        article = found[entry["key"]]
        for field in FIELDS:
            total += 1
            want, got = entry.get(field), getattr(article, field, None) if article else None
            if field == "authors":
                ok = sorted(want or []) == sorted(got or [])
            elif field == "dateline":
                ok = norm(want) == norm(got)
            else:
                ok = (
                    (want or None) == (got or None)
                    if field == "published"
                    else norm(want) == norm(got)
                )
            right += ok
            if not ok:
                print(f"  metadata {entry['key']}.{field}: want {want!r} got {got!r}")
    return right / max(total, 1)


def cluster_of(quotes: list[Quote], article: Article | None, fragments: list[str]) -> set[str]:
    """Return the cluster ids of the article's quotes that contain any of the fragments."""
    if article is None:
        return set()
    return {
        q.cluster_id or q.id
        for q in quotes
        if q.article_id == article.id and any(norm(f) in norm(q.text) for f in fragments)
    }


def check_quote_groups(
    expected: dict,
    found: dict[str, Article | None],
    quotes: list[Quote],
    articles: dict[str, Article],
) -> tuple[float, float]:
    ok_groups = 0
    group_clusters: dict[str, set[str]] = {}
    for group in expected["quote_groups"]:
        direct = [a for a in group["articles"] if a.get("kind") in ("direct", "partial")]
        ids = [cluster_of(quotes, found.get(a["key"]), group["fragments"]) for a in direct]
        common = set.intersection(*ids) if ids and all(ids) else set()
        group_clusters[group["id"]] = set().union(*ids) if ids else set()
        firsts = (
            {
                articles[q.article_id].outlet
                for q in quotes
                if q.cluster_id in common and q.article_id in articles
            }
            if common
            else set()
        )
        good = bool(common) and (len(direct) < 2 or group["first_outlet"] in firsts)
        ok_groups += good
        if not good:
            print(f"  quote group {group['id']}: {len(direct)} reports, clusters {ids}")
    apart_ok = apart_total = 0
    for names in expected["must_not_cluster"]:
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                apart_total += 1
                shared = group_clusters.get(a, set()) & group_clusters.get(b, set())
                apart_ok += not shared
                if shared:
                    print(f"  must stay apart: {a} and {b} share {shared}")
    return ok_groups / max(len(expected["quote_groups"]), 1), apart_ok / max(apart_total, 1)


def bcubed(gold: dict[str, int], pred: dict[str, str]) -> tuple[float, float, float]:
    """Return BCubed precision, recall and F1 of a predicted partition against gold."""
    items = [i for i in gold if i in pred]
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for item in items:
        by_gold[gold[item]].add(item)
        by_pred[pred[item]].add(item)
    p = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_pred[pred[i]]) for i in items)
    r = sum(len(by_gold[gold[i]] & by_pred[pred[i]]) / len(by_gold[gold[i]]) for i in items)
    p, r = p / max(len(items), 1), r / max(len(items), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def check_events(expected: dict, found: dict[str, Article | None], events_by_article) -> float:
    right = 0
    for event in expected["events"]:
        article = found.get(event["key"])
        texts = events_by_article.get(article.id, []) if article else []
        hit = any(
            norm(event["fragment"]) in norm(text) or norm(text) in norm(event["fragment"])
            for date, text in texts
            if date == event["date"]
        )
        right += hit
        if not hit:
            near = [d for d, t in texts if norm(event["fragment"])[:25] in norm(t)]
            print(f"  event {event['date']} {event['fragment'][:50]!r}: dates near it {near}")
    return right / max(len(expected["events"]), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="reuse this store instead of ingesting afresh")
    args = parser.parse_args()
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    db = args.db or str(Path(tempfile.mkdtemp()) / "examples.db")
    store = open_store(db)
    if not args.db:
        started = time.perf_counter()
        report = ingest([str(EXAMPLES)], store, load_settings(workers=1))
        print(
            f"ingested {report.seen} pages in {time.perf_counter() - started:.1f}s: "
            f"{report.inserted} new, {report.unchanged} unchanged, {len(report.rejects)} rejected"
        )
    articles = {a.id: a for a in store.articles()}
    by_source = {a.source: a for a in articles.values()}
    by_url = {a.url: a for a in articles.values() if a.url}
    found = {e["key"]: article_for(e, by_source, by_url) for e in distinct_articles(expected)}
    quotes = list(store.quotes())
    events_by_article: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for event in store.events():
        for source in event.sources or (event.article_id,):
            events_by_article[source].append((event.date, event.text))
    figures = {"metadata": check_metadata(expected, found)}
    # a superseded version of a page (same URL) is stored as its later version: quote
    # groups that name the first version are looked up in the article stored for the URL
    versions = {e["key"]: article_for(e, by_source, by_url) for e in expected["articles"]}
    figures["quote_groups"], figures["apart"] = check_quote_groups(
        expected, {**versions, **found}, quotes, articles
    )
    gold = {found[e["key"]].id: e["story"] for e in distinct_articles(expected) if found[e["key"]]}
    pred = {a.id: a.story_id or a.id for a in articles.values()}
    p, r, f = bcubed(gold, pred)
    figures["stories_f1"] = f
    figures["events"] = check_events(expected, found, events_by_article)
    store.close()
    print(f"articles found {sum(1 for a in found.values() if a)}/{len(found)}")
    print(f"metadata accuracy {figures['metadata']:.3f} ({', '.join(FIELDS)})")
    print(f"quote groups in one cluster with the right first outlet {figures['quote_groups']:.3f}")
    print(f"must-stay-apart pairs kept apart {figures['apart']:.3f}")
    print(f"stories BCubed P={p:.3f} R={r:.3f} F1={f:.3f}")
    print(f"events with the right date {figures['events']:.3f}")
    low = [k for k, floor in FLOORS.items() if figures[k] < floor]
    if low:
        print("below floor: " + ", ".join(f"{k} {figures[k]:.3f} < {FLOORS[k]}" for k in low))
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
