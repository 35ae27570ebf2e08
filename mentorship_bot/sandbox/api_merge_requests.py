"""Merge requests: open one between two branches of a project, read it, list them.

lib/api/merge_requests.rb and MergeRequests::CreateService; the branch checks are
MergeRequest#validate_branches (app/models/merge_request.rb), answered 409 by
``handle_merge_request_errors!`` (``conflict!(errors[:validate_branches])``). Updating changes
the title and description only; merging, closing, approvals, forks and pipelines are not
modelled, so their parameters are refused (params.py). A test merges with ``Sandbox.merge``, as a
coordinator would in GitLab's UI.
"""

from __future__ import annotations

from typing import Any

from mentorship_bot.sandbox import lookup, repository
from mentorship_bot.sandbox.http import ApiError, Request, Response, Router, forbidden, paged
from mentorship_bot.sandbox.store import DEVELOPER, MergeRequest, Project, Store, iso
from mentorship_bot.sandbox.views import user_view


def mr_view(store: Store, project: Project, mr: MergeRequest, base: str) -> dict[str, Any]:
    """lib/api/entities/merge_request_basic.rb, the fields the sandbox can fill truthfully."""
    full = store.full_path(project)
    author = store.users.get(mr.author_id)
    created = iso(mr.created_at) if mr.created_at else None
    return {
        "id": mr.id, "iid": mr.iid, "project_id": project.id, "title": mr.title,
        "description": mr.description, "state": mr.state, "created_at": created,
        "updated_at": created, "merged_by": None, "merge_user": None, "merged_at": None,
        "closed_by": None, "closed_at": None, "target_branch": mr.target_branch,
        "source_branch": mr.source_branch,
        "user_notes_count": sum(1 for n in mr.notes if not n.system),
        "upvotes": 0, "downvotes": 0,
        "author": user_view(store, author, base) if author else None,
        "assignees": [], "assignee": None, "reviewers": [],
        "source_project_id": project.id, "target_project_id": project.id, "labels": [],
        "draft": False, "work_in_progress": False, "milestone": None,
        "merge_when_pipeline_succeeds": False, "merge_status": "checking",
        "detailed_merge_status": "checking", "has_conflicts": False,
        "blocking_discussions_resolved": True,
        "references": {"short": f"!{mr.iid}", "relative": f"!{mr.iid}",
                       "full": f"{full}!{mr.iid}"},
        "web_url": f"{base}/{full}/-/merge_requests/{mr.iid}",
    }


def register(router: Router, store: Store) -> None:
    def branch_errors(project: Project, source: str, target: str) -> list[str]:
        """MergeRequest#validate_branches, in its order."""
        if source == target:
            return ["You can't use same project/branch for source and target"]
        errors = [f'{kind} branch "{name}" does not exist'
                  for kind, name in (("Source", source), ("Target", target))
                  if not repository.exists(project, name)]
        if errors:
            return errors
        duplicate = next((m for m in project.merge_requests.values()
                          if m.state == "opened" and m.source_branch == source
                          and m.target_branch == target), None)
        if duplicate is not None:
            return ["Another open merge request already exists for this source branch: "
                    f"!{duplicate.iid}"]
        return []

    def create(request: Request) -> Response:
        project = lookup.project(store, request)
        # authorize! :create_merge_request_from (push_code: Developer, project_policy.rb).
        if store.access_level(request.user, project) < DEVELOPER:
            raise forbidden()
        title = str(request.required("title")).strip()
        source = str(request.required("source_branch"))
        target = str(request.required("target_branch"))
        errors = branch_errors(project, source, target)
        if errors:
            raise ApiError(409, {"message": errors})
        iid = max(project.merge_requests, default=0) + 1
        description = request.arg("description")
        mr = MergeRequest(store.new_id(), iid, project.id, title, source_branch=source,
                          target_branch=target, author_id=request.user.id,
                          description=None if description is None else str(description),
                          created_at=store.now())
        project.merge_requests[iid] = mr
        project.last_activity_at = store.now()
        return Response(201, mr_view(store, project, mr, request.base_url))

    def get_one(request: Request) -> Response:
        project, mr = lookup.merge_request(store, request)
        return Response(200, mr_view(store, project, mr, request.base_url))

    def listing(request: Request) -> Response:
        project = lookup.merge_requests_of(store, request)
        state = request.arg("state", "all")
        source, target = request.arg("source_branch"), request.arg("target_branch")
        found = [m for m in project.merge_requests.values() if state in ("all", m.state)
                 and source in (None, m.source_branch) and target in (None, m.target_branch)]
        reverse = request.arg("sort", "desc") != "asc"
        found.sort(key=lambda m: (m.created_at or project.created_at, m.id), reverse=reverse)
        return paged(request, found, lambda m: mr_view(store, project, m, request.base_url))

    def update(request: Request) -> Response:
        # lib/api/merge_requests.rb ``put ':id/merge_requests/:merge_request_iid'``:
        # update_merge_request is the author's or a Developer's and above
        # (app/policies/merge_request_policy.rb, project_policy.rb); at least one attribute.
        project, mr = lookup.merge_request(store, request)
        if mr.author_id != request.user.id and store.access_level(request.user,
                                                                  project) < DEVELOPER:
            raise forbidden()
        title, description = request.arg("title"), request.arg("description")
        if title is None and description is None:
            raise ApiError(400, {"error": "title, description are missing, at least one "
                                          "parameter must be provided"})
        if title is not None:
            if not str(title).strip():
                raise ApiError(400, {"message": {"title": ["can't be blank"]}})
            mr.title = str(title).strip()
        if description is not None:
            mr.description = str(description)
        project.last_activity_at = store.now()
        return Response(200, mr_view(store, project, mr, request.base_url))

    router.add("POST", "/projects/:id/merge_requests", create)
    router.add("PUT", "/projects/:id/merge_requests/:iid", update)
    router.add("GET", "/projects/:id/merge_requests", listing)
    router.add("GET", "/projects/:id/merge_requests/:iid", get_one)
