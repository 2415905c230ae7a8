"""Dates of the example corpus: expected events found, time values right, and throughput.

usage: python bench/timeline_examples.py [--throughput N] [--pipeline M]

Runs the real pipeline (``iter_pages(["examples/"])`` then ``process_page`` with the text
dumps' template lines) and scores it against ``examples/expected.json``:

* events: an expected event is found when one of our events overlaps its fragment and has
  its date (a range as ``date/end_date``);
* time values: a small gold set for ``find_times`` (SemEval-2015 Task 4 has no in-text
  TIMEX3): the expression overlapping each fragment and whether its value is the date.

"next week" is expected as the range Monday-Sunday with precision "week". We keep the
contract's precisions (day|month|year): a week is an event on its Monday with an end date on
its Sunday at day precision, and a ``TimeExpr`` of value ``2025-W14``, precision "week".
Both count as the range ``2025-03-31/2025-04-06`` here.

``--throughput N`` times ``find_times`` + ``find_events`` over the corpus repeated to N
articles, and ``storyline.pipeline.analyse`` over M articles, and prints both per article.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from storyline.ingest import iter_pages
from storyline.model import Analysis, Event, TimeExpr
from storyline.pipeline import _templates, analyse, process_page
from storyline.timeline import find_events, find_times, zone_for_dateline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
_SAME_WIDTH = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


@dataclass(frozen=True)
class Expected:
    """One dated fragment of expected.json, and where it is in our article text."""

    date: str
    precision: str
    fragment: str
    file: str
    url: str | None


def load_expected() -> list[Expected]:
    """Return the expected events of the example corpus, the planned summit's range included."""
    data = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    return [
        Expected(e["date"], e["precision"], e["fragment"], e["file"], e.get("url"))
        for e in data["events"]
    ]


def analyse_examples() -> dict[tuple[str, str | None], Analysis]:
    """Return the analysis of every example page by (source, url), as ingest would make it."""
    pages = list(iter_pages([str(EXAMPLES)]))
    templates = _templates(pages)
    results: dict[tuple[str, str | None], Analysis] = {}
    for page in pages:
        result = process_page(page, templates)
        if isinstance(result, Analysis):
            results[(page.source, page.url)] = result
        else:
            print(f"rejected {page.source}: {result.reason}")
    return results


def find_analysis(
    analyses: dict[tuple[str, str | None], Analysis], expected: Expected
) -> Analysis | None:
    """Return the analysis of the page an expected event names (file, and url in archives)."""
    for (source, url), analysis in analyses.items():
        rel = Path(source.split("#")[0]).resolve().relative_to(EXAMPLES.resolve()).as_posix()
        archive = "#" in source  # pages inside feed.jsonl / crawl.warc.gz: told apart by url
        if rel == expected.file and (not archive or url == expected.url):
            return analysis
    return None


def fragment_span(text: str, fragment: str) -> tuple[int, int] | None:
    """Return where a fragment is in a text, curly and straight quotes taken as one."""
    at = text.translate(_SAME_WIDTH).find(fragment.translate(_SAME_WIDTH))
    return None if at < 0 else (at, at + len(fragment))


def event_value(event: Event) -> str:
    """Return an event's date as expected.json writes it: a range as first/last."""
    return f"{event.date}/{event.end_date}" if event.end_date else event.date


def time_value(expr: TimeExpr) -> str | None:
    """Return a time value as expected.json writes it: weeks as Monday/Sunday, times as days."""
    if expr.precision == "week" and expr.value:
        monday = date.fromisocalendar(int(expr.value[:4]), int(expr.value[6:8]), 1)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
    if expr.precision == "time" and expr.value:
        return expr.value[:10]
    return expr.value


Matched = tuple[Expected, list[Event] | None, list[TimeExpr]]


def match(analyses: dict[tuple[str, str | None], Analysis], gold: list[Expected]) -> list[Matched]:
    """Return each expected event with our events and time expressions over its fragment.

    The events are None when the article or the fragment in it was not found.
    """
    matched: list[Matched] = []
    for want in gold:
        analysis = find_analysis(analyses, want)
        span = fragment_span(analysis.article.text, want.fragment) if analysis else None
        if analysis is None or span is None:
            matched.append((want, None, []))
            continue
        over = [e for e in analysis.events if e.start < span[1] and span[0] < e.end]
        times = [t for t in analysis.times if t.start < span[1] and span[0] < t.end]
        matched.append((want, over, times))
    return matched


def score_events(analyses: dict[tuple[str, str | None], Analysis], gold: list[Expected]) -> None:
    """Print each expected event with what we found, then how many we found right."""
    right = planned = ranges = 0
    for want, over, times in match(analyses, gold):
        if over is None:
            print(f"  MISS  {want.date:23s} {want.fragment!r}: article or fragment not found")
            continue
        hits = [e for e in over if event_value(e) == want.date]
        right += bool(hits)
        if "/" in want.date and want.precision == "day":  # the planned summit's range
            ranges += 1
            planned += any(e.planned for e in hits)
        got = sorted({event_value(e) for e in over}) or ["no event"]
        exprs = [f"{t.text}={time_value(t)}" for t in times] or ["no expression"]
        print(
            f"  {'ok  ' if hits else 'MISS'}  {want.date:23s} {want.fragment[:48]!r:50s} events {got} times {exprs}"
        )
    print(f"events: {right}/{len(gold)} expected events found with the right date")
    print(f"planned summit: {planned}/{ranges} reports of April 11-13 found and marked planned")


def score_values(analyses: dict[tuple[str, str | None], Analysis], gold: list[Expected]) -> None:
    """Print how many expected dates a time expression over their fragment resolves to."""
    found = right = 0
    for want, _, times in match(analyses, gold):
        found += bool(times)
        ok = any(time_value(t) == want.date for t in times)
        right += ok
        if times and not ok:
            print(
                f"  wrong value {[(t.text, time_value(t)) for t in times]} for {want.date} {want.fragment!r}"
            )
    print(
        f"time values: {found}/{len(gold)} fragments hold an expression, {right}/{len(gold)} "
        f"with the expected value (accuracy on found {right / max(found, 1):.3f})"
    )


def throughput(analyses: list[Analysis], articles: int, pipeline: int) -> None:
    """Print seconds per article of find_times + find_events and of the whole analyse()."""
    repeated = [analyses[i % len(analyses)] for i in range(articles)]
    clock = time.perf_counter()
    for analysis in repeated:
        article = analysis.article
        times = find_times(article.text, article.published, zone_for_dateline(article.dateline))
        find_events(article, times, analysis.entities)
    timeline_s = (time.perf_counter() - clock) / len(repeated)
    subset = [analyses[i % len(analyses)].article for i in range(pipeline)]
    clock = time.perf_counter()
    for article in subset:
        analyse(article)
    whole_s = (time.perf_counter() - clock) / len(subset)
    print(
        f"throughput: timeline {timeline_s * 1000:.2f} ms/article over {len(repeated)} articles "
        f"({1 / timeline_s:.0f}/s); analyse() {whole_s * 1000:.1f} ms/article over "
        f"{len(subset)} ({1 / whole_s:.1f}/s); timeline share {timeline_s / whole_s:.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    """Score the example corpus' dates; time the timeline stage when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throughput", type=int, default=0, metavar="N")
    parser.add_argument("--pipeline", type=int, default=50, metavar="M")
    args = parser.parse_args(argv)
    analyses = analyse_examples()
    score_events(analyses, load_expected())
    score_values(analyses, load_expected())
    if args.throughput:
        throughput(list(analyses.values()), args.throughput, args.pipeline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
