"""``POST /api/graphql``: GitLab's GraphQL endpoint for the slice in graphql_schema.py.

The query is parsed, validated and run by graphql-core (the reference implementation's Python
port), never by hand. Before it runs, its complexity and depth are held to GitLab's limits
(app/graphql/gitlab_schema.rb): over them, GitLab answers 200 with an ``errors`` list and no
data, and so does the sandbox. What a signed-in user may see follows GitLab's policies: a group or
project they cannot read resolves to null (GroupPolicy / ProjectPolicy ``read_group``,
``read_project``), and anyone who can read a project can read its members
(``read_project_member``). Members are the project's own and its groups' (MembersFinder's default
relations, direct and inherited), one row per person at their highest level.
"""

from __future__ import annotations

import base64
import json
from bisect import bisect_right
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    execute_sync,
    parse,
    validate,
)

from mentorship_bot.sandbox.graphql_schema import (
    MAX_COMPLEXITY,
    MAX_DEPTH,
    MAX_PAGE_SIZE,
    SCHEMA,
    QueryShape,
)
from mentorship_bot.sandbox.http import Response
from mentorship_bot.sandbox.members import LEVELS
from mentorship_bot.sandbox.store import Group, Project, Store, User


class NotServed(Exception):
    """Something GitLab's GraphQL does that the sandbox does not: answered with a 400."""


def _cursor(item_id: int) -> str:
    """Opaque like GitLab's keyset cursors (base64 of a small JSON object)."""
    return base64.b64encode(json.dumps({"id": str(item_id)}).encode()).decode()


