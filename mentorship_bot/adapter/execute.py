"""Carry out a Plan against GitLab: shared objects first, then each pair in a small thread pool.

Within a pair the order is project, members, files, issues, with the Progress issue last: its
existence tells the next read that the pair was provisioned completely (see ``observe``). A write
that fails transiently is retried only after looking for its result (``retry_write``); "already
exists" answers (409 for labels and members) count as done. One pair's failure never stops the
others: every outcome is collected and reported.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import gitlab

from mentorship_bot.adapter.boards import BoardUnavailable, create_board, create_board_list
from mentorship_bot.adapter.calendar_file import commit_calendar
from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection, retry_write
from mentorship_bot.adapter.members import add_members
from mentorship_bot.errors import GitLabError
from mentorship_bot.provision.observed_state import ObservedState
from mentorship_bot.provision.plan import Action, Plan
from mentorship_bot.render.markers import parse_marker

SHARED_KINDS = ("create_group", "create_label", "create_board", "create_board_list",
                "create_milestone", "update_milestone")


@dataclass(frozen=True)
class Outcome:
    action: Action
    error: str | None = None
    notice: str | None = None  # not done, and not a failure: what a person must do first

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def done(self) -> bool:
        return self.error is None and self.notice is None


@dataclass(frozen=True)
class ApplyResult:
    outcomes: tuple[Outcome, ...]
    requests: dict[str, int]

    def failed(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)

    def noticed(self) -> list[dict[str, str]]:
        """Writes left for a person to enable, as ``notices`` gives a plan's (JSON-ready)."""
        return outcome_notices(self.outcomes)


def outcome_notices(outcomes: Iterable[Outcome]) -> list[dict[str, str]]:
    return [{"kind": o.action.kind, "target": o.action.target, "reason": o.notice}
            for o in outcomes if o.notice]


class _Ids:
    """Ids of groups, projects and milestones: observed ones, and those created on the way."""

    def __init__(self, observed: ObservedState) -> None:
        self.lock = threading.Lock()
        self.groups = {path: g.id for path, g in observed.groups.items()}
        self.projects = {path: p.id for path, p in observed.projects.items()}
        self.milestones = {key: m.id for key, m in observed.milestones.items()}
        self.labels = {name: lb.id for name, lb in observed.labels.items() if lb.id is not None}
        self.boards: dict[str, int] = {}  # board name -> id, of boards created or reused
        self.users: dict[str, int] = {}


def _create_unless_exists(create: Callable[[], Any]) -> None:
    """Labels answer 409 when they exist: a retried or raced create is done."""
    try:
        retry_write(create, lambda: None)
    except gitlab.exceptions.GitlabCreateError as exc:
        if exc.response_code != 409:
            raise


def _batches(actions: list[Action]) -> list[list[Action]]:
    """Consecutive ``add_member`` actions on one project at one level form one batch; every other
    action is a batch of its own."""
    batches: list[list[Action]] = []
    for action in actions:
        last = batches[-1][-1] if batches else None
        if (action.kind == "add_member" and last is not None and last.kind == "add_member"
                and _member_key(last) == _member_key(action)):
            batches[-1].append(action)
        else:
            batches.append([action])
    return batches


def _member_key(action: Action) -> tuple[str, int]:
    return action.attribute("project"), action.attribute("access_level")


def _create_or_find(create: Callable[[], Any], find: Callable[[], Any]) -> Any:
    """A create another run may have raced: when GitLab says the path or title is taken (400,
    409), the object is looked up and used instead of failing the pair."""
    try:
        return retry_write(create, find)
    except gitlab.exceptions.GitlabCreateError as exc:
        if exc.response_code not in (400, 409):
            raise
        found = find()
        if found is None:
            raise
        return found


