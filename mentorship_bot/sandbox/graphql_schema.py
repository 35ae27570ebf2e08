"""The slice of GitLab's GraphQL schema the sandbox serves, and GitLab's limits on a query.

Types and fields keep GitLab's names (app/graphql/types/group_type.rb, project_type.rb,
member_interface.rb, access_level_type.rb, user_type.rb); a field the slice lacks fails
validation ("Cannot query field …"), so a client never mistakes a missing field for an empty one.
``users`` follows app/graphql/resolvers/users_resolver.rb and app/finders/users_finder.rb.
Complexity follows app/graphql/types/base_field.rb and app/graphql/resolvers/base_resolver.rb:
a plain field costs 1 plus its children; a field backed by a resolver costs its children plus
the resolver's own (1, +1 with ``sort``, +5 with ``search``, +10 for a group's projects), and a
connection adds 1% of that per item it may load (``first``, at most the page size 100), so
loading 100 items doubles it.
The limits are GitlabSchema's (app/graphql/gitlab_schema.rb) for a signed-in user.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    build_schema,
    value_from_ast_untyped,
)

SDL = """
type Query {
  group(fullPath: ID!): Group
  project(fullPath: ID!): Project
  users(ids: [ID!], usernames: [String!], sort: Sort = created_desc, search: String,
        admins: Boolean = false, first: Int, last: Int, after: String,
        before: String): UserCoreConnection
}

enum Sort { created_desc created_asc updated_desc updated_asc }

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

type UserCore {
  id: ID!
  username: String!
  name: String!
  state: String!
}

type UserCoreEdge { cursor: String! node: UserCore }

type UserCoreConnection {
  nodes: [UserCore]
  edges: [UserCoreEdge]
  pageInfo: PageInfo!
}

type AccessLevel {
  integerValue: Int
  stringValue: String
  humanAccess: String
}

interface MemberInterface {
  id: ID!
  accessLevel: AccessLevel
  user: UserCore
}

type ProjectMember implements MemberInterface {
  id: ID!
  accessLevel: AccessLevel
  user: UserCore
}

type GroupMember implements MemberInterface {
  id: ID!
  accessLevel: AccessLevel
  user: UserCore
}

enum ProjectMemberRelation { DIRECT INHERITED DESCENDANTS INVITED_GROUPS SHARED_INTO_ANCESTORS }

type MemberInterfaceEdge { cursor: String! node: MemberInterface }

type MemberInterfaceConnection {
  nodes: [MemberInterface]
  edges: [MemberInterfaceEdge]
  pageInfo: PageInfo!
}

type Project {
  id: ID!
  fullPath: ID!
  name: String!
  path: String!
  archived: Boolean
  visibility: String
  projectMembers(relations: [ProjectMemberRelation!] = [DIRECT, INHERITED], first: Int,
                 last: Int, after: String, before: String): MemberInterfaceConnection
}

type ProjectEdge { cursor: String! node: Project }

type ProjectConnection {
  nodes: [Project]
  edges: [ProjectEdge]
  pageInfo: PageInfo!
}

type Group {
  id: ID!
  fullPath: ID!
  name: String!
  path: String!
  visibility: String
  projects(includeSubgroups: Boolean = false, ids: [ID!], first: Int, last: Int,
           after: String, before: String): ProjectConnection!
}
"""

SCHEMA: GraphQLSchema = build_schema(SDL)

# GitlabSchema::AUTHENTICATED_MAX_COMPLEXITY, AUTHENTICATED_MAX_DEPTH, default_max_page_size.
MAX_COMPLEXITY = 250
MAX_DEPTH = 20
MAX_PAGE_SIZE = 100

# Fields GitLab backs with a resolver class (their complexity is the resolver's), and which of
# those are connections (Resolvers::GroupResolver, ProjectResolver, NamespaceProjectsResolver,
# ProjectMembersResolver).
RESOLVER_FIELDS = {("Query", "group"), ("Query", "project"), ("Query", "users"),
                   ("Group", "projects"), ("Project", "projectMembers")}
CONNECTIONS = {("Query", "users"), ("Group", "projects"), ("Project", "projectMembers")}

# What a resolver adds to its own cost beyond BaseResolver's (``resolver_complexity``):
# app/graphql/resolvers/namespace_projects_resolver.rb adds 10.
RESOLVER_EXTRA = {("Group", "projects"): 10}

# Arguments a resolver receives even when the query leaves them out (their default values), and
# which GitLab's complexity counts like given ones (Resolvers::UsersResolver: sort created_desc).
DEFAULT_ARGUMENTS = {("Query", "users"): {"sort": "created_desc"}}


class QueryShape:
    """Complexity and depth of one operation, computed before anything runs, as GitLab does."""

    def __init__(self, fragments: Mapping[str, FragmentDefinitionNode],
                 variables: Mapping[str, Any]) -> None:
        self.fragments = fragments
        self.variables = variables
        self.depth = 0

    def operation(self, op: OperationDefinitionNode) -> int:
        return self._selections(op.selection_set, "Query", 1)

    def _fields(self, selections: SelectionSetNode | None,
                seen: frozenset[str] = frozenset()) -> list[tuple[FieldNode, str | None]]:
        """Fields of a selection set with fragments flattened (summed, never fewer than GitLab
        counts: graphql-ruby takes the largest of a fragment's possible types)."""
        out: list[tuple[FieldNode, str | None]] = []
        for node in selections.selections if selections else ():
            if isinstance(node, FieldNode):
                out.append((node, None))
            elif isinstance(node, InlineFragmentNode):
                on = node.type_condition.name.value if node.type_condition else None
                out += [(f, on or t) for f, t in self._fields(node.selection_set, seen)]
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    on = fragment.type_condition.name.value
                    out += [(f, on) for f, _ in self._fields(fragment.selection_set,
                                                            seen | {name})]
        return out

    def _selections(self, selections: SelectionSetNode | None, parent: str, depth: int) -> int:
        self.depth = max(self.depth, depth - 1)
        total = 0
        for node, on in self._fields(selections):
            total += self._field(node, on or parent, depth)
        return total

    def _field(self, node: FieldNode, parent: str, depth: int) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0  # introspection: GitLab caps it separately
        child_type = _field_type(parent, name)
        children = self._selections(node.selection_set, child_type, depth + 1)
        if (parent, name) not in RESOLVER_FIELDS:
            return 1 + children
        args = {**DEFAULT_ARGUMENTS.get((parent, name), {}),
                **{a.name.value: self._value(a.value) for a in node.arguments or ()}}
        cost = children + 1 + (1 if args.get("sort") else 0) + (5 if args.get("search") else 0)
        cost += RESOLVER_EXTRA.get((parent, name), 0)
        if (parent, name) not in CONNECTIONS:
            return cost
        limits = [v for v in (args.get("first"), args.get("last")) if isinstance(v, int)]
        return int(cost + cost * min([*limits, MAX_PAGE_SIZE]) * 0.01)

    def _value(self, value: Any) -> Any:
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        return value_from_ast_untyped(value, dict(self.variables))


def _field_type(parent: str, name: str) -> str:
    """The named type a field of ``parent`` returns (interfaces and objects alike)."""
    owner = SCHEMA.get_type(parent)
    fields = getattr(owner, "fields", None) or {}
    found = fields.get(name)
    if found is None:
        return ""
    kind = found.type
    while hasattr(kind, "of_type"):
        kind = kind.of_type
    return str(getattr(kind, "name", ""))
