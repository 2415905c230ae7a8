"""Article metadata read from plain strings: bylines, dates, outlet, dateline and title.

Every function here is pure: lines of text in, values out, never an exception for odd input.
Times come back as ISO 8601 with their UTC offset (``2021-05-24T14:47:47+09:00``) when the
page gives a time, else as a date (``2021-05-24``); a time without a zone is read in the
outlet's zone from ``OUTLET_ZONES``, or UTC.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

__all__ = [
    "AGENCIES",
    "OUTLET_ALIASES",
    "OUTLET_ZONES",
    "Byline",
    "canonical_outlet",
    "find_byline",
    "find_dateline",
    "find_dates",
    "find_outlet",
    "find_title",
    "is_meta_line",
    "outlet_zone",
    "page_zone",
    "parse_byline",
    "parse_dates",
    "parse_datetime",
]

# Canonical outlet name -> lower-case aliases seen on pages (site names, owners, hosts).
OUTLET_ALIASES: dict[str, tuple[str, ...]] = {
    "The Korea Herald": ("korea herald", "herald corporation", "koreaherald.com"),
    "Yonhap": ("yonhap", "yonhap news agency", "yonhap news", "yna.co.kr"),
    "KBS World": ("kbs world", "kbs world radio", "kbs world radio news", "world.kbs.co.kr"),
    "The Korea Times": ("korea times", "koreatimes.co.kr"),
    "AP": ("associated press", "the associated press", "apnews.com"),
    "AFP": ("agence france-presse", "agence france presse", "afp.com"),
    "Reuters": ("reuters", "thomson reuters", "reuters.com"),
    "Xinhua": ("xinhua", "xinhua news agency", "xinhuanet.com"),
    "Kyodo": ("kyodo", "kyodo news", "english.kyodonews.net"),
    # Synthetic outlets of our fixtures and demo corpus.
    "Northbridge Times": ("northbridge times", "northbridgetimes.example"),
    "Harbor Ledger": ("harbor ledger", "harborledger.example"),
}
# Outlets whose pages give times without a zone, and the zone they mean.
_SEOUL = ("The Korea Herald", "Yonhap", "KBS World", "The Korea Times")
OUTLET_ZONES: dict[str, str] = dict.fromkeys(_SEOUL, "Asia/Seoul") | {"Kyodo": "Asia/Tokyo"}
OUTLET_ZONES |= {"Northbridge Times": "America/New_York", "Harbor Ledger": "Europe/London"}
# The invented outlets of the bundled example corpus (examples/README.md).
OUTLET_ZONES |= {
    "The Valdo Herald": "Etc/GMT-9",
    "KNB World Radio": "Etc/GMT-9",
    "Kestrel Press": "Etc/GMT-8",
    "The Commonwealth Ledger": "America/New_York",
    "The Meridian": "Europe/London",
}
# News agencies: a byline or tag naming one credits the wire, not a person.
AGENCIES: frozenset[str] = frozenset({"Yonhap", "AP", "AFP", "Reuters", "Xinhua", "Kyodo"})
_AGENCY_TAGS = {"ap": "AP", "afp": "AFP", "upi": "UPI", "ani": "ANI", "efe": "EFE", "dpa": "dpa"}

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YMD = re.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
_MDY = re.compile(rf"(?i)\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)")
_DMY = re.compile(rf"(?i)(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON},?\s+(\d{{4}})(?!\d)")
_TIME = re.compile(
    r"(?i)(?<![\d:])(\d{1,2})(?::(\d{2}))(?::(\d{2}))?(?:\.\d+)?(?:\s*([ap])\.?m\.?(?![a-z]))?"
    r"|(?<![\d:])(\d{1,2})\s*([ap])\.?m\.?(?![a-z])"
)
_OFFSET = re.compile(r"^\s*(?:(Z)\b|(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?\b)")
_ZONE_WORD = re.compile(r"(?i)^\s*\(?\s*([A-Z]{1,4})\b")
_ZONE_HOURS = {"UTC": 0, "GMT": 0, "KST": 9, "JST": 9, "HKT": 8, "SGT": 8, "CET": 1, "CEST": 2}
_ZONE_HOURS |= {"BST": 1, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "PST": -8, "PDT": -7}
_ZONE_ABBR: dict[str, tzinfo] = {k: timezone(timedelta(hours=h)) for k, h in _ZONE_HOURS.items()}
_ZONE_ABBR |= {"ET": ZoneInfo("America/New_York"), "PT": ZoneInfo("America/Los_Angeles")}
_UPDATED = re.compile(r"(?i)(?:last\s+)?(?:updated?|modified|edited|revised)\s*(?:on|at)?\s*:?")
_PUBLISHED = re.compile(r"(?i)\b(?:published|posted|written|created|issued|date)\b\s*(?:on)?\s*:?")


def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return UTC


def _find_date(text: str) -> tuple[date, int, int] | None:
    """Return the first calendar date in a text with its span, or None."""
    found: list[tuple[int, int, int, int, int]] = []
    if m := _YMD.search(text):
        found.append((m.start(), m.end(), int(m[1]), int(m[2]), int(m[3])))
    if m := _MDY.search(text):
        found.append((m.start(), m.end(), int(m[3]), _MONTHS[m[1].lower()], int(m[2])))
    if m := _DMY.search(text):
        found.append((m.start(), m.end(), int(m[3]), _MONTHS[m[2].lower()], int(m[1])))
    for start, end, year, month, day in sorted(found):
        if 1900 <= year <= 2100:
            try:
                return date(year, month, day), start, end
            except ValueError:
                continue
    return None


def _find_time(text: str, start: int, end: int) -> tuple[int, int, int, int] | None:
    """Return (hour, minute, second, end) of the time nearest a date span, or None."""
    best: tuple[int, tuple[int, int, int, int]] | None = None
    for m in _TIME.finditer(text):
        if start <= m.start() < end:
            continue
        hour = int(m[1] or m[5])
        minute, second = int(m[2] or 0), int(m[3] or 0)
        meridian = (m[4] or m[6] or "").lower()
        if meridian:
            hour = hour % 12 + (12 if meridian == "p" else 0)
        if hour > 23 or minute > 59 or second > 59:
            continue
        gap = m.start() - end if m.start() >= end else start - m.end()
        if gap <= 25 and (best is None or gap < best[0]):
            best = (gap, (hour, minute, second, m.end()))
    return best[1] if best else None


def _explicit_zone(rest: str) -> tzinfo | None:
    """Return the zone written just after a time (``Z``, ``+09:00``, ``KST``), or None."""
    if m := _OFFSET.match(rest):
        if m[1]:
            return UTC
        hours, minutes = int(m[3]), int(m[4] or 0)
        if hours > 14 or minutes > 59:
            return None
        return timezone((-1 if m[2] == "-" else 1) * timedelta(hours=hours, minutes=minutes))
    if m := _ZONE_WORD.match(rest):
        return _ZONE_ABBR.get(m[1].upper()) if m[1].isupper() else None
    return None


def parse_datetime(text: str, zone: str = "UTC") -> str | None:
    """Return the first date in a text as ISO 8601, with its offset when a time is given.

    ``zone`` (an IANA name) is the zone a time without one is read in.
    """
    found = _find_date(text or "")
    if found is None:
        return None
    day, start, end = found
    clock = _find_time(text, start, end)
    if clock is None:
        return day.isoformat()
    tz = _explicit_zone(text[max(clock[3], end) :]) or _zone(zone)
    try:
        moment = datetime(day.year, day.month, day.day, *clock[:3], tzinfo=tz)
        offset = moment.utcoffset() or timedelta()
        # Local mean times of old zones carry seconds (+08:27:52); ISO offsets here do not.
        minutes = timezone(timedelta(minutes=round(offset.total_seconds() / 60)))
        return moment.replace(tzinfo=minutes).isoformat()
    except (ValueError, OverflowError):
        return day.isoformat()


def parse_dates(line: str, zone: str = "UTC") -> tuple[str | None, str | None]:
    """Return (published, updated) from one line such as ``Published : … Updated : …``."""
    label = _UPDATED.search(line or "")
    if label is None:
        return parse_datetime(line, zone), None
    before, after = line[: label.start()], line[label.end() :]
    return parse_datetime(before, zone), parse_datetime(after, zone)


@dataclass(frozen=True)
class Byline:
    """Who a page credits: people, and the news agency when a wire is credited."""

    authors: tuple[str, ...] = ()
    agency: str | None = None
    outlet: str | None = None


_BY = re.compile(r"^\s*(?:written\s+|posted\s+|reported\s+)?by[:\s]\s*(.+)$", re.IGNORECASE)
_REPORTER = re.compile(r"(?i)^\s*(?:reporter|writer|author|correspondent)s?\s*:\s*(.+)$")
_SIGN_OFF = re.compile(r"^\s*([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){1,3}),\s+(.{3,60}?)\.?\s*$")
_EMAIL = re.compile(r"\(?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*\)?")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[a-z]{1,3}|al-\w+|O'\w+)$")
_NOT_NAMES = {"the", "staff", "news", "editorial", "board", "team", "desk", "reporter", "admin"}


def _clean_name(raw: str) -> str | None:
    """Return a person's name from a byline fragment, or None when it is not one."""
    name = re.sub(r"\s+", " ", raw).strip(" ,.;:|-–—")
    name = re.sub(r"(?i)\s+(?:in|from)\s+[A-Z][\w ,.'-]*$", "", name)
    tokens = name.split()
    if not 2 <= len(tokens) <= 5 or any(ch.isdigit() for ch in name):
        return None
    if name.isupper():
        name = " ".join(t.capitalize() for t in tokens)
        tokens = name.split()
    if not tokens[0][0].isupper() or not tokens[-1][0].isupper():
        return None
    if any(t.lower() in _NOT_NAMES or not _NAME_TOKEN.match(t) for t in tokens):
        return None
    return name


