"""Time expressions and per-entity timelines on SemEval-2015 Task 4: prints figures per corpus.

usage: python bench/timex.py [--quick]

Reads ../shared/data/timelines/semeval2015-task4-timeline (relative to the repo root) at run
time. For each TimeML folder: the text with tags stripped, the DCT as anchor, and the gold
TIMEX3 spans and values inside the text (the DCT itself skipped); reports recall of gold
expressions, value accuracy on matched ones, value P/R/F1 and articles/s. Then, from the gold
timelines, how many gold events our events place on the gold date (matched by sentence), and
how many of our events come from time expressions or from the publication day (undated
lede and narrative sentences, ``timeline.focus``). Without --quick, ends with the value check
on the example corpus' expected dates (``bench/timeline_examples.py``).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from storyline.model import Article, Event, TimeExpr
from storyline.timeline import find_events, find_times

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DATA = SHARED / "data" / "timelines" / "semeval2015-task4-timeline"
# corpus name -> (TimeML folder with the raw docs, gold timeline folder)
CORPORA = {
    "trial": ("Corpus-trial-data_task4_TimeML", "TimeLines_trial_data_task4_v1.2"),
    **{
        f"corpus_{n}": (
            f"SemEval_Task4_data/corpus_{n}/corpus_trackA_TimeML",
            f"SemEval_Task4_data/corpus_{n}/TimeLines_Gold_Standard",
        )
        for n in (1, 2, 3)
    },
}


@dataclass
class Gold:
    start: int
    end: int
    value: str


@dataclass
class Doc:
    id: str
    dct: str
    text: str
    sentences: dict[int, tuple[int, int]] = field(default_factory=dict)
    gold: list[Gold] = field(default_factory=list)


def _flatten(node: ET.Element, parts: list[str], gold: list[Gold], offset: int) -> int:
    """Append the node's text to ``parts``, recording TIMEX3 spans; return the new offset."""
    if node.text:
        parts.append(node.text)
        offset += len(node.text)
    for child in node:
        start = offset
        offset = _flatten(child, parts, gold, offset)
        if child.tag == "TIMEX3" and child.get("value"):
            gold.append(Gold(start, offset, child.get("value", "")))
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    return offset


