"""Read what GitLab holds for a program, in bulk: a handful of group-level lists, pages of 100.

For P pairs with I issues in all, a read costs about 5 + rounds + P/100 + I/100 requests: the
program group, its subgroups, its labels, each round's milestones, every project of the program
(one group-level list) and every issue (one group-level list: GitLab's group issue list includes
subgroups). Members and repository files have no group-level list, so they are read only for the
pairs whose provisioning looks unfinished: a pair is provisioned project first and Progress issue
last, so a pair whose Progress issue exists needs no per-project read.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import gitlab

from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection
from mentorship_bot.adapter.paging import list_all
from mentorship_bot.errors import GitLabError
from mentorship_bot.provision.desired_state import DesiredState
from mentorship_bot.provision.observed_state import (
    ObservedGroup,
    ObservedIssue,
    ObservedLabel,
    ObservedMilestone,
    ObservedProject,
    ObservedState,
)
from mentorship_bot.render.markers import parse_marker


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _timestamp(value: str | None) -> datetime | None:
    """GitLab's ISO 8601 time ("2026-03-02T10:00:00.000Z"), as an aware datetime."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def observe(conn: Connection, desired: DesiredState, *,
            workers: int = DEFAULT_WORKERS) -> ObservedState:
    """GitLab's state for the objects ``desired`` names (and projects beside them); the long
    lists (projects, issues) are read ``workers`` pages at a time."""
    gl = conn.reads
    try:
        program_group = gl.groups.get(desired.program_group)
    except gitlab.exceptions.GitlabGetError as exc:
        if exc.response_code == 404:
            raise GitLabError(
                f"the program group {desired.program_group!r} does not exist or "
                "the token cannot see it; create it and give the bot the api scope and the "
                "Owner role on it"
            ) from None
        raise
    groups = {program_group.full_path: ObservedGroup(program_group.id, program_group.full_path)}
    for sub in program_group.descendant_groups.list(get_all=True):
        groups[sub.full_path] = ObservedGroup(sub.id, sub.full_path)

    labels = {
        label.name: ObservedLabel(label.name, label.color, label.description or "")
        for label in program_group.labels.list(get_all=True)
    }
    milestones: dict[tuple[str, str], ObservedMilestone] = {}
    for path in sorted({m.group_path for m in desired.milestones}):
        if path not in groups:
            continue
        group = gl.groups.get(groups[path].id, lazy=True)
        for m in group.milestones.list(get_all=True):
            milestones[(path, m.title)] = ObservedMilestone(
                m.id, path, m.title, _date(m.due_date), m.state
            )

    # Query flags as GitLab documents them: Python's True would go out as "True".
    raw_projects = list(list_all(program_group.projects, workers, include_subgroups="true",
                                 with_shared="false"))
    by_id = {p.id: p.path_with_namespace for p in raw_projects}
    # The pages stream: each issue becomes a small ObservedIssue as it arrives, instead of 10,000
    # pairs' issues held at once as python-gitlab objects (about 5 KB each).
    issues, duplicates = _issues(list_all(program_group.issues, workers, state="all"), by_id)

    progress_done = {i.project_path for i in issues.values() if i.marker_id.endswith("/progress")}
    # One pass over the pairs, nothing rendered: each pair project's group and files.
    wanted = {p.project.full_path: (p.project.namespace_path,
                                    [path for path, _ in p.project.lazy_files])
              for p in desired.pairs()}
    projects = {}
    for raw in raw_projects:
        path = raw.path_with_namespace
        members = files = None
        if path in wanted and path not in progress_done:
            members, files = _details(conn, raw.id, wanted[path][1])
        projects[path] = ObservedProject(
            raw.id,
            path,
            raw.visibility,
            bool(getattr(raw, "archived", False)),
            members=members,
            files=files,
            created_on=_date(getattr(raw, "created_at", None)),
        )
    return ObservedState(
        groups=groups,
        labels=labels,
        milestones=milestones,
        projects=projects,
        issues=issues,
        source=conn.url,
        duplicates=duplicates,
        group_members=_members_of_new_projects(conn, desired, groups, projects, wanted),
    )


def _members_of_new_projects(
    conn: Connection, desired: DesiredState, groups: dict[str, ObservedGroup],
    projects: dict[str, ObservedProject], wanted: dict[str, tuple[str, list[str]]],
) -> dict[str, dict[str, int]]:
    """Who the projects about to be created inherit, by the group they land in: one read per group.

    A project the bot creates starts with its group's members, inherited ones included (the bot
    itself is not made a direct member: app/services/projects/create_service.rb). A round group
    the bot is about to create inherits the program group's.
    """
    namespaces = {namespace for path, (namespace, _) in wanted.items() if path not in projects}
    owners = {path if path in groups else desired.program_group for path in namespaces}
    return {path: _access_levels(conn.reads.groups.get(groups[path].id, lazy=True))
            for path in sorted(owners) if path in groups}


def _access_levels(owner: Any) -> dict[str, int]:
    """Every member's access level, inherited memberships included (``members/all``)."""
    levels: dict[str, int] = {}
    for member in owner.members_all.list(iterator=True):
        name = member.username.lower()
        levels[name] = max(levels.get(name, 0), int(member.access_level))
    return levels


def _issues(
    raw_issues: Iterable[Any], project_paths: dict[int, str]
) -> tuple[dict[str, ObservedIssue], tuple[ObservedIssue, ...]]:
    """Issues the bot wrote, by marker id; when two carry one marker, the older one counts and
    the newer is returned as a duplicate."""
    arrived: list[tuple[str, int, ObservedIssue]] = []
    for raw in raw_issues:
        marker = parse_marker(raw.description)
        if marker is None or raw.project_id not in project_paths:
            continue
        milestone = raw.milestone["title"] if raw.milestone else None
        tasks = getattr(raw, "task_completion_status", None) or {}
        issue = ObservedIssue(
            project_paths[raw.project_id],
            raw.iid,
            marker.id,
            raw.title,
            raw.description,
            tuple(raw.labels),
            milestone,
            _date(raw.due_date),
            raw.state,
            closed_at=_timestamp(getattr(raw, "closed_at", None)),
            closed_by=(getattr(raw, "closed_by", None) or {}).get("username"),
            updated_at=_timestamp(getattr(raw, "updated_at", None)),
            user_notes=int(getattr(raw, "user_notes_count", 0) or 0),
            tasks_done=int(tasks.get("completed_count", 0) or 0),
            tasks_total=int(tasks.get("count", 0) or 0),
            assignees=tuple(a["username"].lower() for a in getattr(raw, "assignees", None) or ()),
        )
        arrived.append((raw.created_at, raw.id, issue))
    found: dict[str, ObservedIssue] = {}
    duplicates: list[ObservedIssue] = []
    for _, _, issue in sorted(arrived, key=lambda entry: entry[:2]):
        if issue.marker_id in found:
            duplicates.append(issue)
        else:
            found[issue.marker_id] = issue
    return found, tuple(duplicates)


def _details(
    conn: Connection, project_id: int, file_paths: list[str]
) -> tuple[dict[str, int], dict[str, str]]:
    """Members and bot-written files of one project (only for unfinished pairs)."""
    project = conn.reads.projects.get(project_id, lazy=True)
    members = _access_levels(project)
    files: dict[str, str] = {}
    for path in file_paths:
        try:
            raw = project.files.get(file_path=path, ref="main")
        except gitlab.exceptions.GitlabGetError as exc:
            if exc.response_code == 404:
                continue
            raise
        files[path] = base64.b64decode(raw.content).decode("utf-8", errors="replace")
    return members, files
