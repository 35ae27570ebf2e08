"""Objects as GitLab's API returns them (the fields of the documented example responses)."""

from __future__ import annotations

from typing import Any

from mentorship_bot.sandbox import colors, markdown, repository
from mentorship_bot.sandbox.store import (
    OWNER,
    PLANNER,
    Group,
    Issue,
    Label,
    LabelEvent,
    Milestone,
    Note,
    Project,
    StateEvent,
    Store,
    User,
    iso,
)


def task_completion_status(text: str | None) -> dict[str, int]:
    """Tasks counted from the parsed description (app/models/concerns/taskable.rb)."""
    count, done = _task_counts(text)
    return {"count": count, "completed_count": done}


def _task_counts(text: str | None) -> tuple[int, int]:
    # A bulk read lists thousands of descriptions that rarely change: count each text once. (The
    # parse cache in markdown.py is small on purpose: it serves one write, not 10,000 issues.)
    # Not an LRU: a list read walks 100,000 issues in order, which misses an LRU smaller than
    # that every time. The texts are the store's own, so the cache holds little of its own.
    counts = _TASK_COUNTS.get(text)
    if counts is None:
        if len(_TASK_COUNTS) >= _TASK_COUNTS_MAX:
            _TASK_COUNTS.clear()
        items = markdown.tasks(text)
        counts = _TASK_COUNTS[text] = (len(items), sum(1 for task in items if task.done))
    return counts


_TASK_COUNTS: dict[str | None, tuple[int, int]] = {}
_TASK_COUNTS_MAX = 500_000


def known_task_counts() -> dict[str | None, tuple[int, int]]:
    """The task counts worked out so far, by text: a saved sandbox keeps them (snapshot.py), as
    GitLab keeps each description's rendered Markdown, so its first read is not a parse each."""
    return dict(_TASK_COUNTS)


def remember_task_counts(counts: dict[str | None, tuple[int, int]]) -> None:
    _TASK_COUNTS.update(counts)


def task_fields(text: str | None) -> dict[str, Any]:
    """``has_tasks`` always; ``task_status`` only when there are tasks (lib/api/entities/issue.rb
    ``expose :task_status, if: ... !issue.task_list_items.empty?``), worded as Taskable
    ``task_status``: "1 of 2 checklist items completed"."""
    tasks = task_completion_status(text)
    fields: dict[str, Any] = {"task_completion_status": tasks, "has_tasks": tasks["count"] > 0}
    if tasks["count"]:
        noun = "checklist item" if tasks["count"] == 1 else "checklist items"
        fields["task_status"] = f"{tasks['completed_count']} of {tasks['count']} {noun} completed"
    return fields


def user_view(store: Store, user: User, base: str) -> dict[str, Any]:
    return {"id": user.id, "username": user.username, "name": user.name, "state": user.state,
            "locked": False, "avatar_url": None, "web_url": f"{base}/{user.username}",
            "created_at": iso(user.created_at)}


def group_view(store: Store, group: Group, base: str) -> dict[str, Any]:
    return {"id": group.id, "name": group.name, "path": group.path,
            "full_name": store.full_name(group), "full_path": group.full_path,
            "parent_id": group.parent_id,
            "visibility": group.visibility, "description": group.description,
            "web_url": f"{base}/groups/{group.full_path}", "avatar_url": None,
            "created_at": iso(group.created_at)}


def group_detail_view(store: Store, group: Group, user: User, base: str, *,
                      with_projects: bool) -> dict[str, Any]:
    """lib/api/entities/group_detail.rb: the group, and with ``with_projects`` its own projects
    the user can see (GroupProjectsFinder: newest id first, at most DEFAULT_PROJECTS_LIMIT 100);
    the sandbox has no shares, so the shared lists are empty."""
    view: dict[str, Any] = {**group_view(store, group, base), "shared_with_groups": []}
    if with_projects:
        projects = sorted((p for p in store.projects.values()
                           if p.namespace_id == group.id and store.can_see(user, p)),
                          key=lambda p: p.id, reverse=True)[:100]
        view["projects"] = [project_view(store, p, base, user) for p in projects]
        view["shared_projects"] = []
    return view


def namespace_basic_view(group: Group, base: str) -> dict[str, Any]:
    """lib/api/entities/namespace_basic.rb (also a project's ``namespace``)."""
    return {"id": group.id, "name": group.name, "path": group.path, "kind": "group",
            "full_path": group.full_path, "parent_id": group.parent_id, "avatar_url": None,
            "web_url": f"{base}/groups/{group.full_path}"}


def namespace_view(store: Store, group: Group, user: User, base: str) -> dict[str, Any]:
    """lib/api/entities/namespace.rb: the basic fields, and the member count only for those
    who administer the group (``Ability.allowed?(user, :admin_group, namespace)``)."""
    view = namespace_basic_view(group, base)
    if store.access_level(user, group) >= OWNER:
        members = set(group.members)
        for child in store.descendants(group):
            members |= set(child.members)
        view["members_count_with_descendants"] = len(members)
    return view


