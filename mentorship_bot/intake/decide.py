"""Tonight's intake: per waiting mentee what to do with their "Choose your mentor" issue, each
open request read, and what the one merge request proposes.

In queue order (``matching.candidates.queue``), each waiting mentee of the round being matched
(the latest-starting one, as ``match`` picks it):
- no issue yet: become a Guest of the intake project and get one, assigned to them, with the
  best ``matching.candidates`` mentors who still have room;
- a tick on a listed mentor who still has room (``matching.candidates.pool``: their capacity
  minus their pairs at once over the round's dates, each pair over its own dates, less the ticks
  accepted before in the queue: the first tick wins): the pair is proposed; the issue links to the
  merge request once;
- a tick on a mentor without room (or no longer allowed): fresh candidates on the same issue;
- "None of these": fresh candidates, never one shown before on this issue;
- nothing ticked: one reminder after ``choose_within_days``; after twice that, overdue (the
  dashboard lists the mentee);
and every open choice issue whose mentee no longer waits (the pair is in the program file on the
default branch) is closed with a note. Open requests: read (``requests``), the mentee's username
checked by the caller against GitLab, proposed as a mentee with ``requested_on``; closed once
the mentee waits in the queue. A request for someone the file names who does not wait (a current
or upcoming pair, or a last pair that ran its course: the waitlist's rule) gets one note for the
coordinators and stays open: the bot only appends to the file, so a coordinator sets their
``requested_on``. What was done once is a label: a second run writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from mentorship_bot.intake.choice_issue import (
    CHOICE_LABEL,
    CLOSED_LABEL,
    LINKED_LABEL,
    REMINDED_LABEL,
    choice_title,
)
from mentorship_bot.matching.candidates import (
    RULED_OUT,
    Pool,
    candidate,
    queue,
    scores,
    top,
)
from mentorship_bot.matching.candidates import pool as make_pool
from mentorship_bot.matching.propose import target_round
from mentorship_bot.model import Mentor, Program, Round
from mentorship_bot.provision.plan import Action, attrs
from mentorship_bot.render.choice_text import (
    NONE,
    choice_description,
    choice_marker,
    choice_note,
    read_choice,
)
from mentorship_bot.render.lazy import Templates
from mentorship_bot.render.person_context import request_note
from mentorship_bot.render.request_text import (
    Request,
    Unreadable,
    interest_choices,
    is_request,
    read_request,
)
from mentorship_bot.render.templates import TemplateSet

GUEST = 10
Reasons = tuple[str, ...]  # why a mentor fits a mentee, in words
REQUEST_UNREADABLE_LABEL = "mentor-request-unreadable"
REQUEST_PROPOSED_LABEL = "mentor-request-proposed"
REQUEST_CLOSED_LABEL = "mentor-request-closed"
REQUEST_KNOWN_LABEL = "mentor-request-known"  # in the file, not waiting: noted once


@dataclass(frozen=True)
class ObservedChoice:
    """A choice issue as the intake project's bulk list gives it (the bot's marker on it)."""

    iid: int
    marker_id: str
    round: str
    mentee: str  # lower-cased
    description: str
    labels: tuple[str, ...]
    state: str
    opened_on: date


@dataclass(frozen=True)
class ObservedRequest:
    """An open issue of the intake project that is not a choice issue (perhaps a request)."""

    iid: int
    author: str
    created_on: date
    description: str
    labels: tuple[str, ...]
    confidential: bool = True


@dataclass(frozen=True)
class ObservedIntake:
    project_id: int
    path: str
    members: Mapping[str, int]  # lower-case username -> id; read only on a night that opens
    choices: Mapping[str, ObservedChoice]  # by marker id
    requests: tuple[ObservedRequest, ...]
    template: str | None = None  # the request template on the default branch; None: absent
    branch: str = "main"  # the project's default branch


@dataclass(frozen=True)
class ChosenPair:
    round: str
    mentor: str
    mentee: str
    reasons: tuple[str, ...]
    issue: int  # the choice issue's iid


@dataclass(frozen=True)
class ProposedMentee:
    username: str
    interests: tuple[str, ...]
    requested_on: date
    manager: str | None  # who nominated them, when the file knows them
    issue: int  # the request's iid
    nominated_by: str | None = None  # who nominated them; None: they asked themself

    def entry(self) -> dict[str, object]:
        """The ``mentees`` entry: only a validated username, tags and a date."""
        out: dict[str, object] = {"username": self.username, "name": self.username}
        if self.interests:
            out["interests"] = list(self.interests)
        if self.manager:
            out["manager"] = self.manager
        out["requested_on"] = self.requested_on
        return out


@dataclass(frozen=True)
class Intake:
    """Tonight's intake, decided: the writes before the merge request, what it proposes, who is
    overdue (usernames and days, for the dashboard)."""

    actions: tuple[Action, ...] = ()
    pairs: tuple[ChosenPair, ...] = ()
    mentees: tuple[ProposedMentee, ...] = ()
    overdue: tuple[tuple[str, int], ...] = ()
    waiting: int = 0  # choice issues open without an accepted tick


def nominated_usernames(program: Program, observed: ObservedIntake) -> list[str]:
    """The nominated mentees GitLab must confirm tonight (a request's author is a user already);
    only those not yet in the program file."""
    known = {m.username.lower() for m in program.mentees}
    choices = interest_choices(program)
    out: dict[str, str] = {}
    for issue in observed.requests:
        if not is_request(issue.description) or _done(issue.labels):
            continue
        found = read_request(issue.iid, issue.author, issue.created_on, issue.description,
                             choices)
        if isinstance(found, Request) and found.nominated and (
                found.mentee.lower() not in known):
            out.setdefault(found.mentee.lower(), found.mentee)
    return sorted(out.values(), key=str.lower)


def _done(labels: tuple[str, ...]) -> bool:
    return REQUEST_CLOSED_LABEL in labels or REQUEST_UNREADABLE_LABEL in labels


def decide_intake(program: Program, today: date, observed: ObservedIntake, *,
                  users: Mapping[str, bool], templates: Templates | None = None) -> Intake:
    """Tonight's intake. ``users``: each nominated username (lower-cased) -> whether GitLab
    knows it (``nominated_usernames``); ``templates``: the program's, by default."""
    actions: list[Action] = []
    templates = templates or TemplateSet(program.templates)
    mentees = _requests(program, observed, users, actions, templates)
    matching = program.matching
    round_ = target_round(program, None)
    if matching.mode != "mentee-choice" or round_ is None:
        return Intake(tuple(actions), (), tuple(mentees))
    chooser = _Chooser(program, round_, observed, today, templates)
    chooser.run()
    actions += chooser.actions
    actions += _closing(program, round_, observed, chooser.waiting, templates)
    return Intake(tuple(actions), tuple(chooser.pairs), tuple(mentees),
                  tuple(chooser.overdue), chooser.unchosen)


def _requests(program: Program, observed: ObservedIntake, users: Mapping[str, bool],
              actions: list[Action], templates: Templates) -> list[ProposedMentee]:
    project = observed.path
    in_file = {m.username.lower() for m in program.mentees}
    people = in_file | {m.username.lower() for m in program.mentors} | {
        c.lower() for c in program.coordinators}
    choices = interest_choices(program)
    round_ = target_round(program, None)
    waiting = {m.username.lower() for m in queue(program, round_)} if round_ else set()
    proposed: dict[str, ProposedMentee] = {}
    for issue in sorted(observed.requests, key=lambda r: r.iid):
        if not is_request(issue.description):
            continue
        target = f"intake-request/{program.slug}/{issue.iid}"
        if not issue.confidential:  # who asks for a mentor is for the coordinators only
            actions.append(Action("protect_request", target, attrs(
                project=project, iid=issue.iid), reason="a request is confidential"))
        if _done(issue.labels):
            continue
        found = read_request(issue.iid, issue.author, issue.created_on, issue.description,
                             choices)
        if isinstance(found, Unreadable) or (
                found.nominated and found.mentee.lower() not in in_file
                and not users.get(found.mentee.lower(), False)):
            why = found.why if isinstance(found, Unreadable) else "the username is not a " \
                "GitLab user"
            actions.append(Action("note_request", target, attrs(
                project=project, iid=issue.iid, label=REQUEST_UNREADABLE_LABEL,
                body=request_note(templates, program, "unreadable", why=why)), reason=why))
            continue
        if found.mentee.lower() in waiting:
            actions.append(Action("close_request", target, attrs(
                project=project, iid=issue.iid, label=REQUEST_CLOSED_LABEL,
                body=request_note(templates, program, "in_queue", username=found.mentee)),
                reason="the mentee is in the file"))
            continue
        if found.mentee.lower() in in_file:  # known, but the queue's rule leaves them out
            if REQUEST_KNOWN_LABEL not in issue.labels:
                actions.append(Action("note_request", target, attrs(
                    project=project, iid=issue.iid, label=REQUEST_KNOWN_LABEL,
                    body=request_note(templates, program, "known", username=found.mentee)),
                    reason="the mentee is in the file, not waiting"))
            continue
        # The nominating author becomes the mentee's manager when the file knows them (validate
        # warns about a manager who is nobody in the file); the description names them anyway.
        manager = found.author if found.nominated and found.author.lower() in people else None
        proposed.setdefault(found.mentee.lower(), ProposedMentee(
            found.mentee, found.interests, found.requested_on, manager, issue.iid,
            found.author if found.nominated else None))
    return list(proposed.values())


class _Chooser:
    """The waiting mentees in queue order, with each mentor's room as the ticks take it."""

    def __init__(self, program: Program, round_: Round, observed: ObservedIntake,
                 today: date, templates: Templates) -> None:
        self.program, self.round, self.observed, self.today = program, round_, observed, today
        # the issue's text and the bot's notes on it, for a mentee of this round
        self.text = partial(choice_description, templates, program, round_)
        self.note = partial(choice_note, templates, program, round_.slug)
        self.pool: Pool = make_pool(program, round_)
        self.room = list(self.pool.room)
        self.index = {m.username.lower(): j for j, m in enumerate(self.pool.mentors)}
        self.mentors: dict[str, Mentor] = {m.username.lower(): m for m in program.mentors}
        self.actions: list[Action] = []
        self.pairs: list[ChosenPair] = []
        self.overdue: list[tuple[str, int]] = []
        self.waiting = {m.username.lower() for m in self.pool.mentees}
        self.unchosen = 0
        self.new_members: set[str] = set()

    def fresh(self, i: int, exclude: tuple[str, ...] = ()) -> list[tuple[Mentor, Reasons]]:
        """The best mentors with room for mentee ``i``, but ``exclude``, each with why."""
        values = scores(self.pool, i)
        shut = {name.lower() for name in exclude}
        for j, mentor in enumerate(self.pool.mentors):
            if self.room[j] <= 0 or mentor.username.lower() in shut:
                values[j] = RULED_OUT
        picked = top(values, self.program.matching.candidates)
        return [(self.mentors[self.pool.mentors[j].username.lower()],
                 candidate(self.pool, i, j).reasons) for j in picked]

    def run(self) -> None:
        """Ticks proposed on an earlier night (linked) take their mentor's room first: the
        first tick wins; tonight's new ticks then go in the queue's order."""
        issues = []
        for i, mentee in enumerate(self.pool.mentees):
            marker = choice_marker(self.program.slug, self.round.slug, mentee.username)
            issues.append((i, marker, self.observed.choices.get(marker)))
        earlier = [(i, m, issue) for i, m, issue in issues
                   if issue is not None and LINKED_LABEL in issue.labels]
        for i, marker, issue in earlier + [x for x in issues if x not in earlier]:
            if issue is None:
                self.open(i, marker)
            elif issue.state == "opened" and CLOSED_LABEL not in issue.labels:
                self.follow_up(i, marker, issue)

    def renew(self, i: int, marker: str, where: dict[str, Any],
              found: list[tuple[Mentor, Reasons]], shown: tuple[str, ...], note: str,
              gone: str | None = None, *, reason: str) -> None:
        """Fresh candidates on the same issue, and a note saying why (``CHOICE_NOTES``)."""
        self.actions.append(Action("update_choice", marker, attrs(
            **where, remove_label=LINKED_LABEL,
            description=self.text(self.pool.mentees[i], found, shown, note, gone),
            body=self.note(self.pool.mentees[i].username, note, gone=gone)),
            round=self.round.slug, reason=reason))
        self.unchosen += 1

    def open(self, i: int, marker: str) -> None:
        mentee = self.pool.mentees[i]
        found = self.fresh(i)
        if not found:
            return  # nobody has room: nothing to choose from tonight
        project, name = self.observed.path, mentee.username.lower()
        if name not in self.observed.members and name not in self.new_members:
            self.new_members.add(name)
            self.actions.append(Action("add_member", f"{project}:{name}", attrs(
                project=project, username=mentee.username, access_level=GUEST),
                reason="chooses a mentor: a Guest sees only their own issues"))
        self.actions.append(Action("create_choice", marker, attrs(
            project=project, title=choice_title(self.round, mentee),
            description=self.text(mentee, found, ()), assignee=mentee.username,
            labels=(CHOICE_LABEL,)), round=self.round.slug, reason="waits for a mentor"))
        self.unchosen += 1

    def follow_up(self, i: int, marker: str, issue: ObservedChoice) -> None:
        mentee = self.pool.mentees[i]
        choice = read_choice(issue.description)
        ticked = choice.ticked if choice.trusted else None
        where = {"project": self.observed.path, "iid": issue.iid}
        if ticked == NONE:
            self.renew(i, marker, where, self.fresh(i, choice.shown), choice.shown,
                       "none_of_these", reason="none of these")
            return
        if ticked is not None:
            j = self.index.get(ticked.lower())
            if (j is not None and ticked in choice.listed and j not in self.pool.ruled_out[i]
                    and self.room[j] > 0):
                self.room[j] -= 1
                chosen = candidate(self.pool, i, j)
                self.pairs.append(ChosenPair(self.round.slug, self.pool.mentors[j].username,
                                             mentee.username, chosen.reasons, issue.iid))
                return
            self.renew(i, marker, where, self.fresh(i), choice.shown_before, "no_room",
                       ticked, reason="the mentor ticked has no room")
            return
        self.unchosen += 1
        days = (self.today - issue.opened_on).days
        limit = self.program.matching.choose_within_days
        if days >= limit and REMINDED_LABEL not in issue.labels:
            self.actions.append(Action("remind_choice", marker, attrs(
                **where, label=REMINDED_LABEL, body=self.note(mentee.username, "reminder")),
                round=self.round.slug, reason=f"nothing ticked after {limit} days"))
        if days >= 2 * limit:
            self.overdue.append((mentee.username, days))


def _closing(program: Program, round_: Round, observed: ObservedIntake, waiting: set[str],
             templates: Templates) -> list[Action]:
    """Close each open choice issue whose mentee no longer waits in the round matched."""
    out = []
    for marker, issue in sorted(observed.choices.items()):
        if issue.state != "opened" or CLOSED_LABEL in issue.labels:
            continue
        if issue.round == round_.slug and issue.mentee in waiting:
            continue
        pair = next((p for p in program.pairs if p.mentee.lower() == issue.mentee
                     and p.round == issue.round), None)
        body = choice_note(templates, program, issue.round, issue.mentee,
                           "paired" if pair else "withdrawn",
                           mentor=pair.mentor if pair else None)
        out.append(Action("close_choice", marker, attrs(
            project=observed.path, iid=issue.iid, label=CLOSED_LABEL, body=body),
            round=issue.round, reason="paired" if pair else "no longer waiting"))
    return out


def link_actions(program: Program, intake: Intake, observed: ObservedIntake, iid: int,
                 web_url: str, templates: Templates | None = None) -> list[Action]:
    """A note on each choice issue and request the merge request now carries, once."""
    templates = templates or TemplateSet(program.templates)
    request = {"iid": iid, "url": web_url}
    out = []
    labels = {c.iid: c.labels for c in observed.choices.values()}
    for pair in intake.pairs:
        if LINKED_LABEL not in labels.get(pair.issue, ()):
            out.append(Action("link_choice", choice_marker(program.slug, pair.round,
                                                           pair.mentee), attrs(
                project=observed.path, iid=pair.issue, label=LINKED_LABEL,
                body=choice_note(templates, program, pair.round, pair.mentee, "proposed",
                                 mentor=pair.mentor, merge_request=request)),
                round=pair.round, reason="proposed"))
    requests = {r.iid: r.labels for r in observed.requests}
    for mentee in intake.mentees:
        if REQUEST_PROPOSED_LABEL not in requests.get(mentee.issue, ()):
            out.append(Action("note_request", f"intake-request/{program.slug}/{mentee.issue}",
                              attrs(project=observed.path, iid=mentee.issue,
                                    label=REQUEST_PROPOSED_LABEL,
                                    body=request_note(templates, program, "proposed",
                                                      username=mentee.username,
                                                      merge_request=request)),
                              reason="proposed"))
    return out


def intake_markdown(program: Program, intake: Intake | None, heading: str = "###") -> str:
    """The dashboard's intake lines: counts and the overdue mentees' usernames, no text."""
    if intake is None or program.matching.mode is None:
        return ""
    lines = [f"{heading} Matching", "", f"- Mentees requested: {len(intake.mentees)}"]
    if program.matching.mode == "mentee-choice":
        lines.append(f"- Pairs chosen, in the merge request: {len(intake.pairs)}")
        lines.append(f"- Choosing a mentor: {intake.waiting}")
        if intake.overdue:
            listed = ", ".join(f"`{name}` ({days} days)" for name, days in intake.overdue)
            lines.append(f"- Overdue, no tick after {2 * program.matching.choose_within_days} "
                         f"days: {listed}")
    return "\n".join(lines) + "\n"
