"""The program as typed, immutable values: what a validated program YAML means.

Everything here is produced by ``mentorship_bot.program.loader`` after validation succeeded, so
the core can trust it: references resolve, dates are real dates, slugs are valid GitLab paths.
Every stage imports the model, which imports nothing of the bot: it is the shared vocabulary.
The surveys' types are in ``model.feedback``, matching's in ``model.matching``, both importable
from here.

May import: nothing of the bot.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from mentorship_bot.model.feedback import QUESTION_KINDS as QUESTION_KINDS
from mentorship_bot.model.feedback import SCALE_LABELS as SCALE_LABELS
from mentorship_bot.model.feedback import SURVEY_WHO as SURVEY_WHO
from mentorship_bot.model.feedback import Feedback as Feedback
from mentorship_bot.model.feedback import Question as Question
from mentorship_bot.model.feedback import Survey as Survey
from mentorship_bot.model.matching import MATCHING_MODES as MATCHING_MODES
from mentorship_bot.model.matching import Matching as Matching
from mentorship_bot.model.matching import normalise_tag as normalise_tag

DEFAULT_COMPLETION_THRESHOLD = 0.8
DEFAULT_MAX_MENTEES_PER_MENTOR = 2
DEFAULT_STALL_AFTER_DAYS = 21
DEFAULT_ISSUE_LEAD_DAYS = 14
DEFAULT_CERTIFICATE_GRACE_DAYS = 7
# Who a milestone's issue is assigned to: GitLab lists it in their to-do list and mails them.
ASSIGNEES = ("mentee", "mentor", "both")
DEFAULT_ASSIGNEE = "mentee"
# Why a pair ended before its end: fixed words, so nothing personal goes in the program file.
ENDED_REASONS = ("goal-met", "not-a-fit", "left", "other")


@dataclass(frozen=True)
class Cadence:
    """How often a repeated milestone (a meeting) recurs: every ``days`` days, or monthly."""

    days: int | None = None
    monthly: bool = False

    def __post_init__(self) -> None:
        if self.monthly == (self.days is not None):
            raise ValueError("a cadence is either monthly or every N days")

    @property
    def label(self) -> str:
        """Human wording, as the issues and the plan say it."""
        if self.monthly:
            return "monthly"
        if self.days == 7:
            return "weekly"
        if self.days == 14:
            return "every other week"
        return f"every {self.days} days"

    def slots(self, starts: date, ends: date) -> list[date]:
        """The dates after ``starts`` and strictly before ``ends`` on which this cadence falls."""
        out: list[date] = []
        step = 1
        while True:
            if self.monthly:
                slot = add_months(starts, step)
            else:
                assert self.days is not None
                slot = starts + timedelta(days=self.days * step)
            if slot >= ends:
                return out
            out.append(slot)
            step += 1


WEEKLY = Cadence(days=7)
BIWEEKLY = Cadence(days=14)
MONTHLY = Cadence(monthly=True)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to a shorter month's end (Jan 31 + 1 = Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    """When a milestone is due, relative to its round.

    ``kind`` is ``from_start`` (``14d``, ``3w``: days after the start), ``fraction`` (``50%`` of the
    round, rounded down to a day) or ``from_end`` (``-7d``: days before the end).
    """

    kind: str
    days: int = 0
    fraction: float = 0.0

    def resolve(self, starts: date, ends: date) -> date:
        if self.kind == "from_start":
            return starts + timedelta(days=self.days)
        if self.kind == "from_end":
            return ends - timedelta(days=self.days)
        if self.kind == "fraction":
            return starts + timedelta(days=int((ends - starts).days * self.fraction))
        raise ValueError(f"unknown due kind {self.kind!r}")


@dataclass(frozen=True)
class MilestonePlan:
    """One entry of the milestone plan every pair of a round follows.

    A repeated milestone (``repeat`` set) expands to one occurrence per cadence slot of the round;
    ``repeat`` of ``None`` with ``due`` set is a one-off.
    """

    key: str
    title: str
    template: str
    due: Due | None = None
    repeat: Cadence | None = None  # resolved: "cadence" in YAML becomes the round's cadence later
    repeat_round_cadence: bool = False
    description: str = ""
    assignee: str = DEFAULT_ASSIGNEE  # one of ASSIGNEES: who drives it


@dataclass(frozen=True)
class Term:
    """How long each pair of a rolling round lasts: whole months, weeks or days."""

    months: int = 0
    days: int = 0

    def last_day(self, starts: date) -> date:
        """The last day of a term that begins on ``starts`` (6 months from 2026-01-05 end on
        2026-07-04)."""
        return add_months(starts, self.months) + timedelta(days=self.days - 1)


@dataclass(frozen=True)
class Round:
    """A round of the program. A rolling round (``term`` set) has no fixed end: each of its pairs
    starts on its own day and lasts a term; ``ends`` is then the last day of its last pair (the
    loader computes it), so the round's phase covers every pair."""

    slug: str
    name: str
    starts: date
    ends: date
    cadence: Cadence = BIWEEKLY
    meeting_minutes: int = 30
    format: str = "mixed"
    term: Term | None = None
    meeting_minutes_upto: int | None = None  # a range, 30-45: its upper end

    def contains(self, day: date) -> bool:
        return self.starts <= day <= self.ends