def _agency(raw: str) -> str | None:
    """Return the canonical agency a byline fragment names, or None."""
    text = raw.strip(" ()[],.;:-–—")
    outlet = canonical_outlet(text) or _AGENCY_TAGS.get(text.lower())
    return outlet if outlet in AGENCIES or text.lower() in _AGENCY_TAGS else None


def parse_byline(line: str) -> Byline | None:
    """Return the credit a byline line gives (``By X and Y``, ``X, Outlet News.``), or None."""
    line = _EMAIL.sub(" ", line or "").strip()
    if not line or len(line) > 160:
        return None
    match = _BY.match(line) or _REPORTER.match(line)
    if match is None:
        return _sign_off(line)
    names = re.split(r"\s*\|\s*", match[1])[0]
    parts = [p for p in re.split(r"\s*(?:,|;|&|\band\b|\bwith\b)\s*", names) if p.strip()]
    authors: list[str] = []
    agency = None
    for part in parts:
        if (found := _agency(part)) is not None:
            agency = agency or found
        elif (name := _clean_name(part)) is not None:
            authors.append(name)
        elif authors or agency:
            continue  # trailing titles such as "Staff Reporter"
        else:
            return None
    return Byline(tuple(authors), agency) if authors or agency else None


def _sign_off(line: str) -> Byline | None:
    """Return the credit of a broadcast sign-off such as ``Kim Bum-soo, KBS World Radio News.``"""
    match = _SIGN_OFF.match(line)
    if match is None or (name := _clean_name(match[1])) is None:
        return None
    outlet = canonical_outlet(match[2])
    if outlet is None and not match[2].endswith("News"):
        return None
    return Byline((name,), None, outlet or match[2])


