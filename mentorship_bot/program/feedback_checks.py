"""Checks of the ``feedback`` block that one field alone cannot make, and the model built from it.

Each problem is located at the value that causes it: a survey with both ``at`` and ``after``, an
``after`` naming no milestone, a question with two wordings, a scale without five labels, a
feedback project that is also the dashboard's (its Guests would read the dashboard).
"""

from __future__ import annotations

from typing import Any

from mentorship_bot.errors import Problem, TemplateError
from mentorship_bot.model import (
    SCALE_LABELS,
    Feedback,
    Program,
    Question,
    Survey,
    default_milestone_plan,
)
from mentorship_bot.program.schema import Record, Shape, suggest
from mentorship_bot.program.yaml_source import Document

KINDS = ("scale", "choice", "text")


def check_feedback(doc: Document, shape: Shape) -> list[Problem]:
    record = shape.feedback
    if record is None:
        return []
    problems: list[Problem] = []
    dashboard = shape.program.get("dashboard_project") if shape.program else None
    if dashboard and record.get("project") == dashboard:
        problems.append(doc.problem((*record.path, "project"),
                                    "the feedback project must not be the dashboard project: "
                                    "its Guests would read the dashboard"))
    if shape.milestones_given:
        milestones = [r.get("key") for r in shape.sections["milestones"]]
    else:
        milestones = [m.key for m in default_milestone_plan()]
    _unique(doc, record.get("surveys", []), "survey", problems)
    for survey in record.get("surveys", []):
        problems += _survey_problems(doc, survey, milestones)
    return problems


def _unique(doc: Document, records: list[Record], what: str, problems: list[Problem]) -> None:
    seen: set[str] = set()
    for item in records:
        key = item.get("key")
        if key in seen:
            problems.append(doc.problem((*item.path, "key"), f"a second {what} with the key "
                                                             f"{key!r}; keys must differ"))
        seen.add(key)


def _survey_problems(doc: Document, survey: Record, milestones: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    if "at" in survey.given and "after" in survey.given:
        problems.append(doc.problem((*survey.path, "after"),
                                    "give either 'at' or 'after', not both"))
    elif "at" not in survey.given and "after" not in survey.given:
        problems.append(doc.problem(survey.path, "missing when the survey opens: 'at: 50%', "
                                                 "'at: end' or 'after: MILESTONE'"))
    after = survey.get("after")
    if after is not None and after not in milestones:
        problems.append(doc.problem((*survey.path, "after"),
                                    f"no milestone has the key {after!r}"
                                    f"{suggest(after, milestones)}; expected one of "
                                    f"{', '.join(map(str, milestones))}"))
    questions = survey.get("questions", [])
    _unique(doc, questions, "question", problems)
    for question in questions:
        problems += _question_problems(doc, question)
    return problems


def _question_problems(doc: Document, question: Record) -> list[Problem]:
    kinds = [kind for kind in KINDS if kind in question.given]
    if len(kinds) != 1:
        later = max(kinds, key=lambda kind: doc.position((*question.path, kind)), default=None)
        where = (*question.path, later) if later else question.path
        return [doc.problem(where, "give exactly one of scale, choice or text: the key "
                                   "that holds the question's wording says how it is answered")]
    kind = kinds[0]
    problems = []
    labels, _options = question.get("labels"), question.get("options")
    if "labels" in question.given and kind != "scale":
        problems.append(doc.problem((*question.path, "labels"), "only a scale has labels"))
    elif labels is not None and len(labels) != len(SCALE_LABELS):
        problems.append(doc.problem((*question.path, "labels"),
                                    f"a scale has {len(SCALE_LABELS)} labels, from 1 to "
                                    f"{len(SCALE_LABELS)}; got {len(labels)}"))
    if "options" in question.given and kind != "choice":
        problems.append(doc.problem((*question.path, "options"),
                                    "only a choice has options"))
    elif kind == "choice" and "options" not in question.given:
        message = "a choice needs its options, such as options: [yes, partly, no]"
        problems.append(doc.problem((*question.path, "choice"), message))
    return problems


def build_feedback(record: Record | None) -> Feedback | None:
    """The model of a checked ``feedback`` block (None when the program has none)."""
    if record is None:
        return None
    return Feedback(
        project=record["project"],
        min_responses=record["min_responses"],
        remind_after_days=record["remind_after_days"],
        close_after_days=record["close_after_days"],
        surveys=tuple(_survey(s) for s in record["surveys"]),
    )


def _survey(record: Record) -> Survey:
    return Survey(key=record["key"], title=record["title"], who=record["who"],
                  at=record.get("at"), after=record.get("after"),
                  questions=tuple(_question(q) for q in record["questions"]))


def _question(record: Record) -> Question:
    kind = next(kind for kind in KINDS if kind in record.values)
    options: tuple[str, ...] = ()
    if kind == "scale":
        options = record.get("labels") or SCALE_LABELS
    elif kind == "choice":
        options = record["options"]
    return Question(key=record["key"], kind=kind, text=record[kind], options=options)


def check_survey_templates(doc: Document, program: Program, templates: Any) -> list[Problem]:
    """``survey`` and ``survey_note`` render for each survey (the first pair, each note), so a
    broken override is reported by validate, not by a sweep."""
    from mentorship_bot.render.person_context import SURVEY_NOTES, survey_context

    if program.feedback is None or not program.pairs:
        return []
    pair = min(program.pairs, key=lambda p: (p.round, p.slug))
    closes_on = program.round(pair.round).ends
    for index, survey in enumerate(program.feedback.surveys):
        unclear = tuple(q.key for q in survey.questions[:1])
        try:
            for note in (None, *SURVEY_NOTES):
                context = survey_context(program, pair, survey, "mentee", closes_on=closes_on,
                                         note=note, unclear=unclear)
                templates.render("survey" if note is None else "survey_note", context)
        except TemplateError as exc:
            return [doc.problem(("feedback", "surveys", index), f"template {exc}")]
    return []
