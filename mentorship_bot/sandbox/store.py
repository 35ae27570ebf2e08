"""The sandbox's in-memory GitLab: users, groups, projects, labels, milestones, issues, files.

One lock guards everything: the sandbox serves tests and demos, where correctness under concurrent
requests matters more than parallelism. Timestamps come from a settable clock so a test or the demo
can live through a whole round in seconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from mentorship_bot.sandbox.http import ListCache

GUEST, REPORTER, DEVELOPER, MAINTAINER, OWNER = 10, 20, 30, 40, 50
# lib/gitlab/access.rb: Planner (15) sits between Guest and Reporter. The sandbox refuses Planner
# members (members.py), so "Planner or above" is Reporter or above in practice.
PLANNER = 15
# GitLab's licence tiers, as far as the sandbox tells them apart: Premium and Ultimate have
# scoped labels (ee/app/models/ee/label.rb) and several assignees per issue; Free has neither.
TIERS = ("premium", "free")


def _real_now() -> datetime:
    return datetime.now(timezone.utc)


class Clock:
    """Real time shifted by an offset that tests and the demo can set or advance."""

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        self._now = now or _real_now
        self._offset = timedelta()
        self._frozen: datetime | None = None

    def now(self) -> datetime:
        if self._frozen is not None:
            return self._frozen
        return self._now() + self._offset

    def set(self, moment: datetime, *, frozen: bool = True) -> None:
        """Move the clock to ``moment``; frozen by default so timestamps are repeatable."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        if frozen:
            self._frozen = moment
        else:
            self._frozen = None
            self._offset = moment - self._now()

    def advance(self, delta: timedelta) -> None:
        if self._frozen is not None:
            self._frozen += delta
        else:
            self._offset += delta

    def __getstate__(self) -> dict[str, Any]:
        """A saved clock keeps its setting, not its time source (real time when loaded)."""
        return {"offset": self._offset, "frozen": self._frozen}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._now = _real_now
        self._offset, self._frozen = state["offset"], state["frozen"]


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    # isoformat, not strftime: a tenth of a page of 100 issues' serving time went here
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(
        timespec="milliseconds") + "Z"


@dataclass(slots=True)
class User:
    id: int
    username: str
    name: str
    token: str
    created_at: datetime
    state: str = "active"


@dataclass(slots=True)
class Namespace:
    """What groups and projects share: an id, a path under a parent, members, visibility."""

    id: int
    name: str
    path: str
    parent_id: int | None
    visibility: str
    description: str
    created_at: datetime
    members: dict[int, int] = field(default_factory=dict)  # user id -> access level


@dataclass(slots=True)
class Group(Namespace):
    full_path: str = ""


@dataclass(slots=True)
class Label:
    id: int
    name: str
    color: str
    description: str
    group_id: int | None
    project_id: int | None


@dataclass(slots=True)
class BoardList:
    """A label list of an issue board (app/models/list.rb); backlog and closed are not kept."""

    id: int
    label_id: int
    position: int


@dataclass(slots=True)
class Board:
    """A group issue board (app/models/board.rb) and its label lists."""

    id: int
    name: str
    group_id: int
    lists: list[BoardList] = field(default_factory=list)


@dataclass(slots=True)
class Milestone:
    id: int
    iid: int
    title: str
    description: str
    due_date: str | None
    start_date: str | None
    state: str
    group_id: int | None
    project_id: int | None
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True)
class Note:
    id: int
    body: str
    author_id: int
    created_at: datetime
    updated_at: datetime
    system: bool = False


@dataclass(slots=True)
class LabelEvent:
    """A label added to or removed from an issue: GitLab keeps these as resource label events,
    not notes (app/services/issuable/common_system_notes_service.rb ``create_labels_note``)."""

    id: int
    user_id: int
    created_at: datetime
    label_id: int
    action: str  # "add" or "remove"


@dataclass(slots=True)
class StateEvent:
    """An issue closed or reopened: a resource state event, not a note
    (app/services/system_notes/issuables_service.rb ``change_status``)."""

    id: int
    user_id: int
    created_at: datetime
    state: str  # "closed" or "reopened"


