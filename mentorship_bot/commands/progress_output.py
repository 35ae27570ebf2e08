"""How sweep, report and demo print where a program stands: one line per round, or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentorship_bot.provision.plan import Action, Plan
from mentorship_bot.provision.plan_output import summary_line
from mentorship_bot.sweep.progress import ProgramProgress


def round_lines(progress: ProgramProgress) -> list[str]:
    lines = []
    for round_ in progress.rounds:
        counts = ", ".join(f"{n} {status}" for status, n in round_.by_status.items() if n)
        lines.append(
            f"{round_.slug} ({round_.phase}, {round_.starts} to {round_.ends}): "
            f"{len(round_.pairs)} pairs: {counts or 'none'}; "
            f"average completion {round_.average_completion_percent}%"
        )
    return lines


def progress_json(progress: ProgramProgress) -> dict[str, Any]:
    return {
        "program": progress.slug,
        "today": progress.today.isoformat(),
        "rounds": [
            {
                "round": r.slug,
                "phase": r.phase,
                "pairs": len(r.pairs),
                "by_status": r.by_status,
                "average_completion_percent": r.average_completion_percent,
            }
            for r in progress.rounds
        ],
    }


def written_text(by_kind: dict[str, int]) -> str:
    """Writes by kind in the words plan and apply use (``2 writes: 1 nudge, 1 progress update``):
    one vocabulary for text; JSON keeps the kinds (``post_nudge``) as keys (issue 16)."""
    if not by_kind:
        return "no writes"
    actions = tuple(Action(kind, "") for kind, n in by_kind.items() for _ in range(n))
    return summary_line(Plan(actions))


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in counts.items()) or "none"


def paths_text(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)