def find_byline(lines: Sequence[str]) -> Byline:
    """Return the first credit found in some lines, people preferred over an agency."""
    credits = [credit for credit in map(parse_byline, lines) if credit is not None]
    people = next((credit for credit in credits if credit.authors), None)
    if people is None:
        return credits[0] if credits else Byline()
    agency = people.agency or next((c.agency for c in credits if c.agency), None)
    return Byline(people.authors, agency, people.outlet)


def canonical_outlet(name: str) -> str | None:
    """Return the canonical name of an outlet from a site name, owner or host, or None."""
    key = re.sub(r"\s+", " ", (name or "").lower()).strip(" .,;:|-–—©()")
    key = re.sub(r"^(?:www\.|the )", "", key)
    for canonical, aliases in OUTLET_ALIASES.items():
        if key == canonical.lower().removeprefix("the ") or key in aliases:
            return canonical
    return _AGENCY_TAGS.get(key) if key in ("ap", "afp") else None


def _host_outlet(url: str | None) -> str | None:
    parts = (urlsplit(url or "").hostname or "").split(".")
    names = (canonical_outlet(".".join(parts[i:])) for i in range(len(parts) - 1))
    return next(filter(None, names), None)


def _mentions(line: str) -> list[str]:
    """Return the canonical outlets a line mentions by one of their aliases."""
    low = line.lower()
    return [
        canonical
        for canonical, aliases in OUTLET_ALIASES.items()
        if any(re.search(rf"(?<![\w.]){re.escape(a)}(?![\w])", low) for a in aliases)
    ]


