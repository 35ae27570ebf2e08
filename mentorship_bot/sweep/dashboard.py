"""The program dashboard issue: numbers for the coordinators, never what a pair wrote.

Usernames are written in code spans, not as @mentions: the dashboard is rewritten every night and
must not notify a hundred people each time. Only the stalled-pairs escalation mentions someone, and
only the coordinators.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mentorship_bot.provision.observed_state import ObservedDashboard
from mentorship_bot.render.neutralise import neutralise, oneline
from mentorship_bot.sweep.history import History, TrendPoint, encode, history_of, record, tonight
from mentorship_bot.sweep.progress import PairProgress, ProgramProgress
from mentorship_bot.sweep.waitlist_text import waitlist_markdown

DASHBOARD_LABEL = "kind::dashboard"


def dashboard_marker(program_slug: str) -> str:
    return f"{program_slug}/dashboard"


def dashboard_intro(progress: ProgramProgress) -> str:
    return (
        f"The numbers of **{_cell(progress.name)}**, kept up to date by mentorship-bot every "
        "night. The part between the hidden markers is rewritten; anything you add outside it "
        "stays.\n"
    )


def dashboard_trend(
    dashboard: ObservedDashboard | None, progress: ProgramProgress,
    responses: Mapping[str, int] | None = None,
) -> History:
    """The history the dashboard issue holds, with tonight's point recorded (read, not written).

    No dashboard, no history: the trend lives only in the dashboard issue.
    """
    if dashboard is None:
        return History()
    kept = history_of(dashboard.description)
    return History(record(kept.points, tonight(progress, responses)), kept.warning)


def dashboard_block(progress: ProgramProgress, trend: Sequence[TrendPoint] = (),
                    extra: str = "") -> str:
    """The managed block: per round, the pairs by status and the completion; who needs help;
    ``extra`` (the surveys' aggregates); and, hidden at its end, the trend's history."""
    lines = [
        f"**As of {progress.today.isoformat()}** · completion threshold "
        f"{progress.threshold_percent}%",
        "",
        "| Round | Dates | Pairs | Not started | On track | At risk | Stalled | Completed "
        "| Ended early | Ended | Average completion |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for round_ in progress.rounds:
        counts = round_.by_status
        lines.append(
            f"| {_cell(round_.name)} | {round_.starts} to {round_.ends} ({round_.phase}) "
            f"| {len(round_.pairs)} | {counts['not-started']} | {counts['on-track']} "
            f"| {counts['at-risk']} | {counts['stalled']} | {counts['completed']} "
            f"| {counts['ended-early']} | {counts['ended']} "
            f"| {round_.average_completion_percent}% |"
        )
    attention = [p for p in progress.pairs if p.status in ("stalled", "at-risk")]
    lines += ["", "### Pairs that need attention", ""]
    if attention:
        lines += ["| Round | Mentee | Mentor | Status | Completion | Overdue | Last activity |",
                  "|---|---|---|---|---|---|---|"]
        lines += [_pair_row(p) for p in sorted(attention, key=_attention_order)]
    else:
        lines.append("None: every running pair is on track.")
    over = [m for m in progress.mentor_load if m.over]
    lines += ["", "### Mentors over their soft limit", ""]
    lines += [f"- `{m.username}`: {m.pairs} pairs (limit {m.capacity})" for m in over] or ["None."]
    lines += ["", "### Mentees waiting for a mentor", ""]
    lines += waitlist_markdown(progress)
    if extra:
        lines += ["", extra.rstrip("\n")]
    if trend:
        lines += ["", encode(trend).rstrip("\n")]
    return "\n".join(lines) + "\n"


def escalation_note(progress: ProgramProgress, pairs: list[PairProgress]) -> str:
    """The note that tells the coordinators, once, which pairs have just stalled."""
    who = " ".join(f"@{name}" for name in progress.coordinators)
    plural = "s have" if len(pairs) != 1 else " has"
    lines = [
        f"{who}: {len(pairs)} pair{plural} stalled (no activity for a while). A short "
        "message from you can get them going again:",
        "",
    ]
    lines += [
        f"- `{p.mentee}` with `{p.mentor}` ({p.round}): last activity "
        f"{p.last_activity.isoformat() if p.last_activity else 'none yet'}, "
        f"{p.completion_percent}% done"
        for p in pairs
    ]
    return "\n".join(lines) + "\n"


def _pair_row(pair: PairProgress) -> str:
    last = pair.last_activity.isoformat() if pair.last_activity else "none yet"
    return (
        f"| {pair.round} | `{pair.mentee}` | `{pair.mentor}` | {pair.status} "
        f"| {pair.completion_percent}% | {pair.overdue} | {last} |"
    )


def _attention_order(pair: PairProgress) -> tuple[int, str, str]:
    return (0 if pair.status == "stalled" else 1, pair.round, pair.pair)


def _cell(text: str) -> str:
    """Text from the program file in a table cell: inert (no mention, no command), one line."""
    return oneline(neutralise(text))
