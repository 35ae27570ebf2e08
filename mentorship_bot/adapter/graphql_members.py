"""Every project's members in a handful of requests, through GitLab's GraphQL API.

REST has no list of members across projects: checking them costs a request per project. One
GraphQL query reads a page of 100 of a group's projects, subgroups included, each with up to 100
members, direct and inherited, at their highest level (what ``members/all`` answers). Its
complexity, counted as GitLab counts it (app/graphql/types/base_field.rb), is about 45 of the 250
a signed-in user may spend. A project with more than 100 members is read over REST instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.graphql_query import query_data
from mentorship_bot.errors import GitLabError

PROJECTS_WITH_MEMBERS = """
query($group: ID!, $after: String) {
  group(fullPath: $group) {
    projects(includeSubgroups: true, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        fullPath
        projectMembers(first: 100) {
          pageInfo { hasNextPage }
          nodes { accessLevel { integerValue } user { username } }
        }
      }
    }
  }
}
"""


def members_by_project(
    conn: Connection, group_path: str, wanted: Iterable[str],
    one_project: Callable[[str], dict[str, int]],
) -> dict[str, dict[str, int]]:
    """Each wanted project's members (lower-case username -> access level), read a page of 100
    projects per request; ``one_project`` reads a project whose members run past one page."""
    by_key = {path.lower(): path for path in wanted}
    found: dict[str, dict[str, int]] = {}
    after: str | None = None
    while by_key:
        data = query_data(conn, PROJECTS_WITH_MEMBERS, {"group": group_path, "after": after},
                          "members")
        group = data.get("group")
        if group is None:
            raise GitLabError(f"the group {group_path!r} is not visible to the token over "
                              "GraphQL")
        projects = group["projects"]
        for node in projects["nodes"]:
            path = by_key.get(node["fullPath"].lower())
            if path is None:
                continue
            members = node["projectMembers"]
            if members["pageInfo"]["hasNextPage"]:
                found[path] = one_project(path)
                continue
            levels: dict[str, int] = {}
            for member in members["nodes"]:
                name = member["user"]["username"].lower()
                levels[name] = max(levels.get(name, 0), int(member["accessLevel"]["integerValue"]))
            found[path] = levels
        if not projects["pageInfo"]["hasNextPage"]:
            break
        after = projects["pageInfo"]["endCursor"]
    return found
