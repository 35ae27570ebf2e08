"""The nightly sweep, end to end: provision what is due, read every pair, write back, report.

The pure parts (desired state, diff, progress, the sweep's actions) decide; this module only
strings them together with the adapter's reads and writes, so ``sweep``, ``report`` and ``demo``
share one path.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection
from mentorship_bot.adapter.execute import Executor, Outcome, outcome_notices
from mentorship_bot.adapter.observe import observe, observe_members_meanwhile
from mentorship_bot.adapter.snapshot_io import read_snapshot, write_snapshot
from mentorship_bot.adapter.sweep_execute import SweepExecutor, observe_dashboard
from mentorship_bot.feedback.aggregate import FeedbackSummary, response_counts
from mentorship_bot.model import Program
from mentorship_bot.program.gc_pause import cycle_collection_paused, new_cycles_collected
from mentorship_bot.provision.board import BOARD_KINDS
from mentorship_bot.provision.desired_state import DesiredState, desired_state
from mentorship_bot.provision.diff import diff, with_members_checked
from mentorship_bot.provision.issue_facts import TextNotHeld
from mentorship_bot.provision.issue_snapshot import IssueSnapshot, is_due, take_snapshot
from mentorship_bot.provision.observed_state import ObservedDashboard, ObservedState
from mentorship_bot.provision.plan import Plan
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.runs.intake import intake_dashboard, read_intake, write_intake
from mentorship_bot.runs.surveying import (
    dashboard_section,
    observe_surveys,
    plan_surveys,
    tonight_summary,
    write_surveys,
)
from mentorship_bot.sweep.actions import sweep_actions
from mentorship_bot.sweep.certificates import Certificate, program_certificates
from mentorship_bot.sweep.dashboard import dashboard_marker, dashboard_trend
from mentorship_bot.sweep.history import TrendPoint
from mentorship_bot.sweep.progress import ProgramProgress, program_progress

# From here on a snapshot saves requests: a whole read of 100 pairs' issues is about ten
# pages; a read from the snapshot is its file, a page of Progress issues and one of updates.
SNAPSHOT_FROM_PAIRS = 100


@dataclass(frozen=True)
class SweepResult:
    progress: ProgramProgress
    certificates: tuple[Certificate, ...]
    provision: Plan  # what provisioning planned (just-in-time issues, new pairs)
    updates: Plan  # what the sweep planned after reading progress
    outcomes: tuple[Outcome, ...]
    requests: dict[str, int]
    trend: tuple[TrendPoint, ...] = ()  # the dashboard's history with tonight's point
    surveys: Plan = field(default_factory=lambda: Plan(()))  # tonight's survey writes (issue 14)
    feedback: FeedbackSummary = field(default_factory=FeedbackSummary)  # never an answer
    intake: Plan = field(default_factory=lambda: Plan(()))  # tonight's intake writes (issue 13)
    issues_read: str = ""  # how the issues were read: whole (and why), or as updates
    snapshot: str = ""  # what became of the issue snapshot (issue 18)

    def failed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)

    def noticed(self) -> list[dict[str, str]]:
        """Writes left for a person to enable first (the board on GitLab Free)."""
        return outcome_notices(self.outcomes)

    def written(self) -> dict[str, int]:
        """Writes done, by kind."""
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            if outcome.done:
                counts[outcome.action.kind] = counts.get(outcome.action.kind, 0) + 1
        return counts


@dataclass(frozen=True)
class Reading:
    """What one bulk read tells: GitLab's state, the progress computed from it, the dashboard."""

    observed: ObservedState
    progress: ProgramProgress
    dashboard: ObservedDashboard | None
    bot_username: str

    def trend(self, responses: Mapping[str, int] | None = None) -> tuple[TrendPoint, ...]:
        """The dashboard's history with tonight's point: what the sweep writes back."""
        return dashboard_trend(self.dashboard, self.progress, responses).points


@cycle_collection_paused()
def read_progress(program: Program, today: date, conn: Connection,
                  templates: TemplateSet | None = None, *,
                  dashboard: ObservedDashboard | None = None,
                  snapshot_from: int = SNAPSHOT_FROM_PAIRS) -> Reading:
    """Every pair's progress, read without writing; ``dashboard`` when the caller has read it.
    The sweep's snapshot of the issues is read too, never written."""
    templates = templates or TemplateSet(program.templates)
    dashboard = dashboard or _dashboard(conn, program)
    keeper = _snapshot_home(program, dashboard, snapshot_from)
    known = read_snapshot(conn, keeper.project_id, program.slug)[0] if keeper else None
    observed = observe(conn, desired_state(program, today, templates), known=known)
    return _reading(program, today, conn, observed, dashboard)


