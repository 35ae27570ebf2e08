"""Where every pair, round and the program stand on a day: a pure function of what GitLab holds.

A milestone is done when its issue is closed. Completion is done milestones over all milestones of
the round, meetings not yet created included, so it cannot jump when a new meeting issue appears.
Status, first match wins:

- ``not-started``: the pair's start (its own ``starts``, or its round's) has not come;
- ``completed``: at or above the completion threshold, counting only milestones closed by the
  round's end plus ``certificate_grace_days`` (a pair below it then never becomes completed);
- ``ended``: the round is over below the threshold;
- ``stalled``: neither mentor nor mentee did anything for ``stall_after_days``, counted from the
  pair's start at the earliest: the round's start or the day its project was created, whichever
  is later (a pair provisioned tonight in a round that began long ago is not stalled tonight);
- ``at-risk``: a milestone is overdue (due before today and still open);
- ``on-track``: otherwise.

Activity is what people did: closing or reopening an issue, ticking a task, commenting. The bot's
own writes (issues it creates, its nudges and certificate notes) never count. GitLab's
``updated_at`` moves on the bot's writes too, so the sweep keeps a small ledger in the Progress
issue's managed block (see ``ledger``): a signature of the pair's people-made signals and the day
it last changed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentorship_bot.model import MilestoneOccurrence, Pair, Program, Round, expand_milestones
from mentorship_bot.provision.desired_state import (
    CERTIFIED_LABEL,
    NUDGED_LABEL,
    STATUSES,
    is_due_for_creation,
    pair_marker,
    status_label,
)
from mentorship_bot.provision.observed_state import ObservedIssue, ObservedProject
from mentorship_bot.render.ledger import Ledger
from mentorship_bot.sweep.activity import activity_signature
from mentorship_bot.sweep.activity import last_activity as last_activity_of

HISTOGRAM_BUCKETS = ((0, 19), (20, 39), (40, 59), (60, 79), (80, 100))


@dataclass(frozen=True)
class MilestoneProgress:
    id: str
    key: str
    title: str
    due: date
    done: bool
    overdue: bool
    created: bool  # its issue exists (meetings appear just in time)
    iid: int | None = None
    closed_on: date | None = None
    nudged: bool = False


@dataclass(frozen=True)
class PairProgress:
    round: str
    pair: str  # the pair's slug: its project's path in the round group
    mentor: str
    mentee: str
    project_path: str
    milestones: tuple[MilestoneProgress, ...]
    status: str
    last_activity: date | None
    ledger: Ledger  # what the Progress issue's managed block records after this sweep
    progress_iid: int | None = None  # the Progress issue, when it exists
    observed_status: str | None = None  # the status label it carries now
    certified: bool = False
    # The day it reached the threshold, counting milestones closed by its end plus the grace
    # days, and its completion counted so: what its certificates say.
    qualified_on: date | None = None
    counted_percent: int = 0

    @property
    def total(self) -> int:
        return len(self.milestones)

    @property
    def done(self) -> int:
        return sum(m.done for m in self.milestones)

    @property
    def overdue(self) -> int:
        return sum(m.overdue for m in self.milestones)

    @property
    def completion(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def completion_percent(self) -> int:
        """Rounded down: 79.9% is not 80%."""
        return self.done * 100 // self.total if self.total else 0


@dataclass(frozen=True)
class MilestoneRate:
    """How many of a round's pairs finished one milestone occurrence: the funnel's steps."""

    id: str
    title: str
    due: date
    done: int
    pairs: int


@dataclass(frozen=True)
class RoundProgress:
    slug: str
    name: str
    starts: date
    ends: date
    phase: str  # "upcoming", "running" or "ended"
    pairs: tuple[PairProgress, ...]
    milestone_rates: tuple[MilestoneRate, ...]

    @property
    def by_status(self) -> dict[str, int]:
        return count_statuses(self.pairs)

    @property
    def histogram(self) -> tuple[tuple[str, int], ...]:
        return completion_histogram(self.pairs)

    @property
    def average_completion_percent(self) -> int:
        if not self.pairs:
            return 0
        return round(100 * sum(p.completion for p in self.pairs) / len(self.pairs))


@dataclass(frozen=True)
class MentorLoad:
    username: str
    pairs: int  # pairs in rounds that have not ended
    capacity: int

    @property
    def over(self) -> bool:
        return self.pairs > self.capacity


@dataclass(frozen=True)
class ProgramProgress:
    slug: str
    name: str
    today: date
    threshold_percent: int
    rounds: tuple[RoundProgress, ...]
    mentor_load: tuple[MentorLoad, ...]
    waiting_mentees: tuple[str, ...]  # mentees without a pair in a round that has not ended
    coordinators: tuple[str, ...] = field(default=())

    @property
    def pairs(self) -> tuple[PairProgress, ...]:
        return tuple(p for r in self.rounds for p in r.pairs)

    @property
    def by_status(self) -> dict[str, int]:
        return count_statuses(self.pairs)


def count_statuses(pairs: Iterable[PairProgress]) -> dict[str, int]:
    """Every status, in the fixed order, with its count (zeros included: charts need them)."""
    counts = Counter(p.status for p in pairs)
    return {status: counts.get(status, 0) for status in STATUSES}


def completion_histogram(pairs: Iterable[PairProgress]) -> tuple[tuple[str, int], ...]:
    counts = Counter(
        next(f"{lo}–{hi}%" for lo, hi in HISTOGRAM_BUCKETS if lo <= p.completion_percent <= hi)
        for p in pairs
    )
    return tuple((f"{lo}–{hi}%", counts.get(f"{lo}–{hi}%", 0)) for lo, hi in HISTOGRAM_BUCKETS)


def round_phase(round_: Round, today: date) -> str:
    if today < round_.starts:
        return "upcoming"
    return "ended" if today > round_.ends else "running"


def meets_threshold(done: int, total: int, threshold: float) -> bool:
    """done / total >= threshold, without float rounding deciding a certificate."""
    return total > 0 and done >= math.ceil(round(threshold * total, 9))


def counted_closes(rows: Iterable[MilestoneProgress], deadline: date) -> list[date]:
    """The close days of milestones done by ``deadline``, in order (an undated close counts as
    on the deadline)."""
    return sorted(m.closed_on or deadline for m in rows
                  if m.done and (m.closed_on is None or m.closed_on <= deadline))


def qualifying_day(rows: list[MilestoneProgress], threshold: float, deadline: date
                   ) -> date | None:
    """The day the pair reached ``threshold`` with closes up to ``deadline``; None if it did not."""
    days = counted_closes(rows, deadline)
    if not meets_threshold(len(days), len(rows), threshold):
        return None
    return days[math.ceil(round(threshold * len(rows), 9)) - 1]


def deadline_of(program: Program, round_: Round) -> date:
    return round_.ends + timedelta(days=program.certificate_grace_days)


def pair_status(
    program: Program,
    round_: Round,
    milestones: Iterable[MilestoneProgress],
    last_activity: date | None,
    today: date,
    created_on: date | None = None,
    starts: date | None = None,
) -> str:
    """The pair's status; ``created_on`` is its project's creation day, when known, and
    ``starts`` the pair's own start when later than its round's."""
    rows = list(milestones)
    begun = starts or round_.starts
    if today < begun:
        return "not-started"
    if qualifying_day(rows, program.completion_threshold, deadline_of(program, round_)):
        return "completed"
    if today > round_.ends:
        return "ended"
    begun = max(begun, created_on) if created_on else begun
    quiet_since = max(last_activity or begun, begun)
    if (today - quiet_since).days >= program.stall_after_days:
        return "stalled"
    if any(m.overdue for m in rows):
        return "at-risk"
    return "on-track"


def program_progress(
    program: Program, issues: Mapping[str, ObservedIssue], today: date, bot_username: str = "",
    projects: Mapping[str, ObservedProject] | None = None,
) -> ProgramProgress:
    """Progress of every pair, round and the program from the issues the bot can see.

    ``issues`` is keyed by marker id, as ``ObservedState.issues``; ``bot_username`` tells the
    bot's own closes apart from people's; ``projects`` (by full path, as
    ``ObservedState.projects``) tells when each pair's project was created, which starts its
    stall clock. Without it the clock starts with the round.
    """
    by_pair: dict[str, list[ObservedIssue]] = {}
    for marker_id, issue in issues.items():
        by_pair.setdefault(marker_id.rsplit("/", 1)[0], []).append(issue)
    rounds = []
    for round_ in sorted(program.rounds, key=lambda r: (r.starts, r.slug)):
        plan = expand_milestones(program, round_)
        pairs = tuple(
            pair_progress(
                program, round_, pair,
                plan if pair.starts is None else expand_milestones(program, round_, pair.starts),
                by_pair.get(pair_marker(program, pair), []),
                today, bot_username, _created_on(program, round_, pair, projects, today),
            )
            for pair in sorted(program.pairs, key=lambda p: p.slug)
            if pair.round == round_.slug
        )
        rates = tuple(
            MilestoneRate(occ.id, occ.title, occ.due,
                          sum(m.done for p in pairs for m in p.milestones if m.id == occ.id),
                          sum(any(m.id == occ.id for m in p.milestones) for p in pairs))
            for occ in plan
        )
        rounds.append(RoundProgress(round_.slug, round_.name, round_.starts, round_.ends,
                                    round_phase(round_, today), pairs, rates))
    return ProgramProgress(
        slug=program.slug,
        name=program.name,
        today=today,
        threshold_percent=round(program.completion_threshold * 100),
        rounds=tuple(rounds),
        mentor_load=_mentor_load(program, today),
        waiting_mentees=_waiting_mentees(program, today),
        coordinators=program.coordinators,
    )


def pair_progress(
    program: Program,
    round_: Round,
    pair: Pair,
    plan: list[MilestoneOccurrence],
    pair_issues: Iterable[ObservedIssue],
    today: date,
    bot_username: str = "",
    created_on: date | None = None,
) -> PairProgress:
    base = pair_marker(program, pair)
    found = {issue.marker_id: issue for issue in pair_issues}
    progress_issue = found.get(f"{base}/progress")
    rows = []
    for occ in plan:
        issue = found.get(f"{base}/{occ.id}")
        done = issue is not None and issue.state == "closed"
        rows.append(
            MilestoneProgress(
                id=occ.id,
                key=occ.key,
                title=occ.title,
                due=occ.due,
                done=done,
                overdue=not done and occ.due < today,
                created=issue is not None
                or is_due_for_creation(occ, today, program.issue_lead_days),
                iid=issue.iid if issue else None,
                closed_on=issue.closed_at.date() if done and issue and issue.closed_at else None,
                nudged=issue is not None and NUDGED_LABEL in issue.labels,
            )
        )
    milestone_issues = [i for key, i in found.items() if not key.endswith("/progress")]
    deadline = deadline_of(program, round_)
    previous = Ledger.parse(progress_issue.description if progress_issue else "")
    last_activity = last_activity_of(previous, milestone_issues, bot_username, today)
    status = pair_status(program, round_, rows, last_activity, today, created_on, pair.starts)
    observed_status = None
    if progress_issue is not None:
        observed_status = next(
            (s for s in STATUSES if status_label(s) in progress_issue.labels), None
        )
    return PairProgress(
        round=round_.slug,
        pair=pair.slug,
        mentor=pair.mentor,
        mentee=pair.mentee,
        project_path=f"{program.group}/{round_.slug}/{pair.slug}",
        milestones=tuple(rows),
        status=status,
        last_activity=last_activity,
        ledger=Ledger(
            activity_signature=activity_signature(milestone_issues),
            last_activity=last_activity,
            data_updated=previous.data_updated,
            data_hash=previous.data_hash,
        ),
        progress_iid=progress_issue.iid if progress_issue else None,
        observed_status=observed_status,
        certified=any(CERTIFIED_LABEL in i.labels for i in found.values()),
        qualified_on=qualifying_day(rows, program.completion_threshold, deadline),
        counted_percent=len(counted_closes(rows, deadline)) * 100 // len(rows) if rows else 0,
    )


def _created_on(program: Program, round_: Round, pair: Pair,
                projects: Mapping[str, ObservedProject] | None, today: date) -> date | None:
    """When the pair's project was created; today when it does not exist yet (its clock has
    not started); None when projects were not read (the round's start stands)."""
    if projects is None:
        return None
    found = projects.get(f"{program.group}/{round_.slug}/{pair.slug}")
    return today if found is None else found.created_on


def _mentor_load(program: Program, today: date) -> tuple[MentorLoad, ...]:
    live = {r.slug for r in program.rounds if today <= r.ends}
    counts = Counter(p.mentor for p in program.pairs if p.round in live)
    return tuple(
        MentorLoad(m.username, counts.get(m.username, 0),
                   m.capacity if m.capacity is not None else program.max_mentees_per_mentor)
        for m in sorted(program.mentors, key=lambda m: m.username)
    )


def _waiting_mentees(program: Program, today: date) -> tuple[str, ...]:
    live = {r.slug for r in program.rounds if today <= r.ends}
    paired = {p.mentee for p in program.pairs if p.round in live}
    return tuple(sorted(m.username for m in program.mentees if m.username not in paired))
