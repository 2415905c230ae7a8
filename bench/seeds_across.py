"""The seed pages end to end, across outlets: quotes, speakers, clusters and stories.

usage: python bench/seeds_across.py [SEED_DIR]

Ingests ../shared/seeds/*.txt (read at run time, never copied into the project) into a
fresh SQLite store with the real pipeline (extraction, NLP, quotes, linking, stories), then
prints every quote with its speaker, day said and venue, every quote cluster with more than
one report, and the stories; last, one PASS/FAIL line per expectation of issues 3 and 4:

- the quotes of Blinken, Biden, Moon Jae-in, Jeong Se-hyun, Ned Price and Cheong
  Seong-chang are found with their speaker, and the ABC interview's quotes with its day;
- KBS World's and the Korea Herald's versions of Blinken's "ball ... in their court" and
  "grand bargain" quotes are one cluster each, KBS World first, and the former unification
  minister's answer (a "ball ... court" of his own) stays apart;
- the two May 24 reports of the ABC interview share a story; the February page is another.

Exits 1 when an expectation fails.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from storyline.model import Article, Quote, QuoteCluster, Story
from storyline.pipeline import ingest
from storyline.settings import load_settings
from storyline.store import open_store

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


class Seeds:
    """What the pipeline stored of the seeds, with lookups for the expectations."""

    def __init__(self, folder: Path) -> None:
        work = Path(tempfile.mkdtemp(prefix="storyline-seeds-"))
        store = open_store(str(work / "seeds.db"))
        try:
            ingest([str(folder)], store, load_settings(workers=1))
            self.articles: dict[str, Article] = {a.id: a for a in store.articles()}
            self.quotes: list[Quote] = list(store.quotes())
            self.clusters: list[QuoteCluster] = list(store.clusters())
            self.stories: list[Story] = list(store.stories())
        finally:
            store.close()
        self.by_quote = {q: c for c in self.clusters for q in c.quote_ids}

    def outlet(self, quote: Quote) -> str:
        return self.articles[quote.article_id].outlet or "?"

    def find(self, *words: str, outlet: str | None = None, speaker: str | None = None
             ) -> list[Quote]:  # fmt: skip
        """Return the quotes holding every word (any case), of an outlet and a speaker."""
        return [
            q for q in self.quotes
            if all(w.lower() in q.text.lower() for w in words)
            and (outlet is None or outlet.lower() in self.outlet(q).lower())
            and (speaker is None or speaker in (q.speaker or ""))
        ]  # fmt: skip

    def article(self, *words: str, outlet: str = "") -> Article | None:
        """Return the article of an outlet whose text or title holds every word."""
        for article in self.articles.values():
            text = f"{article.title} {article.text}"
            if all(w in text for w in words) and outlet.lower() in (article.outlet or "").lower():
                return article
        return None

    def story_of(self, article: Article | None) -> str | None:
        if article is None:
            return None
        return next((s.id for s in self.stories if article.id in s.article_ids), None)


def one_cluster(seeds: Seeds, words: tuple[str, ...], first: str) -> bool:
    """Whether Blinken's quotes holding ``words`` in KBS and the Herald share one cluster,
    first reported by ``first``, with no quote of another speaker in it."""
    kbs = seeds.find(*words, outlet="KBS", speaker="Blinken")
    herald = seeds.find(*words, outlet="Herald", speaker="Blinken")
    if not kbs or not herald:
        return False
    clusters = {seeds.by_quote.get(q.id) for q in kbs + herald}
    cluster = clusters.pop() if len(clusters) == 1 else None
    if cluster is None:
        return False
    members = [q for q in seeds.quotes if q.id in cluster.quote_ids]
    return first.lower() in (cluster.first_outlet or "").lower() and all(
        "Blinken" in (q.speaker or "") for q in members
    )


def said(seeds: Seeds, speaker: str, *words: str, day: str | None = None) -> bool:
    """Whether a quote holding ``words`` is attributed to ``speaker`` (said on ``day``)."""
    found = seeds.find(*words, speaker=speaker)
    return bool(found) and (day is None or any(q.said_on == day for q in found))


EXPECTATIONS: list[tuple[str, Callable[[Seeds], bool]]] = [
    ("Blinken: 'growing problems' (partial quote, Feb page)",
     lambda s: said(s, "Blinken", "growing problems")),
    ("Blinken: 'a bad problem' said by 'the top US diplomat'",
     lambda s: said(s, "Blinken", "bad problem")),
    ("Blinken: 'review the policy' (NBC interview) dated 2021-02-01",
     lambda s: said(s, "Blinken", "review the policy", day="2021-02-01")),
    ("Blinken: 'grand bargain' sound bite dated 2021-05-23 (ABC)",
     lambda s: said(s, "Blinken", "grand bargain", day="2021-05-23")),
    ("Blinken: 'ball ... in their court' (Herald) dated 2021-05-23 (ABC on Sunday)",
     lambda s: any(q.said_on == "2021-05-23"
                   for q in s.find("ball", "court", outlet="Herald", speaker="Blinken"))),
    ("Biden: sound bite of the joint news conference",
     lambda s: bool([q for q in s.quotes if "Biden" in (q.speaker or "")
                     and q.said_on == "2021-05-21"])),
    ("Moon Jae-in: sound bite of the joint news conference",
     lambda s: bool([q for q in s.quotes if "Moon" in (q.speaker or "")
                     and q.said_on == "2021-05-21"])),
    ("Jeong Se-hyun: the former minister's answer",
     lambda s: said(s, "Jeong", "wait and watch")),
    ("Ned Price: the State Department spokesman's statement",
     lambda s: bool([q for q in s.quotes if "Price" in (q.speaker or "")])),
    ("Cheong Seong-chang: 'Singapore accord'",
     lambda s: said(s, "Cheong", "Singapore")),
    ("one cluster: 'ball ... in their court', KBS World first",
     lambda s: one_cluster(s, ("ball", "their court"), "KBS")),
    ("one cluster: 'grand bargain', KBS World first",
     lambda s: one_cluster(s, ("grand bargain", "fell swoop"), "KBS")),
    ("Jeong's 'ball ... court' stays out of Blinken's cluster",
     lambda s: all(s.by_quote.get(q.id) not in
                   {s.by_quote.get(b.id) for b in s.find("ball", "court", speaker="Blinken")}
                   for q in s.find("ball", "court", speaker="Jeong"))),
    ("one story: the two May 24 reports of the ABC interview",
     lambda s: s.story_of(s.article("fell swoop", outlet="KBS")) is not None
     and s.story_of(s.article("fell swoop", outlet="KBS"))
     == s.story_of(s.article("fell swoop", outlet="Herald"))),
    ("another story: the February page",
     lambda s: s.story_of(s.article("growing problems")) not in
     (None, s.story_of(s.article("fell swoop", outlet="KBS")))),
]  # fmt: skip


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else SEEDS
    if not folder.is_dir():
        print(f"no seed folder at {folder}")
        return 1
    seeds = Seeds(folder)
    for article in sorted(seeds.articles.values(), key=lambda a: a.published or ""):
        print(f"== {article.outlet} | {article.published} | {article.title}")
        for q in sorted((q for q in seeds.quotes if q.article_id == article.id),
                        key=lambda q: q.start):  # fmt: skip
            cluster = seeds.by_quote.get(q.id)
            print(f"   [{q.kind:8}] {q.speaker or '?':24} said_on={q.said_on or '-':10}"
                  f" venue={q.venue or '-':14} cluster={cluster.id[:8] if cluster else '-'}"
                  f"  {q.text[:70]}")  # fmt: skip
    print("== clusters of two or more reports")
    for cluster in seeds.clusters:
        if len(cluster.quote_ids) > 1:
            print(f"   {cluster.id[:8]} {cluster.speaker}: first {cluster.first_outlet}"
                  f" {cluster.first_published}; {len(cluster.quote_ids)} reports,"
                  f" altered {len(cluster.altered_quote_ids)}: {cluster.text[:60]}")  # fmt: skip
    print("== stories")
    for story in seeds.stories:
        print(f"   {story.id[:8]} {len(story.article_ids)} articles: {story.title}")
    failed = 0
    for name, holds in EXPECTATIONS:
        ok = holds(seeds)
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    print(f"{len(EXPECTATIONS) - failed}/{len(EXPECTATIONS)} expectations hold")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
