"""Dated events: the clause that states each resolved time, merged across sources.

Per document, ``find_events`` turns every resolved time expression into an ``Event``
holding the clause (or sentence) that states it and the entities mentioned there.
At corpus level, ``merge_events`` folds the reports of one event by several articles
(same story and date, shared participants or wording) into one; the grouping is a set of
connected components, so it does not depend on the order or batching of its input.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from datetime import date, timedelta

from storyline.model import Article, Entity, Event, TimeExpr, stable_id
from storyline.timeline import calendar as cal
from storyline.timeline.expressions import lean_at
from storyline.timeline.focus import publication_sentences

__all__ = [
    "find_events",
    "group_events",
    "merge_events",
    "sentences",
    "story_timeline",
]

_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])|\n")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen gov sen rep jan feb mar apr jun jul aug sep sept oct nov dec inc "
    "corp co ltd no vs jr sr lt col capt prof mt ft sgt a.m p.m u.s u.k u.n e.g i.e".split()
)
# Clause breaks, strongest first: a cut between two times is made at the last break of the
# strongest kind found between them, so "on ABC on Sunday, echoing a statement by Biden and
# Moon after their summit on Friday" is cut at the comma, not inside "Biden and Moon".
_CLAUSE_BREAKS = (
    re.compile(r";"),
    re.compile(r",\s+(?:and|but|while|whereas|after|before|when|as|although)\b"),
    re.compile(r",\s+(?=[a-z]+ing\b)"),
    re.compile(r"\s+(?:and|but|while)\s+"),
)
_BOILERPLATE = re.compile(
    r"^\W*(?:published|updated|posted|last updated|first published|date)\b", re.IGNORECASE
)
# A time after these words is a point of comparison ("up from March", "compared with 2019"),
# not the date of what the clause reports.
_REFERENCE_CUE = re.compile(
    r"\b(?:compared (?:to|with)|than|(?:up|down) from)\s+(?:the\s+)?$", re.IGNORECASE
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_STOPWORDS = frozenset(
    "the and for that with from this was were has have had will said says its his her "
    "their they she him not but are been into after before about than then also which who "
    "would could on in at of to a an by as is it".split()
)
_KNOWN_PRECISION = ("day", "month", "year")
_MIN_WORDS = 4  # an undated sentence shorter than this is a caption credit or a fragment


def sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence: split at . ! ? before a capital, and at newlines."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == ".":
            word = text[text.rfind(" ", start, m.start()) + 1 : m.start()].strip("\"'([")
            if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
        end = m.start() + len(m.group(0).rstrip())
        if text[start:end].strip():
            spans.append(_strip(text, start, end))
        start = m.end()
    if text[start:].strip():
        spans.append(_strip(text, start, len(text)))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span without its leading and trailing whitespace."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    return start + left, start + len(piece.rstrip())


def _clauses(text: str, span: tuple[int, int], times: list[TimeExpr]) -> list[tuple[int, int]]:
    """Return the clause of each time in a sentence, cut at breaks that fall between times."""
    cuts: list[tuple[int, int] | None] = []
    for left, right in zip(times, times[1:], strict=False):
        # "on Monday and Tuesday": times joined by a conjunction share their clause
        joined = len(_WORD.findall(text, left.end, right.start)) <= 2
        cuts.append(None if joined else _last_break(text, left.end, right.start))
    bounds = []
    for i in range(len(times)):
        start = next((c[1] for c in reversed(cuts[:i]) if c), span[0])
        end = next((c[0] for c in cuts[i:] if c), span[1])
        bounds.append(_strip(text, start, end))
    return bounds


def _last_break(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return the span of the last break of the strongest kind in ``text[start:end]``."""
    for kind in _CLAUSE_BREAKS:
        found = list(kind.finditer(text, start, end))
        if found:
            return found[-1].start(), found[-1].end()
    return None


def _is_boilerplate(text: str, span: tuple[int, int], times: list[TimeExpr]) -> bool:
    """Return whether a sentence only states a date (a date line, "Updated May 4, 2021")."""
    sentence = text[span[0] : span[1]]
    if _BOILERPLATE.match(sentence):
        return True
    rest = sentence
    for t in sorted(times, key=lambda t: -t.start):
        rest = rest[: t.start - span[0]] + " " + rest[t.end - span[0] :]
    return len(_WORD.findall(rest)) < 3


