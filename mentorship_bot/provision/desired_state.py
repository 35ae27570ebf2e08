"""What GitLab should hold for a program on a given day: a pure function of program and date.

Labels live on the program group and milestones on each round group, so a program of 1,000 pairs
creates them once, not once per pair. Each pair gets a private project with its two members, one
commit (README, ``calendar.ics`` and the issue templates pairs reuse), one issue per milestone
occurrence and a Progress issue. Meeting issues appear just in time, ``issue_lead_days`` before
they are due; the one-off milestones are there from the start so a pair sees its whole road. The
objects pairs share (labels, round groups and milestones) are ``program_objects``'.

Texts are not rendered here: each carries its template and context (``render.lazy``), and is
rendered only when the diff or a plan output reads it. ``desired_pairs`` yields the state pair by
pair, so a plan of 10,000 pairs never holds every pair's objects at once (issue 18).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial
from typing import NamedTuple

from mentorship_bot.model import (
    MilestoneOccurrence,
    Pair,
    Program,
    Round,
    pair_dates,
    progress_title,
)
from mentorship_bot.model import pair_plans as all_pair_plans
from mentorship_bot.provision.calendar_file import (
    CALENDAR_PATH,
    LazyCalendar,
    calendar_inputs,
    pair_calendar,
)
from mentorship_bot.provision.program_objects import (
    CERTIFIED_LABEL,
    CLOSED_LABEL,
    KIND_MILESTONE,
    KIND_PROGRESS,
    NUDGED_LABEL,
    STATUS_COLORS,
    STATUSES,
    DesiredGroup,
    DesiredLabel,
    DesiredMilestone,
    milestone_label,
    program_labels,
    round_group,
    round_milestones,
    status_label,
)
from mentorship_bot.render.context import (
    MILESTONE_TEMPLATES,
    PROGRESS_BLOCK,
    progress_context,
    shared_generic_milestone,
    template_context,
)
from mentorship_bot.render.lazy import LazyText
from mentorship_bot.render.lazy import Templates as Renderer
from mentorship_bot.render.ledger import NO_ACTIVITY, Ledger
from mentorship_bot.render.managed_block import replace_managed_block
from mentorship_bot.render.progress_block import figures_digest, render_progress_block

DEVELOPER = 30
# The shared objects are re-exported: the rest of the bot knows them as parts of the desired state.
__all__ = [
    "CERTIFIED_LABEL",
    "CLOSED_LABEL",
    "DEVELOPER",
    "KIND_MILESTONE",
    "KIND_PROGRESS",
    "NUDGED_LABEL",
    "STATUSES",
    "STATUS_COLORS",
    "DesiredGroup",
    "DesiredIssue",
    "DesiredLabel",
    "DesiredMilestone",
    "DesiredPair",
    "DesiredProject",
    "DesiredState",
    "assigned_people",
    "desired_pairs",
    "desired_state",
    "is_due_for_creation",
    "milestone_label",
    "pair_marker",
    "status_label",
]


@dataclass(frozen=True)
class DesiredProject:
    full_path: str
    name: str
    description: str
    round: str
    pair: str
    members: tuple[tuple[str, int], ...]  # (username, access level)
    lazy_files: tuple[tuple[str, LazyText], ...]  # (file path, content with marker, unrendered)
    visibility: str = "private"
    calendar: LazyCalendar | None = None  # calendar.ics, rendered when read; carries its hash

    @property
    def files(self) -> tuple[tuple[str, str], ...]:
        """(file path, content with marker), rendered, ``calendar.ics`` included."""
        files = [(path, text.text) for path, text in self.lazy_files]
        if self.calendar is not None:
            files.append((CALENDAR_PATH, self.calendar.text))
        return tuple(sorted(files))

    @property
    def file_paths(self) -> list[str]:
        """The files' paths, nothing rendered."""
        return [path for path, _ in self.lazy_files] + (
            [CALENDAR_PATH] if self.calendar is not None else [])

    @property
    def namespace_path(self) -> str:
        return self.full_path.rsplit("/", 1)[0]

    @property
    def path(self) -> str:
        return self.full_path.rsplit("/", 1)[1]


