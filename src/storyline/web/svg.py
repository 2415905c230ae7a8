"""A story's timeline drawn as an SVG chart on the server: one dot a day, planned spans as bars."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from ..model import Event

__all__ = ["timeline_svg"]

WIDTH, ROW, PAD = 760, 22, 40


def _day(value: str | None) -> date | None:
    """Return the first day an ISO date of any precision names, or None."""
    if not value:
        return None
    parts = value.split("T")[0].split("/")[0].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def timeline_svg(events: Sequence[Event]) -> str:
    """Return an SVG timeline of the events, ordered by when they happened (escaped text)."""
    dated = sorted(((d, e) for e in events if (d := _day(e.date))), key=lambda x: x[0])
    if not dated:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="760" height="30" role="img" '
            'aria-label="no dated events"><text x="10" y="20">No dated events</text></svg>'
        )
    first = dated[0][0]
    last = max(_day(e.end_date) or d for d, e in dated)
    span = max((last - first).days, 1)
    height = PAD + ROW * len(dated) + 10

    def x(day: date) -> float:
        return PAD + (WIDTH - 2 * PAD) * (day - first).days / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="timeline of {len(dated)} events">',
        f'<line x1="{PAD}" y1="20" x2="{WIDTH - PAD}" y2="20" stroke="#888"/>',
        f'<text x="{PAD}" y="14" font-size="11">{first.isoformat()}</text>',
        f'<text x="{WIDTH - PAD}" y="14" font-size="11" text-anchor="end">'
        f"{last.isoformat()}</text>",
    ]
    for row, (day, event) in enumerate(dated):
        y = PAD + ROW * row
        end = _day(event.end_date)
        colour = "#c60" if event.planned else "#246"
        if end and end > day:
            parts.append(
                f'<rect class="event" x="{x(day):.1f}" y="{y - 5}" '
                f'width="{max(x(end) - x(day), 4):.1f}" height="10" fill="{colour}"/>'
            )
        else:
            parts.append(
                f'<circle class="event" cx="{x(day):.1f}" cy="{y}" r="5" fill="{colour}"/>'
            )
        label = escape(f"{event.date} {event.text}"[:90])
        anchor = "end" if x(day) > WIDTH / 2 else "start"
        offset = -9 if anchor == "end" else 9
        parts.append(
            f'<text x="{x(day) + offset:.1f}" y="{y + 4}" font-size="11" '
            f'text-anchor="{anchor}"><title>{escape(event.text)}</title>{label}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
