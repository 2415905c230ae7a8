"""Fuzz target: the time-expression finder and resolver (``timeline.expressions``).

The first byte picks the anchor (publication time) and the second the zone, both from
lists that include malformed ones; the rest is the text. Checks: ``find_times`` and
``resolve`` never raise; every expression lies inside the text, equals its slice, and they
come in order without overlapping; ``resolve`` returns one of them; a resolved value is
a real date (or range) at its precision; ``find_events`` over them never raises.

    .venv/bin/python fuzz/fuzz_timeline.py [libFuzzer flags] [CORPUS_DIR...]
    .venv/bin/python fuzz/fuzz_timeline.py --replay FILE...
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date

import atheris
from harness import Target, decode, main

with atheris.instrument_imports(include=["storyline"]):
    import storyline.timeline.calendar  # noqa: F401
    from storyline.model import Article
    from storyline.timeline import find_events, find_times, resolve, zone_for_dateline

ANCHORS = (
    None, "2021-05-24T14:47:47+09:00", "2021-05-04", "2024-02-29T23:30:00-05:00", "not a date",
    "", "0001-01-01", "9999-12-31T23:59:59+14:00", "2021-13-45", "2021-05-24T25:61:00Z",
)  # fmt: skip
ZONES = (None, "UTC", "Asia/Seoul", "America/New_York", "Nowhere/X", "", "+09:00", "../../etc")


def _check_value(value: str, precision: str | None) -> None:
    """Raise unless a day-precision value names real days (a range: the first before the last)."""
    if precision != "day":
        return
    days = [date.fromisoformat(part) for part in value.split("/")]
    assert days == sorted(days), f"range goes backwards: {value}"


def check(data: bytes) -> None:
    """Raise when finding or resolving the time expressions of ``data`` fails."""
    anchor = ANCHORS[data[0] % len(ANCHORS)] if data else None
    zone = ZONES[data[1] % len(ZONES)] if len(data) > 1 else None
    text = decode(data[2:])
    found = find_times(text, anchor, zone)
    for expr in found:
        assert 0 <= expr.start < expr.end <= len(text), (expr.start, expr.end, len(text))
        assert text[expr.start : expr.end] == expr.text, expr
        if expr.value:
            _check_value(expr.value, expr.precision)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False)), "overlap"
    best = resolve(text, anchor, zone)
    assert (best is None) == (not found) and (best is None or best in found), best
    zone_for_dateline(text[:40])
    article = Article("a-fuzz", "fuzz.txt", None, None, None, (), anchor, None, None, text)
    for event in find_events(article, found, ()):
        assert 0 <= event.start <= event.end <= len(text), event


def seeds() -> Iterator[bytes]:
    """Yield dated sentences, each after its two option bytes."""
    sentences = [
        "The vote was held on February 30, 2023, and again on April 31.",
        "Officials said the plant closed on 2021-13-45 and reopened on Feb. 29, 2023.",
        "The summit runs June 11-13 and the talks resume earlier Monday, two weeks ago.",
        "Last Wednesday the mayor said the bridge would open next month, in 2025.",
        "The report, dated 31/02/2022, was published on June 31 and withdrawn on Sept. 0.",
        "It happened on the 99th of March, late last year, between May 2 and May 4.",
        "Yesterday at 10:41 a.m. KST, three days ago, this weekend, next year.",
    ]
    for k, sentence in enumerate(sentences):
        yield bytes([k % len(ANCHORS), k % len(ZONES)]) + sentence.encode()


TARGET = Target(
    name="timeline",
    check=check,
    seeds=seeds,
    tokens=(
        "January",
        "February",
        "Feb. ",
        "June ",
        "Sept. ",
        "May ",
        "Monday",
        "Wednesday",
        "last ",
        "next ",
        "this ",
        "earlier ",
        "later ",
        "ago",
        "two ",
        "days",
        "week",
        "weekend",
        "month",
        "year",
        "yesterday",
        "today",
        "tomorrow",
        "between ",
        " and ",
        "-",
        "/",
        ", 2021",
        "11-13",
        "2021-02-30",
        "13/45/2020",
        "29",
        "31",
        "0",
        "1999",
    ),
    max_len=1024,
)

if __name__ == "__main__":
    main(TARGET, sys.argv)
