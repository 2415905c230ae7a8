"""When something was said: day names and short dates resolved against the publication time.

Uses ``storyline.timeline.expressions.find_times`` when that module is installed, and a small
rule set of our own otherwise (weekday names, "today"/"yesterday", "May 23", "23 May").
"""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["said_on", "anchor_date"]

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_MONTH_ABBR = {m[:3]: n for m, n in _MONTHS.items()} | {"sept": 9}
_MONTH_RE = (
    r"(?P<month>"
    + "|".join(sorted(list(_MONTHS) + list(_MONTH_ABBR), key=len, reverse=True))
    + r")\.?"
)
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PATTERNS = (
    re.compile(rf"\b{_MONTH_RE}\s+{_DAY_RE}\b(?:,?\s+(?P<year>(?:19|20)\d\d))?", re.I),
    re.compile(rf"\b{_DAY_RE}\s+{_MONTH_RE}\b(?:,?\s+(?P<year>(?:19|20)\d\d))?", re.I),
    re.compile(
        r"\b(?:(?:last|earlier|late|on|this)\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.I
    ),
    re.compile(
        r"\b(?P<rel>today|yesterday|tonight|this morning|this afternoon|last night)\b", re.I
    ),
)


def anchor_date(published: str | None) -> date | None:
    """Return the calendar date of an ISO publication time, in its own zone."""
    if not published or not re.match(r"\d{4}-\d\d-\d\d", published):
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def said_on(text: str, published: str | None) -> str | None:
    """Return the ISO date of the first day expression in ``text``, resolved to ``published``."""
    resolved = _with_timeline(text, published)
    if resolved is not None:
        return resolved
    anchor = anchor_date(published)
    found = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _resolve(match, anchor)
            if value:
                found.append((match.start(), value))
    return min(found)[1] if found else None


def _with_timeline(text: str, published: str | None) -> str | None:
    """Return a day resolved by the timeline module's ``find_times``, when it is available."""
    try:
        from storyline.timeline.expressions import find_times  # noqa: PLC0415
    except ImportError:
        return None
    try:
        times = find_times(text, published)
    except Exception:  # noqa: BLE001 - the fallback rules still answer
        return None
    for expr in times:
        if expr.value and expr.precision == "day" and "/" not in expr.value:
            return expr.value
    return None


def _resolve(match: re.Match[str], anchor: date | None) -> str | None:
    """Return the ISO date a matched expression names, or None when it needs an anchor."""
    groups = match.groupdict()
    if groups.get("weekday"):
        if anchor is None:
            return None
        wanted = _WEEKDAYS.index(groups["weekday"].lower())
        back = (anchor.weekday() - wanted) % 7
        return (anchor - timedelta(days=back)).isoformat()
    if groups.get("rel"):
        if anchor is None:
            return None
        shift = 1 if groups["rel"].lower() in ("yesterday", "last night") else 0
        return (anchor - timedelta(days=shift)).isoformat()
    month_name = groups["month"].lower().rstrip(".")
    month = (
        _MONTHS.get(month_name)
        or _MONTH_ABBR.get(month_name[:4])
        or _MONTH_ABBR.get(month_name[:3])
    )
    day = int(groups["day"])
    year = int(groups["year"]) if groups.get("year") else (anchor.year if anchor else None)
    if month is None or year is None:
        return None
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    if not groups.get("year") and anchor is not None and value > anchor + timedelta(days=31):
        value = value.replace(year=year - 1)  # "Dec 30" read in January
    return value.isoformat()