def find_outlet(lines: Sequence[str], url: str | None = None, body_start: str = "") -> str | None:
    """Return the outlet of a page from its URL, site-name, copyright and sign-off lines.

    Agencies named in credits (``(AFP-Yonhap)``, ``By Yonhap``) count only when nothing else
    names the outlet, through the dateline of ``body_start``, the first body paragraph.
    """
    if outlet := _host_outlet(url):
        return outlet
    votes: Counter[str] = Counter()
    for line in lines:
        if len(line) > 200 or parse_byline(line) and not _SIGN_OFF.match(line):
            continue
        whole = canonical_outlet(line)
        named = [whole] if whole else _mentions(line)
        strong = whole or re.search(r"(?i)copyright|©|\(c\)|all rights reserved|\bby\b", line)
        for outlet in named:
            if outlet not in AGENCIES or strong:
                votes[outlet] += 4 if strong or _SIGN_OFF.match(line) else 1
    if votes:
        return votes.most_common(1)[0][0]
    if self_named := _named_outlet(lines):
        return canonical_outlet(self_named) or self_named
    match = _DATELINE.match(body_start or "")
    if not match or not match[2]:
        return None
    # "VALDO CITY, March 7 (Kestrel Press) --": the wire that filed it, known or not.
    tag = match[2].strip()
    return _agency(tag) or (tag if re.fullmatch(_NAME, tag) else None)


# Outlets not in the table name themselves on their pages: "The Valdo Herald by Herald Media
# Group", "(c) 2025 Kestrel Press.", "© 2025 Kestrel Post. All rights reserved.", and
# sign-offs "Daniel Orsk, KNB World Radio News." (strong: most pages have one of them).
_NAME = r"((?:The\s+)?[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|of|and|&)){0,4})"
_OWNED_BY = re.compile(rf"^{_NAME}\s+by\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){{0,3}}\.?$")
_COPYRIGHT = re.compile(
    rf"(?i:copyright|©|\(c\))\s*(?:©|\(c\))?\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?\s+)?{_NAME}"
    r"\s*(?:\.|,|$|(?i:all rights)|\||-)"
)
_COMPANY = re.compile(
    r"(?i)\b(?:corporation|corp|group|inc|ltd|llc|plc|company|holdings|media)\.?$"
)


def _named_outlet(lines: Sequence[str]) -> str | None:
    """Return the outlet a page names itself by in its footer or sign-off, or None."""
    owned = [m[1] for line in lines if (m := _OWNED_BY.match(line.strip()))]
    if owned:
        return owned[-1]
    for line in reversed(lines):
        off = _SIGN_OFF.match(line)
        if off and len(off[2].split()) <= 5 and off[2][:1].isupper():
            return re.sub(r"\s+News$", "", off[2].strip())
    for line in reversed(lines):
        match = _COPYRIGHT.search(line)
        if match and not _COMPANY.search(match[1].strip()) and len(line) < 200:
            return match[1].strip().rstrip(".")
    return None


_PAGE_ZONE = re.compile(r"(?i)\btimes?\b.*?\b(?:GMT|UTC)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?\b")


