"""Repository files (get, create, update) and commits with several actions, on any branch.

A ref is a branch name: tags and commit SHAs are not modelled, so they are refused (400) rather
than answered with some branch's content. Branches themselves are in api_branches.py.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote

from mentorship_bot.sandbox import lookup, repository
from mentorship_bot.sandbox.http import (
    ApiError,
    Request,
    Response,
    Router,
    forbidden,
    invalid_value,
    missing,
    unsupported,
)
from mentorship_bot.sandbox.store import REPORTER, Project, Store, iso

ACTIONS = ("create", "update", "delete", "move", "chmod")


def _content(action: dict[str, Any]) -> str:
    content = str(action.get("content", ""))
    if action.get("encoding") == "base64":
        return base64.b64decode(content).decode("utf-8", errors="replace")
    return content


def code_reader(store: Store, request: Request) -> Project:
    """``download_code`` (app/policies/project_policy.rb): Reporter and above in a private
    project, so a Guest gets 403 (lib/api/files.rb, commits.rb: ``authorize! :download_code``);
    anyone who sees a public or internal project (with its repository enabled, as here)."""
    found = lookup.project(store, request)
    if found.visibility == "private" and store.access_level(request.user, found) < REPORTER:
        raise forbidden()
    return found


def no_branch() -> ApiError:
    """app/services/commits/create_service.rb ``validate_on_branch!``."""
    return ApiError(400, {"message": "You can only create or edit files when you are on a branch"})


def register(router: Router, store: Store) -> None:
    def commit(request: Request, project: Project, message: str, branch: str, start: str,
               changes: Sequence[tuple[str, str, str | None]]) -> dict[str, Any]:
        """Apply (action, path, content) changes to ``start``'s files as one commit on
        ``branch``; all or nothing, as GitLab."""
        files = dict(repository.files(project, start) or {})
        for action, path, content in changes:
            if action == "create":
                if path in files:
                    raise ApiError(400, {"message": "A file with this name already exists"})
                files[path] = content or ""
            elif action == "update":
                if path not in files:
                    raise ApiError(400, {"message": "A file with this name doesn't exist"})
                files[path] = content or ""
            elif action == "delete":
                if path not in files:
                    raise ApiError(400, {"message": "A file with this name doesn't exist"})
                del files[path]
            else:
                raise ApiError(400, {"message": f"action {action} is not served by the sandbox"})
        now = store.now()
        sha = hashlib.sha1(f"{project.id}:{len(project.commits)}:{message}".encode(),
                           usedforsecurity=False).hexdigest()
        record = {"id": sha, "short_id": sha[:8], "title": message.splitlines()[0] if message
                  else "", "message": message, "author_name": request.user.name,
                  "created_at": iso(now), "committed_date": iso(now), "branch": branch}
        repository.store_files(project, branch, files)
        project.commits.append(record)
        project.last_activity_at = now
        return record

    def branches_of(request: Request, project: Project) -> tuple[str, str]:
        """The branch to commit on and the branch to start from (Commits::CreateService:
        ``start_branch`` defaults to ``branch``; a new branch needs an existing start, and
        ``start_branch`` with an existing ``branch`` is refused)."""
        branch = str(request.required("branch"))
        start = str(request.arg("start_branch") or branch)
        repository.authorize_push(store, request, project, branch)
        if repository.empty(project):
            return branch, branch  # the first commit of an empty repository names any branch
        if not repository.exists(project, start):
            if request.arg("start_branch") is None:
                raise no_branch()
            raise ApiError(400, {"message": f"Invalid reference name: {start}"})
        if start != branch and repository.exists(project, branch):
            if request.flag("force"):
                # lib/api/commits.rb ``force``: the branch is rewritten from ``start_branch``;
                # never the protected default branch (no force push to a protected branch).
                if repository.protected(project, branch):
                    raise ApiError(403, {"message": "403 Forbidden - You are not allowed to "
                                                    "force push to a protected branch"})
                return branch, start
            raise ApiError(400, {"message": f"A branch called '{branch}' already exists. Switch "
                                            "to that branch in order to make changes"})
        return branch, start

    def file_at(request: Request, ref: Any) -> tuple[Project, str, str]:
        """lib/api/files.rb ``assign_file_vars!``: the file's path and text on ``ref``."""
        project = code_reader(store, request)
        if not str(ref).strip():
            raise ApiError(400, {"error": "ref is empty"})
        files = repository.files(project, str(ref))
        if files is None and any(str(ref) in (c["id"], c["short_id"]) for c in project.commits):
            raise unsupported(f"the sandbox serves files by branch, not at commit {ref!r}")
        if files is None:
            # lib/api/files.rb: ``not_found!('Commit')``; the sandbox has no tags to find.
            raise ApiError(404, {"message": "404 Commit Not Found"})
        path = unquote(request.params["file_path"])
        if path not in files:
            raise ApiError(404, {"message": "404 File Not Found"})
        return project, path, files[path]

    def get_file(request: Request) -> Response:
        # lib/api/files.rb: ``requires :ref, type: String, allow_blank: false``.
        ref = request.arg("ref")
        if ref is None:
            raise missing("ref")
        project, path, content = file_at(request, ref)
        text = content.encode("utf-8")
        last = next((c["id"] for c in reversed(project.commits) if c.get("branch") == ref), None)
        return Response(200, {
            "file_name": path.rsplit("/", 1)[-1], "file_path": path, "size": len(text),
            "encoding": "base64", "content": base64.b64encode(text).decode(),
            "content_sha256": hashlib.sha256(text).hexdigest(), "ref": ref,
            "blob_id": hashlib.sha1(text, usedforsecurity=False).hexdigest(),
            "last_commit_id": last,
        })

    def get_raw_file(request: Request) -> Response:
        """lib/api/files.rb ``files/:file_path/raw``: the blob as it is; ``ref`` is optional
        there and names the default branch when left out (``user_project.commit(nil)``)."""
        ref = request.arg("ref")
        if ref is None:
            ref = lookup.project(store, request).default_branch
        _, _, content = file_at(request, ref)
        return Response(200, content.encode("utf-8"), {"Content-Type": "text/plain"})

    def write_file(request: Request, action: str) -> Response:
        project = lookup.project(store, request)
        path = unquote(request.params["file_path"])
        branch, start = branches_of(request, project)
        message = str(request.required("commit_message"))
        content = _content({"content": request.required("content"),
                            "encoding": request.arg("encoding")})
        commit(request, project, message, branch, start, [(action, path, content)])
        return Response(201 if action == "create" else 200,
                        {"file_path": path, "branch": branch})

    def create_commit(request: Request) -> Response:
        project = lookup.project(store, request)
        branch, start = branches_of(request, project)
        message = str(request.required("commit_message"))
        actions = request.arg("actions")
        if not isinstance(actions, list) or not actions:
            raise missing("actions")
        changes = []
        for action in actions:
            if not isinstance(action, dict) or action.get("action") not in ACTIONS:
                raise invalid_value("actions[action]")
            if not action.get("file_path"):
                raise missing("actions[file_path]")
            changes.append((str(action["action"]), str(action["file_path"]), _content(action)))
        record = commit(request, project, message, branch, start, changes)
        view = {k: v for k, v in record.items() if k != "branch"}
        return Response(201, {**view, "stats": {"additions": 0, "deletions": 0, "total": 0},
                              "status": None})

    router.add("GET", "/projects/:id/repository/files/:file_path", get_file)
    router.add("GET", "/projects/:id/repository/files/:file_path/raw", get_raw_file)
    router.add("POST", "/projects/:id/repository/files/:file_path",
               lambda r: write_file(r, "create"))
    router.add("PUT", "/projects/:id/repository/files/:file_path",
               lambda r: write_file(r, "update"))
    router.add("POST", "/projects/:id/repository/commits", create_commit)
