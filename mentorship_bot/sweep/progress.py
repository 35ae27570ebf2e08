"""Where every pair, round and the program stand on a day: a pure function of what GitLab holds.

A milestone is done when its issue is closed. Completion is done milestones over all milestones of
the round, meetings not yet created included, so it cannot jump when a new meeting issue appears.
Status, first match wins:

Every date is the pair's own (``model.pair_dates``: its ``starts`` and ``ends``, or its round's,
or a term after its start in a rolling round).

- ``not-started``: the pair's start has not come;
- ``completed``: at or above the completion threshold, counting only milestones closed by the
  pair's last day plus ``certificate_grace_days`` (a pair below it then never becomes completed);
  a pair that ended early counts only the milestones due by the day it ended;
- ``ended-early``: it ended early (``ended: {on, reason}``) below the threshold;
- ``ended``: its end is past, below the threshold;
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

from mentorship_bot.model import (
    Ending,
    MilestoneOccurrence,
    Pair,
    Program,
    Round,
    expand_milestones,
    pair_dates,
    pair_last_day,
    pair_plans,
)
from mentorship_bot.program.capacity import Room, Waiting, mentor_loads, next_rooms, waitlist
from mentorship_bot.provision.desired_state import (
    CERTIFIED_LABEL,
    CLOSED_LABEL,
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


@dataclass(frozen=True, slots=True)  # one per milestone of every pair: 160,000 for 10,000 pairs
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
    starts: date | None = None  # the pair's own first day (pair_dates)
    ends: date | None = None  # its last day: its own end, or the day it ended early
    ended_reason: str | None = None  # goal-met, not-a-fit, left, other: it ended early
    closing_noted: bool = False  # its Progress issue carries the closing note's label

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
    pairs: int  # pairs at once on the busiest day from today on (program.capacity)
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
    waiting_mentees: tuple[str, ...]  # the waitlist's usernames, oldest request first
    coordinators: tuple[str, ...] = field(default=())
    waitlist: tuple[Waiting, ...] = field(default=())  # with the day since which each waits
    rooms: tuple[Room, ...] = field(default=())  # when each mentor has room next, soonest first

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


def deadline_of(program: Program, last_day: date) -> date:
    """The last day a close counts towards a certificate: the pair's last day plus the grace."""
    return last_day + timedelta(days=program.certificate_grace_days)


def pair_status(
    program: Program,
    round_: Round,
    milestones: Iterable[MilestoneProgress],
    last_activity: date | None,
    today: date,
    created_on: date | None = None,
    starts: date | None = None,
    ends: date | None = None,
    ended: Ending | None = None,
) -> str:
    """The pair's status; ``created_on`` is its project's creation day, when known, and
    ``starts``, ``ends`` and ``ended`` the pair's own dates (``pair_dates``) and early end."""
    rows = list(milestones)
    begun = starts or round_.starts
    last = ends or round_.ends
    ended_now = ended is not None and today >= ended.on
    if ended is not None and ended_now:
        last = min(last, ended.on)
    if today < begun:
        return "not-started"
    if qualifying_day(rows, program.completion_threshold, deadline_of(program, last)):
        return "completed"
    if ended_now:
        return "ended-early"
    if today > last:
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
    waiting = waitlist(program, today)
    for round_ in sorted(program.rounds, key=lambda r: (r.starts, r.slug)):
        plan = expand_milestones(program, round_)
        members = [p for p in program.pairs if p.round == round_.slug]
        plans = pair_plans(program, members)
        pairs = tuple(
            pair_progress(
                program, round_, pair, plans[(pair.round, pair.slug)],
                by_pair.get(pair_marker(program, pair), []),
                today, bot_username, _created_on(program, round_, pair, projects, today),
            )
            for pair in sorted(members, key=lambda p: p.slug)
        )
        done: Counter[str] = Counter()
        planned: Counter[str] = Counter()  # pairs with the milestone (an early end drops some)
        for row in (m for p in pairs for m in p.milestones):
            done[row.id] += row.done
            planned[row.id] += 1
        rates = tuple(MilestoneRate(occ.id, occ.title, occ.due, done[occ.id], planned[occ.id])
                      for occ in plan)
        rounds.append(RoundProgress(round_.slug, round_.name, round_.starts, round_.ends,
                                    round_phase(round_, today), pairs, rates))
    return ProgramProgress(
        slug=program.slug,
        name=program.name,
        today=today,
        threshold_percent=round(program.completion_threshold * 100),
        rounds=tuple(rounds),
        mentor_load=_mentor_load(program, today),
        waiting_mentees=tuple(w.username for w in waiting),
        coordinators=program.coordinators,
        waitlist=waiting,
        rooms=next_rooms(program, today),
    )


_STATUS_LABELS = tuple((status, status_label(status)) for status in STATUSES)


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
    starts, ends = pair_dates(pair, round_)
    last_day = pair_last_day(pair, round_) if pair.ended and today >= pair.ended.on else ends
    if last_day < ends:
        # Ended early: only what fell due by its last day counts, for or against it (issue 12).
        plan = [occ for occ in plan if occ.due <= last_day]
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
    deadline = deadline_of(program, last_day)
    previous = Ledger.parse(progress_issue.description if progress_issue else "")
    last_activity = last_activity_of(previous, milestone_issues, bot_username, today)
    status = pair_status(program, round_, rows, last_activity, today, created_on, starts, ends,
                         pair.ended)
    observed_status = None
    if progress_issue is not None:
        observed_status = next(
            (s for s, label in _STATUS_LABELS if label in progress_issue.labels), None
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
        starts=starts,
        ends=last_day,
        ended_reason=pair.ended.reason if pair.ended and today >= pair.ended.on else None,
        closing_noted=progress_issue is not None and CLOSED_LABEL in progress_issue.labels,
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
    """Each mentor's load from today on (``capacity.mentor_loads``: pairs at once on the busiest
    day), so finished pairs no longer count and pairs that never overlap never add up."""
    loads = mentor_loads(program, since=today)
    return tuple(MentorLoad(m.username, loads[m.username].pairs, loads[m.username].capacity)
                 for m in sorted(program.mentors, key=lambda m: m.username))
