"""Tonight's surveys, end to end: read the feedback project once, decide, write, aggregate.

The nightly sweep reads the feedback project before the pairs' writes (the dashboard shows the
aggregates, summarised once a night) and writes the surveys after them; ``report`` calls
``read_surveys`` alone.
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
    observed = observe_surveys(program, today, conn, workers=workers)
    if observed is None:
        return None, FeedbackSummary()
    return observed, summarise(program, today, _descriptions(observed))


def observe_surveys(program: Program, today: date, conn: Connection, *,
                    workers: int = DEFAULT_WORKERS) -> ObservedFeedback | None:
    """The feedback project as GitLab holds it; None without one."""
    if program.feedback is None:
        return None
    due = [i.marker_id(program.slug) for i in due_invites(program, today)]
    return observe_feedback(conn, program.feedback.project, program.slug, due=due,
                            workers=workers)


def plan_surveys(program: Program, today: date, observed: ObservedFeedback | None,
                 templates: TemplateSet | None = None, *, source: str = "GitLab") -> Plan:
    """Tonight's survey writes, decided from what ``read_surveys`` found (nothing written)."""
    if observed is None:
        return Plan(())
    templates = templates or TemplateSet(program.templates)
    return Plan(tuple(survey_actions(program, today, observed, templates)), source=source)


def tonight_summary(program: Program, today: date, observed: ObservedFeedback | None,
                    plan: Plan) -> FeedbackSummary:
    """The aggregates once tonight's surveys are open: what the dashboard shows (so a second
    sweep the same night finds it as it left it) and the night reports. Every survey
    description is parsed once a night."""
    if observed is None:
        return FeedbackSummary()
    opened = _descriptions(observed)
    opened.update({a.target: "" for a in plan.writes() if a.kind == "create_survey"})
    return summarise(program, today, opened)


def dashboard_section(program: Program, observed: ObservedFeedback | None,
                      summary: FeedbackSummary) -> str:
    """``tonight_summary`` as the dashboard shows it; nothing without a feedback project."""
    if observed is None:
        return ""
    return feedback_markdown(summary, {r.slug: r.name for r in program.rounds}, "###")


def write_surveys(program: Program, today: date, conn: Connection,
                  observed: ObservedFeedback | None, plan: Plan, summary: FeedbackSummary, *,
                  workers: int = DEFAULT_WORKERS,
                  on_done: Callable[[Outcome], None] | None = None) -> SurveyRun:
    """Carry out ``plan`` on what ``observe_surveys`` found; ``summary`` is ``tonight_summary``,
    summarised again only when a survey could not be opened."""
    if observed is None:
        return SurveyRun(Plan(()), (), FeedbackSummary())
    outcomes: tuple[Outcome, ...] = ()
    if plan.writes():
        outcomes = SurveyExecutor(conn, observed, workers=workers, on_done=on_done).run(
            plan).outcomes
    if any(not o.ok and o.action.kind == "create_survey" for o in outcomes):
        opened = _descriptions(observed)
        opened.update({o.action.target: "" for o in outcomes
                       if o.ok and o.action.kind == "create_survey"})
        summary = summarise(program, today, opened)
    return SurveyRun(plan, outcomes, summary)


def _descriptions(observed: ObservedFeedback) -> dict[str, str]:
    return {marker: survey.description for marker, survey in observed.surveys.items()}
