"""Users, groups and projects, with GitLab's model validations and error bodies."""

from __future__ import annotations

from mentorship_bot.sandbox import lookup, members
from mentorship_bot.sandbox import validation as v
from mentorship_bot.sandbox.http import (
    ApiError,
    Request,
    Response,
    Router,
    at_least_one,
    forbidden,
    paged,
    unsupported,
)
from mentorship_bot.sandbox.store import MAINTAINER, OWNER, Group, Project, Store
from mentorship_bot.sandbox.views import group_detail_view, group_view, project_view, user_view


def _not_valid_namespace() -> ApiError:
    # app/services/projects/create_service.rb (deny_namespace), rendered by lib/api/projects.rb
    # with render_validation_error!: the same answer for a missing, hidden or forbidden namespace.
    return ApiError(400, {"message": {"namespace": ["is not valid"]}})


def register(router: Router, store: Store) -> None:
    def base(request: Request) -> str:
        return request.base_url

    def current_user(request: Request) -> Response:
        return Response(200, user_view(store, request.user, base(request)))

    def users(request: Request) -> Response:
        username = request.arg("username")
        found = [u for u in store.users.values()
                 if username is None or u.username.lower() == str(username).lower()]
        return paged(request, found, lambda u: user_view(store, u, base(request)))

    def siblings(parent_id: int | None) -> list[Group]:
        return [g for g in store.groups.values() if g.parent_id == parent_id]

    def create_group(request: Request) -> Response:
        name, path = str(request.required("name")), str(request.required("path"))
        parent = None
        parent_id = lookup.integer(request, "parent_id")
        if parent_id is not None:
            request.params["parent"] = str(parent_id)
            # lib/api/groups.rb: find_group! (404), then authorize! :create_subgroup (403).
            parent = lookup.group(store, request, "parent", level=MAINTAINER)
        elif not getattr(request.user, "is_admin", False):
            raise forbidden()
        description = str(request.arg("description", "") or "")
        visibility = v.visibility(request.arg("visibility", "private"))
        errors = v.group_errors(store, parent, name=name, path=path, description=description,
                                visibility=visibility)
        if errors:
            # lib/api/groups.rb: render_api_error!("Failed to save group #{group.errors.messages}")
            raise ApiError(400, {"message": f"Failed to save group {v.ruby_inspect(errors)}"})
        group = store.add_group(name, path, parent, visibility, description)
        group.members[request.user.id] = OWNER
        return Response(201, group_view(store, group, base(request)))

    def get_group(request: Request) -> Response:
        # lib/api/groups.rb: GET /groups/:id, ``with_projects`` (Boolean) true by default.
        group = lookup.group(store, request)
        return Response(200, group_detail_view(store, group, request.user, base(request),
                                               with_projects=request.flag("with_projects",
                                                                          True)))

    def subgroups(request: Request, descendants: bool) -> Response:
        group = lookup.group(store, request)
        found = store.descendants(group) if descendants else siblings(group.id)
        visible = sorted((g for g in found if store.can_see(request.user, g)),
                         key=lambda g: g.full_path)
        return paged(request, visible, lambda g: group_view(store, g, base(request)))

    def group_projects(request: Request) -> Response:
        group = lookup.group(store, request)

        def listed() -> list[Project]:
            found = store.projects_under(group, subgroups=request.flag("include_subgroups"))
            archived = request.arg("archived")
            if archived is not None:
                found = [p for p in found if p.archived == request.flag("archived")]
            return sorted((p for p in found if store.can_see(request.user, p)),
                          key=lambda p: p.created_at, reverse=True)

        visible = store.lists.items(request, listed)
        return paged(request, visible,
                     lambda p: project_view(store, p, base(request), request.user))

    def create_project(request: Request) -> Response:
        namespace_id = lookup.integer(request, "namespace_id")
        if namespace_id is None:
            raise unsupported("namespace_id is required in the sandbox (user namespaces are "
                              "not served)")
        group = store.groups.get(namespace_id)
        if group is None or store.access_level(request.user, group) < MAINTAINER:
            raise _not_valid_namespace()
        name, path = request.arg("name"), request.arg("path")
        if not name and not path:
            raise at_least_one(("name", "path"))
        if not path:
            # Projects::CreateService derives the path with Rails' parameterize, which the
            # sandbox does not reproduce; refusing beats guessing a slug GitLab would not make.
            raise unsupported("the sandbox needs an explicit path (it does not derive one from "
                              "the name)")
        name = name or path  # set_project_name_from_path
        description = str(request.arg("description", "") or "")
        visibility = v.visibility(request.arg("visibility", "private"))
        errors = v.project_errors(store, group, str(name), str(path), description, visibility)
        if errors:
            raise ApiError(400, {"message": errors})
        project = store.add_project(str(name), str(path), group, visibility, description)
        # app/services/projects/create_service.rb: in a group the creator is not made a member;
        # their access comes from the group (only a personal project gets its owner added).
        if request.arg("issues_access_level"):
            project.issues_access_level = str(request.arg("issues_access_level"))
        if request.flag("initialize_with_readme"):
            project.files["README.md"] = f"# {project.name}\n"
        return Response(201, project_view(store, project, base(request), request.user))

    def get_project(request: Request) -> Response:
        return Response(200, project_view(store, lookup.project(store, request), base(request),
                                          request.user))

    def update_project(request: Request) -> Response:
        project = lookup.project(store, request, level=MAINTAINER)
        if request.arg("path") is not None:
            raise unsupported("the sandbox does not rename project paths")
        visibility = request.arg("visibility")
        if visibility is not None and visibility != project.visibility and (
                store.access_level(request.user, project) < OWNER):
            # app/services/projects/update_service.rb: valid_visibility_level_change? needs
            # :change_visibility_level, which app/policies/project_policy.rb gives owners.
            raise ApiError(400, {"message": "New visibility level not allowed!"})
        name = str(request.arg("name", project.name))
        description = str(request.arg("description", project.description) or "")
        level = project.visibility if visibility is None else v.visibility(visibility)
        errors = v.project_errors(store, store.groups[project.namespace_id], name, project.path,
                                description, level, project)
        if errors:
            raise ApiError(400, {"message": errors})
        project.name, project.description, project.visibility = name, description, level
        for field in ("issues_access_level", "default_branch"):
            if request.arg(field) is not None:
                setattr(project, field, str(request.arg(field)))
        project.last_activity_at = store.now()
        return Response(200, project_view(store, project, base(request), request.user))

    def archive(request: Request, archived: bool) -> Response:
        # lib/api/projects.rb: authorize!(:archive_project), an owner ability.
        project = lookup.project(store, request, level=OWNER)
        project.archived = archived
        return Response(201, project_view(store, project, base(request), request.user))

    router.add("GET", "/user", current_user)
    router.add("GET", "/users", users)
    router.add("POST", "/groups", create_group)
    router.add("GET", "/groups/:id", get_group)
    router.add("GET", "/groups/:id/subgroups", lambda r: subgroups(r, False))
    router.add("GET", "/groups/:id/descendant_groups", lambda r: subgroups(r, True))
    router.add("GET", "/groups/:id/projects", group_projects)
    router.add("POST", "/projects", create_project)
    router.add("GET", "/projects/:id", get_project)
    router.add("PUT", "/projects/:id", update_project)
    router.add("POST", "/projects/:id/archive", lambda r: archive(r, True))
    router.add("POST", "/projects/:id/unarchive", lambda r: archive(r, False))
    members.register(router, store)
