"""``PUT /groups/:id``: rename a group, change its path, description or visibility.

lib/api/groups.rb: ``find_group!`` (404), ``authorize_any! [:admin_group, :admin_runner]``
(Owner, else 403), then Groups::UpdateService; a model error is ``render_validation_error!``:
400 ``{"message": {"<attribute>": ["..."]}}``. The answer is the group with its projects.
"""

from __future__ import annotations

import re
from typing import Any

from mentorship_bot.sandbox import lookup
from mentorship_bot.sandbox.http import ApiError, Request, Response, Router, forbidden
from mentorship_bot.sandbox.store import OWNER, Group, Project, Store
from mentorship_bot.sandbox.views import group_view, project_view

LEVELS = {"private": 0, "internal": 10, "public": 20}  # lib/gitlab/visibility_level.rb
# lib/gitlab/regex.rb oci_repository_path_regex (app/models/namespace.rb, if path changed).
PATH_RE = re.compile(r"\A[a-zA-Z0-9]+(?:[._-][a-zA-Z0-9]+)*\Z")
PATH_MESSAGE = ("can only include non-accented letters, digits, '_', '-' and '.'. It must not "
                "start with '-', '_', or '.', nor end with '-', '_', '.', '.git', or '.atom'.")
# lib/gitlab/regex.rb group_name_regex: letters, digits, emoji, '_', '.', dashes, spaces, ().
_EMOJI = "\u00a9-\U0001f9ff"
NAME_RE = re.compile(rf"\A(?:[^\W_]|[_{_EMOJI}])")
NAME_REST_RE = re.compile(rf"\A(?:[^\W_]|[_().\- \u2010-\u2015{_EMOJI}])*\Z")
NAME_MESSAGE = ("can contain only letters, digits, emoji, '_', '.', dash, space, parenthesis. "
                "It must start with letter, digit, emoji or '_'.")
# lib/gitlab/path_regex.rb: TOP_LEVEL_ROUTES (root groups) and ILLEGAL_GROUP_PATH_WORDS
# (subgroups), as far as they pass PATH_RE; app/validators/abstract_path_validator.rb.
RESERVED_TOP = {"abuse_reports", "admin", "api", "assets", "autocomplete", "ci", "dashboard",
                "explore", "files", "groups", "health_check", "help", "import", "invites", "jwt",
                "koding", "notification_settings", "oauth", "profile", "projects", "public",
                "search", "sent_notifications", "snippets", "unsubscribes", "uploads", "users"}
RESERVED_SUB = {"badges", "blame", "blob", "builds", "commits", "create", "create_dir", "edit",
                "files", "find_file", "new", "preview", "raw", "refs", "tree", "update", "wikis"}


def _name_errors(store: Store, group: Group, name: str) -> list[str]:
    """app/models/namespace.rb and group.rb validations on ``name``."""
    if not name.strip():
        return ["can't be blank"]
    errors = []
    if len(name) > 255:
        errors.append("is too long (maximum is 255 characters)")
    if name != group.name and not (NAME_RE.match(name) and NAME_REST_RE.match(name)):
        errors.append(NAME_MESSAGE)
    # validates :name, uniqueness: { scope: [:type, :parent_id] }, if: -> { parent_id.present? }
    if group.parent_id is not None and any(
            g.id != group.id and g.parent_id == group.parent_id and g.name == name
            for g in store.groups.values()):
        errors.append("has already been taken")
    return errors


