"""Read what GitLab holds for a program, in bulk: a handful of group-level lists, pages of 100.

For P pairs with I issues in all, a read costs about 6 + rounds + 2P/100 + I/100 requests: the
program group, its subgroups, its labels, its issue boards (each with its lists), each round's
milestones, every project of the program
(one group-level list) and every issue (one group-level list: GitLab's group issue list includes
subgroups). Repository files have no group-level list, so they are read only for the pairs whose
provisioning looks unfinished: a pair is provisioned project first and Progress issue last, so a
pair whose Progress issue exists needs no per-project read. Members have no REST list either, but
GitLab's GraphQL API lists a page of projects with their members: every finished pair's members
are verified that way on every run, one request per 100 projects, several at a time
(adapter/graphql_members.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from mentorship_bot.adapter.connection import DEFAULT_WORKERS, Connection
from mentorship_bot.adapter.graphql_members import members_meanwhile
from mentorship_bot.adapter.issue_lists import day, read_since, read_whole, timestamp
from mentorship_bot.adapter.lookups import file_text, required
from mentorship_bot.adapter.paging import list_all
from mentorship_bot.provision.calendar_diff import needs_calendar_read
from mentorship_bot.provision.calendar_file import CALENDAR_PATH
from mentorship_bot.provision.desired_state import DesiredState
from mentorship_bot.provision.issue_snapshot import IssueSnapshot, why_full
from mentorship_bot.provision.observed_state import (
    IssueRead,
    ObservedBoard,
    ObservedBoardList,
    ObservedGroup,
    ObservedIssue,
    ObservedLabel,
    ObservedMilestone,
    ObservedProject,
    ObservedState,
)
from mentorship_bot.render.markers import parse_marker


def observe(conn: Connection, desired: DesiredState, *, workers: int = DEFAULT_WORKERS,
            known: IssueSnapshot | Callable[[], IssueSnapshot | None] | None = None,
            whole: str = "") -> ObservedState:
    """GitLab's state for the objects ``desired`` names (and projects beside them); the long
    lists (projects, issues) are read ``workers`` pages at a time. With a snapshot of the issues
    (``known``), only the Progress issues and the issues updated since are read, unless
    ``issue_snapshot.why_full`` says otherwise or ``whole`` says why not. ``known`` may be a
    callable, asked once the projects are listed: the snapshot can be read meanwhile."""
    observed, members = observe_members_meanwhile(conn, desired, workers=workers, known=known,
                                                  whole=whole)
    return observed.with_members(members())


def observe_members_meanwhile(
    conn: Connection, desired: DesiredState, *, workers: int = DEFAULT_WORKERS,
    known: IssueSnapshot | Callable[[], IssueSnapshot | None] | None = None, whole: str = "",
) -> tuple[ObservedState, Callable[[], dict[str, dict[str, int]]]]:
    """``observe``'s state but the members of the projects already set up (None there), and
    a callable that waits for those, read meanwhile (``graphql_members.members_meanwhile``):
    the sweep diffs the rest while GitLab answers."""
    gl = conn.reads
    program_group = required(
        lambda: gl.groups.get(desired.program_group),
        f"the program group {desired.program_group!r} does not exist or the token cannot see "
        "it; create it and give the bot the api scope and the Owner role on it")
    groups = {program_group.full_path: ObservedGroup(program_group.id, program_group.full_path)}
    for sub in program_group.descendant_groups.list(get_all=True):
        groups[sub.full_path] = ObservedGroup(sub.id, sub.full_path)

    labels = {
        label.name: ObservedLabel(label.name, label.color, label.description or "", label.id)
        for label in program_group.labels.list(get_all=True)
    }
    boards = _boards(program_group)
    milestones: dict[tuple[str, str], ObservedMilestone] = {}
    for path in sorted({m.group_path for m in desired.milestones}):
        if path not in groups:
            continue
        group = gl.groups.get(groups[path].id, lazy=True)
        for m in group.milestones.list(get_all=True):
            milestones[(path, m.title)] = ObservedMilestone(
                m.id, path, m.title, day(m.due_date), m.state
            )

    # Query flags as GitLab documents them: Python's True would go out as "True".
    raw_projects = list(list_all(program_group.projects, workers, include_subgroups="true",
                                 with_shared="false"))
    by_id = {p.id: p.path_with_namespace for p in raw_projects}
    order = {p.path_with_namespace: n for n, p in enumerate(raw_projects)}
    listed = {p.path_with_namespace: ObservedProject(
        p.id, p.path_with_namespace, p.visibility, _archived(p),
        created_on=day(getattr(p, "created_at", None)),
        created_at=timestamp(getattr(p, "created_at", None))) for p in raw_projects}
    # GitLab's time before the issues are listed (every answer so far came before it): any
    # later update is listed as one by the next run.
    as_of = conn.server_time()
    snapshot = known() if callable(known) else known
    reason = whole or why_full(snapshot, as_of, labels.values(), milestones.values(),
                               listed.values())
    issues, duplicates, issue_read = _read_issues(program_group, workers, by_id, listed,
                                                  snapshot, as_of, reason)

    # A provisioned pair's Progress issue records the calendar the bot last wrote.
    progress_done = {i.project_path: _recorded_calendar(i.description)
                     for i in issues.values() if i.marker_id.endswith("/progress")}
    # One pass over the pairs' projects (no issue built, nothing rendered): what each needs read.
    raw_by_path = {p.path_with_namespace: p for p in raw_projects}
    unfinished: dict[str, list[str]] = {}  # path: the files to read
    stale_calendars: set[str] = set()
    finished: list[str] = []
    new_namespaces: set[str] = set()
    for wanted in desired.project_walk():
        path = wanted.full_path
        raw = raw_by_path.get(path)
        if raw is None:
            new_namespaces.add(wanted.namespace_path)
        elif path not in progress_done:
            unfinished[path] = wanted.file_paths
        else:
            finished.append(path)
            if needs_calendar_read(wanted, _archived(raw), progress_done[path]):
                stale_calendars.add(path)
    finished.sort(key=lambda path: order[path])
    ids = {p.path_with_namespace: p.id for p in raw_projects}
    members_of_finished = members_meanwhile(
        conn, program_group.full_path, {path: ids[path] for path in finished},
        lambda path: _access_levels(conn.reads.projects.get(ids[path], lazy=True)),
        workers=workers,
    )
    projects = {}
    for raw in raw_projects:
        path = raw.path_with_namespace
        members = None
        files = None
        calendar, calendar_read = None, False
        if path in unfinished:
            members, files = _details(conn, raw.id, unfinished[path])
        elif path in stale_calendars:
            calendar, calendar_read = _file(conn, raw.id, CALENDAR_PATH), True
        projects[path] = replace(listed[path], members=members, files=files,
                                 calendar=calendar, calendar_read=calendar_read)
    return ObservedState(
        groups=groups,
        labels=labels,
        milestones=milestones,
        projects=projects,
        issues=issues,
        source=conn.url,
        duplicates=duplicates,
        group_members=_members_of_new_projects(conn, desired, groups, new_namespaces),
        boards=boards,
        issue_read=issue_read,
    ), members_of_finished


def _read_issues(program_group: Any, workers: int, project_paths: dict[int, str],
                 listed: dict[str, ObservedProject], known: IssueSnapshot | None,
                 as_of: datetime | None, reason: str | None
                 ) -> tuple[dict[str, ObservedIssue], tuple[ObservedIssue, ...], IssueRead]:
    """The issues, from the snapshot and the updates since unless ``reason`` says why not (or
    a Progress issue is missing from the lists), and how they were read."""
    read = None
    if reason is None and known is not None and as_of is not None:
        read = read_since(program_group, workers, project_paths, known, listed)
        missing = known.missing_progress(listed.values(), read[0])
        if missing:
            reason, read = f"the Progress issue of {missing[0]} was not listed", None
    issues, duplicates, count = read or read_whole(program_group, workers, project_paths)
    from_snapshot = reason is None and known is not None
    return issues, duplicates, IssueRead(
        as_of, known.full_read if from_snapshot and known else as_of,
        whole=not from_snapshot, reason=reason or "", listed=count,
        since=known.since if from_snapshot and known else None)


def _boards(program_group: Any) -> tuple[ObservedBoard, ...]:
    """The program group's issue boards with their label lists: one request (a board carries
    its lists, lib/api/entities/board.rb). python-gitlab's ``lists`` attribute is the lists'
    manager, so the lists come from the raw attributes."""
    boards = []
    for raw in program_group.boards.list(get_all=True):
        lists = tuple(
            ObservedBoardList(int(item["id"]), item["label"]["name"], int(item["position"] or 0))
            for item in raw.attributes.get("lists") or () if item.get("label"))
        boards.append(ObservedBoard(int(raw.id), str(raw.name), lists))
    return tuple(boards)


def _recorded_calendar(description: str) -> str | None:
    marker = parse_marker(description)
    return marker.calendar if marker else None


def _archived(raw: Any) -> bool:
    return bool(getattr(raw, "archived", False))


def _members_of_new_projects(
    conn: Connection, desired: DesiredState, groups: dict[str, ObservedGroup],
    namespaces: set[str],
) -> dict[str, dict[str, int]]:
    """Who the projects about to be created inherit, by the group they land in: one read per group.

    A project the bot creates starts with its group's members, inherited ones included (the bot
    itself is not made a direct member: app/services/projects/create_service.rb). A round group
    the bot is about to create inherits the program group's.
    """
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


def _details(
    conn: Connection, project_id: int, file_paths: list[str]
) -> tuple[dict[str, int], dict[str, str]]:
    """Members and bot-written files of one project (only for unfinished pairs)."""
    project = conn.reads.projects.get(project_id, lazy=True)
    members = _access_levels(project)
    files: dict[str, str] = {}
    for path in file_paths:
        text = _file(conn, project_id, path)
        if text is not None:
            files[path] = text
    return members, files


def _file(conn: Connection, project_id: int, path: str) -> str | None:
    """A file's text on ``main``, or None when there is none."""
    return file_text(conn.reads.projects.get(project_id, lazy=True), path, "main",
                     errors="replace")
