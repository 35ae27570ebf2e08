"""A survey as a confidential issue: its title and description, and the answers read back.

The questions are task lists, each under a hidden line ``<!-- survey-question KEY -->``; a person
answers by ticking, which GitLab saves as an edit of the description. The ticks are read in order
under each question's line: one tick is the answer, two or more make it "unclear", none leaves it
unanswered. Free answers are comments: the bot never reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from mentorship_bot.model import Program, Question, Survey
from mentorship_bot.render.markers import with_marker
from mentorship_bot.render.person_context import survey_context
from mentorship_bot.render.templates import TemplateSet

UNCLEAR = "unclear"
_QUESTION_RE = re.compile(r"^<!-- survey-question (?P<key>[a-z0-9_-]+) -->\s*$")
_TASK_RE = re.compile(r"^\s{0,3}[-*+] \[(?P<tick>[ xX])\]")

SURVEY_LABEL = "survey"
# What the bot did once and must not do again; GitLab's bulk list carries them, so no note is read.
ASKED_LABEL = "survey-asked-to-fix"
REMINDED_LABEL = "survey-reminded"
CLOSED_LABEL = "survey-closed"


def survey_title(survey: Survey, round_name: str, username: str) -> str:
    return " ".join(f"{survey.title} ({round_name}): {username}".split())[:255]


def survey_description(templates: TemplateSet, program: Program, invite: Any,
                       closes_on: date) -> str:
    """The issue's text, ending with the marker that names program, round, pair, survey, person."""
    context = survey_context(program, invite.pair, invite.survey, invite.role,
                             closes_on=closes_on)
    body = templates.render("survey", context)
    return with_marker(body, invite.marker_id(program.slug))


def survey_note(templates: TemplateSet, program: Program, invite: Any, closes_on: date,
                note: str, unclear: tuple[str, ...] = ()) -> str:
    context = survey_context(program, invite.pair, invite.survey, invite.role,
                             closes_on=closes_on, note=note, unclear=unclear)
    return templates.render("survey_note", context)


@dataclass(frozen=True)
class Answers:
    """What one person ticked: per question key the option (its 0-based index) or UNCLEAR."""

    ticks: dict[str, int | str]

    @property
    def responded(self) -> bool:
        """At least one question clearly answered: the person took part."""
        return any(isinstance(value, int) for value in self.ticks.values())

    def unclear(self) -> tuple[str, ...]:
        return tuple(key for key, value in self.ticks.items() if value == UNCLEAR)


def read_answers(survey: Survey, description: str) -> Answers:
    """The ticks under each tickable question of ``survey``, in ``description``'s order."""
    ticked: dict[str, list[int]] = {}
    key: str | None = None
    position = 0
    for line in description.replace("\r\n", "\n").split("\n"):
        match = _QUESTION_RE.match(line)
        if match:
            key, position = match.group("key"), 0
            ticked.setdefault(key, [])
            continue
        task = _TASK_RE.match(line)
        if task and key is not None:
            if task.group("tick") in "xX":
                ticked[key].append(position)
            position += 1
    out: dict[str, int | str] = {}
    for question in survey.questions:
        if question.kind == "text":
            continue
        found = [i for i in ticked.get(question.key, []) if i < len(question.options)]
        if len(found) == 1:
            out[question.key] = found[0]
        elif len(found) > 1:
            out[question.key] = UNCLEAR
    return Answers(out)


def answer_value(question: Question, index: int) -> int | str:
    """A scale's tick as its number (1 to 5), a choice's as its option."""
    return index + 1 if question.kind == "scale" else question.options[index]
