"""Calendar arithmetic for time expressions: the anchor day, names, and ISO values.

The finder in ``expressions`` decides *what* an expression says ("last Tuesday", "May 3-5");
this module decides *which day* that is, given the publication time read in the dateline's
zone. Values are ISO strings at their precision: ``2021-05-23``, ``2019-02``, ``2018``,
``2021-W20``, ranges ``2021-06-11/2021-06-13``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "NUMBERS",
    "anchor_day",
    "zone_for_dateline",
    "make_date",
    "weekday_near",
    "year_for_month",
    "year_for_day",
    "shift",
    "iso_week",
]

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3,
    "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Datelines seen in English-language news, lower-cased, to the IANA zone of the place.
_DATELINE_ZONES: dict[str, str] = {
    "washington": "America/New_York", "new york": "America/New_York",
    "boston": "America/New_York", "miami": "America/New_York", "atlanta": "America/New_York",
    "philadelphia": "America/New_York", "detroit": "America/Detroit",
    "chicago": "America/Chicago", "houston": "America/Chicago", "dallas": "America/Chicago",
    "denver": "America/Denver", "phoenix": "America/Phoenix",
    "los angeles": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "toronto": "America/Toronto",
    "ottawa": "America/Toronto", "montreal": "America/Toronto",
    "vancouver": "America/Vancouver", "mexico city": "America/Mexico_City",
    "sao paulo": "America/Sao_Paulo", "são paulo": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo", "brasilia": "America/Sao_Paulo",
    "buenos aires": "America/Argentina/Buenos_Aires", "bogota": "America/Bogota",
    "lima": "America/Lima", "santiago": "America/Santiago", "caracas": "America/Caracas",
    "havana": "America/Havana", "london": "Europe/London", "dublin": "Europe/Dublin",
    "edinburgh": "Europe/London", "paris": "Europe/Paris", "brussels": "Europe/Brussels",
    "berlin": "Europe/Berlin", "frankfurt": "Europe/Berlin", "amsterdam": "Europe/Amsterdam",
    "the hague": "Europe/Amsterdam", "geneva": "Europe/Zurich", "zurich": "Europe/Zurich",
    "vienna": "Europe/Vienna", "rome": "Europe/Rome", "vatican city": "Europe/Rome",
    "milan": "Europe/Rome", "madrid": "Europe/Madrid", "barcelona": "Europe/Madrid",
    "lisbon": "Europe/Lisbon", "stockholm": "Europe/Stockholm", "oslo": "Europe/Oslo",
    "copenhagen": "Europe/Copenhagen", "helsinki": "Europe/Helsinki",
    "warsaw": "Europe/Warsaw", "prague": "Europe/Prague", "budapest": "Europe/Budapest",
    "athens": "Europe/Athens", "istanbul": "Europe/Istanbul", "ankara": "Europe/Istanbul",
    "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv", "moscow": "Europe/Moscow",
    "minsk": "Europe/Minsk", "bucharest": "Europe/Bucharest", "jerusalem": "Asia/Jerusalem",
    "tel aviv": "Asia/Jerusalem", "gaza": "Asia/Gaza", "gaza city": "Asia/Gaza",
    "beirut": "Asia/Beirut", "damascus": "Asia/Damascus", "baghdad": "Asia/Baghdad",
    "tehran": "Asia/Tehran", "riyadh": "Asia/Riyadh", "dubai": "Asia/Dubai",
    "abu dhabi": "Asia/Dubai", "doha": "Asia/Qatar", "cairo": "Africa/Cairo",
    "johannesburg": "Africa/Johannesburg", "cape town": "Africa/Johannesburg",
    "nairobi": "Africa/Nairobi", "lagos": "Africa/Lagos", "abuja": "Africa/Lagos",
    "addis ababa": "Africa/Addis_Ababa", "kabul": "Asia/Kabul",
    "islamabad": "Asia/Karachi", "karachi": "Asia/Karachi", "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "dhaka": "Asia/Dhaka",
    "bangkok": "Asia/Bangkok", "hanoi": "Asia/Bangkok", "singapore": "Asia/Singapore",
    "kuala lumpur": "Asia/Kuala_Lumpur", "jakarta": "Asia/Jakarta", "manila": "Asia/Manila",
    "beijing": "Asia/Shanghai", "shanghai": "Asia/Shanghai", "hong kong": "Asia/Hong_Kong",
    "taipei": "Asia/Taipei", "seoul": "Asia/Seoul", "pyongyang": "Asia/Pyongyang",
    "tokyo": "Asia/Tokyo", "osaka": "Asia/Tokyo", "sydney": "Australia/Sydney",
    "canberra": "Australia/Sydney", "melbourne": "Australia/Melbourne",
    "perth": "Australia/Perth", "auckland": "Pacific/Auckland",
    "wellington": "Pacific/Auckland", "honolulu": "Pacific/Honolulu",
    "united nations": "America/New_York",
}  # fmt: skip


def zone_for_dateline(dateline: str | None) -> str | None:
    """Return the IANA zone of a dateline place ("WASHINGTON (AP)" -> "America/New_York")."""
    if not dateline:
        return None
    place = dateline.replace("\u2014", ",").replace("(", ",").replace("\u2013", ",")
    place = place.split(",")[0].strip().strip(".-: ").lower()
    place = " ".join(place.split())
    return _DATELINE_ZONES.get(place)


def anchor_day(anchor: str | None, zone: str | None = None) -> date | None:
    """Return the calendar day of an ISO anchor as seen in ``zone`` (else its own offset)."""
    if not anchor:
        return None
    text = anchor.strip()
    try:
        if len(text) <= 10:
            return _usable(date.fromisoformat(text))
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if zone and moment.tzinfo is not None:
        try:
            moment = moment.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError, OverflowError):
            pass
    return _usable(moment.date())


def _usable(day: date) -> date | None:
    """Return a day that relative dates ("next year", "two weeks ago") can count from.

    A publication date at the very edge of the calendar (year 1 or 9999, as a broken
    feed gives) is no anchor: counting from it would leave the calendar.
    """
    return day if 2 <= day.year <= 9998 else None


def make_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when it does not exist ("February 30")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def weekday_near(day: date, weekday: int, mode: str) -> date:
    """Return the ``weekday`` nearest ``day``: mode before|on_or_before|after|on_or_after."""
    back = (day.weekday() - weekday) % 7
    ahead = (weekday - day.weekday()) % 7
    if mode == "before":
        return day - timedelta(days=back or 7)
    if mode == "after":
        return day + timedelta(days=ahead or 7)
    if mode == "on_or_after":
        return day + timedelta(days=ahead)
    return day - timedelta(days=back)


def year_for_month(month: int, anchor: date, lean: str | None) -> int:
    """Return the year of a month named without one: the last (past), next (future) or nearest."""
    if lean == "past":
        return anchor.year if month <= anchor.month else anchor.year - 1
    if lean == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    diff = month - anchor.month
    if diff > 6:
        return anchor.year - 1
    if diff < -6:
        return anchor.year + 1
    return anchor.year


_FAR_DAYS = 240  # a yearless date this far off in the tense's direction is doubtful...
_NEAR_DAYS = 60  # ...when this close the other way


def year_for_day(month: int, day: int, anchor: date, lean: str | None) -> int | None:
    """Return the year that puts a month-day nearest the anchor, leaning past or future."""
    options = [
        (d, y)
        for y in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (d := make_date(y, month, day)) is not None
    ]
    if not options:
        return None
    nearest = min(options, key=lambda o: abs((o[0] - anchor).days))
    if lean == "past":
        options = [o for o in options if o[0] <= anchor] or options
    elif lean == "future":
        options = [o for o in options if o[0] >= anchor] or options
    leaning = min(options, key=lambda o: abs((o[0] - anchor).days))
    # A tense marker can belong to another verb ("agreed Tuesday to hold a summit on April
    # 11"): a reading most of a year away loses to one a few weeks off the other way.
    far = abs((leaning[0] - anchor).days) > _FAR_DAYS
    if far and abs((nearest[0] - anchor).days) <= _NEAR_DAYS:
        return nearest[1]
    return leaning[1]


def shift(anchor: date, amount: int, unit: str) -> tuple[str, str]:
    """Return (value, precision) for ``anchor`` moved by ``amount`` days|weeks|months|years."""
    if unit == "day":
        return (anchor + timedelta(days=amount)).isoformat(), "day"
    if unit == "week":
        return iso_week(anchor + timedelta(weeks=amount)), "week"
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + amount
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    return f"{anchor.year + amount:04d}", "year"


def iso_week(day: date) -> str:
    """Return the ISO week of a day, ``2021-W20``."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"
