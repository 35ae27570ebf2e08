"""A warning before provisioning a round that is already over (issue 16).

A program file dated in the past, run on today's date, creates every pair of a finished round with
all its issues overdue. That is sometimes meant (a record of a past round), so it is a warning on
stderr, not an error; plan and apply print it before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from mentorship_bot.commands.failures import plural
from mentorship_bot.model import Program
from mentorship_bot.provision.plan import Plan


def finished_round_warnings(program: Program, plan: Plan, today: date) -> list[str]:
    """One line per finished round the plan creates pair projects in."""
    new_pairs: dict[str, int] = {}
    for action in plan.writes():
        if action.kind == "create_project" and action.round:
            new_pairs[action.round] = new_pairs.get(action.round, 0) + 1
    return finished_round_lines(program, new_pairs, today)


def finished_round_lines(program: Program, new_pairs: Mapping[str, int],
                         today: date) -> list[str]:
    """The same, from the count of new pair projects by round (a streamed plan's totals)."""
    return [
        f"warning: round {round_.slug!r} ended on {round_.ends}: this creates "
        f"{plural(new_pairs[round_.slug], 'pair project')} with every milestone already overdue; "
        "leave finished rounds out of the file, or pass --today to run as on another day"
        for round_ in program.rounds
        if round_.ends < today and new_pairs.get(round_.slug)
    ]
