"""Feedback surveys as program data (issue 14): who answers, the kinds of question, defaults."""

from __future__ import annotations

from dataclasses import dataclass

SURVEY_WHO = ("mentee", "mentor", "both")
QUESTION_KINDS = ("scale", "choice", "text")
SCALE_LABELS = ("1 (not at all)", "2", "3", "4", "5 (very much)")


@dataclass(frozen=True)
class Question:
    """One question of a survey: ``scale`` (tick one of five labels, 1 to 5), ``choice`` (tick
    one of ``options``) or ``text`` (a free answer, given in a comment and never read)."""

    key: str
    kind: str  # one of QUESTION_KINDS
    text: str
    options: tuple[str, ...] = ()  # a scale's five labels, a choice's options; () for text


@dataclass(frozen=True)
class Survey:
    """A survey and its moment: ``at`` a share of a pair's time (1.0: its end), or ``after`` a
    milestone (due on that milestone's date)."""

    key: str
    title: str
    who: str  # one of SURVEY_WHO
    questions: tuple[Question, ...]
    at: float | None = None
    after: str | None = None


@dataclass(frozen=True)
class Feedback:
    project: str  # full path of the coordinators' project where the surveys are issues
    surveys: tuple[Survey, ...]
    min_responses: int = 5
    remind_after_days: int = 7
    close_after_days: int = 21