@dataclass(frozen=True)
class Mentor:
    username: str
    name: str
    department: str = ""
    skills: tuple[str, ...] = ()
    capacity: int | None = None  # None: the program's max_mentees_per_mentor applies
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    timezone: str | None = None  # an IANA name, checked by validation
    bio: str = ""


@dataclass(frozen=True)
class Mentee:
    username: str
    name: str
    department: str = ""
    interests: tuple[str, ...] = ()
    manager: str | None = None
    languages: tuple[str, ...] = ()
    timezone: str | None = None  # an IANA name, checked by validation
    requested_on: date | None = None  # when they asked for a mentor: their place in the queue


@dataclass(frozen=True)
class Ending:
    """A pair that ended before its end: the day, and why in a fixed word (``ENDED_REASONS``)."""

    on: date
    reason: str


@dataclass(frozen=True)
class Pair:
    mentor: str
    mentee: str
    round: str
    goal: str = ""
    purpose: str = ""
    format: str | None = None  # None: the round's format
    starts: date | None = None  # None: the round's start
    ends: date | None = None  # None: the round's end, or a term after ``starts`` (rolling)
    cadence: Cadence | None = None  # None: the round's
    meeting_minutes: int | None = None  # None: the round's
    meeting_minutes_upto: int | None = None
    ended: Ending | None = None

    def start(self, round_: Round) -> date:
        """The pair's first day: its own ``starts`` (a late pair, a rematch) or its round's."""
        return self.starts or round_.starts

    @functools.cached_property
    def slug(self) -> str:
        """The pair project's path inside its round group: stable, from the usernames (computed
        once: every stage keys pairs by it)."""
        return pair_slug(self.mentee, self.mentor)


def pair_dates(pair: Pair, round_: Round) -> tuple[date, date]:
    """The pair's own first and last day: the one rule every due date, nudge, stall clock,
    certificate and report follows (issue 12). ``starts`` defaults to the round's start; ``ends``
    to the round's end, or in a rolling round to a term after the pair's start."""
    starts = pair.starts or round_.starts
    if pair.ends is not None:
        return starts, pair.ends
    if round_.term is not None:
        return starts, round_.term.last_day(starts)
    return starts, round_.ends


def pair_last_day(pair: Pair, round_: Round) -> date:
    """The last day the pair is active: the day it ended early, or its own last day."""
    ends = pair_dates(pair, round_)[1]
    return min(ends, pair.ended.on) if pair.ended is not None else ends


def minutes_text(minutes: int, upto: int | None = None) -> str:
    """``45``, or a range as programs write it: ``30–45``."""
    return f"{minutes}–{upto}" if upto is not None and upto != minutes else str(minutes)


@functools.lru_cache(maxsize=1 << 16)  # a pure function a run calls ~100 times per pair
def pair_slug(mentee: str, mentor: str) -> str:
    """The path of a pair's project, valid for GitLab whatever the usernames hold.

    GitLab's paths are letters and digits with single '.', '_' or '-' between them
    (lib/gitlab/regex.rb, oci_repository_path_regex): every other run of characters becomes one
    '-', none at either end, so ``jane_`` and ``bob`` give ``jane-bob``, never ``jane--bob``.
    """
    return "-".join(part for part in (_path_part(mentee), _path_part(mentor)) if part)


def progress_title(mentee: str, mentor: str) -> str:
    """The title of a pair's Progress issue (validate checks it fits GitLab's 255 characters)."""
    return f"Progress: {mentee} and {mentor}"