@dataclass(frozen=True)
class DesiredIssue:
    marker_id: str
    project_path: str
    title: str
    lazy: LazyText  # the description with its marker, rendered when read
    labels: tuple[str, ...]
    milestone_title: str | None
    due_date: date | None
    round: str
    pair: str
    kind: str  # "milestone" or "progress"
    assignee: str | None = None  # the program's word: mentee, mentor or both; None: nobody
    assignees: tuple[str, ...] = ()  # the usernames that means, the mentee first
    people: tuple[str, str] = ("", "")  # the pair's mentee and mentor
    opens: bool = True  # False: kept up to date if it exists, never created (a pair that ended)

    @property
    def description(self) -> str:
        return self.lazy.text


@dataclass(frozen=True)
class DesiredPair:
    """One pair's project and issues (issues by marker id)."""

    project: DesiredProject
    issues: tuple[DesiredIssue, ...]


@dataclass(frozen=True, eq=False)
class DesiredState:
    program_group: str
    groups: tuple[DesiredGroup, ...]
    labels: tuple[DesiredLabel, ...]
    milestones: tuple[DesiredMilestone, ...]
    # Each call yields every pair again, in order; ``pairs(only=range)``: those at these places
    # of that order alone, the others not built (a share of the plan for another process).
    pairs: Callable[..., Iterator[DesiredPair]]
    project_paths: frozenset[str] = frozenset()  # every pair's project
    memberships: tuple[Membership, ...] = ()  # who each pair's project is for, in pair order
    # Each pair's project alone, in the same order (no issue built): what ``observe`` needs.
    pair_projects: Callable[[], Iterator[DesiredProject]] | None = None

    def project_walk(self) -> Iterator[DesiredProject]:
        """Every pair's project, one at a time, without building the pairs' issues."""
        if self.pair_projects is None:
            return (pair.project for pair in self.pairs())
        return self.pair_projects()

    @cached_property
    def projects(self) -> tuple[DesiredProject, ...]:
        """Every pair's project, held at once: the streaming callers use ``pairs``."""
        return tuple(p.project for p in self.pairs())

    @cached_property
    def issues(self) -> tuple[DesiredIssue, ...]:
        return tuple(sorted((i for p in self.pairs() for i in p.issues),
                            key=lambda i: i.marker_id))

    def __eq__(self, other: object) -> bool:
        fields = ("program_group", "groups", "labels", "milestones", "projects", "issues")
        return isinstance(other, DesiredState) and all(
            getattr(self, f) == getattr(other, f) for f in fields)

    __hash__ = None  # type: ignore[assignment]


def desired_state(program: Program, today: date, templates: Renderer) -> DesiredState:
    """Everything the program implies in GitLab on ``today``, sorted so that the order of the
    lists in the program file never changes the result."""
    rounds = sorted(program.rounds, key=lambda r: r.slug)
    pairs = sorted(program.pairs, key=lambda p: (p.round, p.slug))
    pair_plans = all_pair_plans(program, pairs)
    groups = tuple(round_group(program, r) for r in rounds)
    milestones = tuple(m for r in rounds for m in round_milestones(program, r, pair_plans))
    hashes: dict[str, str] = {}  # each pair's calendar hash, for every walk of this state
    memberships = tuple(membership(program, p) for p in pairs)
    return DesiredState(
        program_group=program.group,
        groups=groups,
        labels=program_labels(program),
        milestones=tuple(sorted(milestones, key=lambda m: (m.group_path, m.due_date, m.title))),
        pairs=partial(desired_pairs, program, today, templates, pairs, pair_plans, hashes),
        project_paths=frozenset(m.full_path for m in memberships),
        memberships=memberships,
        pair_projects=partial(desired_projects, program, templates, pairs, pair_plans, hashes),
    )


