"""Every project's members in a handful of requests, through GitLab's GraphQL API.

REST has no list of members across projects: checking them costs a request per project. One
GraphQL query reads up to 100 of a group's projects by id (``ids``, subgroups included), each with
up to 100 members, direct and inherited, at their highest level (what ``members/all`` answers).
The projects' ids come from the REST list already read, so the queries need no cursor and go out
in parallel, ``workers`` at a time: 100 queries one after another took 7 s of a 10,000-pair sweep
at 50 ms a request. Its complexity, counted as GitLab counts it (app/graphql/types/base_field.rb,
resolvers/namespace_projects_resolver.rb), is 59 of the 250 a signed-in user may spend. A
project with more than 100 members is read over REST instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.graphql_query import query_data
from mentorship_bot.errors import GitLabError

PER_QUERY = 100  # GitLab's GraphQL page size

PROJECTS_WITH_MEMBERS = """
query($group: ID!, $ids: [ID!]) {
  group(fullPath: $group) {
    projects(includeSubgroups: true, ids: $ids, first: 100) {
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
    conn: Connection, group_path: str, wanted: Mapping[str, int],
    one_project: Callable[[str], dict[str, int]], *, workers: int = 1,
) -> dict[str, dict[str, int]]:
    """Each wanted project's members (lower-case username -> access level), ``wanted`` giving
    each project's path and id: one request per 100 projects, ``workers`` at a time;
    ``one_project`` reads a project whose members run past one page."""
    return members_meanwhile(conn, group_path, wanted, one_project, workers=workers)()


def members_meanwhile(
    conn: Connection, group_path: str, wanted: Mapping[str, int],
    one_project: Callable[[str], dict[str, int]], *, workers: int = 1,
) -> Callable[[], dict[str, dict[str, int]]]:
    """``members_by_project``, read in the background: the queries go out at once and the
    callable returned waits for their answers (and raises what a query raised). The sweep
    works out the rest of its plan meanwhile."""
    paths = list(wanted)
    chunks = [paths[n:n + PER_QUERY] for n in range(0, len(paths), PER_QUERY)]
    by_key = {path.lower(): path for path in paths}

    def read(chunk: list[str]) -> dict[str, dict[str, int]]:
        data = query_data(conn, PROJECTS_WITH_MEMBERS, {
            "group": group_path, "ids": [f"gid://gitlab/Project/{wanted[p]}" for p in chunk]},
            "members")
        group = data.get("group")
        if group is None:
            raise GitLabError(f"the group {group_path!r} is not visible to the token over "
                              "GraphQL")
        found: dict[str, dict[str, int]] = {}
        for node in group["projects"]["nodes"]:
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
                levels[name] = max(levels.get(name, 0),
                                   int(member["accessLevel"]["integerValue"]))
            found[path] = levels
        return found

    if not chunks:
        return dict
    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(chunks))))
    answers = [pool.submit(read, chunk) for chunk in chunks]
    pool.shutdown(wait=False)  # the queries queued still go out; the pool's threads then end

    def wait() -> dict[str, dict[str, int]]:
        found: dict[str, dict[str, int]] = {}
        for answer in answers:
            found.update(answer.result())
        return found

    return wait