@dataclass(slots=True)
class Issue:
    id: int
    iid: int
    project_id: int
    title: str
    description: str | None  # None when never given: the API shows null, as GitLab's does
    author_id: int
    created_at: datetime
    updated_at: datetime
    state: str = "opened"
    closed_at: datetime | None = None
    closed_by_id: int | None = None
    labels: list[str] = field(default_factory=list)
    milestone_id: int | None = None
    due_date: str | None = None
    assignee_ids: list[int] = field(default_factory=list)
    confidential: bool = False
    notes: list[Note] = field(default_factory=list)
    label_events: list[LabelEvent] = field(default_factory=list)
    state_events: list[StateEvent] = field(default_factory=list)


@dataclass(slots=True)
class MergeRequest:
    id: int
    iid: int
    project_id: int
    title: str
    notes: list[Note] = field(default_factory=list)
    source_branch: str = ""
    target_branch: str = "main"
    author_id: int = 0  # 0: seeded by a test, with no author
    description: str | None = None
    state: str = "opened"
    created_at: datetime | None = None


@dataclass(slots=True)
class Project(Namespace):
    namespace_id: int = 0
    archived: bool = False
    default_branch: str = "main"
    last_activity_at: datetime | None = None
    issues_access_level: str = "enabled"
    issues: dict[int, Issue] = field(default_factory=dict)  # iid -> issue
    files: dict[str, str] = field(default_factory=dict)  # path -> text on the default branch
    branches: dict[str, dict[str, str]] = field(default_factory=dict)  # the other branches
    commits: list[dict[str, Any]] = field(default_factory=list)
    merge_requests: dict[int, MergeRequest] = field(default_factory=dict)
    next_issue_iid: int = 1


