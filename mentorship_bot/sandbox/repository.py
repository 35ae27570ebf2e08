"""Branches of a project's repository, and who may push to which (protected branches).

The default branch's files stay in ``Project.files``; every other branch is a copy in
``Project.branches``. The default branch is protected as GitLab protects it out of the box
(``default_branch_protection`` full: Maintainers push, Developers do not), and no other branch is.
"""

from __future__ import annotations

from mentorship_bot.sandbox.http import ApiError, Request
from mentorship_bot.sandbox.store import DEVELOPER, MAINTAINER, Project, Store


def files(project: Project, branch: str) -> dict[str, str] | None:
    """The files of ``branch``, or None when there is no such branch."""
    if branch == project.default_branch:
        return project.files if (project.files or project.commits) else None
    return project.branches.get(branch)


def exists(project: Project, branch: str) -> bool:
    return files(project, branch) is not None


def empty(project: Project) -> bool:
    """An empty repository (no commit yet): its first commit may create any branch."""
    return not project.commits and not project.files


def store_files(project: Project, branch: str, content: dict[str, str]) -> None:
    if empty(project):
        # The first branch of an empty repository becomes its default branch, whatever its
        # name (app/services/git/branch_hooks_service.rb sets what Gitaly reports).
        project.default_branch = branch
    if branch == project.default_branch:
        project.files = content
    else:
        project.branches[branch] = content


def protected(project: Project, branch: str) -> bool:
    """doc/user/project/repository/branches/default.md: the default branch is protected (push
    and merge: Maintainers) by the instance default ``default_branch_protection`` (full)."""
    return branch == project.default_branch


def authorize_push(store: Store, request: Request, project: Project, branch: str) -> None:
    """lib/api/helpers.rb ``authorize_push_to_branch!`` (Gitlab::UserAccess#can_push_to_branch?):
    push_code (Developer, app/policies/project_policy.rb) on an unprotected branch, Maintainer on
    a protected one; otherwise 403 with GitLab's reason."""
    level = store.access_level(request.user, project)
    needed = MAINTAINER if protected(project, branch) or empty(project) else DEVELOPER
    if level < needed:
        raise ApiError(403, {"message": "403 Forbidden - You are not allowed to push into this "
                                        "branch"})