def read_doc(path: Path) -> Doc:
    """Return a TimeML document: text (one sentence a line), DCT and in-text gold TIMEX3."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    doc = Doc(
        root.findtext("DOCID", path.stem), dct.get("value", "") if dct is not None else "", ""
    )
    parts: list[str] = []
    offset = 0
    for sentence in root.iter("s"):
        start = offset
        offset = _flatten(sentence, parts, doc.gold, offset)
        doc.sentences[int(sentence.get("id", "-1"))] = (start, offset)
        parts.append("\n")
        offset += 1
    doc.text = "".join(parts)
    return doc


def normal(value: str | None) -> str:
    """Return a value with trivially equivalent forms made equal ("2008-XX-XX" = "2008")."""
    value = (value or "").strip().upper()
    value = re.sub(r"T00:00(:00)?$", "", value)
    while value.endswith("-XX"):
        value = value[:-3]
    return value


def score_values(docs: list[Doc], found: dict[str, list[TimeExpr]]) -> dict[str, float]:
    """Return recall of gold expressions, value accuracy on matched, and value P/R/F1."""
    gold_n = found_gold = right_gold = 0
    predicted = correct_pred = 0
    for doc in docs:
        times = [t for t in found[doc.id] if t.value]
        gold_n += len(doc.gold)
        for g in doc.gold:
            hits = [t for t in times if t.start < g.end and g.start < t.end]
            found_gold += bool(hits)
            right_gold += any(normal(t.value) == normal(g.value) for t in hits)
        for t in times:
            over = [g for g in doc.gold if t.start < g.end and g.start < t.end]
            predicted += 1
            correct_pred += any(normal(t.value) == normal(g.value) for g in over)
    precision = correct_pred / predicted if predicted else 0.0
    recall = right_gold / gold_n if gold_n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": gold_n,
        "found": found_gold / gold_n if gold_n else 0.0,
        "accuracy": right_gold / found_gold if found_gold else 0.0,
        "P": precision,
        "R": recall,
        "F1": f1,
    }


def date_line_check(docs: list[Doc], found: dict[str, list[TimeExpr]]) -> tuple[int, int]:
    """Return (right, total) for the date line under each title, whose value is the DCT."""
    right = total = 0
    for doc in docs:
        span = doc.sentences.get(1)
        if span is None:
            continue
        total += 1
        right += any(
            t.start < span[1] and span[0] < t.end and normal(t.value) == normal(doc.dct)
            for t in found[doc.id]
        )
    return right, total


def read_timelines(folder: Path) -> list[tuple[str, str, int, str]]:
    """Return (gold date, doc id, sentence id, token) for every event in the gold timelines."""
    entries = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            cells = line.split("\t")
            for mention in cells[2:]:
                doc_id, sent, token = mention.split("-", 2)
                entries.append((cells[1], doc_id, int(sent), token))
    return entries


def _event_for(doc: Doc, events: list[Event], sent: int, token: str) -> Event | None:
    """Return our event covering the token in that sentence, else the nearest in it."""
    span = doc.sentences.get(sent)
    if span is None:
        return None
    where = re.search(rf"(?<!\S){re.escape(token)}(?!\S)", doc.text[span[0] : span[1]])
    at = span[0] + (where.start() if where else 0)
    inside = [e for e in events if e.start < span[1] and span[0] < e.end]
    if not inside:
        return None
    return min(
        inside,
        key=lambda e: 0 if e.start <= at < e.end else min(abs(e.start - at), abs(e.end - at)),
    )


def score_timelines(
    docs: dict[str, Doc], events: dict[str, list[Event]], gold: list[tuple[str, str, int, str]]
) -> dict[str, int]:
    """Return counts: dated gold events placed right, wrong, missed; undated ones we dated."""
    keys = ("dated", "right", "wrong", "missed", "missed_dct", "undated", "we_dated")
    counts = dict.fromkeys(keys, 0)
    for date, doc_id, sent, token in gold:
        doc = docs.get(doc_id)
        if doc is None:  # a few gold entries name documents the corpus does not hold
            continue
        event = _event_for(doc, events[doc_id], sent, token)
        if normal(date) in ("", "XXXX"):
            counts["undated"] += 1
            counts["we_dated"] += event is not None
            continue
        counts["dated"] += 1
        if event is None:
            counts["missed"] += 1
            # what a "no time in the sentence -> publication date" rule would get
            counts["missed_dct"] += normal(doc.dct) == normal(date)
        elif normal(event.date) == normal(date):
            counts["right"] += 1
        else:
            counts["wrong"] += 1
    return counts


def run_corpus(name: str) -> None:
    """Print the expression and timeline figures of one corpus."""
    docs_dir, gold_dir = (DATA / part for part in CORPORA[name])
    docs = [read_doc(p) for p in sorted(docs_dir.glob("*.tml"))]
    clock = time.perf_counter()
    found = {d.id: find_times(d.text, d.dct) for d in docs}
    rate = len(docs) / max(time.perf_counter() - clock, 1e-9)
    values = score_values(docs, found)
    right, total = date_line_check(docs, found)
    print(
        f"{name}: {len(docs)} docs, {sum(len(f) for f in found.values())} expressions found, {rate:.0f} articles/s"
    )
    if values["gold"]:
        print(
            "  gold TIMEX3 {gold}: found {found:.3f}  value accuracy {accuracy:.3f}  "
            "value P {P:.3f} R {R:.3f} F1 {F1:.3f}".format(**values)
        )
    else:
        print(
            "  gold TIMEX3 in text: 0 (only the DCT is annotated) -> value P/R/F1 not measurable here"
        )
    print(f"  date line under the title resolved to the DCT: {right}/{total}")
    articles = {
        d.id: Article(d.id, d.id, None, None, None, (), d.dct, None, None, d.text) for d in docs
    }
    events = {d.id: find_events(articles[d.id], found[d.id]) for d in docs}
    stated = sum(len(find_events(articles[d.id], found[d.id], publication_day=False)) for d in docs)
    total = sum(len(e) for e in events.values())
    print(
        f"  events: {total} ({total / len(docs):.1f}/doc): {stated} from time expressions, "
        f"{total - stated} undated sentences placed on the publication day"
    )
    counts = score_timelines({d.id: d for d in docs}, events, read_timelines(gold_dir))
    dated = max(counts["dated"], 1)
    print(
        f"  timelines: {counts['dated']} dated gold events: right date {counts['right']} "
        f"({counts['right'] / dated:.3f}), wrong {counts['wrong']}, no event of ours {counts['missed']}; "
        f"{counts['undated']} undated gold events, {counts['we_dated']} given a date by us"
    )
    placed = max(counts["right"] + counts["wrong"], 1)
    print(
        f"  timelines: right among events we dated {counts['right'] / placed:.3f}; "
        f"of the {counts['missed']} without an event, {counts['missed_dct']} have the DCT as gold date"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark over every corpus (only the trial corpus with --quick)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="trial corpus only")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} not found")
        return 0
    for name in ["trial"] if args.quick else list(CORPORA):
        run_corpus(name)
    if not args.quick:
        # SemEval's TimeML has no in-text TIMEX3: the example corpus' dates are the gold values
        from timeline_examples import analyse_examples, load_expected, score_values

        print("examples/expected.json as gold time values:")
        score_values(analyse_examples(), load_expected())
    return 0


if __name__ == "__main__":
    sys.exit(main())
