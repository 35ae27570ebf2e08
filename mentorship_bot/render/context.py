"""Which templates there are, and the variables each one receives: the templates' contract.

Templates receive plain dicts, lists, strings and ints built here (documented in
``issue_templates/README.md``, which a test keeps in sync), so a template never calls into the
model.
A new template or a new variable changes this module and that README together.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from mentorship_bot.model import (
    Mentee,
    Mentor,
    MilestoneOccurrence,
    Pair,
    Program,
    Round,
    expand_milestones,
    minutes_text,
    pair_dates,
    pair_plan,
)

# Templates rendered once per milestone occurrence (the default plan names them).
MILESTONE_TEMPLATES = ("kickoff", "goal", "meeting", "midpoint", "final")
# Templates rendered once per pair, with no milestone.
PAIR_TEMPLATES = ("progress", "pair_readme", "certificate")
# Included by ``progress`` and re-rendered alone by the progress sweep.
PROGRESS_BLOCK = "progress_block"
# Notes the sweep posts: the reminder on an overdue milestone, the certificate announcement.
NOTE_TEMPLATES = ("nudge", "certificate_note")
TEMPLATE_NAMES = (*MILESTONE_TEMPLATES, *PAIR_TEMPLATES, PROGRESS_BLOCK, *NOTE_TEMPLATES)

FORMAT_TEXT = {
    "sync": "on a call or in person",
    "async": "asynchronously, in the meeting's issue",
    "mixed": "on a call, in person or asynchronously in the meeting's issue, as suits you",
}

# Titles for ``generic_milestone`` when the program's plan does not use the template.
GENERIC_TITLES = {
    "kickoff": "Kickoff and ground rules",
    "goal": "Goal and purpose",
    "meeting": "Meeting",
    "midpoint": "Midpoint check",
    "final": "Final meeting",
}



def _round_dict(round_: Round, pair: Pair | None = None) -> dict[str, Any]:
    """The round as a pair lives it: with ``pair``, its own dates (``pair_dates``) and rhythm."""
    starts, ends = pair_dates(pair, round_) if pair is not None else (round_.starts, round_.ends)
    cadence = (pair.cadence if pair is not None else None) or round_.cadence
    minutes = (round_.meeting_minutes, round_.meeting_minutes_upto)
    if pair is not None and pair.meeting_minutes is not None:
        minutes = (pair.meeting_minutes, pair.meeting_minutes_upto)
    return {
        "slug": round_.slug,
        "name": round_.name,
        "starts": starts.isoformat(),
        "ends": ends.isoformat(),
        "cadence": cadence.label,
        "meeting_minutes": minutes_text(*minutes),
        "format": round_.format,
        "weeks": (ends - starts).days // 7,
    }


def _own_rhythm(pair: Pair, round_: Round) -> bool:
    """Whether the pair lives on dates or a rhythm of its own rather than its round's."""
    return round_.term is not None or any(
        value is not None for value in (pair.starts, pair.ends, pair.cadence, pair.meeting_minutes)
    )


def _mentor_dict(mentor: Mentor) -> dict[str, Any]:
    return {
        "username": mentor.username,
        "name": mentor.name,
        "department": mentor.department,
        "skills": list(mentor.skills),
    }


def mentee_dict(mentee: Mentee) -> dict[str, Any]:
    return {
        "username": mentee.username,
        "name": mentee.name,
        "department": mentee.department,
        "interests": list(mentee.interests),
        "manager": mentee.manager or "",
    }


def milestone_dict(occurrence: MilestoneOccurrence) -> dict[str, Any]:
    """One milestone occurrence as templates see it (``due`` as ``YYYY-MM-DD``)."""
    return {
        "id": occurrence.id,
        "key": occurrence.key,
        "title": occurrence.title,
        "template": occurrence.template,
        "due": occurrence.due.isoformat(),
        "repeated": occurrence.repeated,
        "occurrence": occurrence.occurrence,
        "occurrences": occurrence.occurrences,
    }


