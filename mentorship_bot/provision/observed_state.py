"""What GitLab holds, as plain data: the adapter reads it in bulk, the diff compares it.

Only what the diff needs is kept, keyed by the identity the bot finds things by: groups and projects
by full path, labels by name, milestones by (group, title), issues by the marker id in their text.
``None`` for a project's members or files means "not read", which the diff treats as "leave alone".
Members carry their access level with inherited memberships included, since GitLab refuses to add
someone to a project below the level they already inherit from a group.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ObservedGroup:
    id: int
    full_path: str


@dataclass(frozen=True)
class ObservedLabel:
    name: str
    color: str
    description: str = ""
    id: int | None = None  # a board list names its label by id


@dataclass(frozen=True)
class ObservedBoardList:
    id: int
    label: str  # the label's name
    position: int


@dataclass(frozen=True)
class ObservedBoard:
    """An issue board of the program group with its label lists (provision/board.py)."""

    id: int
    name: str
    lists: tuple[ObservedBoardList, ...] = ()


@dataclass(frozen=True)
class ObservedMilestone:
    id: int
    group_path: str
    title: str
    due_date: date | None
    state: str = "active"


@dataclass(frozen=True)
class ObservedProject:
    id: int
    full_path: str
    visibility: str
    archived: bool = False
    # Lower-case username -> access level, inherited ones included; None: not read.
    members: Mapping[str, int] | None = None
    files: Mapping[str, str] | None = None  # path -> content; None: not read
    # The day GitLab created it: a pair's stall clock starts no earlier (issue 12).
    created_on: date | None = None
    # calendar.ics of a provisioned pair, read only when its Progress issue's marker records
    # another calendar than the program's (calendar_read); None then: no such file.
    calendar: str | None = None
    calendar_read: bool = False


@dataclass(frozen=True)
class ObservedIssue:
    project_path: str
    iid: int
    marker_id: str
    title: str
    description: str
    labels: tuple[str, ...]
    milestone_title: str | None
    due_date: date | None
    state: str = "opened"
    # What the sweep reads to tell progress and activity (all in GitLab's issue lists).
    closed_at: datetime | None = None
    closed_by: str | None = None  # username
    updated_at: datetime | None = None
    user_notes: int = 0  # comments, the bot's own included
    tasks_done: int = 0
    tasks_total: int = 0
    assignees: tuple[str, ...] = ()  # lower-case usernames


@dataclass(frozen=True)
class ObservedState:
    groups: Mapping[str, ObservedGroup] = field(default_factory=dict)
    labels: Mapping[str, ObservedLabel] = field(default_factory=dict)
    milestones: Mapping[tuple[str, str], ObservedMilestone] = field(default_factory=dict)
    projects: Mapping[str, ObservedProject] = field(default_factory=dict)
    issues: Mapping[str, ObservedIssue] = field(default_factory=dict)
    source: str = "an empty GitLab"
    # Newer issues carrying a marker an older issue already has (two runs raced): kept, closed.
    duplicates: tuple[ObservedIssue, ...] = ()
    # Group path -> what its members hold there, inherited included: who a new project in that
    # group starts with (read only when the plan creates projects there).
    group_members: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # The program group's issue boards; None: not read (the diff then leaves boards alone).
    boards: tuple[ObservedBoard, ...] | None = None

    @classmethod
    def empty(cls) -> ObservedState:
        """What a GitLab with none of the program's objects looks like: the offline plan's input."""
        return cls(boards=())


@dataclass(frozen=True)
class ObservedDashboard:
    """The dashboard project and, once created, its dashboard issue (found by its label)."""

    project_id: int
    project_path: str
    iid: int | None = None
    description: str = ""