def page_zone(lines: Sequence[str]) -> str | None:
    """Return the zone a page says its times are in ("All times are … (GMT+8)"), or None.

    Whole-hour offsets become IANA ``Etc/GMT±N`` zones (whose sign is inverted by POSIX).
    """
    for line in lines:
        match = _PAGE_ZONE.search(line)
        if match and not match[3] or match and match[3] == "00":
            hours = int(match[2])
            if hours == 0:
                return "UTC"
            sign = "-" if match[1] == "+" else "+"
            return f"Etc/GMT{sign}{hours}" if hours <= 14 else None
    return None


def outlet_zone(outlet: str | None) -> str:
    """Return the IANA zone an outlet's times are written in, UTC when unknown."""
    return OUTLET_ZONES.get(canonical_outlet(outlet or "") or outlet or "", "UTC")


_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+){0,3})"
    r"(?:,\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}|[A-Z][a-zA-Z.]+(?:\s+[A-Z][a-zA-Z.]+)?))?"
    r"\s*(?:\(([^)]{2,30})\))?\s*(?:--|—|–|-)\s+"
)


def find_dateline(paragraph: str) -> str | None:
    """Return the place of a dateline opening a paragraph (``WASHINGTON, May 3 (Yonhap) --``)."""
    match = _DATELINE.match(paragraph or "")
    if match is None or len(match[1]) < 3:
        return None
    return " ".join(w.capitalize() if w.isupper() else w for w in match[1].split())


def is_meta_line(line: str) -> bool:
    """Return True for a short line that carries a byline or a date, not article prose."""
    words = line.split()
    if not words or len(words) > 16:
        return False
    if parse_byline(line) is not None:
        return True
    found = _find_date(line)
    if found is None:
        return False
    labelled = _PUBLISHED.search(line) or _UPDATED.search(line)
    return len(words) <= 8 or bool(labelled) or _find_time(line, *found[1:]) is not None


_CREDIT = re.compile(
    r"(?i)^(?:photo|image|picture|courtesy|credit|source|file|video|by)\b|getty images|"
    r"shutterstock|\bmin(?:ute)?s? read\b|^(?:share|advertisement|related)\b"
)


def _headline_like(line: str) -> bool:
    """Return True for a line that could be a headline: a few words, no credit, no byline."""
    words = line.split()
    opens = line[:1].isalnum() or line[:1] in "\"'‘“"
    return (
        opens
        and 3 <= len(words) <= 30
        and not line.rstrip().endswith((":", ","))
        and not _CREDIT.search(line)
        and canonical_outlet(line) is None
        and not is_meta_line(line)
    )


def find_title(lines: Sequence[str]) -> str | None:
    """Return the headline: the line before the byline and date lines, or a repeated line.

    ``lines`` are the page's lines up to the start of the body.
    """
    stripped = [line.strip() for line in lines]
    meta = [i for i, line in enumerate(stripped) if line and is_meta_line(line)]
    if meta and meta[-1] >= len(stripped) - 14:
        # Walk back over the block of byline and date lines that ends nearest the body.
        start = meta[-1]
        while start > 0 and (not stripped[start - 1] or is_meta_line(stripped[start - 1])):
            start -= 1
        before = [line for line in stripped[:start] if line]
        if before and _headline_like(before[-1]):
            return before[-1]
    counts = Counter(line for line in stripped if len(line.split()) > 3 and _headline_like(line))
    repeated = [line for line, n in counts.items() if n > 1]
    if repeated:
        return repeated[-1]
    # Else the nearest headline-like line among the last few before the body.
    recent = [line for line in stripped if line][-4:]
    return next((line for line in reversed(recent) if _headline_like(line)), None)


def find_dates(lines: Sequence[str], zone: str = "UTC") -> tuple[str | None, str | None]:
    """Return (published, updated) from header lines, preferring labelled, timed dates."""
    best: tuple[tuple[int, int, int], str] | None = None
    updated = None
    for index, line in enumerate(lines):
        if len(line.split()) > 20:
            continue
        published, changed = parse_dates(line, zone)
        updated = updated or changed
        if published is None:
            continue
        rank = ("T" in published, bool(_PUBLISHED.search(line)), index)
        if best is None or rank[:2] > best[0][:2]:
            best = (rank, published)
    return (best[1] if best else None), updated
