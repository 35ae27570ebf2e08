"""The program's issues from GitLab's group issue list: all of them, or the issue snapshot's with
the Progress issues and the issues updated since in their place (issue 18).

The pages stream: each issue becomes a small ObservedIssue as it arrives, instead of 10,000 pairs'
issues held at once; they come as GitLab's JSON, not python-gitlab objects (whose making cost
seconds at 100,000 issues).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timezone
from itertools import chain
from sys import intern
from typing import Any

from mentorship_bot.adapter.paging import list_all
from mentorship_bot.provision.issue_facts import overlay
from mentorship_bot.provision.issue_snapshot import IssueSnapshot
from mentorship_bot.provision.observed_state import (
    ObservedIssue,
    ObservedProject,
    TextPacker,
    kept_text,
)
from mentorship_bot.provision.program_objects import KIND_PROGRESS
from mentorship_bot.render.markers import read_marker

# Issues by marker id, the newer copies of one marker, and how many of the program's issues the
# lists gave.
ListedIssues = tuple[dict[str, ObservedIssue], tuple[ObservedIssue, ...], int]


def read_whole(program_group: Any, workers: int, project_paths: dict[int, str]) -> ListedIssues:
    """Every issue of the program group, ``workers`` pages at a time."""
    return _issues(list_all(program_group.issues, workers, raw=True, state="all"),
                   project_paths)


def read_since(program_group: Any, workers: int, project_paths: dict[int, str],
               known: IssueSnapshot, listed: dict[str, ObservedProject]) -> ListedIssues:
    """The snapshot's issues, with the Progress issues (read whole every night: their text is
    the sweep's) and the issues updated since in place of what it knew of them."""
    since = known.since.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    lists = chain(
        list_all(program_group.issues, workers, raw=True, state="all", labels=KIND_PROGRESS),
        list_all(program_group.issues, workers, raw=True, state="all", updated_after=since))
    seen: set[tuple[str, int]] = set()
    changed: list[ObservedIssue] = []
    packer = TextPacker()
    for raw in lists:
        path = project_paths.get(raw["project_id"])
        if path is None or (path, raw["iid"]) in seen:
            continue  # outside the program, or a Progress issue also updated since
        seen.add((path, raw["iid"]))
        issue = _observed(raw, project_paths, packer)
        if issue is not None:
            changed.append(issue)
    packer.close()
    return (*overlay(known.issues(listed.values()), changed, seen), len(seen))


def _observed(raw: dict[str, Any], project_paths: dict[int, str],
              packer: TextPacker) -> ObservedIssue | None:
    """An issue of GitLab's list as the bot keeps it; None when the bot did not write it."""
    read = read_marker(raw["description"])
    if read is None or raw["project_id"] not in project_paths:
        return None
    marker = read[0]
    milestone = raw["milestone"]["title"] if raw.get("milestone") else None
    tasks = raw.get("task_completion_status") or {}
    closed_by = (raw.get("closed_by") or {}).get("username")
    # Titles, labels, states and names repeat across pairs: one string each, not one per
    # issue (100,000 issues for 10,000 pairs).
    return ObservedIssue(
        project_paths[raw["project_id"]],
        raw["iid"],
        marker.id,
        intern(raw["title"]),
        labels=tuple(map(intern, raw["labels"])),
        milestone_title=intern(milestone) if milestone else None,
        due_date=day(raw.get("due_date")),
        state=intern(raw["state"]),
        **kept_text(raw["description"], read, marker.id, raw["state"], packer),
        closed_at=timestamp(raw.get("closed_at")),
        closed_by=intern(closed_by) if closed_by else None,
        updated_at=timestamp(raw.get("updated_at")),
        user_notes=int(raw.get("user_notes_count") or 0),
        tasks_done=int(tasks.get("completed_count", 0) or 0),
        tasks_total=int(tasks.get("count", 0) or 0),
        assignees=tuple(intern(a["username"].lower()) for a in raw.get("assignees") or ()),
    )


def _issues(raw_issues: Iterable[dict[str, Any]], project_paths: dict[int, str]) -> ListedIssues:
    """Issues the bot wrote, by marker id; when two carry one marker, the older one counts and
    the newer is returned as a duplicate. Only the oldest per marker is held while the pages
    stream, and open texts exactly as the bot wrote them are kept compressed. Last, how many
    of the program's issues were listed."""
    oldest: dict[str, tuple[tuple[str, int], ObservedIssue]] = {}
    duplicates: list[tuple[tuple[str, int], ObservedIssue]] = []
    packer = TextPacker()
    count = 0
    for raw in raw_issues:
        count += raw["project_id"] in project_paths
        issue = _observed(raw, project_paths, packer)
        if issue is None:
            continue
        age = (raw["created_at"], raw["id"])
        held = oldest.get(issue.marker_id)
        if held is None:
            oldest[issue.marker_id] = (age, issue)
        elif age < held[0]:
            oldest[issue.marker_id] = (age, issue)
            duplicates.append(held)
        else:
            duplicates.append((age, issue))
    packer.close()
    duplicates.sort(key=lambda entry: entry[0])
    return ({marker_id: issue for marker_id, (_, issue) in oldest.items()},
            tuple(issue for _, issue in duplicates), count)


def day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def timestamp(value: str | None) -> datetime | None:
    """GitLab's ISO 8601 time ("2026-03-02T10:00:00.000Z"), as an aware datetime."""
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
