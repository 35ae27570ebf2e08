"""Tonight's survey writes, from the surveys due and the survey issues GitLab holds.

For each person whose survey is due: make them a Guest of the feedback project (all new people in
one request) and open their confidential issue, assigned to them. On the issues already open:
ask once to fix an answer with two ticks, remind once after ``remind_after_days`` when nothing is
answered, close after ``close_after_days``. What was done once is a label on the issue, which the
one bulk list of the project shows the next night: a second run writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from mentorship_bot.feedback.schedule import Invite, all_invites, due_invites
from mentorship_bot.feedback.survey_issue import (
    ASKED_LABEL,
    CLOSED_LABEL,
    REMINDED_LABEL,
    SURVEY_LABEL,
    read_answers,
    survey_description,
    survey_note,
    survey_title,
)
from mentorship_bot.model import Program
from mentorship_bot.provision.plan import Action, attrs
from mentorship_bot.render.templates import TemplateSet

GUEST = 10


@dataclass(frozen=True)
class ObservedSurvey:
    """A survey issue as the feedback project's bulk list gives it (the bot's marker on it)."""

    iid: int
    marker_id: str
    description: str
    labels: tuple[str, ...]
    state: str
    opened_on: date  # the day GitLab created it: reminders and closing count from it


@dataclass(frozen=True)
class ObservedFeedback:
    """The feedback project: its id, its members (lower-case username -> user id, any level,
    inherited included; read only on a night that opens a survey), its survey issues."""

    project_id: int
    path: str
    members: Mapping[str, int]
    surveys: Mapping[str, ObservedSurvey]  # by marker id


def survey_actions(program: Program, today: date, observed: ObservedFeedback,
                   templates: TemplateSet) -> list[Action]:
    feedback = program.feedback
    if feedback is None:
        return []
    project = observed.path
    actions: list[Action] = []
    new_members: set[str] = set()
    for invite in due_invites(program, today):
        marker = invite.marker_id(program.slug)
        if marker in observed.surveys:
            continue
        name = invite.username.lower()
        if name not in observed.members and name not in new_members:
            new_members.add(name)
            actions.append(Action("add_member", f"{project}:{name}", attrs(
                project=project, username=invite.username, access_level=GUEST),
                reason="answers a feedback survey: a Guest sees only their own"))
        closes_on = today + timedelta(days=feedback.close_after_days)
        round_name = program.round(invite.round).name
        actions.append(Action("create_survey", marker, attrs(
            project=project, title=survey_title(invite.survey, round_name, invite.username),
            description=survey_description(templates, program, invite, closes_on),
            assignee=invite.username, labels=(SURVEY_LABEL,)),
            round=invite.round, pair=invite.pair.slug, reason=f"{invite.survey.key} is due"))
    for invite in _by_marker(program, today).values():
        issue = observed.surveys.get(invite.marker_id(program.slug))
        if issue is not None:
            actions += _follow_up(program, today, invite, issue, project, templates)
    return actions


def _by_marker(program: Program, today: date) -> dict[str, Invite]:
    return {i.marker_id(program.slug): i for i in all_invites(program, today)}


def _follow_up(program: Program, today: date, invite: Invite, issue: ObservedSurvey,
               project: str, templates: TemplateSet) -> Iterable[Action]:
    feedback = program.feedback
    assert feedback is not None
    if issue.state != "opened" or CLOSED_LABEL in issue.labels:
        return
    closes_on = issue.opened_on + timedelta(days=feedback.close_after_days)
    where = {"round": invite.round, "pair": invite.pair.slug}
    marker = invite.marker_id(program.slug)
    if today >= closes_on:
        yield Action("close_survey", marker, attrs(
            project=project, iid=issue.iid, label=CLOSED_LABEL,
            body=survey_note(templates, program, invite, closes_on, "closed")),
            reason=f"open {feedback.close_after_days} days", **where)
        return
    answers = read_answers(invite.survey, issue.description)
    unclear = answers.unclear()
    if unclear and ASKED_LABEL not in issue.labels:
        yield Action("ask_survey_fix", marker, attrs(
            project=project, iid=issue.iid, label=ASKED_LABEL,
            body=survey_note(templates, program, invite, closes_on, "unclear", unclear)),
            reason="two ticks on one question", **where)
    elif (not answers.responded and not unclear and REMINDED_LABEL not in issue.labels
          and today >= issue.opened_on + timedelta(days=feedback.remind_after_days)):
        yield Action("remind_survey", marker, attrs(
            project=project, iid=issue.iid, label=REMINDED_LABEL,
            body=survey_note(templates, program, invite, closes_on, "reminder")),
            reason=f"unanswered after {feedback.remind_after_days} days", **where)
