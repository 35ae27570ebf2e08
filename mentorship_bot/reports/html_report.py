"""``report.html``: one self-contained page a coordinator would rather look at than read."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from mentorship_bot.provision.desired_state import STATUS_COLORS
from mentorship_bot.reports.svg_charts import bars, stacked_bars
from mentorship_bot.reports.trend_charts import trend_section
from mentorship_bot.sweep.certificates import Certificate
from mentorship_bot.sweep.history import TrendPoint
from mentorship_bot.sweep.progress import PairProgress, ProgramProgress
from mentorship_bot.sweep.waitlist_text import room_text, shown_rooms, waiting_text

_STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1f1e24}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;font-size:1.2rem}
.lead{color:#535158;margin-top:0}.figures{display:flex;gap:1rem;flex-wrap:wrap}
.figure{border:1px solid #dcdcde;border-radius:6px;padding:.6rem 1rem;min-width:8rem}
.figure b{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0}
th,td{border-bottom:1px solid #ececef;padding:.3rem .5rem;text-align:left}
th{background:#fbfafd}td.num{text-align:right}
.status{display:inline-block;padding:0 .5rem;border-radius:1rem;color:#fff;font-size:.85rem}
.status.not-started{color:#1f1e24}
svg.chart{max-width:100%;height:auto;font-size:12px;font-family:inherit}
svg .on-bar{fill:#fff;font-weight:600}svg .on-bar.light{fill:#1f1e24}
svg .track{fill:#ececef}svg .bar{fill:#1f75cb}
footer{margin-top:3rem;color:#737278;font-size:.85rem}
"""


def report_html(progress: ProgramProgress, certificates: Sequence[Certificate] = (),
                trend: Sequence[TrendPoint] = ()) -> str:
    name = escape(progress.name)
    totals = progress.by_status
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{name}: progress on {progress.today.isoformat()}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{name}</h1>",
        f'<p class="lead">Progress on {progress.today.isoformat()} · a pair completes the '
        f"program at {progress.threshold_percent}% of its milestones.</p>",
        '<div class="figures">',
        _figure("pairs", len(progress.pairs)),
        _figure("completed", totals["completed"]),
        _figure("on track", totals["on-track"]),
        _figure("at risk", totals["at-risk"]),
        _figure("stalled", totals["stalled"]),
        _figure("certificates", len(certificates)),
        "</div>",
        "<h2>Pairs by status, per round</h2>",
        stacked_bars("Pairs by status, per round",
                     [(f"{r.name} ({r.phase})", r.by_status) for r in progress.rounds]),
        trend_section(trend),
    ]
    for round_ in progress.rounds:
        if not round_.pairs:
            continue
        parts.append(f"<h2>{escape(round_.name)}: {round_.starts} to {round_.ends}</h2>")
        parts.append(f"<p>{len(round_.pairs)} pairs, average completion "
                     f"{round_.average_completion_percent}%.</p>")
        parts.append("<h3>Completion distribution</h3>")
        parts.append(bars(f"Completion distribution, {round_.name}",
                          [(label, n, len(round_.pairs)) for label, n in round_.histogram]))
        parts.append("<h3>Milestone funnel</h3>")
        parts.append(bars(f"Milestone funnel, {round_.name}",
                          [(m.title, m.done, m.pairs) for m in round_.milestone_rates]))
        parts.append(_pairs_table(round_.pairs))
    parts.append(_mentor_table(progress))
    parts.append("<h2>Mentees waiting for a mentor</h2>")
    parts.append(("<ul>" + "".join(
        f"<li>{escape(waiting_text(w, progress, quote=''))}</li>"
        for w in progress.waitlist) + "</ul>") if progress.waitlist else "<p>None.</p>")
    if progress.waitlist:
        rooms = shown_rooms(progress)
        parts.append("<p>Next room: " + (escape("; ".join(room_text(r, progress, quote="")
                                                          for r in rooms))
                                         if rooms else "no mentor has room.") + "</p>")
    parts.append("<footer>Made by mentorship-bot from GitLab issues. Numbers and statuses only: "
                 "nothing a pair wrote is in this report.</footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _figure(label: str, value: int) -> str:
    return f'<div class="figure"><b>{value}</b>{escape(label)}</div>'


def _status(status: str) -> str:
    return (f'<span class="status {escape(status)}" '
            f'style="background:{STATUS_COLORS.get(status, "#737278")}">{escape(status)}</span>')


def _pairs_table(pairs: Sequence[PairProgress]) -> str:
    rows = "".join(
        f"<tr><td>{escape(p.mentee)}</td><td>{escape(p.mentor)}</td>"
        f"<td>{p.starts or ''} to {p.ends or ''}</td><td>{_status(p.status)}"
        f"{' (' + escape(p.ended_reason) + ')' if p.ended_reason else ''}</td>"
        f'<td class="num">{p.done}/{p.total}</td><td class="num">{p.completion_percent}%</td>'
        f'<td class="num">{p.overdue}</td>'
        f"<td>{p.last_activity.isoformat() if p.last_activity else '–'}</td></tr>"
        for p in pairs
    )
    return ("<h3>Pairs</h3><table><thead><tr><th>Mentee</th><th>Mentor</th><th>Dates</th>"
            "<th>Status</th>"
            "<th>Done</th><th>Completion</th><th>Overdue</th><th>Last activity</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def _mentor_table(progress: ProgramProgress) -> str:
    rows = "".join(
        f"<tr><td>{escape(m.username)}</td><td class=\"num\">{m.pairs}</td>"
        f"<td class=\"num\">{m.capacity}</td><td>{'over the limit' if m.over else ''}</td></tr>"
        for m in progress.mentor_load
    )
    return ("<h2>Mentors' load (pairs at once, from today)</h2><table><thead><tr><th>Mentor</th>"
            "<th>Pairs</th><th>Soft limit</th><th></th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")
