"""Which parameters each route of the sandbox implements, checked before any handler runs.

GitLab quietly ignores a parameter an endpoint does not declare, and it honours many the sandbox
does not: a ``search`` on ``/users`` that the sandbox dropped would answer every user, a wrong
answer nobody notices. So every parameter a request carries (query string, and the body of a
write) must be declared here for its route, and an enumerated one only with the values the
sandbox implements; anything else is a loud 400 naming what is missing. A route missing from the
table accepts no parameters at all.

Declare a parameter here in the same change that makes a handler read it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mentorship_bot.sandbox.http import ApiError

Values = tuple[str, ...] | None  # the values implemented; None: any value
Params = Mapping[str, Values]

# Offset pagination (doc/api/rest/_index.md); keyset pagination is not implemented.
PAGING: Params = {"page": None, "per_page": None, "pagination": ("offset",)}
ISSUE_FIELDS: Params = {
    "title": None, "description": None, "labels": None, "milestone_id": None,
    "due_date": None, "confidential": None, "assignee_ids": None, "assignee_id": None}
ISSUE_FILTERS: Params = {
    **PAGING, "state": ("opened", "closed", "all"), "labels": None, "not[labels]": None,
    "milestone": None,
    "iids": None, "search": None, "in": ("title", "description", "title,description"),
    "updated_after": None, "updated_before": None, "created_after": None,
    "created_before": None, "order_by": ("created_at", "updated_at"), "sort": ("asc", "desc")}
NOTE_LIST: Params = {**PAGING, "order_by": ("created_at", "updated_at"),
                     "sort": ("asc", "desc")}
MILESTONE_FIELDS: Params = {"title": None, "description": None, "due_date": None,
                            "start_date": None}
MEMBER_ADD: Params = {"user_id": None, "username": None, "access_level": None}
MEMBER_EDIT: Params = {"access_level": None, "expires_at": None, "member_role_id": None}

ROUTES: dict[str, Params] = {
    # api_meta.py
    "GET /version": {},
    "GET /metadata": {},
    "GET /users/:id": {},
    "GET /namespaces/:id": {},
    # api_group_update.py
    "PUT /groups/:id": {"name": None, "path": None, "description": None, "visibility": None},
    # api_namespaces.py
    "GET /user": {},
    "GET /users": {**PAGING, "username": None},
    "POST /groups": {"name": None, "path": None, "parent_id": None, "visibility": None,
                     "description": None},
    # lib/api/groups.rb: a Grape Boolean (these are the spellings clients send).
    "GET /groups/:id": {"with_projects": ("true", "false", "True", "False", "1", "0")},
    "GET /groups/:id/subgroups": PAGING,
    "GET /groups/:id/descendant_groups": PAGING,
    # with_shared: the sandbox has no group shares, so both values give the same list.
    "GET /groups/:id/projects": {**PAGING, "include_subgroups": None, "archived": None,
                                 "with_shared": None, "order_by": ("created_at",),
                                 "sort": ("desc",)},
    "GET /groups/:id/members": PAGING,
    "GET /groups/:id/members/all": PAGING,
    "POST /groups/:id/members": MEMBER_ADD,
    "PUT /groups/:id/members/:user_id": MEMBER_EDIT,
    # default_branch: every sandbox project starts on "main".
    "POST /projects": {"name": None, "path": None, "namespace_id": None, "visibility": None,
                       "description": None, "issues_access_level": None,
                       "initialize_with_readme": None, "default_branch": ("main",)},
    "GET /projects/:id": {},
    "PUT /projects/:id": {"name": None, "description": None, "issues_access_level": None,
                          "default_branch": None, "visibility": None},
    "POST /projects/:id/archive": {},
    "POST /projects/:id/unarchive": {},
    "GET /projects/:id/members": PAGING,
    "GET /projects/:id/members/all": PAGING,
    "POST /projects/:id/members": MEMBER_ADD,
    "PUT /projects/:id/members/:user_id": MEMBER_EDIT,
    # api_issues.py
    "POST /projects/:id/issues": ISSUE_FIELDS,
    "GET /projects/:id/issues": ISSUE_FILTERS,
    "GET /projects/:id/issues/:iid": {},
    "PUT /projects/:id/issues/:iid": {**ISSUE_FIELDS, "add_labels": None,
                                      "remove_labels": None,
                                      "state_event": ("close", "reopen")},
    "GET /groups/:id/issues": {**ISSUE_FILTERS, "non_archived": None},
    "POST /projects/:id/issues/:iid/notes": {"body": None},
    "GET /projects/:id/issues/:iid/notes": NOTE_LIST,
    # api_notes.py: resource events (doc/api/resource_label_events.md, resource_state_events.md)
    "GET /projects/:id/issues/:iid/resource_label_events": PAGING,
    "GET /projects/:id/issues/:iid/resource_state_events": PAGING,
    "GET /projects/:id/merge_requests/:iid/notes": NOTE_LIST,
    "POST /projects/:id/merge_requests/:iid/notes": {"body": None},
    "PUT /projects/:id/merge_requests/:iid/notes/:note_id": {"body": None},
    # api_planning.py (include_ancestor_groups is read for group labels only)
    "GET /groups/:id/labels": {**PAGING, "include_ancestor_groups": None},
    "GET /projects/:id/labels": PAGING,
    "POST /groups/:id/labels": {"name": None, "color": None, "description": None},
    "POST /projects/:id/labels": {"name": None, "color": None, "description": None},
    "GET /groups/:id/milestones": {**PAGING, "state": ("active", "closed"), "title": None,
                                   "iids": None, "search": None},
    "GET /projects/:id/milestones": {**PAGING, "state": ("active", "closed"), "title": None,
                                     "iids": None, "search": None},
    "POST /groups/:id/milestones": MILESTONE_FIELDS,
    "POST /projects/:id/milestones": MILESTONE_FIELDS,
    "GET /groups/:id/milestones/:milestone_id": {},
    "GET /projects/:id/milestones/:milestone_id": {},
    "PUT /groups/:id/milestones/:milestone_id": {**MILESTONE_FIELDS,
                                                 "state_event": ("activate", "close")},
    "PUT /projects/:id/milestones/:milestone_id": {**MILESTONE_FIELDS,
                                                   "state_event": ("activate", "close")},
    # api_boards.py (lib/api/group_boards.rb, ee/lib/ee/api/group_boards.rb): boards by name
    # only, lists by label only (no milestone, assignee or iteration lists).
    "GET /groups/:id/boards": PAGING,
    "POST /groups/:id/boards": {"name": None},
    "GET /groups/:id/boards/:board_id": {},
    "GET /groups/:id/boards/:board_id/lists": PAGING,
    "POST /groups/:id/boards/:board_id/lists": {"label_id": None},
    "GET /groups/:id/boards/:board_id/lists/:list_id": {},
    # api_repository.py
    "GET /projects/:id/repository/files/:file_path": {"ref": None},
    # lib/api/files.rb: ``lfs`` is not modelled (no LFS objects here), so it is refused.
    "GET /projects/:id/repository/files/:file_path/raw": {"ref": None},
    "POST /projects/:id/repository/files/:file_path": {
        "branch": None, "content": None, "commit_message": None, "encoding": None},
    "PUT /projects/:id/repository/files/:file_path": {
        "branch": None, "content": None, "commit_message": None, "encoding": None},
    "POST /projects/:id/repository/commits": {"branch": None, "start_branch": None,
                                              "commit_message": None, "actions": None,
                                              "force": None},
    # api_branches.py
    "POST /projects/:id/repository/branches": {"branch": None, "ref": None},
    "GET /projects/:id/repository/branches/:branch": {},
    # api_merge_requests.py: no assignees, labels, forks (target_project_id) or merge options.
    "POST /projects/:id/merge_requests": {"title": None, "source_branch": None,
                                          "target_branch": None, "description": None},
    "GET /projects/:id/merge_requests": {**PAGING, "state": ("opened", "closed", "merged",
                                                             "all"),
                                         "source_branch": None, "target_branch": None,
                                         "order_by": ("created_at",), "sort": ("asc", "desc")},
    "GET /projects/:id/merge_requests/:iid": {},
    "PUT /projects/:id/merge_requests/:iid": {"title": None, "description": None},
}


def _name(key: str) -> str:
    """``iids[]`` and ``iids`` are the same array parameter."""
    return key[:-2] if key.endswith("[]") else key


def check(method: str, route: str, query: Iterable[tuple[str, str]],
          body: Mapping[str, object]) -> None:
    """Refuse (400) a parameter, or a value, the sandbox does not implement on this route."""
    declared = ROUTES.get(f"{'GET' if method == 'HEAD' else method} {route}", {})
    given: list[tuple[str, object]] = [(_name(k), v) for k, v in query]
    given += [(k, v) for k, v in body.items()]
    for name, value in given:
        if name not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise ApiError(400, {"error": f"{name} is not implemented by the sandbox on "
                                          f"{method} {route} (implemented: {known})"})
        allowed = declared[name]
        if allowed is not None and str(value) not in allowed:
            raise ApiError(400, {"error": f"{name}={value} is not implemented by the sandbox "
                                          f"on {method} {route} (implemented: "
                                          f"{', '.join(allowed)})"})