def _dates(expr: TimeExpr) -> tuple[str, str | None, str] | None:
    """Return (date, end_date, precision) of an expression's value, weeks as day ranges."""
    value, precision = expr.value, expr.precision
    if not value or not precision:
        return None
    if precision == "week":
        monday = date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
        return monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "day"
    if precision == "time":
        return value[:10], None, "day"
    first, _, last = value.partition("/")
    return first, last or None, precision


def _bounds(day: str, end_date: str | None) -> tuple[date, date] | None:
    """Return the first and last calendar day an event's date (and end date) covers."""
    try:
        first = [int(p) for p in day.split("-")]
        last = [int(p) for p in (end_date or day).split("-")]
        start = date(first[0], first[1] if len(first) > 1 else 1, first[2] if len(first) > 2 else 1)
        if len(last) == 3:
            return start, date(last[0], last[1], last[2])
        if len(last) == 2:
            following = date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
            return start, following - timedelta(days=1)
        return start, date(last[0], 12, 31)
    except (ValueError, IndexError):
        return None


def _is_planned(
    text: str, expr: TimeExpr, day: str, end_date: str | None, anchor: date | None
) -> bool:
    """Return whether an event is still to come when the article was published.

    Over before the publication day: never planned ("yesterday", even in a clause with
    "will"). Wholly after it: planned, whatever the tense of the reporting verb ("said on
    Thursday that next month's summit"). A period holding the publication day ("later this
    month", "this week"): planned when the clause is in the future tense.
    """
    span = _bounds(day, end_date)
    if anchor is not None and span is not None:
        if span[1] < anchor:
            return False
        if span[0] > anchor:
            return True
    return lean_at(text, expr.start, expr.end) == "future"


def _entity_ids(entities: Sequence[Entity], start: int, end: int) -> tuple[str, ...]:
    """Return the ids of entities with a mention inside [start, end), in order of mention."""
    hits = [
        (min(m.start for m in e.mentions if m.start < end and start < m.end), e.id)
        for e in entities
        if any(m.start < end and start < m.end for m in e.mentions)
    ]
    return tuple(dict.fromkeys(eid for _, eid in sorted(hits)))


def find_events(
    article: Article,
    times: Sequence[TimeExpr],
    entities: Sequence[Entity] = (),
    publication_day: bool = True,
) -> list[Event]:
    """Return an Event for each resolved time in the article, with the clause stating it.

    With ``publication_day``, undated sentences of the lede and of a narrative on the
    publication day become events on that day too (see ``timeline.focus``).
    """
    text = article.text
    anchor = cal.anchor_day(article.published, cal.zone_for_dateline(article.dateline))
    ordered = sorted((t for t in times if t.value), key=lambda t: t.start)
    events: dict[str, Event] = {}
    spans: list[tuple[int, int, bool]] = []
    for span in sentences(text):
        inside = [t for t in ordered if span[0] <= t.start and t.end <= span[1]]
        if inside and _is_boilerplate(text, span, inside):
            continue
        spans.append((span[0], span[1], bool(inside)))
        for event in _stated(article, inside, _clauses(text, span, inside), entities, anchor):
            events.setdefault(event.id, event)
    weeks = {t.start for t in ordered if t.precision == "week"}
    for key, event in list(events.items()):
        if event.end_date and any(event.start <= w < event.end for w in weeks):
            events[key] = _pin_week(event, events.values())
    if publication_day and anchor is not None:
        for start, end in publication_sentences(text, spans, list(events.values()), anchor):
            if len(_WORD.findall(text, start, end)) < _MIN_WORDS:
                continue
            event = Event(
                id=stable_id("v", article.id, str(start), "publication-day"),
                article_id=article.id,
                date=anchor.isoformat(),
                precision="day",
                text=text[start:end],
                start=start,
                end=end,
                entity_ids=_entity_ids(entities, start, end),
                story_id=article.story_id,
            )
            events.setdefault(event.id, event)
    return sorted(events.values(), key=lambda e: e.start)


def _pin_week(event: Event, others: Iterable[Event]) -> Event:
    """Return a week-long event pinned to the one day the article dates the same happening.

    "last week's summit" spans Monday to Sunday; when the same article says "Friday's
    summit" (a day inside that week, sharing a content word such as "summit"), the week's
    event is that day's.
    """
    assert event.end_date is not None
    words = _happenings(event.text)
    days = {
        other.date
        for other in others
        if other.id != event.id
        and other.end_date is None
        and other.precision == "day"
        and event.date <= other.date <= event.end_date
        and words & _happenings(other.text)
    }
    if len(days) != 1:
        return event
    return replace(event, date=days.pop(), end_date=None)