def _path_errors(store: Store, group: Group, path: str) -> list[str]:
    """Path validations (app/models/namespace.rb; routes are unique, app/models/route.rb)."""
    if not path:
        return ["can't be blank"]
    if path == group.path:
        return []
    errors = []
    if len(path) > 255:
        errors.append("is too long (maximum is 255 characters)")
    if len(path) < 2:
        errors.append("is too short (minimum is 2 characters)")
    if not PATH_RE.match(path) or path.endswith((".git", ".atom")):
        errors.append(PATH_MESSAGE)
    elif path.lower() in (RESERVED_SUB if group.parent_id else RESERVED_TOP):
        errors.append(f"{path} is a reserved name")
    parent = store.groups.get(group.parent_id) if group.parent_id else None
    full = f"{parent.full_path}/{path}" if parent else path
    taken = store.by_path(full)
    if taken is not None and taken is not group:
        errors.append("has already been taken")
    return errors


def _visibility_errors(store: Store, group: Group, visibility: str) -> list[str]:
    """app/models/group.rb: not more open than the parent, nor more closed than its content."""
    level = LEVELS[visibility]
    parent = store.groups.get(group.parent_id) if group.parent_id else None
    if parent is not None and level > LEVELS[parent.visibility]:
        return [f"{visibility} is not allowed since the parent group has a "
                f"{parent.visibility} visibility."]
    if any(p.namespace_id == group.id and LEVELS[p.visibility] > level
           for p in store.projects.values()):
        return [f"{visibility} is not allowed since this group contains projects with higher "
                "visibility."]
    if any(g.parent_id == group.id and LEVELS[g.visibility] > level
           for g in store.groups.values()):
        return [f"{visibility} is not allowed since there are sub-groups with higher "
                "visibility."]
    return []


def _move(store: Store, group: Group, path: str) -> None:
    """Give ``group`` a new path; its subgroups and projects move with it.

    The old paths then answer 404 (GitLab keeps redirect routes for projects: the sandbox is
    stricter). Store keeps its path index private and offers no move, so it is rebuilt here.
    """
    old_prefix = group.full_path
    below = store.descendants(group)
    group.path = path
    group.full_path = f"{old_prefix.rsplit('/', 1)[0]}/{path}" if "/" in old_prefix else path
    for child in below:
        child.full_path = group.full_path + child.full_path[len(old_prefix):]
    index: dict[str, Group | Project] = {g.full_path.lower(): g for g in store.groups.values()}
    index.update({store.full_path(p).lower(): p for p in store.projects.values()})
    store._paths = index  # see the docstring


def register(router: Router, store: Store) -> None:
    def detail(request: Request, group: Group) -> dict[str, Any]:
        """Entities::GroupDetail (``present_group_details ... with_projects: true``)."""
        projects = sorted((p for p in store.projects.values()
                           if p.namespace_id == group.id and store.can_see(request.user, p)),
                          key=lambda p: p.id)
        return {**group_view(store, group, request.base_url),
                "projects": [project_view(store, p, request.base_url) for p in projects],
                "shared_projects": []}

    def update_group(request: Request) -> Response:
        visibility = request.arg("visibility")
        if visibility is not None and visibility not in LEVELS:  # Grape's values: check
            raise ApiError(400, {"error": "visibility does not have a valid value"})
        group = lookup.group(store, request)
        if store.access_level(request.user, group) < OWNER:
            raise forbidden()
        errors: dict[str, list[str]] = {}
        name, path = request.arg("name"), request.arg("path")
        description = request.arg("description")
        if name is not None:
            errors["name"] = _name_errors(store, group, str(name))
        if path is not None:
            errors["path"] = _path_errors(store, group, str(path))
        if description is not None and len(str(description)) > 500:
            errors["description"] = ["is too long (maximum is 500 characters)"]
        if visibility is not None:
            errors["visibility_level"] = _visibility_errors(store, group, str(visibility))
        errors = {key: value for key, value in errors.items() if value}
        if errors:
            raise ApiError(400, {"message": errors})
        if name is not None:
            group.name = str(name)
        if description is not None:
            group.description = str(description)
        if visibility is not None:
            group.visibility = str(visibility)
        if path is not None and str(path) != group.path:
            _move(store, group, str(path))
        return Response(200, detail(request, group))

    router.add("PUT", "/groups/:id", update_group)
