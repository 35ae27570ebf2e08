"""The proposal ``mentorship-bot match`` prints: the round, then candidates or an assignment."""

from __future__ import annotations

from mentorship_bot.matching.assign import assign
from mentorship_bot.matching.candidates import Candidate, best, pool
from mentorship_bot.matching.output import Proposal
from mentorship_bot.model import Mentee, Program, Round


def target_round(program: Program, slug: str | None) -> Round | None:
    """The round ``slug`` names (any case), or the latest-starting round when ``slug`` is None:
    the file alone decides, so the same file gives the same proposal on any day."""
    if slug is None:
        return max(program.rounds, key=lambda r: (r.starts, r.slug), default=None)
    return next((r for r in program.rounds if r.slug.lower() == slug.lower()), None)


def propose(program: Program, round_: Round, *, candidates: int | None = None,
            optimal: bool = False) -> Proposal:
    """The N best mentors of every waiting mentee, or (``optimal``) one optimal mentor each."""
    problem = pool(program, round_)
    entries: tuple[tuple[Mentee, tuple[Candidate, ...]], ...]
    if optimal:
        chosen = assign(problem)
        entries = tuple((mentee, (found,) if found else ()) for mentee, found in chosen)
    else:
        count = candidates or program.matching.candidates
        entries = tuple((mentee, tuple(found)) for mentee, found in best(problem, count))
    return Proposal(problem, optimal, entries)
