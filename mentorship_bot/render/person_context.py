"""What the templates of one person's own confidential issue receive: a feedback survey
(issue 14) and the choice of a mentor (issue 13).

Each names only that person and what the program shows them: never a partner's answer, never
another mentee. Like ``render.context``, plain dicts, lists, strings and ints, documented in
``issue_templates/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from mentorship_bot.model import Mentee, Mentor, Pair, Program, Round, Survey
from mentorship_bot.render.context import iso_day, program_index

# A feedback survey's confidential issue and the notes on it: rendered per person.
SURVEY_TEMPLATES = ("survey", "survey_note")
SURVEY_NOTES = ("unclear", "reminder", "closed")
# A waiting mentee's "Choose your mentor" issue and the bot's notes on it.
CHOICE_TEMPLATES = ("choice", "choice_note")
CHOICE_NOTES = ("none_of_these", "no_room", "reminder")


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


def choice_context(program: Program, round_: Round, mentee: Mentee,
                   candidates: Iterable[dict[str, Any]], *, note: str | None = None,
                   gone: str | None = None) -> dict[str, Any]:
    """What ``choice`` and ``choice_note`` receive for ``mentee``, waiting in ``round_``.

    ``note``: why the list is new (``none_of_these``, ``no_room``) or, on a note only,
    ``reminder``; ``gone``: the mentor ticked who has no room left (``no_room``).
    """
    index = program_index(program)
    return {
        "program": index.program,
        "round": index.rounds[round_.slug][1],
        "mentee": index.mentees[mentee.username],
        "candidates": list(candidates),
        "choose_within_days": program.matching.choose_within_days,
        "note": note,
        "gone": gone,
    }
