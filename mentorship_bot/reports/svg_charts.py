"""Small inline SVG charts: no JavaScript, no external file, readable without colour.

Every bar carries its number as text, and every chart has a ``<title>`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from mentorship_bot.provision.desired_state import STATUS_COLORS

_LABEL_WIDTH = 190
_WIDTH = 640
_ROW = 28


def stacked_bars(title: str, rows: Sequence[tuple[str, dict[str, int]]]) -> str:
    """One horizontal bar per row, split by status; the legend names every status."""
    height = _ROW * len(rows) + 44
    plot = _WIDTH - _LABEL_WIDTH - 10
    parts = [_open(title, height)]
    for i, (label, counts) in enumerate(rows):
        y = 8 + i * _ROW
        total = sum(counts.values())
        parts.append(_label(label, y))
        x = float(_LABEL_WIDTH)
        for status, n in counts.items():
            if not n:
                continue
            width = plot * n / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="20" '
                f'fill="{STATUS_COLORS[status]}"><title>{escape(status)}: {n}</title></rect>'
            )
            if width >= 18:
                light = " light" if status == "not-started" else ""
                parts.append(f'<text x="{x + width / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                             f'class="on-bar{light}">{n}</text>')
            x += width
        if not total:
            parts.append(f'<text x="{_LABEL_WIDTH}" y="{y + 15}">no pairs</text>')
    legend_y = 8 + len(rows) * _ROW + 10
    x = 0
    for status, color in STATUS_COLORS.items():
        parts.append(f'<rect x="{x}" y="{legend_y}" width="12" height="12" fill="{color}"/>'
                     f'<text x="{x + 16}" y="{legend_y + 11}">{escape(status)}</text>')
        x += 20 + 8 * len(status)
    parts.append("</svg>")
    return "".join(parts)


def bars(title: str, rows: Sequence[tuple[str, int, int]], unit: str = "") -> str:
    """Horizontal bars of ``value`` out of ``maximum`` (a funnel, a histogram), with numbers."""
    height = _ROW * len(rows) + 10
    plot = _WIDTH - _LABEL_WIDTH - 90
    parts = [_open(title, height)]
    for i, (label, value, maximum) in enumerate(rows):
        y = 6 + i * _ROW
        width = plot * value / maximum if maximum else 0
        parts.append(_label(label, y))
        parts.append(f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{plot}" height="20" '
                     f'class="track"/>')
        parts.append(f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="20" '
                     f'class="bar"><title>{escape(label)}: {value} of {maximum}</title></rect>')
        shown = f"{value}/{maximum}" if unit == "" else f"{value}{unit}"
        parts.append(f'<text x="{_LABEL_WIDTH + plot + 6}" y="{y + 15}">{escape(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _open(title: str, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_WIDTH}" '
            f'height="{height}" viewBox="0 0 {_WIDTH} {height}" class="chart">'
            f"<title>{escape(title)}</title>")


def _label(text: str, y: int) -> str:
    shown = text if len(text) <= 28 else text[:27] + "…"
    return f'<text x="0" y="{y + 15}">{escape(shown)}</text>'