_TIME_WORDS = frozenset(
    "week weeks day days month months year years today yesterday tomorrow last next earlier "
    "later ago time monday tuesday wednesday thursday friday saturday sunday".split()
)


def _happenings(text: str) -> frozenset[str]:
    """Return the lower-case content words of a text (common nouns and verbs, no names)."""
    return frozenset(
        w
        for w in _WORD.findall(text)
        if w.islower() and len(w) > 3 and w not in _STOPWORDS and w not in _TIME_WORDS
    )


def _stated(
    article: Article,
    inside: Sequence[TimeExpr],
    clauses: Sequence[tuple[int, int]],
    entities: Sequence[Entity],
    anchor: date | None,
) -> list[Event]:
    """Return the events of a sentence's time expressions, each with its clause."""
    text = article.text
    found = []
    for expr, (start, end) in zip(inside, clauses, strict=True):
        dated = _dates(expr)
        if dated is None or _REFERENCE_CUE.search(text, max(0, expr.start - 20), expr.start):
            continue
        day, end_date, precision = dated
        found.append(
            Event(
                id=stable_id("v", article.id, str(start), expr.value or ""),
                article_id=article.id,
                date=day,
                precision=precision,
                text=text[start:end],
                start=start,
                end=end,
                entity_ids=_entity_ids(entities, start, end),
                story_id=article.story_id,
                planned=_is_planned(text, expr, day, end_date, anchor),
                end_date=end_date,
            )
        )
    return found


def _words(text: str) -> frozenset[str]:
    """Return the content words of a text, lower-cased, without dates' names."""
    words = {w.lower() for w in _WORD.findall(text)}
    return frozenset(w for w in words if w not in _STOPWORDS and w not in cal.MONTHS)


def _same_event(a: Event, b: Event, words: Mapping[str, frozenset[str]]) -> bool:
    """Return whether two reports on one date describe the same event."""
    if a.article_id == b.article_id:
        return False
    wa, wb = words[a.id], words[b.id]
    overlap = len(wa & wb) / max(1, len(wa | wb))
    shared = bool(set(a.entity_ids) & set(b.entity_ids))
    return overlap >= 0.35 or (shared and overlap >= 0.15)


def _components(bucket: list[Event]) -> list[tuple[Event, ...]]:
    """Return the connected components of "same event" among events on one date."""
    words = {e.id: _words(e.text) for e in bucket}
    parent = list(range(len(bucket)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(bucket):
        for j in range(i + 1, len(bucket)):
            if _same_event(a, bucket[j], words):
                parent[root(j)] = root(i)
    members: dict[int, list[Event]] = defaultdict(list)
    for i, event in enumerate(bucket):
        members[root(i)].append(event)
    return [tuple(group) for group in members.values()]


def group_events(events: Iterable[Event]) -> list[tuple[Event, ...]]:
    """Return the events grouped into reports of one event (same story, dates, participants)."""
    buckets: dict[tuple[str, str, str, str], list[Event]] = defaultdict(list)
    for event in {e.id: e for e in events}.values():
        key = (event.story_id or "", event.date, event.end_date or "", event.precision)
        buckets[key].append(event)
    groups: list[tuple[Event, ...]] = []
    for bucket in buckets.values():
        groups.extend(_components(sorted(bucket, key=lambda e: (e.article_id, e.start, e.id))))
    return sorted(groups, key=lambda g: (g[0].date, g[0].story_id or "", g[0].id))


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Return one Event per reported event: the first report, with every report's entities.

    When ``Event`` has a ``sources`` field it is filled with the article ids of all reports.
    """
    merged: list[Event] = []
    has_sources = any(f.name == "sources" for f in fields(Event))
    for group in group_events(events):
        first = group[0]
        entity_ids = tuple(dict.fromkeys(eid for e in group for eid in e.entity_ids))
        changes: dict[str, object] = {
            "entity_ids": entity_ids,
            "planned": all(e.planned for e in group),
        }
        if has_sources:
            reports = {a for e in group for a in (*getattr(e, "sources", ()), e.article_id)}
            changes["sources"] = tuple(sorted(reports))
        merged.append(replace(first, **changes))  # type: ignore[arg-type]
    return merged


def story_timeline(events: Iterable[Event]) -> list[Event]:
    """Return events in date order; events of unknown precision (or no date) come last."""
    return sorted(
        events,
        key=lambda e: (
            e.precision not in _KNOWN_PRECISION or not e.date,
            e.date,
            e.end_date or "",
            e.article_id,
            e.start,
        ),
    )
