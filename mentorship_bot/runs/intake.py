"""Tonight's intake, end to end (issue 13): read the intake project, decide, write, propose.

With ``matching.mode`` set, the nightly sweep reads the intake project beside the surveys (the
dashboard shows who is overdue) and, after the pairs' writes, opens and follows up the choice
issues, puts the chosen pairs (``mentee-choice``) or the optimal assignment (``coordinator``) and
the requested mentees in the one merge request (``adapter/proposal.py``: opened once, updated
only when different, never merged), then notes the link on each issue it now carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection
from mentorship_bot.adapter.execute import Outcome
from mentorship_bot.adapter.graphql_users import look_up_user_ids
from mentorship_bot.adapter.intake_io import IntakeExecutor, observe_intake
from mentorship_bot.adapter.proposal import Proposal, ProposalResult, propose_change
from mentorship_bot.intake.decide import (
    Intake,
    ObservedIntake,
    decide_intake,
    intake_markdown,
    link_actions,
    nominated_usernames,
)
from mentorship_bot.intake.proposal_text import choice_description, mentees_table
from mentorship_bot.matching.candidates import queue
from mentorship_bot.matching.merge_request import (
    BRANCH,
    TITLE,
    adding_pairs,
    assignment_description,
)
from mentorship_bot.matching.merge_request import proposed_pairs as assigned_pairs
from mentorship_bot.matching.propose import propose, target_round
from mentorship_bot.model import Program
from mentorship_bot.provision.plan import Action, Plan, attrs
from mentorship_bot.render.choice_text import choice_marker
from mentorship_bot.render.request_text import request_template
from mentorship_bot.render.templates import TemplateSet


@dataclass(frozen=True)
class IntakeReading:
    observed: ObservedIntake | None  # None: no intake project (coordinator mode)
    intake: Intake
    plan: Plan  # tonight's writes before the merge request


@dataclass(frozen=True)
class IntakeRun:
    plan: Plan  # every intake write decided tonight, the merge request and links included
    outcomes: tuple[Outcome, ...]
    merge_request: ProposalResult | None


def read_intake(program: Program, today: date, conn: Connection, *,
                workers: int = DEFAULT_WORKERS,
                templates: TemplateSet | None = None) -> IntakeReading | None:
    """The intake project as GitLab holds it and tonight's decisions; None without a mode.
    ``templates``: the run's (the choice issue's words), else the program's."""
    matching = program.matching
    if matching.mode is None:
        return None
    if not matching.intake_project:
        return IntakeReading(None, Intake(), Plan(()))
    round_ = target_round(program, None)
    wanted = [choice_marker(program.slug, round_.slug, m.username)
              for m in queue(program, round_)] if round_ and (
        matching.mode == "mentee-choice") else []
    observed = observe_intake(conn, matching.intake_project, program.slug, wanted=wanted,
                              workers=workers)
    nominated = nominated_usernames(program, observed)
    found = look_up_user_ids(conn, nominated) if nominated else {}
    templates = templates or TemplateSet(program.templates)
    intake = decide_intake(program, today, observed,
                           users={name.lower(): uid is not None for name, uid in found.items()},
                           templates=templates)
    actions = list(intake.actions)
    template = request_template(program, templates)
    if observed.template != template:
        actions.insert(0, Action("commit_template", "intake-template", attrs(
            branch=observed.branch, content=template,
            action="create" if observed.template is None else "update"),
            reason="the request template is missing or out of date"))
    return IntakeReading(observed, intake, Plan(tuple(actions), source=conn.url))


def intake_dashboard(program: Program, reading: IntakeReading | None) -> str:
    text = intake_markdown(program, reading.intake if reading else None)
    return "\n" + text if text else ""


def _proposal(program: Program, reading: IntakeReading) -> tuple[Proposal | None, Outcome | None]:
    """The merge request's content tonight; None when there is nothing to propose."""
    matching = program.matching
    assert matching.program_project is not None
    intake = reading.intake
    mentees = [m.entry() for m in intake.mentees]
    if matching.mode == "coordinator":
        round_ = target_round(program, None)
        if round_ is None:
            return None, None
        try:
            assignment = propose(program, round_, optimal=True)
        except Exception as exc:  # SolverMissing: reported, the rest of the night goes on
            return None, Outcome(Action("propose_pairs", BRANCH), str(exc))
        pairs = assigned_pairs(assignment)
        text = assignment_description(assignment, mentees_table(intake.mentees))
    else:
        pairs = [{"round": p.round, "mentor": p.mentor, "mentee": p.mentee}
                 for p in intake.pairs]
        text = choice_description(intake.pairs, intake.mentees)
    if not pairs and not mentees:
        return None, None
    message = (f"Propose {len(pairs)} pair{'' if len(pairs) == 1 else 's'} and "
               f"{len(mentees)} mentee{'' if len(mentees) == 1 else 's'}")
    return Proposal(matching.program_project, matching.program_file, BRANCH, TITLE, text,
                    message, adding_pairs(pairs, matching.program_file, mentees)), None


def write_intake(program: Program, conn: Connection, reading: IntakeReading | None, *,
                 workers: int = DEFAULT_WORKERS,
                 on_done: Callable[[Outcome], None] | None = None,
                 templates: TemplateSet | None = None) -> IntakeRun:
    """Carry out what ``read_intake`` decided, propose, then link the issues to the request
    (its notes in the words of ``templates``, else the program's)."""
    if reading is None:
        return IntakeRun(Plan(()), (), None)
    report = on_done or (lambda outcome: None)
    outcomes: list[Outcome] = []
    if reading.observed is not None and reading.plan.writes():
        outcomes += IntakeExecutor(conn, reading.observed, workers=workers,
                                   on_done=on_done).run(reading.plan).outcomes
    actions = list(reading.plan.actions)
    proposal, failed = _proposal(program, reading)
    result = None
    if failed is not None:
        outcomes.append(failed)
        report(failed)
    if proposal is not None:
        step = Action("propose_pairs", BRANCH, attrs(project=proposal.project))
        try:
            result = propose_change(conn, proposal)
            done = Outcome(step)
        except Exception as exc:  # an invalid edit or a GitLab error: reported, never raised
            done = Outcome(step, str(exc))
        if not done.ok or (result is not None and result.wrote):
            actions.append(step)
            outcomes.append(done)
            report(done)
    if result is not None and reading.observed is not None:
        links = link_actions(program, reading.intake, reading.observed, result.iid,
                             result.web_url, templates)
        if links:
            actions += links
            outcomes += IntakeExecutor(conn, reading.observed, workers=workers,
                                       on_done=on_done).run(Plan(tuple(links))).outcomes
    return IntakeRun(Plan(tuple(actions), source=conn.url), tuple(outcomes), result)
