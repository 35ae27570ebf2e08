"""Which survey falls due for which person of which pair, on a date.

A survey opens on its moment in the pair's own time: ``at: 50%`` halfway from the pair's start to
its end, ``at: end`` on its last day, ``after: final`` on the due date of that milestone (the last
one, for a repeated milestone). A pair's dates come from ``pair_dates`` alone, so a pair's own end
or an early ending changes every survey through one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from mentorship_bot.model import Feedback, Pair, Program, Round, Survey, pair_last_day
from mentorship_bot.model import pair_dates as model_pair_dates

MARKER_PREFIX = "survey:"


def pair_dates(program: Program, pair: Pair) -> tuple[date, date]:
    """The pair's first and last active day (model.pair_dates; a pair that ended early: the day
    it ended, so its end survey comes then)."""
    round_ = program.round(pair.round)
    return model_pair_dates(pair, round_)[0], pair_last_day(pair, round_)


def survey_due(program: Program, survey: Survey, round_: Round, starts: date, ends: date) -> date:
    """The day ``survey`` opens for a pair of ``round_`` whose time runs from ``starts`` to
    ``ends``; a survey after a milestone the pair never reaches opens on its last day."""
    if survey.at is not None:
        return starts + timedelta(days=int((ends - starts).days * survey.at))
    plan = next(m for m in program.milestones if m.key == survey.after)
    if plan.due is not None:
        return min(max(plan.due.resolve(starts, ends), starts), ends)
    cadence = round_.cadence if plan.repeat_round_cadence else plan.repeat
    slots = cadence.slots(starts, ends) if cadence is not None else []
    return slots[-1] if slots else ends


@dataclass(frozen=True)
class Invite:
    """One person's survey: who answers which survey for which pair, and when it opened."""

    round: str
    pair: Pair
    survey: Survey
    role: str  # mentee or mentor
    username: str
    due: date

    def marker_id(self, program_slug: str) -> str:
        """The survey issue's hidden id: program, round, pair, survey and person, no answer."""
        return (f"{MARKER_PREFIX}{program_slug}/{self.round}/{self.pair.slug}/"
                f"{self.survey.key}/{self.username.lower()}")


def respondents(survey: Survey, pair: Pair) -> list[tuple[str, str]]:
    """``(role, username)`` of the people who answer ``survey`` for ``pair``: each their own."""
    people = [("mentee", pair.mentee), ("mentor", pair.mentor)]
    return [(role, name) for role, name in people if survey.who in (role, "both")]


def due_invites(program: Program, today: date) -> list[Invite]:
    """Every survey open for someone on ``today``: due, and not yet past closing.

    A survey whose closing day has passed before the bot first saw it is never opened: it would
    close the same night.
    """
    feedback: Feedback | None = program.feedback
    if feedback is None:
        return []
    out: list[Invite] = []
    for pair in program.pairs:
        starts, ends = pair_dates(program, pair)
        for survey in feedback.surveys:
            due = survey_due(program, survey, program.round(pair.round), starts, ends)
            if not due <= today < due + timedelta(days=feedback.close_after_days):
                continue
            for role, username in respondents(survey, pair):
                out.append(Invite(pair.round, pair, survey, role, username, due))
    return out


def all_invites(program: Program, today: date) -> list[Invite]:
    """Every survey that has fallen due by ``today``, closed ones included: what reports count."""
    feedback = program.feedback
    if feedback is None:
        return []
    out = []
    for pair in program.pairs:
        starts, ends = pair_dates(program, pair)
        for survey in feedback.surveys:
            due = survey_due(program, survey, program.round(pair.round), starts, ends)
            if due <= today:
                out += [Invite(pair.round, pair, survey, role, name, due)
                        for role, name in respondents(survey, pair)]
    return out
