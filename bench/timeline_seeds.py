"""Timeline of the seed dumps, end to end: prints every event and quote date, then checks.

usage: python bench/timeline_seeds.py [SEED_DIR]

Reads ../shared/seeds/*.txt (relative to the repo root) at run time and runs the real
pipeline on each page (``iter_pages`` then ``process_page``: the text-dump extractor, the
NLP and quote stages, then ``find_times``/``find_events``). Prints each event (date,
precision, planned, end date, text) and each quote's ``said_on`` and venue, then one
PASS/FAIL line per expectation of the timeline issue. Exits 1 when an expectation fails.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storyline.ingest import iter_pages
from storyline.model import Analysis, Event
from storyline.pipeline import process_page

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@dataclass(frozen=True)
class Expectation:
    """A fact the seeds' timeline must hold: a name, and a test over every analysis."""

    name: str
    holds: Callable[[list[Analysis]], bool]


def events(analyses: list[Analysis], *words: str) -> list[Event]:
    """Return the events of every analysis whose text holds all ``words``."""
    return [e for a in analyses for e in a.events if all(w in e.text for w in words)]


def covers(event: Event, day: str) -> bool:
    """Return whether an event's date (or its date range, or its month/year) holds ``day``."""
    last = event.end_date or event.date
    return event.date <= day[: len(event.date)] and day[: len(last)] <= last


def dated(analyses: list[Analysis], day: str, *words: str, **fields: object) -> bool:
    """Return whether some event holding ``words`` is on ``day`` with the given fields."""
    return any(
        e.date == day and all(getattr(e, k) == v for k, v in fields.items())
        for e in events(analyses, *words)
    )


def consistent(analyses: list[Analysis], day: str, *words: str) -> bool:
    """Return whether some event holding ``words`` is on ``day`` and none contradicts it."""
    found = events(analyses, *words)
    return dated(analyses, day, *words) and all(covers(e, day) for e in found)


EXPECTATIONS = [
    Expectation(
        "Blinken took office 2021-01-26 ('last Tuesday', published Tue 2021-02-02 +09:00)",
        lambda a: dated(a, "2021-01-26", "took office", planned=False),
    ),
    Expectation(
        "NBC interview broadcast 2021-02-01 ('broadcast Monday')",
        lambda a: dated(a, "2021-02-01", "NBC"),
    ),
    Expectation(
        "ABC interview on 2021-05-23 ('on Sunday', published Mon 2021-05-24 +09:00)",
        lambda a: dated(a, "2021-05-23", "ABC"),
    ),
    Expectation(
        "'ABC's This Week' is a programme, not a week: no ABC event spans a week",
        lambda a: all(e.end_date is None for e in events(a, "ABC")),
    ),
    Expectation(
        "Biden-Moon summit on 2021-05-21; 'last week' summit reports hold that day",
        lambda a: (
            consistent(a, "2021-05-21", "summit", "Moon", "Washington")
            and consistent(a, "2021-05-21", "last week", "summit")
            and dated(a, "2021-05-21", "summit", "Friday")
        ),
    ),
    Expectation(
        "Moon summit 'on May 21' in an article of May 4 is planned",
        lambda a: dated(a, "2021-05-21", "summit", "May 21", planned=True),
    ),
    Expectation(
        "Washington dateline, Seoul time: 'on Monday' is 2021-05-03",
        lambda a: dated(a, "2021-05-03", "called for coordinated efforts"),
    ),
    Expectation(
        "Hanoi summit in 2019-02 (and no Hanoi event off that month)",
        lambda a: consistent(a, "2019-02", "Hanoi"),
    ),
    Expectation(
        "G7 leaders' summit planned 2021-06-11 to 2021-06-13",
        lambda a: dated(a, "2021-06-11", "G7", "summit", planned=True, end_date="2021-06-13"),
    ),
    Expectation(
        "quotes from the NBC interview are dated 2021-02-01",
        lambda a: any(q.said_on == "2021-02-01" for x in a for q in x.quotes),
    ),
    Expectation(
        "quotes from the ABC interview are dated 2021-05-23",
        lambda a: any(q.said_on == "2021-05-23" for x in a for q in x.quotes),
    ),
]


def analyse_seeds(folder: Path) -> list[Analysis]:
    """Return the analysis of every seed dump, in name order; rejects are printed."""
    analyses = []
    for page in sorted(iter_pages([str(folder)]), key=lambda p: p.source):
        if not page.source.endswith(".txt"):
            continue
        result = process_page(page)
        if isinstance(result, Analysis):
            analyses.append(result)
        else:
            print(f"{Path(page.source).name}: rejected ({result.reason})")
    return analyses


def show(analysis: Analysis) -> None:
    """Print an analysis' events and quote dates."""
    article = analysis.article
    print(
        f"{Path(article.source).name}  published {article.published}  dateline {article.dateline}"
    )
    for e in analysis.events:
        when = f"{e.date}/{e.end_date}" if e.end_date else e.date
        flag = "planned" if e.planned else "       "
        print(f"  event {when:23s} {e.precision:5s} {flag} {e.text[:110]!r}")
    for q in analysis.quotes:
        print(
            f"  quote said_on {q.said_on!s:10s} venue {q.venue!s:22.22s} {q.speaker!s:18.18s} {q.text[:60]!r}"
        )


def main(argv: list[str]) -> int:
    """Analyse the seeds, print their timelines and the expectations; return 1 on a failure."""
    folder = Path(argv[0]) if argv else SEEDS
    if not folder.is_dir():
        print(f"skipped: {folder} not found")
        return 0
    analyses = analyse_seeds(folder)
    for analysis in analyses:
        show(analysis)
    print()
    failed = 0
    for expectation in EXPECTATIONS:
        ok = expectation.holds(analyses)
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {expectation.name}")
    print(f"{len(EXPECTATIONS) - failed}/{len(EXPECTATIONS)} expectations hold")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
