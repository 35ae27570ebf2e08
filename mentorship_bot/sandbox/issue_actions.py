"""Carrying out the quick actions the sandbox implements on an issue.

Each command follows lib/gitlab/quick_actions/issuable_actions.rb and
issue_and_merge_request_actions.rb: ``/close`` needs a persisted issue (so it does nothing on
create), ``/label`` applies existing labels only, ``/unlabel`` with no argument removes all.
"""

from __future__ import annotations

from mentorship_bot.sandbox import issue_access, issue_events, issue_labels, lookup
from mentorship_bot.sandbox import quick_actions as qa
from mentorship_bot.sandbox.http import Request, record_not_found
from mentorship_bot.sandbox.issue_events import Snapshot
from mentorship_bot.sandbox.store import Issue, Project, Store


def find(store: Store, request: Request, level: int = 0) -> tuple[Project, Issue]:
    """The project and the issue ``:iid`` of a request, or 404; a confidential issue the user
    may not read is 404 too, for the issue, its notes and its events alike."""
    project = lookup.project(store, request, level=level)
    issue = project.issues.get(int(request.params["iid"]))
    # IssuesFinder#find_by!(iid:) in lib/api/issues.rb and notes_helpers.rb find_noteable: the
    # finder leaves out what the user cannot read, so it is "not found", not "forbidden".
    if issue is None or not issue_access.readable(store, request.user, project, issue):
        raise record_not_found()
    return project, issue


def assignable(store: Store, project: Project, ids: list[int]) -> list[int]:
    """issuable_base_service.rb ``filter_assignee``: the first person only unless the tier
    allows several, and only people who can read the issue (``assignee_can_read?``); when none
    is left GitLab drops the parameter, so the caller keeps the old assignees."""
    wanted = list(dict.fromkeys(ids))
    if not store.multiple_assignees():
        wanted = wanted[:1]
    return [i for i in wanted if i in store.users and store.can_see(store.users[i], project)]


def settle(store: Store, issue: Issue, before: Snapshot, selection: list[str], user_id: int,
           *, created: bool) -> None:
    """Scoped-label exclusivity over the final label set, then GitLab's notes and events."""
    issue.labels = issue_labels.exclusive(store, issue.labels, list(before.labels), selection)
    issue_events.record(store, issue, before, user_id, created=created)


def close(store: Store, issue: Issue, user_id: int) -> None:
    if issue.state != "closed":
        issue.state, issue.closed_at, issue.closed_by_id = "closed", store.now(), user_id


def reopen(issue: Issue) -> None:
    if issue.state == "closed":
        issue.state, issue.closed_at, issue.closed_by_id = "opened", None, None


def run(store: Store, project: Project, issue: Issue, actions: list[qa.QuickAction],
        user_id: int, *, creating: bool) -> tuple[list[str], list[str]]:
    """Carry out ``actions``; a summary line per action, and the labels chosen (in order)."""
    summary: list[str] = []
    chosen: list[str] = []
    now = store.now()
    for action in actions:
        name, args = action.name, action.args
        if name == "close" and not creating:
            close(store, issue, user_id)
        elif name == "reopen":
            reopen(issue)
        elif name in ("label", "labels"):
            new = issue_labels.existing(store, project, qa.parse_labels(args))
            chosen += new
            issue.labels += [lb for lb in new if lb not in issue.labels]
        elif name in ("unlabel", "remove_label"):
            gone = set(issue_labels.existing(store, project, qa.parse_labels(args)))
            issue.labels = [lb for lb in issue.labels if args and lb not in gone]
        elif name == "relabel":
            new = issue_labels.existing(store, project, qa.parse_labels(args))
            if new:
                chosen += new
                issue.labels = list(dict.fromkeys(new))
        elif name in ("assign", "unassign"):
            people = [store.user_named(n) for n in qa.parse_usernames(args)]
            ids = [u.id for u in people if u is not None]
            if name == "assign":
                more = issue.assignee_ids + ids if store.multiple_assignees() else ids
                issue.assignee_ids = assignable(store, project, more) or issue.assignee_ids
            else:
                issue.assignee_ids = [i for i in issue.assignee_ids if ids and i not in ids]
        elif name == "milestone":
            title = qa.parse_milestone(args)
            found = next((m for m in store.milestones_available(project)
                          if m.title == title), None)
            if found is not None:
                issue.milestone_id = found.id
        elif name == "remove_milestone":
            issue.milestone_id = None
        elif name == "due":
            due = qa.parse_due(args, now.date())
            if due is not None:
                issue.due_date = due.isoformat()
        elif name == "remove_due":
            issue.due_date = None
        elif name == "title" and args:
            issue.title = args
        elif name == "confidential":
            issue.confidential = True
        summary.append(f"Ran /{name}")
    return summary, chosen
