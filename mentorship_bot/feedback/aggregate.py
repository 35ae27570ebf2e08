"""What reports may show of the surveys: per round and survey, counts over many people only.

Per round and survey: how many people were asked and how many answered (the response rate); per
tickable question, once at least ``min_responses`` people answered it, the distribution of the
ticks, and for a scale its mean and median; below that, "too few answers to show" and nothing
else. A text question is never read. Nothing here keeps who answered what: the answers are
counted as they are read and the people are forgotten.

A choice question with the key ``goal`` is the round's outcome ("goal reached": yes, partly, no),
counted from the mentees' answers (the goal is theirs) unless the survey asks only mentors.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mentorship_bot.feedback.schedule import Invite, all_invites
from mentorship_bot.feedback.survey_issue import read_answers
from mentorship_bot.model import Program

TOO_FEW = "too few answers to show"
GOAL_QUESTION = "goal"


@dataclass(frozen=True)
class QuestionSummary:
    key: str
    kind: str
    text: str
    options: tuple[str, ...]
    answered: int
    shown: bool
    counts: tuple[int, ...] = ()  # per option, only when shown
    mean: float | None = None  # scale only, when shown
    median: float | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "kind": self.kind, "question": self.text,
                               "answered": self.answered}
        if not self.shown:
            out["note"] = TOO_FEW
            return out
        out["distribution"] = dict(zip(self.options, self.counts, strict=True))
        if self.kind == "scale":
            out["mean"] = self.mean
            out["median"] = self.median
        return out


@dataclass(frozen=True)
class SurveySummary:
    round: str
    survey: str
    title: str
    asked: int
    responded: int
    questions: tuple[QuestionSummary, ...] = field(default_factory=tuple)

    @property
    def response_rate(self) -> float:
        return self.responded / self.asked if self.asked else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"round": self.round, "survey": self.survey, "title": self.title,
                "asked": self.asked, "responded": self.responded,
                "response_rate": round(self.response_rate, 3),
                "questions": [q.as_dict() for q in self.questions]}


@dataclass(frozen=True)
class GoalSummary:
    """The round's outcome: how many said their goal was reached, partly, or not."""

    round: str
    answered: int
    shown: bool
    counts: Mapping[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        if not self.shown:
            return {"answered": self.answered, "note": TOO_FEW}
        return {"answered": self.answered, **self.counts}


@dataclass(frozen=True)
class FeedbackSummary:
    surveys: tuple[SurveySummary, ...] = ()
    goals: tuple[GoalSummary, ...] = ()

    def goal(self, round_slug: str) -> GoalSummary | None:
        return next((g for g in self.goals if g.round == round_slug), None)

    def as_dict(self) -> dict[str, Any]:
        return {"surveys": [s.as_dict() for s in self.surveys],
                "goal_reached": {g.round: g.as_dict() for g in self.goals}}


def response_counts(summary: FeedbackSummary) -> dict[str, int]:
    """How many answered each survey, ``ROUND/SURVEY``: what a trend point records (a count,
    never who answered). Surveys nobody answered yet are left out, so the night that opens a
    survey and its same-night re-run record the same point."""
    return {f"{s.round}/{s.survey}": s.responded for s in summary.surveys if s.responded}


def summarise(program: Program, today: date,
              descriptions: Mapping[str, str]) -> FeedbackSummary:
    """Aggregates of every survey opened by ``today``; ``descriptions`` maps each survey issue's
    marker id to its description ("" for one opened tonight). A survey never opened (it closed
    before the bot first ran) counts nowhere."""
    feedback = program.feedback
    if feedback is None:
        return FeedbackSummary()
    groups: dict[tuple[str, str], list[Invite]] = {}
    for invite in all_invites(program, today):
        if invite.marker_id(program.slug) not in descriptions:
            continue
        groups.setdefault((invite.round, invite.survey.key), []).append(invite)
    surveys, goals = [], []
    goal_ticks: dict[str, list[str]] = {}
    order = {s.key: i for i, s in enumerate(feedback.surveys)}
    rounds = {r.slug: i for i, r in enumerate(program.rounds)}
    for (round_slug, key), invites in sorted(groups.items(),
                                              key=lambda i: (rounds[i[0][0]], order[i[0][1]])):
        survey = invites[0].survey
        ticks: dict[str, list[int]] = {q.key: [] for q in survey.questions}
        responded = 0
        for invite in invites:
            answers = read_answers(survey, descriptions[invite.marker_id(program.slug)])
            responded += answers.responded
            for qkey, value in answers.ticks.items():
                if isinstance(value, int):
                    ticks[qkey].append(value)
                    if qkey == GOAL_QUESTION and _counts_for_goal(survey.who, invite.role):
                        question = next(q for q in survey.questions if q.key == qkey)
                        if question.kind == "choice":
                            goal_ticks.setdefault(round_slug, []).append(question.options[value])
        questions = tuple(_question(q.key, q.kind, q.text, q.options, ticks[q.key],
                                    feedback.min_responses)
                          for q in survey.questions if q.kind != "text")
        surveys.append(SurveySummary(round_slug, key, survey.title, len(invites), responded,
                                     questions))
    for round_slug in sorted(goal_ticks, key=rounds.__getitem__):
        said = goal_ticks[round_slug]
        shown = len(said) >= feedback.min_responses
        goals.append(GoalSummary(round_slug, len(said), shown, _goal_counts(said) if shown else {}))
    return FeedbackSummary(tuple(surveys), tuple(goals))


def _counts_for_goal(who: str, role: str) -> bool:
    return role == "mentee" or who == "mentor"


def _goal_counts(answers: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for answer in answers:
        counts[answer] = counts.get(answer, 0) + 1
    return counts


def _question(key: str, kind: str, text: str, options: tuple[str, ...], ticks: list[int],
              minimum: int) -> QuestionSummary:
    if len(ticks) < minimum:
        return QuestionSummary(key, kind, text, options, len(ticks), False)
    counts = tuple(ticks.count(i) for i in range(len(options)))
    mean = median = None
    if kind == "scale":
        values = [t + 1 for t in ticks]
        mean = round(statistics.fmean(values), 2)
        median = float(statistics.median(values))
    return QuestionSummary(key, kind, text, options, len(ticks), True, counts, mean, median)