class ProgramIndex:
    """Per-program lookups and dicts built once: 10,000 pairs must not scan 10,000 mentees each."""

    def __init__(self, program: Program) -> None:
        self.program = {
            "slug": program.slug,
            "name": program.name,
            "group": program.group,
            "coordinators": list(program.coordinators),
            "completion_threshold_percent": round(program.completion_threshold * 100),
            "max_mentees_per_mentor": program.max_mentees_per_mentor,
            "stall_after_days": program.stall_after_days,
        }
        self.rounds = {r.slug: (r, _round_dict(r)) for r in program.rounds}
        self.mentors = {m.username: _mentor_dict(m) for m in program.mentors}
        self.mentees = {m.username: mentee_dict(m) for m in program.mentees}
        self.milestones = {
            r.slug: [milestone_dict(o) for o in expand_milestones(program, r)]
            for r in program.rounds
        }
        self.program_ref = weakref.ref(program)  # the cache below must not keep it alive
        # one dict per occurrence, shared by the pairs' texts, so their inputs share its JSON
        self.occurrences: dict[MilestoneOccurrence, dict[str, Any]] = {}
        self.generic: dict[str, dict[str, Any]] = {}  # the same for each template's generic one
        self.own: dict[tuple[str, str], tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        self.last_pair: tuple[Pair, dict[str, Any]] | None = None

    def pair_dict(self, program: Program, pair: Pair, round_: Round) -> dict[str, Any]:
        """The pair as templates see it: one dict for all the texts of the pair asked last (a
        run builds a pair's texts together), so their inputs hashes share its JSON."""
        last = self.last_pair
        if last is not None and last[0] is pair:
            return last[1]
        fmt = pair.format or round_.format
        made = {
            "slug": pair.slug,
            "project_path": f"{program.group}/{round_.slug}/{pair.slug}",
            "goal": pair.goal,
            "purpose": pair.purpose,
            "format": fmt,
            "format_text": FORMAT_TEXT.get(fmt, fmt),
        }
        self.last_pair = (pair, made)
        return made

    def milestone_of(self, occurrence: MilestoneOccurrence) -> dict[str, Any]:
        made = self.occurrences.get(occurrence)
        if made is None:
            if len(self.occurrences) >= _MAX_OCCURRENCES:
                self.occurrences.clear()
            made = self.occurrences[occurrence] = milestone_dict(occurrence)
        return made

    def round_of(self, pair: Pair) -> tuple[Round, dict[str, Any], list[dict[str, Any]]]:
        """The pair's round, as it lives it, and its milestones: built once per pair that has
        dates or a rhythm of its own, shared by the round's other pairs."""
        round_, shared = self.rounds[pair.round]
        if not _own_rhythm(pair, round_):
            return round_, shared, self.milestones[round_.slug]
        key = (pair.round, pair.slug)
        if key not in self.own:
            program = self.program_ref()
            assert program is not None  # the caller holds it
            plan = pair_plan(program, pair)
            self.own[key] = (_round_dict(round_, pair), [milestone_dict(o) for o in plan])
        return round_, *self.own[key]


_MAX_OCCURRENCES = 50_000  # pairs with dates of their own each have their own occurrences
_last_index: tuple[weakref.ref[Program], ProgramIndex] | None = None


def program_index(program: Program) -> ProgramIndex:
    """The index of ``program``, cached for the last program seen (a run works on one)."""
    global _last_index
    if _last_index is not None and _last_index[0]() is program:
        return _last_index[1]
    index = ProgramIndex(program)
    _last_index = (weakref.ref(program), index)
    return index


def template_context(
    program: Program,
    pair: Pair,
    milestone: MilestoneOccurrence | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The variables every pair template receives; ``milestone`` only for milestone issues.

    The nested dicts and lists are shared between calls for the same program (building them once
    is what keeps 100,000 renders fast): treat them as read-only. The top-level dict is new.
    """
    index = program_index(program)
    round_, round_dict, milestones = index.round_of(pair)
    context: dict[str, Any] = {
        "program": index.program,
        "round": round_dict,
        "mentor": index.mentors[pair.mentor],
        "mentee": index.mentees[pair.mentee],
        "pair": index.pair_dict(program, pair, round_),
        "milestones": milestones,
    }
    if isinstance(milestone, MilestoneOccurrence):
        context["milestone"] = index.milestone_of(milestone)
    elif milestone is not None:
        context["milestone"] = milestone if isinstance(milestone, dict) else dict(milestone)
    return context


def shared_generic_milestone(program: Program, template_name: str) -> dict[str, Any]:
    """``generic_milestone(template_name, program)``, one dict for every pair of the program
    (read-only, as the shared parts of ``template_context`` are)."""
    generic = program_index(program).generic
    if template_name not in generic:
        generic[template_name] = generic_milestone(template_name, program)
    return generic[template_name]


def generic_milestone(template_name: str, program: Program | None = None) -> dict[str, Any]:
    """A milestone with no date, for the copies in the pair repo's ``.gitlab/issue_templates/``.

    With ``program``, key and title come from the first plan entry using the template.
    """
    key, title = (
        template_name,
        GENERIC_TITLES.get(template_name, template_name.replace("_", " ").capitalize()),
    )
    if program is not None:
        plan = next((p for p in program.milestones if p.template == template_name), None)
        if plan is not None:
            key, title = plan.key, plan.title
    return {
        "id": key,
        "key": key,
        "title": title,
        "template": template_name,
        "due": "",
        "repeated": False,
        "occurrence": None,
        "occurrences": None,
    }


def progress_context(
    rows: Iterable[Mapping[str, Any]],
    completion_percent: int,
    status: str,
    updated_on: date | str,
) -> dict[str, Any]:
    """The variables of ``progress`` and ``progress_block``, added to ``template_context``.

    Each row has ``id``, ``title``, ``due``, ``done`` and ``overdue``; dates become ISO strings.
    """
    return {
        "rows": [
            {
                "id": row["id"],
                "title": row["title"],
                "due": iso_day(row["due"]),
                "done": bool(row["done"]),
                "overdue": bool(row["overdue"]),
            }
            for row in rows
        ],
        "completion_percent": int(completion_percent),
        "status": status,
        "updated_on": iso_day(updated_on),
    }


def certificate_context(
    role: str,
    person: Mentor | Mentee | Mapping[str, Any],
    completion_percent: int,
    verification_id: str,
    issued_on: date | str,
) -> dict[str, Any]:
    """The ``certificate`` variable of the certificate template, added to ``template_context``."""
    if role not in ("mentor", "mentee"):
        raise ValueError(f"a certificate is for a mentor or a mentee, not {role!r}")
    if isinstance(person, Mapping):
        who = {"username": person["username"], "name": person["name"]}
    else:
        who = {"username": person.username, "name": person.name}
    return {
        "certificate": {
            "role": role,
            "person": who,
            "completion_percent": int(completion_percent),
            "verification_id": verification_id,
            "issued_on": iso_day(issued_on),
        }
    }


def sample_context(
    name: str,
    program: Program,
    pair: Pair,
    occurrence: MilestoneOccurrence | None = None,
) -> dict[str, Any]:
    """The context ``name`` gets in production, with made-up progress: for validation renders."""
    round_ = program.round(pair.round)
    if name == "nudge" and occurrence is None:  # a nudge is always about a dated milestone
        occurrence = next(iter(expand_milestones(program, round_)), None)
    if name in PAIR_TEMPLATES or name in (PROGRESS_BLOCK, "certificate_note"):
        context = template_context(program, pair)
    else:
        context = template_context(
            program, pair, occurrence if occurrence is not None else generic_milestone(name)
        )
    percent = round(program.completion_threshold * 100)
    if name in ("progress", PROGRESS_BLOCK):
        rows = [
            {**m, "done": i == 0, "overdue": i == 1} for i, m in enumerate(context["milestones"])
        ]
        share = 100 // len(rows) if rows else 0
        context.update(progress_context(rows, share, "at-risk", round_.starts))
    if name == "certificate":
        mentee = program.mentee(pair.mentee)
        context.update(certificate_context("mentee", mentee, percent, "0" * 16, round_.ends))
    if name == "nudge":
        context["overdue_days"] = 3
    if name == "certificate_note":
        context["completion_percent"] = percent
        context["certificates"] = [
            {
                **certificate_context(role, person, percent, "0" * 16, round_.ends)["certificate"],
                "path": f"certificates/{role}.md",
            }
            for role, person in (
                ("mentee", program.mentee(pair.mentee)),
                ("mentor", program.mentor(pair.mentor)),
            )
        ]
    return context


def iso_day(value: date | str) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
