"""Finding groups and projects by id or encoded path, with GitLab's visibility and access rules.

A private object the user cannot see answers 404 (GitLab does not reveal that it exists); one the
user can see but not change answers 403.
"""

from __future__ import annotations

from mentorship_bot.sandbox.http import ApiError, Request, forbidden, not_found
from mentorship_bot.sandbox.store import Group, Project, Store


def group(store: Store, request: Request, key: str = "id", level: int = 0) -> Group:
    ident = request.params[key]
    found = store.groups.get(int(ident)) if ident.isdigit() else store.by_path(ident)
    if not isinstance(found, Group) or not store.can_see(request.user, found):
        raise not_found("Group")
    if level and store.access_level(request.user, found) < level:
        raise forbidden()
    return found


def project(store: Store, request: Request, key: str = "id", level: int = 0) -> Project:
    ident = request.params[key]
    found = store.projects.get(int(ident)) if ident.isdigit() else store.by_path(ident)
    if not isinstance(found, Project) or not store.can_see(request.user, found):
        raise not_found("Project")
    if level and store.access_level(request.user, found) < level:
        raise forbidden()
    return found


def integer(request: Request, name: str) -> int | None:
    value = request.arg(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, {"error": f"{name} is invalid"}) from None