def _after(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        return int(json.loads(base64.b64decode(cursor.encode()))["id"])
    except (ValueError, KeyError, TypeError):
        raise GraphQLError("Please provide a valid cursor") from None


def _connection(rows: list[tuple[int, Any]], args: dict[str, Any]) -> dict[str, Any]:
    """One page of ``rows`` (sorted by id) as a GitLab connection."""
    if args.get("last") is not None or args.get("before") is not None:
        raise NotServed("the sandbox pages GraphQL connections forward only (first/after)")
    first = args.get("first")
    if first is not None and first < 0:
        raise GraphQLError("Argument 'first' on Field must be a non-negative integer")
    limit = MAX_PAGE_SIZE if first is None else min(first, MAX_PAGE_SIZE)
    start = _after(args.get("after"))
    remaining = [(i, item) for i, item in rows if i > start]
    page = remaining[:limit]
    return {
        "nodes": [item for _, item in page],
        "edges": [{"cursor": _cursor(i), "node": item} for i, item in page],
        "pageInfo": {"hasNextPage": len(remaining) > limit, "hasPreviousPage": start > 0,
                     "startCursor": _cursor(page[0][0]) if page else None,
                     "endCursor": _cursor(page[-1][0]) if page else None},
    }


class _Resolvers:
    def __init__(self, store: Store, user: User) -> None:
        self.store, self.user = store, user

    def readable(self, item: Group | Project | None) -> bool:
        return item is not None and self.store.can_see(self.user, item)

    def group(self, full_path: str) -> dict[str, Any] | None:
        found = self.store.by_path(full_path)
        if not isinstance(found, Group) or not self.readable(found):
            return None
        return {"id": f"gid://gitlab/Group/{found.id}", "fullPath": found.full_path,
                "name": found.name, "path": found.path, "visibility": found.visibility,
                "projects": lambda args: self.projects(found, args)}

    def project(self, full_path: str) -> dict[str, Any] | None:
        found = self.store.by_path(full_path)
        if not isinstance(found, Project) or not self.readable(found):
            return None
        return self._project(found)

    def _project(self, project: Project) -> dict[str, Any]:
        return {"id": f"gid://gitlab/Project/{project.id}",
                "fullPath": self.store.full_path(project), "name": project.name,
                "path": project.path, "archived": project.archived,
                "visibility": project.visibility,
                "projectMembers": lambda args: self.members(project, args)}

    def projects(self, group: Group, args: dict[str, Any]) -> dict[str, Any]:
        """Resolvers::NamespaceProjectsResolver over Namespaces::ProjectsFinder: the group's
        projects (its subgroups' with ``includeSubgroups``), only those of ``ids`` when given."""
        subgroups = bool(args.get("includeSubgroups"))
        if args.get("ids") is not None:
            # The ids' projects that are the group's: looked up by id, not found among all of
            # the group's projects for each query (100 queries of 100 at 10,000 pairs).
            wanted = {_model_id(gid, "Project") for gid in args["ids"]}
            found = (self.store.projects.get(i) for i in wanted)
            projects = [p for p in found if p is not None and (
                p.namespace_id == group.id if not subgroups
                else any(g.id == group.id for g in self.store.ancestors(p)))]
        else:
            projects = self.store.projects_under(group, subgroups=subgroups)
        ordered = sorted(projects, key=lambda p: p.id)
        # GitLab pages by keyset through an index: only the page after the cursor (and one more,
        # for hasNextPage) is looked at, not every project for every page (10,000 projects in
        # 100 pages would cost the square of the list).
        start = bisect_right([p.id for p in ordered], _after(args.get("after")))
        first = args.get("first")
        limit = MAX_PAGE_SIZE if not isinstance(first, int) else min(max(first, 0), MAX_PAGE_SIZE)
        rows: list[tuple[int, Any]] = []
        for project in ordered[start:]:
            if len(rows) > limit:
                break
            if self.readable(project):
                rows.append((project.id, self._project(project)))
        return _connection(rows, args)

    def members(self, project: Project, args: dict[str, Any]) -> dict[str, Any]:
        relations = set(args.get("relations") or ())
        levels: dict[int, int] = {}
        if "DIRECT" in relations:
            levels.update(project.members)
        if "INHERITED" in relations:
            for group in self.store.ancestors(project):
                for user_id, level in group.members.items():
                    levels[user_id] = max(level, levels.get(user_id, 0))
        # DESCENDANTS, INVITED_GROUPS, SHARED_INTO_ANCESTORS: the sandbox shares no groups
        # with projects, so they add no one, as on a GitLab without shares.
        rows = []
        for user_id, level in sorted(levels.items()):
            person = self.store.users[user_id]
            rows.append((user_id, {
                "__typename": "ProjectMember" if user_id in project.members else "GroupMember",
                "id": f"gid://gitlab/Member/{user_id}",
                "accessLevel": {"integerValue": level,
                                "stringValue": LEVELS.get(level, "").upper(),
                                "humanAccess": LEVELS.get(level, "")},
                "user": {"id": f"gid://gitlab/User/{person.id}", "username": person.username,
                         "name": person.name, "state": person.state},
            }))
        return _connection(rows, args)

    def users(self, args: dict[str, Any]) -> dict[str, Any]:
        """Resolvers::UsersResolver over UsersFinder: by ``usernames`` (case-insensitive, as
        ``User.by_username``) or by ``ids``, newest first (``sort: created_desc``)."""
        usernames, ids = args.get("usernames"), args.get("ids")
        if usernames and ids:
            raise GraphQLError("Provide either a list of usernames or ids")
        if args.get("search") is not None or args.get("admins"):
            raise NotServed("the sandbox does not serve users(search:) or users(admins:)")
        sort = args.get("sort") or "created_desc"
        if sort not in ("created_desc", "created_asc"):
            raise NotServed(f"the sandbox does not sort users by {sort}")
        people = sorted(self.store.users.values(), key=lambda u: u.id,
                        reverse=sort == "created_desc")
        if usernames is not None:
            wanted = {str(name).lower() for name in usernames}
            people = [u for u in people if u.username.lower() in wanted]
        if ids is not None:
            wanted_ids = {_model_id(gid, "User") for gid in ids}
            people = [u for u in people if u.id in wanted_ids]
        rows = [(n, {"id": f"gid://gitlab/User/{u.id}", "username": u.username,
                     "name": u.name, "state": u.state}) for n, u in enumerate(people, 1)]
        return _connection(rows, args)


def _model_id(gid: Any, model: str) -> int:
    """GitlabSchema.parse_gid(gid, expected_type: model).model_id."""
    prefix = f"gid://gitlab/{model}/"
    text = str(gid)
    if not text.startswith(prefix) or not text[len(prefix):].isdigit():
        raise GraphQLError(f"{text} is not a valid ID for {model}.")
    return int(text[len(prefix):])


def _resolve(source: Any, info: Any, **args: Any) -> Any:
    """graphql-core's field resolver: root fields go to the resolvers, the rest read dicts."""
    if source is None or isinstance(source, _Resolvers):
        resolvers: _Resolvers = info.root_value
        if info.field_name == "users":
            return resolvers.users(args)
        return getattr(resolvers, info.field_name)(args["fullPath"])
    value = source.get(info.field_name) if isinstance(source, dict) else None
    return value(args) if callable(value) else value


def _type_of(value: Any, info: Any, abstract: Any) -> str:
    return str(value.get("__typename"))


def run(store: Store, user: User, raw: bytes) -> Response:
    """Answer one GraphQL request body, as GitLab's GraphqlController does."""
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return Response(400, {"errors": [{"message": "Invalid JSON in request body"}]})
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return Response(400, {"error": "the sandbox serves one query per request, as "
                                       "{\"query\": ..., \"variables\": ...} (no batches)"})
    variables = body.get("variables") or {}
    try:
        document = parse(body["query"])
    except GraphQLError as exc:
        return Response(200, {"errors": [exc.formatted]})
    errors = validate(SCHEMA, document)
    if errors:
        return Response(200, {"errors": [e.formatted for e in errors]})
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    if len(operations) != 1:
        return Response(400, {"error": "the sandbox serves documents with one operation"})
    shape = QueryShape(fragments, variables)
    complexity = shape.operation(operations[0])
    if shape.depth > MAX_DEPTH:
        return Response(200, {"errors": [{"message": f"Query has depth of {shape.depth}, which "
                                                     f"exceeds max depth of {MAX_DEPTH}"}]})
    if complexity > MAX_COMPLEXITY:
        return Response(200, {"errors": [{"message": f"Query has complexity of {complexity}, "
                                                     "which exceeds max complexity of "
                                                     f"{MAX_COMPLEXITY}"}]})
    result = execute_sync(SCHEMA, document, root_value=_Resolvers(store, user),
                     variable_values=variables, field_resolver=_resolve,
                     type_resolver=_type_of)
    for error in result.errors or ():
        if isinstance(error.original_error, NotServed):
            return Response(400, {"error": str(error.original_error)})
    answer: dict[str, Any] = {"data": result.data}
    if result.errors:
        answer["errors"] = [e.formatted for e in result.errors]
    return Response(200, answer)