def desired_pairs(program: Program, today: date, templates: Renderer, pairs: list[Pair],
                  plans: dict[tuple[str, str], list[MilestoneOccurrence]],
                  hashes: dict[str, str] | None = None, *, only: range | None = None
                  ) -> Iterator[DesiredPair]:
    """Each pair's project and issues, one pair at a time, nothing rendered yet; with ``only``,
    the pairs at those places of ``pairs``."""
    hashes = {} if hashes is None else hashes
    for pair in pairs if only is None else (pairs[n] for n in only if n < len(pairs)):
        round_ = program.round(pair.round)
        plan = plans[(pair.round, pair.slug)]
        calendar = _calendar(program, round_, pair, plan, hashes)
        issues = _issues(program, round_, pair, plan, today, templates, calendar)
        yield DesiredPair(_project(program, round_, pair, templates, calendar),
                          tuple(sorted(issues, key=lambda i: i.marker_id)))


def desired_projects(program: Program, templates: Renderer, pairs: list[Pair],
                     plans: dict[tuple[str, str], list[MilestoneOccurrence]],
                     hashes: dict[str, str] | None = None) -> Iterator[DesiredProject]:
    """``desired_pairs``' projects alone: no issue, no issue context (``observe`` reads GitLab
    for the projects; the diff then walks the pairs once)."""
    hashes = {} if hashes is None else hashes
    for pair in pairs:
        round_ = program.round(pair.round)
        calendar = _calendar(program, round_, pair, plans[(pair.round, pair.slug)], hashes)
        yield _project(program, round_, pair, templates, calendar)


def _calendar(program: Program, round_: Round, pair: Pair, plan: list[MilestoneOccurrence],
              hashes: dict[str, str]) -> LazyCalendar:
    marker = pair_marker(program, pair)
    return LazyCalendar(partial(pair_calendar, program, round_, pair, plan, marker), marker,
                        calendar_inputs(program, round_, pair, plan, marker), hashes)


def pair_marker(program: Program, pair: Pair) -> str:
    return f"{program.slug}/{pair.round}/{pair.slug}"


def _project_path(program: Program, pair: Pair) -> str:
    return f"{program.group}/{pair.round}/{pair.slug}"


class Membership(NamedTuple):
    """Who a pair's project is for: what checking its members needs, without building the
    project (its files' texts)."""

    full_path: str
    round: str
    pair: str
    members: tuple[tuple[str, int], ...]  # (username, access level)


def membership(program: Program, pair: Pair) -> Membership:
    return Membership(_project_path(program, pair), pair.round, pair.slug,
                      ((pair.mentee, DEVELOPER), (pair.mentor, DEVELOPER)))


def _project(program: Program, round_: Round, pair: Pair, templates: Renderer,
             calendar: LazyCalendar) -> DesiredProject:
    base = pair_marker(program, pair)
    context = template_context(program, pair)
    files = [
        ("README.md", LazyText(templates, "pair_readme", context, f"{base}/file/README.md"))
    ]
    used = sorted({plan.template for plan in program.milestones} & set(MILESTONE_TEMPLATES))
    for name in used:
        milestone = shared_generic_milestone(program, name)
        path = f".gitlab/issue_templates/{milestone['title']}.md"
        context = template_context(program, pair, milestone)
        files.append((path, LazyText(templates, name, context, f"{base}/file/{name}")))
    whom = membership(program, pair)
    return DesiredProject(
        full_path=whom.full_path,
        name=f"{pair.mentee} and {pair.mentor}",
        description=f"Mentorship of {pair.mentee} with {pair.mentor} in {round_.name} "
        f"({program.name}).",
        round=round_.slug,
        pair=pair.slug,
        members=whom.members,
        lazy_files=tuple(sorted(files, key=lambda file: file[0])),
        calendar=calendar,
    )


