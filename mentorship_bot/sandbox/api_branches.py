"""Creating a branch from another (lib/api/branches.rb, Branches::CreateService).

Only branch names are refs here: a tag or commit SHA as ``ref`` is refused (400), since the
sandbox keeps files per branch and could not say what the new branch would hold.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from mentorship_bot.sandbox import lookup, repository
from mentorship_bot.sandbox.http import (
    ApiError,
    Request,
    Response,
    Router,
    forbidden,
    unsupported,
)
from mentorship_bot.sandbox.store import DEVELOPER, MAINTAINER, REPORTER, Project, Store


def branch_view(store: Store, project: Project, name: str, request: Request) -> dict[str, Any]:
    """lib/api/entities/branch.rb (the commit is the branch's last sandbox commit, if any)."""
    last = next((c for c in reversed(project.commits) if c.get("branch") == name), None)
    commit = {k: v for k, v in last.items() if k != "branch"} if last else None
    protected = repository.protected(project, name)
    level = store.access_level(request.user, project)
    return {"name": name, "commit": commit, "merged": False, "protected": protected,
            "developers_can_push": not protected, "developers_can_merge": not protected,
            "can_push": level >= (MAINTAINER if protected else DEVELOPER),
            "default": name == project.default_branch,
            "web_url": f"{request.base_url}/{store.full_path(project)}/-/tree/{name}"}


def register(router: Router, store: Store) -> None:
    def create_branch(request: Request) -> Response:
        project = lookup.project(store, request)
        branch = str(request.required("branch"))  # requires :branch, allow_blank: false
        ref = str(request.required("ref"))
        # lib/api/branches.rb: authorize_push_project (push_code: Developer), then the service's
        # Gitlab::UserAccess#can_create_branch? (a protected name needs Maintainer).
        if store.access_level(request.user, project) < DEVELOPER:
            raise forbidden()
        repository.authorize_push(store, request, project, branch)
        source = repository.files(project, ref)
        if source is None:
            if any(ref in (c["id"], c["short_id"]) for c in project.commits):
                raise unsupported(f"the sandbox creates branches from branches, not from "
                                  f"commit {ref!r}")
            # app/services/branches/create_service.rb: the ref does not resolve.
            raise ApiError(400, {"message": "Invalid reference name: " + ref})
        if repository.exists(project, branch):
            raise ApiError(400, {"message": "Branch already exists"})
        project.branches[branch] = dict(source)
        return Response(201, branch_view(store, project, branch, request))

    def get_branch(request: Request) -> Response:
        # lib/api/branches.rb ``get ':id/repository/branches/:branch'``: download_code
        # (Reporter in a private project), then 404 "Branch Not Found".
        project = lookup.project(store, request)
        if (project.visibility == "private"
                and store.access_level(request.user, project) < REPORTER):
            raise forbidden()
        name = unquote(request.params["branch"])
        if not repository.exists(project, name):
            raise ApiError(404, {"message": "404 Branch Not Found"})
        return Response(200, branch_view(store, project, name, request))

    router.add("POST", "/projects/:id/repository/branches", create_branch)
    router.add("GET", "/projects/:id/repository/branches/:branch", get_branch)