class Store:
    """Every object of the sandbox, with the lookups GitLab's API needs."""

    def __init__(self, clock: Clock | None = None, tier: str = "premium") -> None:
        if tier not in TIERS:
            raise ValueError(f"unknown tier {tier!r}: use one of {', '.join(TIERS)}")
        self.lock = threading.RLock()
        self.clock = clock or Clock()
        self.tier = tier
        self._next_id = 1
        self.users: dict[int, User] = {}
        self.users_by_token: dict[str, User] = {}
        self.groups: dict[int, Group] = {}
        self.projects: dict[int, Project] = {}
        self.labels: dict[int, Label] = {}
        self.milestones: dict[int, Milestone] = {}
        self.boards: dict[int, Board] = {}
        self._paths: dict[str, Group | Project] = {}  # lower-case full path -> object
        self.lists = ListCache()  # a paged read's list, from its first page to its last

    def __getstate__(self) -> dict[str, Any]:
        """What a saved sandbox keeps (snapshot.py): every object, not its lock or list cache."""
        return {k: v for k, v in self.__dict__.items() if k not in ("lock", "lists")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.lock = threading.RLock()
        self.lists = ListCache()

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def now(self) -> datetime:
        return self.clock.now()

    # -- users

    def add_user(self, username: str, name: str, token: str) -> User:
        with self.lock:
            user = User(self.new_id(), username, name, token, self.now())
            self.users[user.id] = user
            self.users_by_token[token] = user
            return user

    def user_named(self, username: str) -> User | None:
        wanted = username.lower()
        return next((u for u in self.users.values() if u.username.lower() == wanted), None)

    # -- namespaces

    def full_path(self, item: Group | Project) -> str:
        if isinstance(item, Group):
            return item.full_path
        return f"{self.groups[item.namespace_id].full_path}/{item.path}"

    def by_path(self, path: str) -> Group | Project | None:
        return self._paths.get(path.lower())

    def add_group(self, name: str, path: str, parent: Group | None, visibility: str,
                  description: str) -> Group:
        full = f"{parent.full_path}/{path}" if parent else path
        group = Group(self.new_id(), name, path, parent.id if parent else None, visibility,
                      description, self.now(), full_path=full)
        self.groups[group.id] = group
        self._paths[full.lower()] = group
        return group

    def add_project(self, name: str, path: str, group: Group, visibility: str,
                    description: str) -> Project:
        project = Project(self.new_id(), name, path, group.id, visibility, description,
                          self.now(), namespace_id=group.id, last_activity_at=self.now())
        self.projects[project.id] = project
        self._paths[self.full_path(project).lower()] = project
        return project

    def move_group(self, group: Group, path: str) -> None:
        """Give ``group`` a new path; its subgroups and projects move with it.

        The old paths then answer 404: GitLab keeps redirect routes for them
        (app/models/redirect_route.rb), which the sandbox does not, so it is the stricter.
        """
        groups = [group, *self.descendants(group)]
        moved: list[Group | Project] = [*groups, *self.projects_under(group, subgroups=True)]
        for item in moved:
            del self._paths[self.full_path(item).lower()]
        prefix = group.full_path
        group.path = path
        group.full_path = f"{prefix.rsplit('/', 1)[0]}/{path}" if "/" in prefix else path
        for child in groups[1:]:
            child.full_path = group.full_path + child.full_path[len(prefix):]
        for item in moved:
            self._paths[self.full_path(item).lower()] = item

    def full_name(self, item: Group | Project) -> str:
        """Names from the root group down, joined as GitLab's full_name (app/models/concerns/
        routable.rb builds it from the route: parent's full name, " / ", own name)."""
        return " / ".join([g.name for g in reversed(self.ancestors(item))] + [item.name])

    def inherited_member(self, item: Group | Project, user_id: int) -> tuple[int, Group] | None:
        """The user's highest membership in a group above ``item`` and that group (the nearest
        on a tie): what Member#highest_group_member finds (app/models/member.rb)."""
        found = [(g.members[user_id], g) for g in self.ancestors(item) if user_id in g.members]
        if not found:
            return None
        best = max(level for level, _ in found)
        return next((level, g) for level, g in found if level == best)

    def ancestors(self, item: Group | Project) -> list[Group]:
        """Groups above ``item``, nearest first."""
        out = []
        parent_id = item.namespace_id if isinstance(item, Project) else item.parent_id
        while parent_id is not None:
            group = self.groups[parent_id]
            out.append(group)
            parent_id = group.parent_id
        return out

    def descendants(self, group: Group) -> list[Group]:
        prefix = group.full_path.lower() + "/"
        return [g for g in self.groups.values() if g.full_path.lower().startswith(prefix)]

    def projects_under(self, group: Group, *, subgroups: bool) -> list[Project]:
        ids = {group.id} | ({g.id for g in self.descendants(group)} if subgroups else set())
        return [p for p in self.projects.values() if p.namespace_id in ids]

    def access_level(self, user: User, item: Group | Project) -> int:
        """The user's highest level on ``item``, inherited from ancestor groups as in GitLab."""
        levels = [item.members.get(user.id, 0)]
        levels += [g.members.get(user.id, 0) for g in self.ancestors(item)]
        return max(levels)

    def can_see(self, user: User, item: Group | Project) -> bool:
        return item.visibility in ("public", "internal") or self.access_level(user, item) > 0

    # -- labels and milestones

    def labels_available(self, item: Group | Project) -> list[Label]:
        """Labels usable in ``item``: its own and its ancestor groups' (GitLab's rule)."""
        groups = {g.id for g in self.ancestors(item)}
        if isinstance(item, Group):
            groups.add(item.id)
            return [lb for lb in self.labels.values() if lb.group_id in groups]
        return [lb for lb in self.labels.values()
                if lb.group_id in groups or lb.project_id == item.id]

    def scoped_labels(self) -> bool:
        """Whether scoped labels are exclusive (``feature_available?(:scoped_labels)``)."""
        return self.tier == "premium"

    def multiple_boards(self) -> bool:
        """Whether a group may have several issue boards, and the API may create them
        (``multiple_issue_boards_available?``, a Premium feature: ee/app/models/ee/namespace.rb)."""
        return self.tier == "premium"

    def multiple_assignees(self) -> bool:
        """Whether an issue may have several assignees (ee/app/models/ee/issue.rb
        ``allows_multiple_assignees?``: the Premium feature ``multiple_issue_assignees``)."""
        return self.tier == "premium"

    def milestones_available(self, project: Project) -> list[Milestone]:
        groups = {g.id for g in self.ancestors(project)}
        return [m for m in self.milestones.values()
                if m.group_id in groups or m.project_id == project.id]
