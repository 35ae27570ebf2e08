"""One GraphQL query sent as GitLab expects it, its refusals turned into one clear error.

The query goes through the same python-gitlab client as every REST call, so it is counted, paced
and retried like them. GitLab answers a refused query (over its complexity, an argument error)
with 200 and an ``errors`` list.
"""

from __future__ import annotations

from typing import Any

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.errors import GitLabError


def query_data(conn: Connection, query: str, variables: dict[str, Any], what: str
               ) -> dict[str, Any]:
    """The ``data`` of GitLab's answer; ``what`` names the query in the error."""
    answer = conn.reads.http_post(f"{conn.url}/api/graphql",
                                  post_data={"query": query, "variables": variables})
    if not isinstance(answer, dict) or answer.get("errors") or not answer.get("data"):
        errors = answer.get("errors") if isinstance(answer, dict) else None
        messages = [str(e.get("message", "")) for e in errors or ()]
        raise GitLabError(f"GitLab's GraphQL API refused the {what} query: "
                          + ("; ".join(messages) or "no data in its answer"))
    data: dict[str, Any] = answer["data"]
    return data