def assigned_people(pair: Pair, assignee: str | None) -> tuple[str, ...]:
    """Who ``assignee`` means for ``pair``, the mentee first: GitLab Free keeps only the first
    of several assignees (issuable_base_service.rb ``filter_assignee``), so there ``both``
    assigns the mentee, who drives by default."""
    return {"mentee": (pair.mentee,), "mentor": (pair.mentor,),
            "both": (pair.mentee, pair.mentor)}.get(assignee or "", ())


def is_due_for_creation(occurrence: MilestoneOccurrence, today: date, lead_days: int) -> bool:
    """One-offs exist from the start; meetings appear ``lead_days`` before they are due."""
    if not occurrence.repeated:
        return True
    return (occurrence.due - today).days <= lead_days


def _issues(
    program: Program,
    round_: Round,
    pair: Pair,
    plan: list[MilestoneOccurrence],
    today: date,
    templates: Renderer,
    calendar: LazyCalendar | None = None,
) -> list[DesiredIssue]:
    project_path = f"{program.group}/{round_.slug}/{pair.slug}"
    base = pair_marker(program, pair)
    # A first rendering: the sweep keeps the block and the label up to date from then on (the
    # diff never compares a Progress issue's text or labels, so this may depend on the day).
    status = "not-started" if today < pair_dates(pair, round_)[0] else "on-track"
    # A pair that ended early gets no new issue from that day (issue 12): what it had then stays,
    # and what it did not have is never created (``opens``), even if no run created it in time.
    ended = pair.ended is not None and today >= pair.ended.on
    opened_by = min(today, pair.ended.on) if pair.ended is not None else today
    out = []
    for occurrence in plan:
        if not is_due_for_creation(occurrence, opened_by, program.issue_lead_days):
            continue
        context = template_context(program, pair, occurrence)
        marker_id = f"{base}/{occurrence.id}"
        out.append(
            DesiredIssue(
                marker_id=marker_id,
                project_path=project_path,
                title=occurrence.title,
                lazy=LazyText(templates, occurrence.template, context, marker_id,
                              occurrence.assignee),
                labels=(KIND_MILESTONE, milestone_label(occurrence.key)),
                milestone_title=occurrence.title,
                due_date=occurrence.due,
                round=round_.slug,
                pair=pair.slug,
                kind="milestone",
                assignee=occurrence.assignee,
                assignees=assigned_people(pair, occurrence.assignee),
                people=(pair.mentee, pair.mentor),
                opens=not ended,
            )
        )
    marker_id = f"{base}/progress"
    out.append(
        DesiredIssue(
            marker_id=marker_id,
            project_path=project_path,
            title=progress_title(pair.mentee, pair.mentor),
            lazy=_progress_text(program, round_, pair, plan, status, templates, marker_id,
                                calendar),
            labels=(KIND_PROGRESS, status_label(status)),
            milestone_title=None,
            due_date=None,
            round=round_.slug,
            pair=pair.slug,
            kind="progress",
        )
    )
    return out


def _progress_text(program: Program, round_: Round, pair: Pair,
                   plan: list[MilestoneOccurrence], status: str, templates: Renderer,
                   marker_id: str, calendar: LazyCalendar | None = None) -> LazyText:
    """A new Progress issue, its managed block already as the sweep would write it for a pair
    that has done nothing yet (no milestone done or overdue), so the first sweep leaves it be."""
    rows = [{"id": occ.id, "title": occ.title, "due": occ.due, "done": False, "overdue": False}
            for occ in plan]
    begin = pair_dates(pair, round_)[0]
    context = template_context(program, pair)
    context.update(progress_context(rows, 0, status, begin))

    def with_block(text: str) -> str:
        ledger = Ledger(activity_signature=NO_ACTIVITY, data_hash=figures_digest(rows, 0, status),
                        data_updated=begin)
        block = render_progress_block(program, pair, rows, 0, status, ledger, templates, begin)
        return replace_managed_block(text, block) or text

    return LazyText(templates, "progress", context, marker_id, finish=with_block,
                    also=(PROGRESS_BLOCK,), calendar=calendar)
