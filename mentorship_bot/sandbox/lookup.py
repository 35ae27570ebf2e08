"""Finding groups and projects by id or encoded path, with GitLab's visibility and access rules.

A private object the user cannot see answers 404 (GitLab does not reveal that it exists); one the
user can see but not change answers 403. An archived project refuses writes to its read-only
features whichever handler looks it up, so no write route can forget the rule.
"""

from __future__ import annotations

from typing import TypeVar

from mentorship_bot.sandbox.http import ApiError, Request, forbidden, not_found, record_not_found
from mentorship_bot.sandbox.store import REPORTER, Group, MergeRequest, Project, Store

T = TypeVar("T", Group, Project)

WRITES = ("POST", "PUT", "PATCH", "DELETE")
# app/models/concerns/readonly_abilities.rb: an archived project loses the issue, label,
# milestone, note, merge_request and push_code abilities; the API's authorize! answers 403, and the
# repository routes' authorize_push_to_branch! says why (lib/api/helpers.rb). Settings, members
# and unarchiving stay allowed.
_ARCHIVED_READONLY = {
    "issues": "403 Forbidden", "labels": "403 Forbidden", "milestones": "403 Forbidden",
    "merge_requests": "403 Forbidden",
    "repository": "403 Forbidden - You are not allowed to push into this branch",
}


def _find(store: Store, request: Request, key: str, level: int, kind: type[T], what: str) -> T:
    ident = request.params[key]
    pool = store.groups if kind is Group else store.projects
    found = pool.get(int(ident)) if ident.isdigit() else store.by_path(ident)
    if not isinstance(found, kind) or not store.can_see(request.user, found):
        raise not_found(what)
    if level and store.access_level(request.user, found) < level:
        raise forbidden()
    return found


def group(store: Store, request: Request, key: str = "id", level: int = 0) -> Group:
    return _find(store, request, key, level, Group, "Group")


def project(store: Store, request: Request, key: str = "id", level: int = 0) -> Project:
    found = _find(store, request, key, level, Project, "Project")
    refuse_archived_write(request, found)
    return found


def refuse_archived_write(request: Request, found: Project) -> None:
    """403 for a write under ``/projects/:id/<read-only feature>`` of an archived project."""
    parts = request.path.split("/")
    feature = parts[3] if len(parts) > 3 and parts[1] == "projects" else ""
    if found.archived and request.method in WRITES and feature in _ARCHIVED_READONLY:
        raise ApiError(403, {"message": _ARCHIVED_READONLY[feature]})


def owner(store: Store, request: Request, kind: str, level: int = 0) -> Group | Project:
    """The group or the project a ``/groups/:id/...`` or ``/projects/:id/...`` route names."""
    return (group if kind == "group" else project)(store, request, level=level)


def integer(request: Request, name: str) -> int | None:
    value = request.arg(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, {"error": f"{name} is invalid"}) from None


def merge_requests_of(store: Store, request: Request, level: int = 0) -> Project:
    """The project of a merge request route. ``read_merge_request`` (app/policies/
    project_policy.rb) comes with the code: Reporter and above in a private project, so a Guest
    gets 403 (lib/api/merge_requests.rb ``authorize! :read_merge_request``)."""
    found = project(store, request, level=level)
    if found.visibility == "private" and store.access_level(request.user, found) < REPORTER:
        raise forbidden()
    return found


def merge_request(store: Store, request: Request, level: int = 0) -> tuple[Project, MergeRequest]:
    """The project and merge request ``:iid``; 404 for an unknown iid."""
    found = merge_requests_of(store, request, level)
    item = found.merge_requests.get(int(request.params["iid"]))
    if item is None:
        raise record_not_found()
    return found, item
