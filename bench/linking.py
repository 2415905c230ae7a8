"""Print pairwise precision and recall of quote linking on two sets (see bench/README.md).

    .venv/bin/python bench/linking.py [--seed 0] [--reports 6] [--split dev]

(a) synthetic: outlet versions of sentences written for this project (bench/synth.py), with
hard negatives (same speaker and a shared phrase; the same words from another speaker);
(b) PolNeAR: quotation-marked passages of the articles, gold pairs defined in README.
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storyline.model import Article, Quote  # noqa: E402
from storyline.quotes.fidelity import normal_words  # noqa: E402
from storyline.quotes.link import link_quotes  # noqa: E402
from synth import BORROWED, SPEAKERS, UTTERANCES, variant  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
POLNEAR = SHARED / "data" / "quotes" / "polnear"
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d]{8,}?)[\"\u201d]")
Pair = tuple[str, str]


def pairs_of(groups: Iterable[Iterable[str]], article_of: Mapping[str, str]) -> set[Pair]:
    """Return the unordered quote pairs inside each group that come from different articles."""
    pairs: set[Pair] = set()
    for group in groups:
        for a, b in combinations(sorted(group), 2):
            if article_of[a] != article_of[b]:
                pairs.add((a, b))
    return pairs


def score(quotes: list[Quote], gold: set[Pair]) -> tuple[float, float, int, int]:
    """Return pairwise precision, recall, predicted pairs and gold pairs of link_quotes."""
    article_of = {q.id: q.article_id for q in quotes}
    articles = {
        q.article_id: Article(q.article_id, "", None, None, None, (), None, None, None, "")
        for q in quotes
    }
    predicted = pairs_of((c.quote_ids for c in link_quotes(quotes, articles)), article_of)
    hits = len(predicted & gold)
    return (
        hits / len(predicted) if predicted else 1.0,
        hits / len(gold) if gold else 1.0,
        len(predicted),
        len(gold),
    )


def _speaker_variant(name: str, rng: random.Random, named: bool) -> str | None:
    """Return how an outlet names the speaker: in full, by surname, generically or not at all.

    Words said by two people are always attributed by name: an unnamed report of them could
    be either person's, and no linker can be scored on a guess.
    """
    roll = rng.random() * (0.8 if named else 1.0)
    if roll < 0.6:
        return name
    if roll < 0.8:
        return name.split()[-1]
    return None if roll < 0.9 else "a spokesman"


def synthetic(seed: int, reports: int) -> tuple[list[Quote], set[Pair]]:
    """Return outlet versions of every written utterance and the gold same-utterance pairs."""
    rng = random.Random(seed)
    said = [(SPEAKERS[s], text) for s, text in UTTERANCES]
    said += [(SPEAKERS[s], UTTERANCES[i][1]) for s, i in BORROWED]
    quotes, groups = [], []
    borrowed = {i for _, i in BORROWED} | set(range(len(UTTERANCES), len(said)))
    for u, (speaker, text) in enumerate(said):
        group = []
        for r in range(reports):
            words = text if r == 0 else variant(text, rng)  # someone ran it in full
            qid = f"u{u:02d}-r{r}"
            quotes.append(
                Quote(
                    qid,
                    f"art-{u}-{r}",
                    words,
                    "direct",
                    0,
                    len(words),
                    speaker=_speaker_variant(speaker, rng, u in borrowed),
                )
            )
            if len(normal_words(words)) >= 4:
                group.append(qid)
        groups.append(group)
    return quotes, pairs_of(groups, {q.id: q.article_id for q in quotes})


def _first_annotation(stem: str, attributions: Path) -> Path | None:
    files = sorted(glob.glob(str(attributions / f"{stem}_*.ann")))
    return Path(files[0]) if files else None


def _sources(ann: Path | None) -> list[tuple[int, int, str]]:
    """Return (content start, content end, source text) for each attribution with a source."""
    if ann is None:
        return []
    spans: dict[str, tuple[int, int, str]] = {}
    relations = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if re.match(r"T\d+\t", line):
            tid, info, *text = line.split("\t")
            offsets = [int(x) for x in re.findall(r"\d+", info.split(" ", 1)[1])]
            spans[tid] = (min(offsets), max(offsets), text[0] if text else "")
        elif re.match(r"E\d+\t", line):
            relations.append(dict(p.split(":") for p in line.split("\t")[1].split() if ":" in p))
    return [
        (spans[r["Content"]][0], spans[r["Content"]][1], spans[r["Source"]][2])
        for r in relations
        if r.get("Content") in spans and r.get("Source") in spans
    ]


def polnear(split: str) -> tuple[list[Quote], set[Pair]]:
    """Return the quotation-marked passages of a PolNeAR split and the gold cross-article pairs."""
    quotes = []
    for path in sorted((POLNEAR / split / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sources = _sources(_first_annotation(path.stem, POLNEAR / split / "attributions"))
        for k, match in enumerate(_QUOTED.finditer(text)):
            speaker = next(
                (s for a, b, s in sources if a <= match.start() and match.end() <= b + 1), None
            )
            quotes.append(
                Quote(
                    f"{path.stem}#{k}",
                    path.stem,
                    match.group(1),
                    "direct",
                    match.start(),
                    match.end(),
                    speaker=speaker,
                )
            )
    quotes = [q for q in quotes if len(normal_words(q.text)) >= 6]
    return quotes, _gold_pairs(quotes)


def _longest_run(a: list[str], b: list[str]) -> int:
    """Return the length of the longest contiguous word run two word lists share."""
    best, previous = 0, [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _gold_pairs(quotes: list[Quote]) -> set[Pair]:
    """Return cross-article pairs sharing a verbatim run of >= 6 words, half the shorter."""
    words = {q.id: normal_words(q.text) for q in quotes}
    holders = defaultdict(set)
    for q in quotes:
        w = words[q.id]
        for i in range(len(w) - 3):
            holders[tuple(w[i : i + 4])].add(q.id)
    by_id = {q.id: q for q in quotes}
    gold = set()
    for ids in holders.values():
        for a, b in combinations(sorted(ids), 2):
            if by_id[a].article_id == by_id[b].article_id:
                continue
            run, shorter = _longest_run(words[a], words[b]), min(len(words[a]), len(words[b]))
            if run >= 6 and run >= 0.5 * shorter:
                gold.add((a, b))
    return gold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    rows = [("synthetic", *synthetic(args.seed, args.reports))]
    if (POLNEAR / args.split).exists():
        rows.append((f"PolNeAR {args.split}", *polnear(args.split)))
    else:
        print(f"{POLNEAR / args.split}: not found, PolNeAR part skipped", file=sys.stderr)
    for name, quotes, gold in rows:
        p, r, npred, ngold = score(quotes, gold)
        print(
            f"{name:14s} quotes {len(quotes):5d}  gold pairs {ngold:5d}  predicted {npred:5d}  precision {p:.3f}  recall {r:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
