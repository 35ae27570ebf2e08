"""``report.md``: the numbers for people, readable in GitLab or any editor."""

from __future__ import annotations

from collections.abc import Sequence

from mentorship_bot.provision.desired_state import STATUSES
from mentorship_bot.render.neutralise import neutralise, oneline
from mentorship_bot.reports.trend_tables import trend_markdown
from mentorship_bot.sweep.certificates import Certificate
from mentorship_bot.sweep.history import TrendPoint
from mentorship_bot.sweep.progress import ProgramProgress
from mentorship_bot.sweep.waitlist_text import waitlist_markdown

_STATUSES = STATUSES


def _text(value: str) -> str:
    return oneline(neutralise(value))


def report_markdown(progress: ProgramProgress, certificates: Sequence[Certificate] = (),
                    trend: Sequence[TrendPoint] = ()) -> str:
    totals = progress.by_status
    lines = [
        f"# {_text(progress.name)}: progress on {progress.today.isoformat()}",
        "",
        f"{len(progress.pairs)} pairs in {len(progress.rounds)} rounds · "
        f"{totals['completed']} completed · {totals['at-risk']} at risk · "
        f"{totals['stalled']} stalled · completion threshold {progress.threshold_percent}%",
        "",
        "## Rounds",
        "",
        "| Round | Dates | Phase | Pairs | " + " | ".join(_STATUSES) + " | Average completion |",
        "|---|---|---|---|" + "---|" * len(_STATUSES) + "---|",
    ]
    for r in progress.rounds:
        counts = " | ".join(str(r.by_status[s]) for s in _STATUSES)
        lines.append(f"| {_text(r.name)} | {r.starts} to {r.ends} | {r.phase} | {len(r.pairs)} "
                     f"| {counts} | {r.average_completion_percent}% |")
    lines += ["", *trend_markdown(trend)]
    attention = [p for p in progress.pairs if p.status in ("stalled", "at-risk")]
    lines += ["## Pairs that need attention", ""]
    if attention:
        lines += ["| Round | Mentee | Mentor | Status | Completion | Overdue | Last activity |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| {p.round} | `{p.mentee}` | `{p.mentor}` | {p.status} | "
                  f"{p.completion_percent}% | {p.overdue} | "
                  f"{p.last_activity.isoformat() if p.last_activity else 'none yet'} |"
                  for p in attention]
    else:
        lines.append("None.")
    lines += ["", "## Milestones done, by round", ""]
    for r in progress.rounds:
        if not r.pairs:
            continue
        lines.append(f"**{_text(r.name)}**: " + ", ".join(
            f"{_text(m.title)} {m.done}/{m.pairs}" for m in r.milestone_rates))
        lines.append("")
    over = [m for m in progress.mentor_load if m.over]
    lines += ["## Mentors over their soft limit", ""]
    lines += [f"- `{m.username}`: {m.pairs} pairs (limit {m.capacity})" for m in over] or ["None."]
    lines += ["", "## Mentees waiting for a mentor", ""]
    lines += waitlist_markdown(progress)
    lines += ["", "## Certificates issued", ""]
    lines += [f"- `{c.username}` ({c.role}, {c.round}): {c.completion_percent}%, verification id "
              f"`{c.verification_id}`" for c in certificates] or ["None yet."]
    return "\n".join(lines) + "\n"
