"""What the templates of one person's own confidential issue receive: a feedback survey
(issue 14), the choice of a mentor and a request for one (issue 13).

Each names only that person and what the program shows them: never a partner's answer, never
another mentee. Like ``render.context``, plain dicts, lists, strings and ints, documented in
``issue_templates/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from mentorship_bot.model import Mentee, Mentor, Pair, Program, Survey
from mentorship_bot.render.context import ProgramIndex, iso_day, mentee_dict, program_index
from mentorship_bot.render.lazy import Templates

# A feedback survey's confidential issue and the notes on it: rendered per person.
SURVEY_TEMPLATES = ("survey", "survey_note")
SURVEY_NOTES = ("unclear", "reminder", "closed")
# A waiting mentee's "Choose your mentor" issue and the bot's notes on it.
CHOICE_TEMPLATES = ("choice", "choice_note")
# Each note with the variables it gets besides the (the others are None).
CHOICE_NOTES = {"none_of_these": (), "no_room": ("gone",), "reminder": (),
                "proposed": ("mentor", "merge_request"), "paired": ("mentor",), "withdrawn": ()}
# The bot's notes on a "Request a mentor" issue, seen by the one who asked and the coordinators.
REQUEST_NOTES = {"unreadable": ("why",), "in_queue": ("username",), "known": ("username",),
                 "proposed": ("username", "merge_request")}


def survey_context(program: Program, pair: Pair, survey: Survey, role: str, *,
                   closes_on: date | str, note: str | None = None,
                   unclear: Iterable[str] = ()) -> dict[str, Any]:
    """What ``survey`` and ``survey_note`` receive for the person of ``pair`` in ``role``.

    Never an answer: the notes name the questions to fix (``unclear``, their keys), not the ticks.
    """
    index = program_index(program)
    person = index.mentees[pair.mentee] if role == "mentee" else index.mentors[pair.mentor]
    partner = "mentor" if role == "mentee" else "mentee"
    feedback = program.feedback
    unclear_keys = set(unclear)
    questions = [
        {"number": number, "key": q.key, "kind": q.kind, "text": q.text,
         "options": list(q.options), "unclear": q.key in unclear_keys}
        for number, q in enumerate(survey.questions, start=1)
    ]
    return {
        "program": index.program,
        "round": index.rounds[pair.round][1],
        "person": {**person, "role": role, "partner_role": partner},
        "survey": {"key": survey.key, "title": survey.title, "questions": questions,
                   "closes_on": iso_day(closes_on),
                   "min_responses": feedback.min_responses if feedback else 5},
        "note": note,
    }


def candidate_dict(mentor: Mentor, reasons: Iterable[str]) -> dict[str, Any]:
    """A mentor as a choice issue shows them: their profile and why they fit this mentee."""
    return {
        "username": mentor.username,
        "name": mentor.name,
        "reasons": list(reasons),
        "skills": list(mentor.skills),
        "topics": list(mentor.topics),
        "languages": list(mentor.languages),
        "timezone": mentor.timezone or "",
        "department": mentor.department or "",
        "bio": mentor.bio or "",
    }


def choice_context(program: Program, round_slug: str, mentee: str,
                   candidates: Iterable[dict[str, Any]] = (), *, note: str | None = None,
                   gone: str | None = None, mentor: str | None = None,
                   merge_request: dict[str, Any] | None = None) -> dict[str, Any]:
    """What ``choice`` and ``choice_note`` receive for the mentee named ``mentee``, who waits
    (or waited) in the round ``round_slug``.

    ``note``: why the list is new (``none_of_these``, ``no_room``) or, on a note only, the
    ``reminder`` or what became of the choice (``proposed``, ``paired``, ``withdrawn``);
    ``gone``: the mentor ticked who has no room left; ``mentor``: the one proposed or paired;
    ``merge_request``: ``iid`` and ``url`` of the request that proposes the pair. A round or
    mentee the file no longer has (a closing note) keeps its name and slug, other fields empty.
    """
    index = program_index(program)
    return {
        "program": index.program,
        "round": _round_of(index, round_slug),
        "mentee": _mentee_of(index, mentee),
        "candidates": list(candidates),
        "choose_within_days": program.matching.choose_within_days,
        "note": note,
        "gone": gone,
        "mentor": mentor,
        "merge_request": merge_request,
    }


def _round_of(index: ProgramIndex, slug: str) -> dict[str, Any]:
    """The round as templates see it; one the file no longer has: its slug for a name."""
    found = index.rounds.get(slug)
    if found is not None:
        return found[1]
    shape = next(iter(index.rounds.values()))[1]
    return {**dict.fromkeys(shape, ""), "slug": slug, "name": slug, "weeks": 0}


def _mentee_of(index: ProgramIndex, username: str) -> dict[str, Any]:
    """The mentee as templates see it (any case); one the file no longer has: their username
    for a name."""
    found = index.mentees.get(username) or next(
        (d for name, d in index.mentees.items() if name.lower() == username.lower()), None)
    if found is not None:
        return found
    return mentee_dict(Mentee(username, username))


def request_context(program: Program, note: str, *, username: str | None = None,
                    why: str | None = None,
                    merge_request: dict[str, Any] | None = None) -> dict[str, Any]:
    """What ``request_note`` receives: ``note`` (``REQUEST_NOTES``), the mentee asked for
    (``username``, validated), why the request cannot be read (``unreadable``), and the merge
    request that proposes the mentee (``proposed``)."""
    return {"program": program_index(program).program, "note": note, "username": username,
            "why": why, "merge_request": merge_request}


def request_note(templates: Templates, program: Program, note: str, **fields: Any) -> str:
    """The bot's note on a "Request a mentor" issue: the ``request_note`` template."""
    return templates.render("request_note", request_context(program, note, **fields)).strip()
