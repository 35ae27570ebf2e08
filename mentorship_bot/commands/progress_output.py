"""How sweep, report and demo print where a program stands: one line per round, or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in counts.items()) or "none"


def paths_text(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)