def project_view(store: Store, project: Project, base: str, user: User) -> dict[str, Any]:
    """lib/api/entities/project.rb; ``open_issues_count`` is the user's
    (Projects::OpenIssuesCountService): confidential issues count only for Reporter and above."""
    namespace = store.groups[project.namespace_id]
    full = store.full_path(project)
    return {
        "id": project.id, "name": project.name, "path": project.path,
        "path_with_namespace": full, "name_with_namespace": store.full_name(project),
        "description": project.description, "visibility": project.visibility,
        "archived": project.archived, "default_branch": project.default_branch,
        "empty_repo": repository.empty(project),
        "web_url": f"{base}/{full}", "http_url_to_repo": f"{base}/{full}.git",
        "created_at": iso(project.created_at), "last_activity_at": iso(project.last_activity_at),
        "issues_enabled": project.issues_access_level != "disabled",
        "issues_access_level": project.issues_access_level, "open_issues_count": sum(
            1 for i in project.issues.values() if i.state == "opened"
            and (not i.confidential or store.access_level(user, project) >= PLANNER)),
        "namespace": namespace_basic_view(namespace, base),
    }


def member_view(store: Store, user: User, level: int, base: str) -> dict[str, Any]:
    return {**user_view(store, user, base), "access_level": level, "expires_at": None}


def label_view(label: Label) -> dict[str, Any]:
    return {"id": label.id, "name": label.name, "color": label.color,
            "text_color": colors.text_color(label.color), "description": label.description or None,
            "is_project_label": label.project_id is not None, "priority": None,
            "subscribed": False}


def milestone_view(milestone: Milestone, base: str) -> dict[str, Any]:
    owner = {"group_id": milestone.group_id} if milestone.group_id else {
        "project_id": milestone.project_id}
    return {"id": milestone.id, "iid": milestone.iid, **owner, "title": milestone.title,
            "description": milestone.description, "due_date": milestone.due_date,
            "start_date": milestone.start_date, "state": milestone.state,
            "expired": False, "created_at": iso(milestone.created_at),
            "updated_at": iso(milestone.updated_at), "web_url": f"{base}/milestones/{milestone.id}"}


def note_view(store: Store, note: Note, base: str, noteable: tuple[str, int, int]
              ) -> dict[str, Any]:
    kind, noteable_id, noteable_iid = noteable
    return {"id": note.id, "type": None, "body": note.body,
            "author": user_view(store, store.users[note.author_id], base),
            "created_at": iso(note.created_at), "updated_at": iso(note.updated_at),
            "system": note.system, "noteable_id": noteable_id, "noteable_type": kind,
            "noteable_iid": noteable_iid, "resolvable": False, "confidential": False,
            "internal": False}


def issue_view(store: Store, issue: Issue, base: str) -> dict[str, Any]:
    project = store.projects[issue.project_id]
    full = store.full_path(project)
    milestone = store.milestones.get(issue.milestone_id) if issue.milestone_id else None
    assignees = [user_view(store, store.users[i], base) for i in issue.assignee_ids]
    closed_by = store.users.get(issue.closed_by_id) if issue.closed_by_id else None
    return {
        "id": issue.id, "iid": issue.iid, "project_id": issue.project_id,
        "title": issue.title, "description": issue.description, "state": issue.state,
        "created_at": iso(issue.created_at), "updated_at": iso(issue.updated_at),
        "closed_at": iso(issue.closed_at),
        "closed_by": user_view(store, closed_by, base) if closed_by else None,
        "labels": sorted(issue.labels, key=str.lower),
        "milestone": milestone_view(milestone, base) if milestone else None,
        "assignees": assignees, "assignee": assignees[0] if assignees else None,
        "author": user_view(store, store.users[issue.author_id], base),
        "type": "ISSUE", "issue_type": "issue", "due_date": issue.due_date,
        "confidential": issue.confidential, "discussion_locked": None,
        "user_notes_count": sum(1 for n in issue.notes if not n.system),
        "upvotes": 0, "downvotes": 0, "merge_requests_count": 0,
        "web_url": f"{base}/{full}/-/issues/{issue.iid}",
        "references": {"short": f"#{issue.iid}", "relative": f"#{issue.iid}",
                       "full": f"{full}#{issue.iid}"},
        "time_stats": {"time_estimate": 0, "total_time_spent": 0,
                       "human_time_estimate": None, "human_total_time_spent": None},
        **task_fields(issue.description),
        "_links": {"self": f"{base}/api/v4/projects/{project.id}/issues/{issue.iid}",
                   "notes": f"{base}/api/v4/projects/{project.id}/issues/{issue.iid}/notes",
                   "project": f"{base}/api/v4/projects/{project.id}"},
    }


def label_event_view(store: Store, event: LabelEvent, issue: Issue, base: str) -> dict[str, Any]:
    """doc/api/resource_label_events.md."""
    label = store.labels.get(event.label_id)
    return {"id": event.id, "user": user_view(store, store.users[event.user_id], base),
            "created_at": iso(event.created_at), "resource_type": "Issue",
            "resource_id": issue.id, "action": event.action,
            "label": None if label is None else {
                "id": label.id, "name": label.name, "color": label.color,
                "description": label.description or None}}


def state_event_view(store: Store, event: StateEvent, issue: Issue, base: str) -> dict[str, Any]:
    """doc/api/resource_state_events.md."""
    return {"id": event.id, "user": user_view(store, store.users[event.user_id], base),
            "created_at": iso(event.created_at), "resource_type": "Issue",
            "resource_id": issue.id, "state": event.state}
