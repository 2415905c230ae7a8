"""Find time expressions in news text and resolve them against the publication time.

The finder is a list of regular expressions, one per shape ("May 21, 2021", "21 May",
"June 11-13", "last Tuesday", "two days ago", ...); where shapes overlap the longest,
leftmost match wins. Each shape has a resolver that does the calendar arithmetic in
``resolve`` against the anchor day: the publication time read in the dateline's zone.
Bare weekdays and month-days without a year lean to the past or the future by the verbs
near them ("met on Friday" vs "will meet on Friday").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.model import TimeExpr
from storyline.timeline import calendar as cal

__all__ = ["find_times", "resolve", "lean_at"]

_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_MONTH = rf"(?:{_FULL_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_FULL_WDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_WDAY = rf"(?:{_FULL_WDAY}|(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\b\.?)"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:1[6-9]|20)[0-9]{2}(?![0-9])"
_TO = r"\s*(?:-|\u2013|\u2014|to|through|thru|until|till)\s*"
_YEAR_TAIL = rf"(?:\s*,?\s*(?P<year>{_YEAR}))?"
_LEAD_WDAY = rf"(?:(?P<wd>{_WDAY})\s*,?\s+)?"
_COUNTED = (
    r"people|jobs|units|workers|employees|passengers|aircraft|planes|jets|cars|vehicles|"
    r"shares|barrels|tons|tonnes|feet|metres|meters|miles|km|points|votes|troops|soldiers|"
    r"residents|deaths|cases|members|copies|songs|stores|homes|times"
)
_NUMBER = r"[0-9]{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


@dataclass(frozen=True)
class _Found:
    value: str | None
    precision: str
    relative: bool = False
    start: int | None = None  # where the expression starts when not at the match ("in May")


class _Context:
    """The text being searched and its anchor day; leans are computed on demand."""

    def __init__(self, text: str, anchor: date | None) -> None:
        self.text = text
        self.anchor = anchor

    def lean(self, start: int, end: int) -> str | None:
        return lean_at(self.text, start, end)


_Resolver = Callable[[re.Match[str], _Context], _Found | None]

_FUTURE = re.compile(
    # "will be held": the verb after the modal belongs to the future marker, not the past.
    r"\b(?:will|won't|shall|would)(?:\s+(?:not|also|still|then|be|have|been))*(?:\s+[a-z]+)?\b|"
    r"\b(?:going to|scheduled|set to|due to|plans? to|planned|"
    r"planning|expected to|intends? to|aims? to|to be held|to take place|upcoming|next|"
    r"starting|from now|deadline)\b|'ll\b|"
    # "the talks are to continue", "a pact to be signed", "agreed to hold a summit"
    r"\b(?:is|are|am)\s+to\s+(?=[a-z])|\bto be\s+[a-z]+(?:ed|en|held|set|met)\b|"
    r"\bto\s+(?:hold|meet|visit|attend|host|sign|launch|open|start|begin|resume|discuss|vote)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:said|says|told|was|were|had|did|ago|since|last|earlier|yesterday|met|held|"
    r"began|came|went|took|made|gave|won|lost|left|saw|spoke|wrote|ran|fell|rose|sent|found|"
    r"brought|became|sold|bought|led|paid|kept|struck|broadcast|[a-z]+ed)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.!?;]\s|\n")


def lean_at(text: str, start: int, end: int) -> str | None:
    """Return "past" or "future" by the tense marker nearest a span in its sentence, else None."""
    left = max(0, start - 160)
    before = text[left:start]
    stops = list(_CLAUSE_END.finditer(before))
    if stops:
        left += stops[-1].end()
    right_text = text[end : end + 160]
    stop = _CLAUSE_END.search(right_text)
    right = end + (stop.start() if stop else len(right_text))
    marks: list[tuple[int, int, str]] = []
    # finditer with pos/endpos gives offsets into the whole text: no shift to add.
    future = [(m.start(), m.end()) for m in _FUTURE.finditer(text, left, right)]
    marks += [(s, e, "future") for s, e in future]
    for m in _PAST.finditer(text, left, right):
        if not any(s < m.end() and m.start() < e for s, e in future):
            marks.append((m.start(), m.end(), "past"))
    marks = [(s, e, k) for s, e, k in marks if e <= start or s >= end]
    before_marks = [mark for mark in marks if mark[1] <= start]
    if before_marks:
        return max(before_marks)[2]
    after_marks = [mark for mark in marks if mark[0] >= end]
    return min(after_marks)[2] if after_marks else None


def _year_of(m: re.Match[str], month: int, day: int | None, ctx: _Context) -> int | None:
    """Return the written year, else the one nearest the anchor (leaning by tense)."""
    if m.group("year"):
        return int(m.group("year")[:4])
    if ctx.anchor is None:
        return None
    lean = ctx.lean(m.start(), m.end())
    if day is None:
        return cal.year_for_month(month, ctx.anchor, lean)
    return cal.year_for_day(month, day, ctx.anchor, lean)


def _month_day(m: re.Match[str], ctx: _Context) -> _Found | None:
    """Resolve "May 21", "Feb. 2, 2021", "21 May 2021", "June 11-13", "June 30-July 2"."""
    month = cal.MONTHS[m.group("mon").rstrip(".").lower()]
    day = int(re.sub(r"\D", "", m.group("day")))
    relative = not m.group("year")
    year = _year_of(m, month, day, ctx)
    if year is None:
        return _Found(None, "day", True) if cal.make_date(2000, month, day) else None
    first = cal.make_date(year, month, day)
    if first is None:
        return None
    if not m.group("day2"):
        return _Found(first.isoformat(), "day", relative)
    mon2 = m.groupdict().get("mon2")
    month2 = cal.MONTHS[mon2.rstrip(".").lower()] if mon2 else month
    year2 = year + 1 if month2 < month else year
    last = cal.make_date(year2, month2, int(re.sub(r"\D", "", m.group("day2"))))
    if last is None or last <= first:
        return _Found(first.isoformat(), "day", relative)
    return _Found(f"{first.isoformat()}/{last.isoformat()}", "day", relative)


def _month_year(m: re.Match[str], ctx: _Context) -> _Found | None:
    """Resolve "February 2019", "Jan. 2020" to a month."""
    month = cal.MONTHS[m.group("mon").rstrip(".").lower()]
    return _Found(f"{int(m.group('year')):04d}-{month:02d}", "month")


def _month_alone(m: re.Match[str], ctx: _Context) -> _Found | None:
    """Resolve "in May", "last March", "next June" to the month nearest the anchor."""
    month = cal.MONTHS[m.group("mon").lower()]
    cue = m.group("cue").strip(" -").lower()
    # "last March" is one expression; in "in March" the preposition is context, not time.
    start = m.start() if cue in ("last", "next", "this", "early", "late", "mid") else m.start("mon")
    if ctx.anchor is None:
        return _Found(None, "month", True, start)
    lean = {"last": "past", "next": "future", "this": None}.get(cue, "?")
    if lean == "?":
        lean = ctx.lean(m.start(), m.end())
    if cue in ("last", "next") and month == ctx.anchor.month:
        year = ctx.anchor.year + (1 if cue == "next" else -1)
    else:
        year = cal.year_for_month(month, ctx.anchor, lean)
    return _Found(f"{year:04d}-{month:02d}", "month", True, start)


def _numeric(m: re.Match[str], ctx: _Context) -> _Found | None:
    """Resolve "2021-05-21", "2021/05/21", "5/21/2021", "2021-05-21T10:00+09:00"."""
    day = cal.make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if day is None:
        return None
    if m.groupdict().get("hm"):
        return _Found(f"{day.isoformat()}T{m.group('hm')}", "time")
    return _Found(day.isoformat(), "day")


def _year(m: re.Match[str], ctx: _Context) -> _Found | None:
    """Resolve "2018" and "2009-2010" / "2010-11" to a year or a range of years."""
    year = int(m.group("year"))
    tail = m.group("year2")
    if not tail:
        return _Found(f"{year:04d}", "year")
    year2 = int(tail) if len(tail) == 4 else year // 100 * 100 + int(tail)
    if year2 <= year:
        return None
    return _Found(f"{year:04d}/{year2:04d}", "year")


def _day_word(m: re.Match[str], ctx: _Context) -> _Found | None:
    """Resolve "yesterday", "today", "tomorrow", "tonight", "last night", "this morning"."""
    if ctx.anchor is None:
        return _Found(None, "day", True)
    word = m.group(0).lower()
    offset = -1 if ("yesterday" in word or "last night" in word) else 0
    offset = 1 if "tomorrow" in word else offset
    return _Found((ctx.anchor + timedelta(days=offset)).isoformat(), "day", True)


_HOLIDAY_PREFIX = re.compile(r"(?:Good|Black|Super|Cyber|Ash|Easter|Holy|Bloody|Maundy)\s+$")


def _weekday(m: re.Match[str], ctx: _Context) -> _Found | None:
    """Resolve "Monday", "last Tuesday", "next Friday", "earlier Monday" by the anchor day."""
    if _HOLIDAY_PREFIX.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    if ctx.anchor is None:
        return _Found(None, "day", True)
    weekday = cal.WEEKDAYS[m.group("wd").lower()]
    mod = (m.group("mod") or "").lower()
    if mod == "last" or mod.endswith("past"):
        mode = "before"
    elif mod in ("next", "coming", "this coming"):
        mode = "after"
    elif mod in ("earlier", "early", "late"):
        mode = "on_or_before"
    else:
        lean = ctx.lean(m.start(), m.end())
        mode = "on_or_after" if lean == "future" else "on_or_before"
    return _Found(cal.weekday_near(ctx.anchor, weekday, mode).isoformat(), "day", True)


def _period(m: re.Match[str], ctx: _Context) -> _Found | None:
    """Resolve "this week", "last month", "earlier this year", "next weekend"."""
    unit = m.group("unit").lower()
    if ctx.anchor is None:
        return _Found(None, "day" if unit == "weekend" else unit, True)
    mod = m.group("mod").lower().split()[-1]
    step = {"last": -1, "next": 1}.get(mod, 0)
    if unit == "weekend":
        return _weekend(m, ctx, step)
    value, precision = cal.shift(ctx.anchor, step, unit)
    return _Found(value, precision, True)


def _weekend(m: re.Match[str], ctx: _Context, step: int) -> _Found:
    """Return the Saturday-Sunday range of the weekend meant by "this/last/next weekend"."""
    assert ctx.anchor is not None
    if step == 0:
        step = 1 if ctx.lean(m.start(), m.end()) == "future" else -1
        if ctx.anchor.weekday() >= 5:
            step = 0
    if step < 0:
        saturday = cal.weekday_near(ctx.anchor, 5, "before")
    elif step > 0:
        saturday = cal.weekday_near(ctx.anchor, 5, "after")
    else:
        saturday = cal.weekday_near(ctx.anchor, 5, "on_or_before")
    sunday = saturday + timedelta(days=1)
    return _Found(f"{saturday.isoformat()}/{sunday.isoformat()}", "day", True)


def _ago(m: re.Match[str], ctx: _Context) -> _Found | None:
    """Resolve "two days ago", "a week ago", "3 years ago"."""
    unit = m.group("unit").lower()
    if ctx.anchor is None:
        return _Found(None, unit, True)
    word = m.group("n").lower()
    amount = int(word) if word.isdigit() else cal.NUMBERS[word]
    value, precision = cal.shift(ctx.anchor, -amount, unit)
    return _Found(value, precision, True)


_RULES: list[tuple[re.Pattern[str], _Resolver]] = [
    (
        re.compile(
            rf"{_LEAD_WDAY}(?P<mon>{_MONTH})\s*(?P<day>{_DAY})"
            rf"(?:{_TO}(?:(?P<mon2>{_MONTH})\s*)?(?P<day2>{_DAY}))?{_YEAR_TAIL}"
        ),
        _month_day,
    ),
    (
        re.compile(
            rf"\b[Bb]etween\s+(?P<mon>{_MONTH})\s*(?P<day>{_DAY})\s+and\s+"
            rf"(?:(?P<mon2>{_MONTH})\s*)?(?P<day2>{_DAY}){_YEAR_TAIL}"
        ),
        _month_day,
    ),
    (
        re.compile(
            rf"{_LEAD_WDAY}(?<![0-9])(?P<day>{_DAY})(?:{_TO}(?P<day2>{_DAY}))?\s+(?:of\s+)?"
            rf"(?P<mon>{_MONTH}){_YEAR_TAIL}"
        ),
        _month_day,
    ),
    (re.compile(rf"(?P<mon>{_MONTH})\s*,?\s*(?:of\s+)?(?P<year>{_YEAR})"), _month_year),
    (
        re.compile(
            r"(?P<cue>\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Ff]rom|[Tt]hrough|[Bb]efore|"
            r"[Aa]fter|[Oo]f|[Ee]arly|[Ll]ate|[Mm]id|[Ll]ast|[Nn]ext|[Tt]his|[Ee]nd of)[\s-]+)"
            rf"(?P<mon>{_FULL_MONTH})(?!\s*,?\s*[0-9])"
        ),
        _month_alone,
    ),
    (
        re.compile(
            r"(?<![0-9])(?P<y>(?:1[6-9]|20)[0-9]{2})([-/])(?P<m>[01][0-9])\2(?P<d>[0-3][0-9])"
            r"(?:T(?P<hm>[0-2][0-9]:[0-5][0-9])(?::[0-5][0-9](?:\.[0-9]+)?)?"
            r"(?:Z|[+-][0-2][0-9]:?[0-5][0-9])?)?(?![0-9])"
        ),
        _numeric,
    ),
    (
        re.compile(
            r"(?<![0-9/])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12][0-9]|0?[1-9])/"
            r"(?P<y>(?:1[6-9]|20)[0-9]{2})(?![0-9/])"
        ),
        _numeric,
    ),
    (
        re.compile(
            rf"(?<![\w$£€¥#.,/-])(?P<year>{_YEAR})"
            r"(?:\s*[-\u2013/]\s*(?P<year2>(?:1[6-9]|20)?[0-9]{2})(?![0-9]))?"
            rf"(?![\w%]|[.,][0-9]|\s*(?:percent|per cent)\b|\s+(?:{_COUNTED})\b)"
        ),
        _year,
    ),
    (
        re.compile(
            r"\b(?:(?:earlier |later )?(?:today|tonight)|yesterday|tomorrow|"
            r"this (?:morning|afternoon|evening)|last night)\b",
            re.IGNORECASE,
        ),
        _day_word,
    ),
    (
        re.compile(
            r"(?:\b(?P<mod>[Ll]ast|[Nn]ext|[Tt]his(?: past| coming)?|[Pp]ast|[Cc]oming|"
            rf"[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?(?P<wd>{_FULL_WDAY})"
        ),
        _weekday,
    ),
    (
        re.compile(
            # lower-case unit only: "ABC's This Week" is a programme, not a week
            r"\b(?P<mod>(?:(?:[Ee]arlier|[Ll]ater|[Ee]arly|[Ll]ate)\s+)?(?:[Tt]his|[Ll]ast|[Nn]ext))"
            r"\s+(?P<unit>week|month|year|weekend)\b"
        ),
        _period,
    ),
    (
        re.compile(rf"\b(?P<n>{_NUMBER})\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE),
        _ago,
    ),
]


def find_times(text: str, anchor: str | None, zone: str | None = None) -> list[TimeExpr]:
    """Return the time expressions in ``text``, resolved against ``anchor`` read in ``zone``."""
    ctx = _Context(text, cal.anchor_day(anchor, zone))
    candidates: list[tuple[int, int, _Found]] = []
    for pattern, resolver in _RULES:
        for m in pattern.finditer(text):
            if m.end() <= m.start():
                continue
            found = resolver(m, ctx)
            if found is not None:
                start = m.start() if found.start is None else found.start
                candidates.append((start, m.end(), found))
    candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
    times: list[TimeExpr] = []
    reach = 0
    for start, end, found in candidates:
        if start < reach:
            continue
        reach = end
        times.append(
            TimeExpr(start, end, text[start:end], found.value, found.precision, found.relative)
        )
    return times


def resolve(expr: str, anchor: str | None, zone: str | None = None) -> TimeExpr | None:
    """Return the value of one time expression (the longest one found in ``expr``), or None."""
    found = find_times(expr, anchor, zone)
    if not found:
        return None
    return max(found, key=lambda t: (t.end - t.start, -t.start))
