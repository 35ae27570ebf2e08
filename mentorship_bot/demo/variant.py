"""The demo's own version of a program: one pair ends early with its goal met, one that is not a
fit ends and its mentee is rematched with another mentor (issue 12).

Built in code from the program the demo was given (the example program by default); the program
file itself is never changed. The changes reach the bot the way coordinators make them: an
ending, and the rematch with it, is recorded in the program on the day the pair ends
(``program_on``), so the bot never sees an ``ended`` in the future.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from mentorship_bot.model import Ending, Pair, Program, Round

GOAL_MET, NOT_A_FIT = "goal-met", "not-a-fit"


@dataclass(frozen=True)
class Story:
    """What the demo's variant changes: which pairs end early, which one is the rematch."""

    goal_met: str | None = None  # pair slugs
    not_a_fit: str | None = None
    rematch: str | None = None
    recorded_on: tuple[tuple[str, date], ...] = ()  # (pair slug, day it enters the program)


def demo_program(program: Program, round_: Round) -> tuple[Program, Story]:
    """``program`` with, in ``round_``, the first pair (by slug) ending with its goal met about
    two thirds in, the second ending as not a fit about a third in and its mentee paired again a
    week later with the mentor of the last pair. Unchanged when the round has fewer than three
    pairs, a pair that already ended, a rematch already, or is shorter than nine weeks."""
    pairs = sorted((p for p in program.pairs if p.round == round_.slug), key=lambda p: p.slug)
    weeks = (round_.ends - round_.starts).days // 7
    mentees = [p.mentee for p in pairs]
    if (len(pairs) < 3 or weeks < 9 or any(p.ended or p.starts for p in pairs)
            or len(set(mentees)) != len(mentees)):
        return program, Story()
    goal_met, not_a_fit, last = pairs[0], pairs[1], pairs[-1]
    if last.mentor == not_a_fit.mentor:
        return program, Story()
    not_a_fit_on = round_.starts + timedelta(weeks=weeks // 3)
    goal_met_on = round_.starts + timedelta(weeks=2 * weeks // 3)
    rematch = Pair(mentor=last.mentor, mentee=not_a_fit.mentee, round=round_.slug,
                   starts=not_a_fit_on + timedelta(days=7))
    ended = {goal_met.slug: Ending(goal_met_on, GOAL_MET),
             not_a_fit.slug: Ending(not_a_fit_on, NOT_A_FIT)}
    changed = tuple(replace(p, ended=ended[p.slug]) if p.slug in ended else p
                    for p in program.pairs)
    variant = replace(program, pairs=(*changed, rematch), source=f"{program.source} (demo)")
    return variant, Story(goal_met.slug, not_a_fit.slug, rematch.slug,
                          ((rematch.slug, not_a_fit_on),))


def program_on(program: Program, story: Story, day: date) -> Program:
    """The program as it stands on ``day``: endings recorded from their day on, the rematch from
    the day the pair it follows ended."""
    recorded = dict(story.recorded_on)
    pairs = tuple(
        replace(p, ended=None) if p.ended is not None and p.ended.on > day else p
        for p in program.pairs if recorded.get(p.slug, day) <= day
    )
    return program if pairs == program.pairs else replace(program, pairs=pairs)
