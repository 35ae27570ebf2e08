"""Tonight's surveys, end to end: read the feedback project once, decide, write, aggregate.

The nightly sweep reads the feedback project before the pairs' writes (the dashboard shows the
aggregates) and writes the surveys after them; ``report`` calls ``read_surveys`` alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection
from mentorship_bot.adapter.execute import Outcome
from mentorship_bot.adapter.survey_io import SurveyExecutor, observe_feedback
from mentorship_bot.feedback.aggregate import FeedbackSummary, summarise
from mentorship_bot.feedback.decide import ObservedFeedback, survey_actions
from mentorship_bot.feedback.schedule import due_invites
from mentorship_bot.feedback.summary_text import feedback_markdown
from mentorship_bot.model import Program
from mentorship_bot.provision.plan import Plan
from mentorship_bot.render.templates import TemplateSet


@dataclass(frozen=True)
class SurveyRun:
    plan: Plan
    outcomes: tuple[Outcome, ...]
    summary: FeedbackSummary


def read_surveys(program: Program, today: date, conn: Connection, *,
                 workers: int = DEFAULT_WORKERS) -> tuple[ObservedFeedback | None, FeedbackSummary]:
    """The feedback project as GitLab holds it, and its aggregates; (None, empty) without one."""
    if program.feedback is None:
        return None, FeedbackSummary()
    due = [i.marker_id(program.slug) for i in due_invites(program, today)]
    observed = observe_feedback(conn, program.feedback.project, program.slug, due=due,
                                workers=workers)
    return observed, summarise(program, today, _descriptions(observed))


def plan_surveys(program: Program, today: date, observed: ObservedFeedback | None,
                 templates: TemplateSet | None = None, *, source: str = "GitLab") -> Plan:
    """Tonight's survey writes, decided from what ``read_surveys`` found (nothing written)."""
    if observed is None:
        return Plan(())
    templates = templates or TemplateSet(program.templates)
    return Plan(tuple(survey_actions(program, today, observed, templates)), source=source)


def dashboard_section(program: Program, today: date, observed: ObservedFeedback | None,
                      plan: Plan) -> str:
    """The aggregates as the dashboard shows them once tonight's surveys are open, so a second
    sweep the same night finds the dashboard as it left it."""
    if observed is None:
        return ""
    opened = _descriptions(observed)
    opened.update({a.target: "" for a in plan.writes() if a.kind == "create_survey"})
    summary = summarise(program, today, opened)
    return feedback_markdown(summary, {r.slug: r.name for r in program.rounds}, "###")


def write_surveys(program: Program, today: date, conn: Connection,
                  observed: ObservedFeedback | None, plan: Plan, *,
                  workers: int = DEFAULT_WORKERS,
                  on_done: Callable[[Outcome], None] | None = None) -> SurveyRun:
    """Carry out ``plan`` on what ``read_surveys`` found; the aggregates after it."""
    if observed is None:
        return SurveyRun(Plan(()), (), FeedbackSummary())
    outcomes: tuple[Outcome, ...] = ()
    if plan.writes():
        outcomes = SurveyExecutor(conn, observed, workers=workers, on_done=on_done).run(
            plan).outcomes
    opened = _descriptions(observed)
    for outcome in outcomes:  # opened tonight: asked, nothing answered yet
        if outcome.ok and outcome.action.kind == "create_survey":
            opened.setdefault(outcome.action.target, "")
    return SurveyRun(plan, outcomes, summarise(program, today, opened))


def _descriptions(observed: ObservedFeedback) -> dict[str, str]:
    return {marker: survey.description for marker, survey in observed.surveys.items()}
