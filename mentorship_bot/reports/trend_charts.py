"""The trend over time as inline SVG: pairs by status (stacked areas), average completion (a line).

No JavaScript and no external file: the report works offline. Each chart has a ``<title>`` and a
``<desc>``, axis labels, and a table of the same numbers follows it for whoever cannot see it.
Dates are placed by time, not by rank, since the history is daily lately and weekly before.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from mentorship_bot.provision.desired_state import STATUS_COLORS, STATUSES
from mentorship_bot.sweep.history import TrendPoint

_WIDTH, _HEIGHT = 640, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 56, 16, 14, 52  # room for the axes and their labels


def trend_section(points: Sequence[TrendPoint]) -> str:
    """The report's "Trend" section: both charts and the table, or why there is none yet."""
    parts = ["<h2>Trend</h2>"]
    if len(points) < 2:
        parts.append("<p>The trend appears after the second nightly sweep; it is kept in the "
                     "dashboard issue, so it needs the program's <code>dashboard_project</code>."
                     "</p>")
        return "\n".join(parts)
    parts.append(f"<p>{len(points)} nights from {points[0].day} to {points[-1].day} (the "
                 "dashboard issue keeps every night of the last 90 days, one a week before)."
                 "</p>")
    parts.append("<h3>Pairs by status over time</h3>")
    parts.append(status_areas(points))
    parts.append("<h3>Average completion over time</h3>")
    parts.append('<p class="lead">Of the pairs that have started: a round not begun yet does '
                 "not pull it down.</p>")
    parts.append(completion_line(points))
    parts.append(_table(points))
    return "\n".join(parts)


def status_areas(points: Sequence[TrendPoint]) -> str:
    """One filled path per status, stacked in the statuses' order, with a legend."""
    top = max(1, max(p.pairs for p in points))
    title = "Pairs by status over time"
    desc = (f"Stacked areas from {points[0].day} to {points[-1].day}; "
            f"{points[-1].pairs} pairs on the last night.")
    parts = [_open("trend-status", title, desc), _y_axis(top, "Pairs"), _x_axis(points)]
    below = [0] * len(points)
    for status in STATUSES:
        above = [b + p.by_status.get(status, 0) for b, p in zip(below, points, strict=True)]
        upper = [(_x(points, p.day), _y(v, top)) for p, v in zip(points, above, strict=True)]
        lower = [(_x(points, p.day), _y(v, top)) for p, v in zip(points, below, strict=True)][::-1]
        path = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in upper + lower) + " Z"
        last = points[-1].by_status.get(status, 0)
        parts.append(f'<path class="area" data-status="{status}" d="{path}" '
                     f'fill="{STATUS_COLORS[status]}"><title>{status}: {last} on the last night'
                     "</title></path>")
        below = above
    x = _LEFT
    for status in STATUSES:
        parts.append(f'<rect x="{x}" y="{_HEIGHT - 14}" width="12" height="12" '
                     f'fill="{STATUS_COLORS[status]}"/>'
                     f'<text x="{x + 16}" y="{_HEIGHT - 3}">{status}</text>')
        x += 22 + 7 * len(status)
    parts.append("</svg>")
    return "".join(parts)


def completion_line(points: Sequence[TrendPoint]) -> str:
    """The program's average completion, 0 to 100%, one marked point a night."""
    title = "Average completion over time"
    desc = (f"A line from {points[0].average_completion:.1f}% on {points[0].day} to "
            f"{points[-1].average_completion:.1f}% on {points[-1].day}.")
    parts = [_open("trend-completion", title, desc), _y_axis(100, "Average completion (%)"),
             _x_axis(points)]
    xy = [(_x(points, p.day), _y(p.average_completion, 100)) for p in points]
    parts.append('<path class="line" fill="none" stroke="#1f75cb" stroke-width="2" d="M'
                 + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + '"/>')
    parts += [f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#1f75cb">'
              f"<title>{p.day}: {p.average_completion:.1f}%</title></circle>"
              for p, (x, y) in zip(points, xy, strict=True)]
    parts.append("</svg>")
    return "".join(parts)


def _open(css_id: str, title: str, desc: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" id="{css_id}" class="chart trend" '
            f'role="img" aria-labelledby="{css_id}-title {css_id}-desc" width="{_WIDTH}" '
            f'height="{_HEIGHT}" viewBox="0 0 {_WIDTH} {_HEIGHT}">'
            f'<title id="{css_id}-title">{escape(title)}</title>'
            f'<desc id="{css_id}-desc">{escape(desc)}</desc>')


def _x(points: Sequence[TrendPoint], day: date) -> float:
    span = (points[-1].day - points[0].day).days or 1
    return _LEFT + (_WIDTH - _LEFT - _RIGHT) * (day - points[0].day).days / span


def _y(value: float, top: float) -> float:
    return _TOP + (_HEIGHT - _TOP - _BOTTOM) * (1 - value / top)


def _y_axis(top: int, label: str) -> str:
    bottom = _HEIGHT - _BOTTOM
    ticks = sorted({0, top // 2, top}) if top > 1 else [0, 1]
    parts = [f'<line class="axis" x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{bottom}" '
             'stroke="#737278"/>']
    for tick in ticks:
        y = _y(tick, top)
        parts.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_WIDTH - _RIGHT}" y2="{y:.1f}" '
                     f'stroke="#ececef"/><text x="{_LEFT - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{tick}</text>')
    middle = (_TOP + bottom) / 2
    parts.append(f'<text class="axis-label" x="12" y="{middle:.1f}" text-anchor="middle" '
                 f'transform="rotate(-90 12 {middle:.1f})">{escape(label)}</text>')
    return "".join(parts)


def _x_axis(points: Sequence[TrendPoint]) -> str:
    bottom = _HEIGHT - _BOTTOM
    parts = [f'<line class="axis" x1="{_LEFT}" y1="{bottom}" x2="{_WIDTH - _RIGHT}" '
             f'y2="{bottom}" stroke="#737278"/>']
    for day, anchor in ((points[0].day, "start"), (points[-1].day, "end")):
        parts.append(f'<text x="{_x(points, day):.1f}" y="{bottom + 16}" '
                     f'text-anchor="{anchor}">{day}</text>')
    parts.append(f'<text class="axis-label" x="{(_LEFT + _WIDTH - _RIGHT) / 2:.0f}" '
                 f'y="{bottom + 32}" text-anchor="middle">Date</text>')
    return "".join(parts)


def _table(points: Sequence[TrendPoint]) -> str:
    head = "".join(f"<th>{s}</th>" for s in STATUSES)
    rows = "".join(
        f"<tr><td>{p.day}</td>"
        + "".join(f'<td class="num">{p.by_status.get(s, 0)}</td>' for s in STATUSES)
        + f'<td class="num">{p.average_completion:.1f}%</td></tr>'
        for p in reversed(points)
    )
    return ('<details class="trend-table"><summary>The trend as a table</summary><table>'
            f"<thead><tr><th>Night</th>{head}<th>Average completion</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></details>")
