"""What ``match --propose`` puts in its merge request: the pairs of an optimal assignment as
entries of the program file, and a description that gives each pair's reasons.

The entries hold only usernames and the round's slug, all validated from the program file; the
description is the neutralised Markdown table of ``output`` (tags could hold ``@all`` or a quick
action), and never a bio or a goal.

There is one such merge request, from ``BRANCH``, whoever proposes: in ``coordinator`` mode the
nightly sweep and a manual ``match --propose`` write the same description
(``assignment_description``), so neither undoes the other. The edit only appends, so what the
branch already adds (the sweep's requested mentees among it) stays, and a manual run keeps the
sweep's section about them (``kept_mentees``). In ``mentee-choice`` mode the request carries
the mentees' own choices, so ``match --propose`` refuses rather than choose for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import yaml

from mentorship_bot.matching.output import Proposal, as_markdown
from mentorship_bot.program.editing import EditError, append_entries
from mentorship_bot.program.loader import validate_text

BRANCH = "mentorship-bot/matches"
TITLE = "Proposed pairs from mentorship-bot"
MENTEES_HEADING = "### Mentees requested"  # the section the sweep adds for the intake's requests


def proposed_pairs(proposal: Proposal) -> list[dict[str, str]]:
    """One ``pairs`` entry per mentee the assignment gives a mentor, in queue order."""
    round_slug = proposal.pool.round.slug
    return [{"round": round_slug, "mentor": found[0].mentor, "mentee": mentee.username}
            for mentee, found in proposal.entries if found]


def adding_pairs(pairs: list[dict[str, str]], file_name: str,
                 mentees: Sequence[Mapping[str, Any]] = ()) -> Callable[[str], str]:
    """An edit of the program text that appends the mentees (requests, by username) and the
    pairs (a mentee's pair in a round) it lacks; the result must validate."""
    def edit(text: str) -> str:
        data = yaml.safe_load(text) or {}
        present = {(str(p.get("mentee")).lower(), str(p.get("round")).lower())
                   for p in data.get("pairs") or [] if isinstance(p, dict)}
        people = {str(m.get("username")).lower()
                  for m in data.get("mentees") or [] if isinstance(m, dict)}
        new_people = [m for m in mentees if str(m["username"]).lower() not in people]
        new = [p for p in pairs if (p["mentee"].lower(), p["round"].lower()) not in present]
        edited = append_entries(append_entries(text, "mentees", new_people), "pairs", new)
        if edited is not text:
            program, problems = validate_text(edited, file_name)
            errors = [p for p in problems if p.severity == "error"]
            if program is None or errors:
                raise EditError("the proposed change would make the program invalid: "
                                + "; ".join(p.format() for p in errors[:3]))
        return edited
    return edit


def description(proposal: Proposal) -> str:
    """The merge request's description: what merging does, then the proposal and its reasons."""
    pairs = len(proposed_pairs(proposal))
    return (
        f"mentorship-bot proposes {pairs} pair{'' if pairs == 1 else 's'} for round "
        f"`{proposal.pool.round.slug}`: the assignment that gives the most waiting mentees a "
        "mentor, then the highest total score, under every mentor's capacity.\n\n"
        "Review the pairs, edit the file on this branch if you want another mentor for someone, "
        "and merge: the next `apply` creates each pair's project. The bot updates this merge "
        "request when the queue changes and never merges it.\n\n"
        + as_markdown(proposal)
    )


def assignment_description(proposal: Proposal, mentees: str = "") -> str:
    """The description of an assignment's merge request, the same whoever proposes it (the
    coordinator-mode sweep, ``match --propose``): ``description``, then ``mentees``, the section
    of requested mentees (``MENTEES_HEADING``; empty without any)."""
    return description(proposal) + "\n" + mentees


def kept_mentees(current: str) -> str:
    """The requested mentees' section of an open request's ``current`` description: what a
    manual ``match --propose`` keeps of the sweep's proposal (it reads no requests, and the
    branch still adds those mentees); empty without one."""
    at = current.find(MENTEES_HEADING)
    return current[at:] if at >= 0 else ""
