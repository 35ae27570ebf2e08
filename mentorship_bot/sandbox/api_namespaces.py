"""Users, groups, projects and members."""

from __future__ import annotations

import re

from mentorship_bot.sandbox import lookup
from mentorship_bot.sandbox.http import ApiError, Request, Response, Router, invalid, paged
from mentorship_bot.sandbox.store import MAINTAINER, OWNER, Store
from mentorship_bot.sandbox.views import group_view, member_view, project_view, user_view

_PATH_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
VISIBILITIES = ("private", "internal", "public")


def _check_path(path: str) -> None:
    if not _PATH_RE.match(path) or path.endswith((".git", ".atom", ".")):
        raise invalid("path", "can contain only letters, digits, '_', '-' and '.'. Cannot start "
                      "with '-', end in '.git' or end in '.atom'")


def _visibility(request: Request) -> str:
    value = request.arg("visibility", "private")
    if value not in VISIBILITIES:
        raise ApiError(400, {"error": "visibility does not have a valid value"})
    return str(value)


def register(router: Router, store: Store) -> None:
    def base(request: Request) -> str:
        return request.base_url

    def version(request: Request) -> Response:
        return Response(200, {"version": "17.6.0-sandbox", "revision": "sandbox"})

    def current_user(request: Request) -> Response:
        return Response(200, user_view(store, request.user, base(request)))

    def users(request: Request) -> Response:
        username = request.arg("username")
        found = [u for u in store.users.values()
                 if username is None or u.username.lower() == str(username).lower()]
        return paged(request, found, lambda u: user_view(store, u, base(request)))

    def create_group(request: Request) -> Response:
        name, path = request.required("name"), request.required("path")
        parent = None
        parent_id = lookup.integer(request, "parent_id")
        if parent_id is not None:
            request.params["parent"] = str(parent_id)
            parent = lookup.group(store, request, "parent", level=MAINTAINER)
        elif not getattr(request.user, "is_admin", False):
            raise ApiError(403, {"message": "403 Forbidden"})
        _check_path(str(path))
        full = f"{parent.full_path}/{path}" if parent else str(path)
        if store.by_path(full) is not None:
            # GitLab's exact body for a taken group path is UNVERIFIED; this mirrors projects'.
            raise invalid("path", "has already been taken")
        group = store.add_group(str(name), str(path), parent, _visibility(request),
                                str(request.arg("description", "")))
        group.members[request.user.id] = OWNER
        return Response(201, group_view(store, group, base(request)))

    def get_group(request: Request) -> Response:
        return Response(200, group_view(store, lookup.group(store, request), base(request)))

    def subgroups(request: Request, descendants: bool) -> Response:
        group = lookup.group(store, request)
        found = store.descendants(group) if descendants else [
            g for g in store.groups.values() if g.parent_id == group.id]
        visible = sorted((g for g in found if store.can_see(request.user, g)),
                         key=lambda g: g.full_path)
        return paged(request, visible, lambda g: group_view(store, g, base(request)))

    def group_projects(request: Request) -> Response:
        group = lookup.group(store, request)
        found = store.projects_under(group, subgroups=request.flag("include_subgroups"))
        archived = request.arg("archived")
        if archived is not None:
            found = [p for p in found if p.archived == request.flag("archived")]
        visible = sorted((p for p in found if store.can_see(request.user, p)),
                         key=lambda p: p.created_at, reverse=True)
        return paged(request, visible, lambda p: project_view(store, p, base(request)))

    def create_project(request: Request) -> Response:
        namespace_id = lookup.integer(request, "namespace_id")
        if namespace_id is None:
            raise ApiError(400, {"message": "400 Bad request - namespace_id is required in the "
                                            "sandbox (user namespaces are not served)"})
        request.params["namespace"] = str(namespace_id)
        group = lookup.group(store, request, "namespace", level=MAINTAINER)
        name = request.arg("name") or request.arg("path")
        if not name:
            raise ApiError(400, {"error": "name, path are missing, at least one parameter must "
                                          "be provided"})
        path = str(request.arg("path") or str(name).lower().replace(" ", "-"))
        _check_path(path)
        if store.by_path(f"{group.full_path}/{path}") is not None:
            raise ApiError(400, {"message": {"path": ["has already been taken"],
                                             "name": ["has already been taken"]}})
        project = store.add_project(str(name), path, group, _visibility(request),
                                    str(request.arg("description", "")))
        project.members[request.user.id] = MAINTAINER
        if request.arg("issues_access_level"):
            project.issues_access_level = str(request.arg("issues_access_level"))
        if request.flag("initialize_with_readme"):
            project.files["README.md"] = f"# {project.name}\n"
        return Response(201, project_view(store, project, base(request)))

    def get_project(request: Request) -> Response:
        return Response(200, project_view(store, lookup.project(store, request), base(request)))

    def update_project(request: Request) -> Response:
        project = lookup.project(store, request, level=MAINTAINER)
        for name in ("name", "description", "issues_access_level", "default_branch"):
            if request.arg(name) is not None:
                setattr(project, name, str(request.arg(name)))
        if request.arg("visibility") is not None:
            project.visibility = _visibility(request)
        project.last_activity_at = store.now()
        return Response(200, project_view(store, project, base(request)))

    def archive(request: Request, archived: bool) -> Response:
        project = lookup.project(store, request, level=MAINTAINER)
        project.archived = archived
        return Response(201, project_view(store, project, base(request)))

    def members(request: Request, kind: str, inherited: bool) -> Response:
        item = lookup.owner(store, request, kind)
        levels = dict(item.members)
        if inherited:
            for ancestor in store.ancestors(item):
                for user_id, level in ancestor.members.items():
                    levels[user_id] = max(level, levels.get(user_id, 0))
        rows = sorted(levels.items())
        return paged(request, rows,
                     lambda row: member_view(store, store.users[row[0]], row[1], base(request)))

    def add_member(request: Request, kind: str) -> Response:
        item = lookup.owner(store, request, kind, MAINTAINER)
        level = lookup.integer(request, "access_level")
        if level is None:
            raise ApiError(400, {"error": "access_level is missing"})
        user_id = lookup.integer(request, "user_id")
        user = store.users.get(user_id) if user_id is not None else (
            store.user_named(str(request.arg("username", ""))))
        if user is None:
            raise ApiError(404, {"message": "404 User Not Found"})
        if user.id in item.members:
            raise ApiError(409, {"message": "Member already exists"})
        item.members[user.id] = level
        return Response(201, member_view(store, user, level, base(request)))

    router.add("GET", "/version", version)
    router.add("GET", "/user", current_user)
    router.add("GET", "/users", users)
    router.add("POST", "/groups", create_group)
    router.add("GET", "/groups/:id", get_group)
    router.add("GET", "/groups/:id/subgroups", lambda r: subgroups(r, False))
    router.add("GET", "/groups/:id/descendant_groups", lambda r: subgroups(r, True))
    router.add("GET", "/groups/:id/projects", group_projects)
    router.add("GET", "/groups/:id/members", lambda r: members(r, "group", False))
    router.add("GET", "/groups/:id/members/all", lambda r: members(r, "group", True))
    router.add("POST", "/groups/:id/members", lambda r: add_member(r, "group"))
    router.add("POST", "/projects", create_project)
    router.add("GET", "/projects/:id", get_project)
    router.add("PUT", "/projects/:id", update_project)
    router.add("POST", "/projects/:id/archive", lambda r: archive(r, True))
    router.add("POST", "/projects/:id/unarchive", lambda r: archive(r, False))
    router.add("GET", "/projects/:id/members", lambda r: members(r, "project", False))
    router.add("GET", "/projects/:id/members/all", lambda r: members(r, "project", True))
    router.add("POST", "/projects/:id/members", lambda r: add_member(r, "project"))