class Executor:
    def __init__(self, conn: Connection, observed: ObservedState, *, workers: int = DEFAULT_WORKERS,
                 on_done: Callable[[Outcome], None] | None = None,
                 user_ids: dict[str, int | None] | None = None) -> None:
        self.conn = conn
        self.ids = _Ids(observed)
        self.ids.users.update({k.lower(): v for k, v in (user_ids or {}).items()
                               if v is not None})
        self.workers = workers
        self.on_done = on_done or (lambda outcome: None)

    def run(self, plan: Plan) -> ApplyResult:
        writes = [a for a in plan.actions if a.writes]
        outcomes = [self._one(a) for a in writes if a.kind in SHARED_KINDS]
        by_pair: dict[tuple[str | None, str | None], list[Action]] = defaultdict(list)
        for action in writes:
            if action.kind not in SHARED_KINDS:
                by_pair[(action.round, action.pair)].append(action)
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            for results in pool.map(self._pair, by_pair.values()):
                outcomes.extend(results)
        return ApplyResult(tuple(outcomes), self.conn.request_counts())

    def _pair(self, actions: list[Action]) -> list[Outcome]:
        # The Progress issue goes last: it marks the pair as completely provisioned.
        ordered = sorted(actions, key=lambda a: a.kind == "create_issue"
                         and a.target.endswith("/progress"))
        outcomes: list[Outcome] = []
        for batch in _batches(ordered):
            done = self._members(batch) if batch[0].kind == "add_member" else [self._one(batch[0])]
            outcomes.extend(done)
            if any(not o.ok and o.action.kind in ("create_project", "add_member", "commit_files",
                                                  "commit_calendar") for o in done):
                # Without its project (or members, files) a pair's issues would be orphans or
                # would mark it complete: stop this pair, report, and let the next run resume.
                break
        return outcomes

    def _members(self, actions: list[Action]) -> list[Outcome]:
        """The people a project needs at one level, added in one request."""
        try:
            first = actions[0]
            project = self.conn.writes.projects.get(
                self.ids.projects[first.attribute("project")], lazy=True)
            ids = {a.attribute("username"): self.user_id(a.attribute("username"))
                   for a in actions}
            reasons = add_members(project, ids, first.attribute("access_level"))
            outcomes = [Outcome(a, reasons.get(a.attribute("username"))) for a in actions]
        except Exception as exc:  # every failure is reported with its action, never raised
            outcomes = [Outcome(a, _describe_error(exc)) for a in actions]
        for outcome in outcomes:
            self.on_done(outcome)
        return outcomes

    def _one(self, action: Action) -> Outcome:
        try:
            getattr(self, f"_{action.kind}")(action)
            outcome = Outcome(action)
        except BoardUnavailable as exc:  # GitLab Free without a board: a person makes it
            outcome = Outcome(action, notice=str(exc))
        except Exception as exc:  # every failure is reported with its action, never raised
            outcome = Outcome(action, _describe_error(exc))
        self.on_done(outcome)
        return outcome

    # -- shared objects

    def _create_group(self, action: Action) -> None:
        parent = self.ids.groups.get(action.attribute("parent"))
        if parent is None:
            raise GitLabError(f"parent group {action.attribute('parent')} is missing")
        payload = {"name": action.attribute("name"), "path": action.attribute("path"),
                   "parent_id": parent, "visibility": "private",
                   "description": action.attribute("description")}
        group = _create_or_find(lambda: self.conn.writes.groups.create(payload),
                                lambda: self._find(self.conn.reads.groups, action.target))
        self.ids.groups[action.target] = group.id

    def _create_label(self, action: Action) -> None:
        group = self.conn.writes.groups.get(self.ids.groups[action.attribute("group")], lazy=True)
        payload = {"name": action.target, "color": action.attribute("color"),
                   "description": action.attribute("description")}
        created: list[Any] = []
        _create_unless_exists(lambda: created.append(group.labels.create(payload)))
        if created:
            self.ids.labels[action.target] = created[0].id

    def _create_board(self, action: Action) -> None:
        create_board(self.conn, self.ids.groups[action.attribute("group")], action,
                     self.ids.boards)

    def _create_board_list(self, action: Action) -> None:
        create_board_list(self.conn, self.ids.groups[action.attribute("group")], action,
                          self.ids.boards, self.ids.labels)

    def _create_milestone(self, action: Action) -> None:
        path = action.attribute("group")
        group = self.conn.writes.groups.get(self.ids.groups[path], lazy=True)
        title = action.attribute("title")
        payload = {"title": title, "due_date": action.attribute("due_date").isoformat(),
                   "description": action.attribute("description")}

        def find() -> Any:
            found = self.conn.reads.groups.get(self.ids.groups[path], lazy=True).milestones.list(
                title=title, get_all=True)
            return found[0] if found else None

        milestone = _create_or_find(lambda: group.milestones.create(payload), find)
        self.ids.milestones[(path, title)] = milestone.id

    def _update_milestone(self, action: Action) -> None:
        group_path, _ = action.target.split(":", 1)
        group = self.conn.writes.groups.get(self.ids.groups[group_path], lazy=True)
        milestone = group.milestones.get(action.attribute("id"), lazy=True)
        milestone.due_date = action.attribute("due_date").isoformat()
        retry_write(lambda: milestone.save(), lambda: None)

    # -- a pair's objects

    def _create_project(self, action: Action) -> None:
        payload = {"name": action.attribute("name"), "path": action.attribute("path"),
                   "namespace_id": self.ids.groups[action.attribute("namespace")],
                   "visibility": "private", "description": action.attribute("description"),
                   "issues_access_level": "enabled", "default_branch": "main"}
        project = _create_or_find(lambda: self.conn.writes.projects.create(payload),
                                  lambda: self._find(self.conn.reads.projects, action.target))
        with self.ids.lock:
            self.ids.projects[action.target] = project.id

    def _update_project(self, action: Action) -> None:
        project = self.conn.writes.projects.get(self.ids.projects[action.target], lazy=True)
        project.visibility = action.attribute("visibility")
        retry_write(lambda: project.save(), lambda: None)

    def _archive_project(self, action: Action) -> None:
        project = self.conn.writes.projects.get(self.ids.projects[action.target], lazy=True)
        retry_write(lambda: project.archive(), lambda: None)

    def _commit_files(self, action: Action) -> None:
        project_id = self.ids.projects[action.target]
        project = self.conn.writes.projects.get(project_id, lazy=True)
        files = action.attribute("files")
        contents = action.attribute("contents")
        payload = {"branch": "main", "commit_message": "mentorship-bot: set up the pair's "
                   "project", "actions": [
                       {"action": verb, "file_path": path, "content": content}
                       for (verb, path), content in zip(files, contents, strict=True)]}

        def find() -> Any:
            first_verb, first_path = files[0]
            try:
                current = self.conn.reads.projects.get(project_id, lazy=True).files.get(
                    file_path=first_path, ref="main").decode().decode("utf-8")
            except gitlab.exceptions.GitlabGetError:
                return None
            return True if first_verb == "create" or current == contents[0] else None

        _create_or_find(lambda: project.commits.create(payload), find)

    def _commit_calendar(self, action: Action) -> None:
        commit_calendar(self.conn, self.ids.projects[action.target], action)

    def _record_calendar(self, action: Action) -> None:
        project = self.conn.writes.projects.get(
            self.ids.projects[action.attribute("project")], lazy=True)
        payload = {"description": action.attribute("description")}
        retry_write(lambda: project.issues.update(action.attribute("iid"), payload),
                    lambda: None)

    def _create_issue(self, action: Action) -> None:
        project_path = action.attribute("project")
        project_id = self.ids.projects[project_path]
        project = self.conn.writes.projects.get(project_id, lazy=True)
        payload: dict[str, Any] = {"title": action.attribute("title"),
                                   "description": action.attribute("description"),
                                   "labels": list(action.attribute("labels"))}
        milestone = action.attribute("milestone")
        if milestone:
            group_path = project_path.rsplit("/", 1)[0]
            milestone_id = self.ids.milestones.get((group_path, milestone))
            if milestone_id:
                payload["milestone_id"] = milestone_id
        if action.attribute("due_date"):
            payload["due_date"] = action.attribute("due_date").isoformat()
        if action.attribute("assignees"):
            # The mentee first: GitLab Free keeps only the first assignee (the one who drives).
            payload["assignee_ids"] = [self.user_id(u) for u in action.attribute("assignees")]
        self.conn.issue_pacer.wait(project_path)

        def find() -> Any:
            listed = self.conn.reads.projects.get(project_id, lazy=True).issues.list(
                get_all=True, state="all")
            return next((i for i in listed if (m := parse_marker(i.description))
                         and m.id == action.target), None)

        retry_write(lambda: project.issues.create(payload), find)

    def _update_issue(self, action: Action) -> None:
        project = self.conn.writes.projects.get(
            self.ids.projects[action.attribute("project")], lazy=True)
        attrs = dict(action.attributes)
        payload: dict[str, Any] = {}
        for name in ("title", "description"):
            if name in attrs:
                payload[name] = attrs[name]
        if "due_date" in attrs:
            payload["due_date"] = attrs["due_date"].isoformat() if attrs["due_date"] else ""
        if "add_labels" in attrs:
            payload["add_labels"] = ",".join(attrs["add_labels"])
        if "assignees" in attrs:
            payload["assignee_ids"] = [self.user_id(u) for u in attrs["assignees"]]
        if "milestone" in attrs:
            group_path = attrs["project"].rsplit("/", 1)[0]
            payload["milestone_id"] = self.ids.milestones.get((group_path, attrs["milestone"]),
                                                              0)
        retry_write(lambda: project.issues.update(attrs["iid"], payload), lambda: None)

    def _close_duplicate(self, action: Action) -> None:
        project = self.conn.writes.projects.get(
            self.ids.projects[action.attribute("project")], lazy=True)
        issue = project.issues.get(action.attribute("iid"), lazy=True)
        # One note that closes in the same request (the /close quick action): never a note
        # without the close, or a close without its explanation.
        body = (f"mentorship-bot: this is a duplicate of #{action.attribute('original_iid')}, "
                "made when two runs of the bot overlapped. That issue is the one that counts; "
                "this one is closed, not deleted, so nothing written here is lost.\n\n/close")
        self.conn.note_pacer.wait()

        def find() -> Any:
            return True if self.conn.reads.projects.get(
                self.ids.projects[action.attribute("project")], lazy=True).issues.get(
                action.attribute("iid")).state == "closed" else None

        retry_write(lambda: issue.notes.create({"body": body}), find)

    # -- lookups

    def user_id(self, username: str) -> int:
        with self.ids.lock:
            known = self.ids.users.get(username.lower())
        if known is not None:
            return known
        found = self.conn.reads.users.list(username=username)
        if not found:
            raise GitLabError(f"no GitLab user {username!r}")
        with self.ids.lock:
            self.ids.users[username.lower()] = found[0].id
        return int(found[0].id)

    @staticmethod
    def _find(manager: Any, path: str) -> Any:
        try:
            return manager.get(path)
        except gitlab.exceptions.GitlabGetError:
            return None


def _describe_error(exc: Exception) -> str:
    if isinstance(exc, gitlab.exceptions.GitlabError):
        return f"GitLab answered {exc.response_code}: {exc.error_message}"
    return f"{type(exc).__name__}: {exc}"
