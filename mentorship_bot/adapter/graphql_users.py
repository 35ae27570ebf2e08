"""Many usernames' user ids in one request, through GitLab's GraphQL ``users`` query.

REST finds one user per request (``GET /users?username=``), so checking a program's people cost
a request each. GraphQL's ``users(usernames: [...])`` (app/graphql/resolvers/users_resolver.rb)
runs the same UsersFinder over a list, case-insensitively, a page of 100 at a time; its
complexity, as GitLab counts it, is 14 of the 250 a signed-in user may spend.
"""

from __future__ import annotations

from collections.abc import Iterable

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.graphql_query import query_data
from mentorship_bot.errors import GitLabError

PAGE = 100

USERS = """
query($usernames: [String!], $first: Int) {
  users(usernames: $usernames, first: $first) {
    pageInfo { hasNextPage }
    nodes { id username }
  }
}
"""

GID_PREFIX = "gid://gitlab/User/"


def look_up_user_ids(conn: Connection, usernames: Iterable[str]) -> dict[str, int | None]:
    """Each username (as given) mapped to its GitLab user id, or None when GitLab has no such
    user: one request per 100 distinct names."""
    names = list(dict.fromkeys(usernames))
    by_key: dict[str, int] = {}
    distinct = list(dict.fromkeys(name.lower() for name in names))
    for start in range(0, len(distinct), PAGE):
        chunk = distinct[start:start + PAGE]
        for username, user_id in _page(conn, chunk):
            by_key[username.lower()] = user_id
    return {name: by_key.get(name.lower()) for name in names}


def _page(conn: Connection, usernames: list[str]) -> list[tuple[str, int]]:
    data = query_data(conn, USERS, {"usernames": usernames, "first": PAGE}, "users")
    users = data.get("users")
    if users is None:
        raise GitLabError("GitLab's GraphQL API would not list users for this token")
    if users["pageInfo"]["hasNextPage"]:  # never: at most 100 names, one user per name
        raise GitLabError("GitLab's GraphQL API answered more users than names asked for")
    return [(str(node["username"]), _id(str(node["id"]))) for node in users["nodes"]]


def _id(gid: str) -> int:
    if not gid.startswith(GID_PREFIX):
        raise GitLabError(f"GitLab's GraphQL API answered an unexpected user id {gid!r}")
    return int(gid[len(GID_PREFIX):])