def _path_part(username: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", username.lower()).strip("-")


@dataclass(frozen=True)
class Program:
    slug: str
    name: str
    group: str
    coordinators: tuple[str, ...]
    rounds: tuple[Round, ...]
    mentors: tuple[Mentor, ...]
    mentees: tuple[Mentee, ...]
    pairs: tuple[Pair, ...]
    milestones: tuple[MilestonePlan, ...]
    version: int = 1
    completion_threshold: float = DEFAULT_COMPLETION_THRESHOLD
    certificates: bool = True
    certificate_grace_days: int = DEFAULT_CERTIFICATE_GRACE_DAYS
    max_mentees_per_mentor: int = DEFAULT_MAX_MENTEES_PER_MENTOR
    stall_after_days: int = DEFAULT_STALL_AFTER_DAYS
    issue_lead_days: int = DEFAULT_ISSUE_LEAD_DAYS
    dashboard_project: str | None = None
    templates: Path | None = None
    matching: Matching = field(default_factory=Matching)
    feedback: Feedback | None = None
    source: str = field(default="<memory>", compare=False)

    def round(self, slug: str) -> Round:
        return next(r for r in self.rounds if r.slug == slug)

    def mentor(self, username: str) -> Mentor:
        return next(m for m in self.mentors if m.username == username)

    def mentee(self, username: str) -> Mentee:
        return next(m for m in self.mentees if m.username == username)

    def usernames(self) -> list[str]:
        """Every GitLab user the program names, sorted: the bot checks they exist before writing."""
        names = set(self.coordinators)
        names.update(m.username for m in self.mentors)
        names.update(m.username for m in self.mentees)
        names.update(m.manager for m in self.mentees if m.manager)
        return sorted(names)


@dataclass(frozen=True)
class MilestoneOccurrence:
    """One milestone of one round on one date: what becomes one issue per pair."""

    id: str  # stable within a round: "kickoff", "meeting-03"
    key: str
    title: str
    template: str
    due: date
    repeated: bool
    occurrence: int | None = None  # 1-based index among the repeats
    occurrences: int | None = None  # how many repeats the round has
    assignee: str = DEFAULT_ASSIGNEE


def pair_plan(program: Program, pair: Pair) -> list[MilestoneOccurrence]:
    """The milestone plan of one pair, on its own dates (``pair_dates``) and its own cadence."""
    return pair_plans(program, (pair,))[(pair.round, pair.slug)]


def pair_plans(
    program: Program, pairs: Iterable[Pair]
) -> dict[tuple[str, str], list[MilestoneOccurrence]]:
    """``pair_plan`` of each pair, by (round, slug): pairs on the same dates and cadence share
    one list (10,000 pairs in a few rounds expand a few plans, not 10,000)."""
    rounds = {r.slug: r for r in program.rounds}
    shared: dict[tuple[str, date, date, Cadence | None], list[MilestoneOccurrence]] = {}
    out = {}
    for pair in pairs:
        round_ = rounds[pair.round]
        starts, ends = pair_dates(pair, round_)
        key = (pair.round, starts, ends, pair.cadence)
        if key not in shared:
            own_start = starts if pair.starts is not None else None
            shared[key] = expand_milestones(program, round_, own_start, ends, pair.cadence)
        out[(pair.round, pair.slug)] = shared[key]
    return out


def expand_milestones(
    program: Program, round_: Round, starts: date | None = None, ends: date | None = None,
    cadence: Cadence | None = None,
) -> list[MilestoneOccurrence]:
    """The round's milestone plan as dated occurrences, ordered by due date then plan order.

    With ``starts`` and ``ends`` (a pair's own dates, see ``pair_plan``), dates count from and to
    them, and nothing falls due before the start: a pair that joins late never starts with a pile
    of overdue issues (issue 12). ``cadence`` replaces the round's for ``repeat: cadence``.
    """
    begin = starts or round_.starts
    end = ends or round_.ends
    out: list[tuple[date, int, MilestoneOccurrence]] = []
    for order, plan in enumerate(program.milestones):
        cadence_ = (cadence or round_.cadence) if plan.repeat_round_cadence else plan.repeat
        if cadence_ is not None:
            slots = cadence_.slots(begin, end)
            width = max(2, len(str(len(slots))))
            for index, slot in enumerate(slots, start=1):
                title = f"{plan.title} {index}"
                occ = MilestoneOccurrence(
                    id=f"{plan.key}-{index:0{width}d}",
                    key=plan.key,
                    title=title,
                    template=plan.template,
                    due=slot,
                    repeated=True,
                    occurrence=index,
                    occurrences=len(slots),
                    assignee=plan.assignee,
                )
                out.append((slot, order, occ))
        else:
            assert plan.due is not None
            due = plan.due.resolve(begin, end)
            if starts is not None and due < starts:
                continue
            occ = MilestoneOccurrence(
                id=plan.key,
                key=plan.key,
                title=plan.title,
                template=plan.template,
                due=due,
                repeated=False,
                assignee=plan.assignee,
            )
            out.append((due, order, occ))
    out.sort(key=lambda item: (item[0], item[1], item[2].id))
    return [occ for _, _, occ in out]


def default_milestone_plan() -> tuple[MilestonePlan, ...]:
    """The plan used when a program leaves ``milestones`` out, from the handbooks (DESIGN.md §1)."""
    return (
        MilestonePlan("kickoff", "Kickoff and ground rules", "kickoff",
                      due=Due("from_start", days=7)),
        MilestonePlan("goal", "Goal and purpose", "goal", due=Due("from_start", days=14)),
        MilestonePlan("meeting", "Meeting", "meeting", repeat_round_cadence=True),
        MilestonePlan("midpoint", "Midpoint check", "midpoint",
                      due=Due("fraction", fraction=0.5)),
        MilestonePlan("final", "Final meeting", "final", due=Due("from_end", days=0)),
    )