def _dashboard(conn: Connection, program: Program) -> ObservedDashboard | None:
    if not program.dashboard_project:
        return None
    return observe_dashboard(conn, program.dashboard_project, dashboard_marker(program.slug))


def _snapshot_home(program: Program, dashboard: ObservedDashboard | None,
                   snapshot_from: int) -> ObservedDashboard | None:
    """Where the issue snapshot is kept: the dashboard project of a program that large."""
    return dashboard if dashboard and len(program.pairs) >= snapshot_from else None


def _reading(program: Program, today: date, conn: Connection,
             observed: ObservedState, dashboard: ObservedDashboard | None = None) -> Reading:
    conn.reads.auth()
    bot = conn.reads.user.username if conn.reads.user else ""
    dashboard = dashboard or _dashboard(conn, program)
    progress = program_progress(program, observed.issues, today, bot, observed.projects)
    return Reading(observed, progress, dashboard, bot)


def _needs_second_read(provision: Plan, today: date) -> bool:
    """Whether what provisioning just created matters to tonight's progress.

    Meeting issues made ahead of their due date have nothing done and nothing overdue: the one
    read stands (the nightly case). A new pair's Progress issue, or an issue already overdue
    (the bot did not run for a while), needs its id tonight, or a second sweep on the same day
    would still find work to do.
    """
    # A calendar record rewrote a Progress issue's marker: the sweep's block update must start
    # from that text, or it would put the old record back.
    return any(
        action.kind == "record_calendar" or (
            action.kind == "create_issue"
            and (action.target.endswith("/progress")
                 or (action.attribute("due_date") is not None
                     and action.attribute("due_date") < today)))
        for action in provision.writes()
    )


@cycle_collection_paused()
def run_sweep(
    program: Program,
    today: date,
    conn: Connection,
    *,
    users: Callable[[], dict[str, int | None]] | None = None,
    workers: int = DEFAULT_WORKERS,
    on_done: Callable[[Outcome], None] | None = None,
    dashboard: ObservedDashboard | None = None,
    snapshot_from: int = SNAPSHOT_FROM_PAIRS,
    whole: str = "",
) -> SweepResult:
    """Provision, read, write back. Nothing here raises for one pair's failure: see outcomes.

    ``users`` is called before the first provisioning write (and only when there is one): it
    checks every username exists and returns their ids, or stops the run. ``dashboard``, when
    the caller already read it (the command checks it before any write), is not read again.
    A program of ``snapshot_from`` pairs or more keeps a snapshot of its issues in the
    dashboard project and reads only what changed since (``provision/issue_snapshot.py``),
    unless ``whole`` says why to read every issue tonight.
    """
    templates = TemplateSet(program.templates)
    desired = desired_state(program, today, templates)
    dashboard = dashboard or _dashboard(conn, program)
    keeper = _snapshot_home(program, dashboard, snapshot_from)
    observed, members, known, kept = _first_read(conn, program, desired, keeper, whole)
    try:  # while GitLab answers the members' queries
        provision = diff(desired, observed)
    except TextNotHeld:  # a reassignment rewrites a text the snapshot does not hold
        members()
        observed = observe(conn, desired, whole="a reassignment rewrites texts the snapshot "
                                                "does not hold")
        provision = diff(desired, observed)
    else:
        verified = members()
        observed = observed.with_members(verified)
        provision = with_members_checked(provision, desired, observed, verified)
    outcomes: list[Outcome] = []
    if provision.writes():
        # The board alone needs no user: a Free group waiting for its board costs no check.
        needs_users = any(a.kind not in BOARD_KINDS for a in provision.writes())
        user_ids = users() if users and needs_users else None
        with new_cycles_collected():
            result = Executor(conn, observed, workers=workers, on_done=on_done,
                              user_ids=user_ids).run(provision)
        outcomes.extend(result.outcomes)
        if _needs_second_read(provision, today):
            # From what the first read found: only tonight's creations are read again, and a
            # whole first read still counts as the week's.
            observed = observe(conn, desired, known=_snapshot_of(observed, desired.project_paths)
                               if keeper else None)
    reading = _reading(program, today, conn, observed, dashboard)
    feedback = observe_surveys(program, today, conn, workers=workers)
    survey_plan = plan_surveys(program, today, feedback, templates, source=conn.url)
    intake = read_intake(program, today, conn, workers=workers, templates=templates)
    tonight = tonight_summary(program, today, feedback, survey_plan)  # once a night
    responses = response_counts(tonight)
    updates = Plan(sweep_actions(program, reading.progress, observed, templates,
                                 reading.dashboard,
                                 dashboard_section(program, feedback, tonight)
                                 + intake_dashboard(program, intake),
                                 responses),
                   source=conn.url)
    with new_cycles_collected():
        if updates.writes():
            result = SweepExecutor(conn, observed, workers=workers, on_done=on_done,
                                   dashboard=reading.dashboard).run(updates)
            outcomes.extend(result.outcomes)
        surveys = write_surveys(program, today, conn, feedback, survey_plan, tonight,
                                workers=workers, on_done=on_done)
        outcomes.extend(surveys.outcomes)
        matched = write_intake(program, conn, intake, workers=workers, on_done=on_done,
                               templates=templates)
        outcomes.extend(matched.outcomes)
        snapshot = (_keep_snapshot(conn, program, observed, keeper, known, exists=kept,
                                   pair_paths=desired.project_paths,
                                   wrote=any(o.done for o in outcomes)) if keeper else
                    "none: " + ("the program has no dashboard_project to keep it in"
                                if not dashboard
                                else f"under {snapshot_from} pairs the issues are read whole"))
    return SweepResult(
        progress=reading.progress,
        certificates=program_certificates(program, reading.progress),
        provision=provision,
        updates=updates,
        outcomes=tuple(outcomes),
        requests=conn.request_counts(),
        trend=reading.trend(responses),
        surveys=surveys.plan,
        feedback=surveys.summary,
        intake=matched.plan,
        issues_read=_read_text(observed),
        snapshot=snapshot,
    )


