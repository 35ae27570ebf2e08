"""Finding groups and projects by id or encoded path, with GitLab's visibility and access rules.

A private object the user cannot see answers 404 (GitLab does not reveal that it exists); one the
user can see but not change answers 403.
"""

from __future__ import annotations

from typing import TypeVar

from mentorship_bot.sandbox.http import ApiError, Request, forbidden, not_found
from mentorship_bot.sandbox.store import Group, Project, Store

T = TypeVar("T", Group, Project)


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
    return _find(store, request, key, level, Project, "Project")


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
