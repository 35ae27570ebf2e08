"""Repository files (get, create, update) and commits with several actions, on one branch."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote

from mentorship_bot.sandbox import lookup
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
from mentorship_bot.sandbox.store import DEVELOPER, REPORTER, Project, Store, iso

ACTIONS = ("create", "update", "delete", "move", "chmod")


def _content(action: dict[str, Any]) -> str:
    content = str(action.get("content", ""))
    if action.get("encoding") == "base64":
        return base64.b64decode(content).decode("utf-8", errors="replace")
    return content


def _only_default_branch(project: Project, name: str, value: str) -> None:
    """Files are kept for the default branch alone, so another branch, tag or commit is refused
    rather than answered with the default branch's content."""
    if value != project.default_branch:
        raise unsupported(f"the sandbox serves only the default branch "
                          f"({project.default_branch}), not {name} {value!r}")


def code_reader(store: Store, request: Request) -> Project:
    """``download_code`` (app/policies/project_policy.rb): Reporter and above in a private
    project, so a Guest gets 403 (lib/api/files.rb, commits.rb: ``authorize! :download_code``);
    anyone who sees a public or internal project (with its repository enabled, as here)."""
    found = lookup.project(store, request)
    if found.visibility == "private" and store.access_level(request.user, found) < REPORTER:
        raise forbidden()
    return found


def register(router: Router, store: Store) -> None:
    def commit(request: Request, project: Project, message: str,
               changes: Sequence[tuple[str, str, str | None]]) -> dict[str, Any]:
        """Apply (action, path, content) changes as one commit; all or nothing, as GitLab."""
        files = dict(project.files)
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
                  "created_at": iso(now), "committed_date": iso(now)}
        project.files = files
        project.commits.append(record)
        project.last_activity_at = now
        return record

    def branch_of(request: Request, project: Project) -> str:
        branch = str(request.required("branch"))
        if project.commits:  # the first commit of an empty repository may name any branch
            _only_default_branch(project, "branch", branch)
        return branch

    def get_file(request: Request) -> Response:
        project = code_reader(store, request)
        # lib/api/files.rb: ``requires :ref, type: String, allow_blank: false``.
        ref = request.arg("ref")
        if ref is None:
            raise missing("ref")
        if not str(ref).strip():
            raise ApiError(400, {"error": "ref is empty"})
        _only_default_branch(project, "ref", str(ref))
        path = unquote(request.params["file_path"])
        if path not in project.files:
            raise ApiError(404, {"message": "404 File Not Found"})
        text = project.files[path].encode("utf-8")
        return Response(200, {
            "file_name": path.rsplit("/", 1)[-1], "file_path": path, "size": len(text),
            "encoding": "base64", "content": base64.b64encode(text).decode(),
            "content_sha256": hashlib.sha256(text).hexdigest(), "ref": ref,
            "blob_id": hashlib.sha1(text, usedforsecurity=False).hexdigest(),
            "last_commit_id": project.commits[-1]["id"] if project.commits else None,
        })

    def write_file(request: Request, action: str) -> Response:
        project = lookup.project(store, request, level=DEVELOPER)
        path = unquote(request.params["file_path"])
        branch = branch_of(request, project)
        message = str(request.required("commit_message"))
        content = _content({"content": request.required("content"),
                            "encoding": request.arg("encoding")})
        commit(request, project, message, [(action, path, content)])
        return Response(201 if action == "create" else 200,
                        {"file_path": path, "branch": branch})

    def create_commit(request: Request) -> Response:
        project = lookup.project(store, request, level=DEVELOPER)
        branch_of(request, project)
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
        record = commit(request, project, message, changes)
        return Response(201, {**record, "stats": {"additions": 0, "deletions": 0, "total": 0},
                              "status": None})

    router.add("GET", "/projects/:id/repository/files/:file_path", get_file)
    router.add("POST", "/projects/:id/repository/files/:file_path",
               lambda r: write_file(r, "create"))
    router.add("PUT", "/projects/:id/repository/files/:file_path",
               lambda r: write_file(r, "update"))
    router.add("POST", "/projects/:id/repository/commits", create_commit)