def _first_read(conn: Connection, program: Program, desired: DesiredState,
                keeper: ObservedDashboard | None, whole: str
                ) -> tuple[ObservedState, Callable[[], dict[str, dict[str, int]]],
                           IssueSnapshot | None, bool]:
    """GitLab's state, from the issue snapshot when ``keeper`` keeps one (and ``whole`` does
    not say why not), but the members of projects already set up, read meanwhile (the
    callable waits for them); the snapshot, and whether its file exists. The file is read
    while the projects are listed: making 100,000 issues of it takes seconds."""
    if keeper is None:
        return *observe_members_meanwhile(conn, desired, whole=whole), None, False
    with ThreadPoolExecutor(max_workers=1) as pool:
        fetched = pool.submit(read_snapshot, conn, keeper.project_id, program.slug)
        observed, members = observe_members_meanwhile(
            conn, desired, known=lambda: fetched.result()[0], whole=whole)
        return observed, members, *fetched.result()


def _read_text(observed: ObservedState) -> str:
    read = observed.issue_read
    if read is None or read.whole:
        return f"whole ({read.reason})" if read and read.reason else "whole"
    since = read.since.isoformat(timespec="minutes") if read.since else "?"
    whole = read.full_read.date().isoformat() if read.full_read else "?"
    return (f"from the snapshot and {read.listed} issues listed: the Progress issues and those "
            f"updated since {since} (last whole read {whole})")


def _snapshot_of(observed: ObservedState, pair_paths: Collection[str]) -> IssueSnapshot | None:
    """What ``observed`` found, as the snapshot a write would keep (nothing is written)."""
    read = observed.issue_read
    if read is None or read.as_of is None or read.full_read is None:
        return None
    return take_snapshot(observed.issues, observed.duplicates, observed.projects,
                         observed.labels.values(), observed.milestones.values(),
                         read.as_of, read.full_read, pair_paths)


def _keep_snapshot(conn: Connection, program: Program, observed: ObservedState,
                   dashboard: ObservedDashboard, known: IssueSnapshot | None, *,
                   pair_paths: Collection[str], exists: bool, wrote: bool) -> str:
    """Write tonight's snapshot when it is due (``issue_snapshot.is_due``); what became of it.
    A failure fails nothing else: the older snapshot still holds, or the next run reads whole."""
    snapshot = _snapshot_of(observed, pair_paths)
    if snapshot is None:
        return "not written: GitLab's answers carry no Date, so its time is unknown"
    whole = observed.issue_read is not None and observed.issue_read.whole
    if not is_due(known.as_of if known else None, snapshot.as_of, whole=whole, wrote=wrote):
        return f"kept (as of {known.as_of.isoformat() if known else '?'})"
    failed = write_snapshot(conn, dashboard.project_id, program.slug, snapshot, exists=exists)
    return f"not written: {failed}" if failed else f"written (as of {snapshot.as_of.isoformat()})"
