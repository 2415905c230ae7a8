"""A story's timeline drawn as an SVG chart on the server: one row an event, spans as bars.

Labels sit in a column on the left; dots (one day) and bars (a span) sit on a time axis on
the right. Long quiet stretches (a 2019 background fact in a 2025 story) are folded: each
gap longer than a few typical gaps is drawn at a fixed width and marked with a break, so
recent events do not collapse into one point. Every piece of text is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from statistics import median

from ..model import Event

__all__ = ["timeline_svg", "fold_scale"]

WIDTH, ROW, TOP = 760, 20, 34
LABEL_W, PLOT_X0, PLOT_X1 = 330, 350, 740
LABEL_CHARS = 52
REPORTED, PLANNED = "#24588f", "#c05a00"


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


def fold_scale(days: Sequence[date]) -> tuple[dict[date, float], list[float]]:
    """Return each day's position from 0 to 1 with long gaps folded, and where folds fall."""
    unique = sorted(set(days))
    if len(unique) == 1:
        return {unique[0]: 0.5}, []
    gaps = [(b - a).days for a, b in zip(unique, unique[1:], strict=False)]
    cap = max(7.0, 4.0 * median(gaps))
    at, positions, folds = 0.0, {unique[0]: 0.0}, []
    for day, gap in zip(unique[1:], gaps, strict=False):
        if gap > cap:
            folds.append(at + cap / 2)
        at += min(gap, cap)
        positions[day] = at
    return {d: p / at for d, p in positions.items()}, [f / at for f in folds]


def _label(event: Event) -> str:
    """Return the row label: the date at its precision and the start of the statement."""
    text = " ".join(event.text.split())
    date_text = event.date + (f" – {event.end_date}" if event.end_date else "")
    label = f"{date_text}  {text}"
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _axis(first: str, last: str, folds: list[float], height: int) -> list[str]:
    """Return the SVG parts of the axis: its line, end dates and fold marks."""

    def x(p: float) -> float:
        return PLOT_X0 + (PLOT_X1 - PLOT_X0) * p

    parts = [
        f'<line x1="{PLOT_X0}" y1="22" x2="{PLOT_X1}" y2="22" stroke="#777"/>',
        f'<text x="{PLOT_X0}" y="14" font-size="11" fill="#333">{escape(first)}</text>',
        f'<text x="{PLOT_X1}" y="14" font-size="11" text-anchor="end" fill="#333">'
        f"{escape(last)}</text>",
    ]
    for fold in folds:
        parts.append(
            f'<path class="fold" d="M{x(fold) - 4:.1f} 27 l4 -10 M{x(fold):.1f} 27 l4 -10"'
            f' stroke="#777"/><line x1="{x(fold):.1f}" y1="28" x2="{x(fold):.1f}"'
            f' y2="{height - 18}" stroke="#ccc" stroke-dasharray="3 3"/>'
        )
    return parts


def timeline_svg(events: Sequence[Event]) -> str:
    """Return an SVG timeline of the events, ordered by when they happened (escaped text)."""
    dated = sorted(((d, e) for e in events if (d := _day(e.date))), key=lambda x: x[0])
    if not dated:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="760" height="30"'
            ' role="img" aria-label="no dated events"><text x="10" y="20">No dated events'
            "</text></svg>"
        )
    ends = {e.id: end for _, e in dated if (end := _day(e.end_date))}
    scale, folds = fold_scale([d for d, _ in dated] + list(ends.values()))
    first, last = min(scale), max(scale)
    first_text = dated[0][1].date.split("T")[0]
    last_text = max(dated, key=lambda de: ends.get(de[1].id) or de[0])[1]
    last_text_value = (last_text.end_date or last_text.date).split("T")[0]
    height = TOP + ROW * len(dated) + 24

    def x(day: date) -> float:
        return PLOT_X0 + (PLOT_X1 - PLOT_X0) * scale[day]

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{WIDTH}"'
        f' height="{height}" viewBox="0 0 {WIDTH} {height}" role="img"'
        f' aria-label="timeline of {len(dated)} events from {first} to {last}">',
        *_axis(first_text, last_text_value, folds, height),
    ]
    for row, (day, event) in enumerate(dated):
        y = TOP + ROW * row + 6
        colour = PLANNED if event.planned else REPORTED
        parts.append(f'<g class="row"><title>{escape(event.date)}: {escape(event.text)}</title>')
        parts.append(
            f'<line x1="{PLOT_X0}" y1="{y}" x2="{PLOT_X1}" y2="{y}" stroke="#eee"/>'
            f'<text x="0" y="{y + 4}" font-size="11" fill="#222">{escape(_label(event))}</text>'
        )
        end = ends.get(event.id)
        if end and end > day:
            parts.append(
                f'<rect class="event" x="{x(day):.1f}" y="{y - 5}" rx="3"'
                f' width="{max(x(end) - x(day), 6):.1f}" height="10" fill="{colour}"/>'
            )
        else:
            parts.append(
                f'<circle class="event" cx="{x(day):.1f}" cy="{y}" r="5" fill="{colour}"/>'
            )
        parts.append("</g>")
    legend_y = height - 6
    parts.append(
        f'<circle cx="6" cy="{legend_y - 4}" r="4" fill="{REPORTED}"/><text x="14" y="{legend_y}"'
        f' font-size="10" fill="#555">happened</text><circle cx="80" cy="{legend_y - 4}" r="4"'
        f' fill="{PLANNED}"/><text x="88" y="{legend_y}" font-size="10" fill="#555">planned'
        f"</text>"
        + (
            f'<text x="{PLOT_X1}" y="{legend_y}" font-size="10" fill="#555" text-anchor="end">'
            "// long quiet stretches folded</text>"
            if folds
            else ""
        )
    )
    parts.append("</svg>")
    return "".join(parts)
