"""A program's people are looked up a hundred per GraphQL request, never one request each."""

from __future__ import annotations

import json

import pytest
import responses

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.graphql_users import look_up_user_ids
from mentorship_bot.errors import GitLabError
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def test_250_people_cost_three_queries_and_the_unknown_are_none() -> None:
    with Sandbox() as sandbox:
        for n in range(249):
            sandbox.add_user(f"person{n}")
        sandbox.add_user("Carol")
        sandbox.reset_stats()
        asked = [f"person{n}" for n in range(249)] + ["carol", "nobody"]
        found = look_up_user_ids(Connection(sandbox.url, sandbox.token), asked)
        store = sandbox.store
        carol = store.user_named("Carol")
        assert carol is not None and found["carol"] == carol.id  # the name as the file spells it
        assert found["nobody"] is None
        assert all(found[f"person{n}"] == store.user_named(f"person{n}").id  # type: ignore[union-attr]
                   for n in range(249))
        assert sandbox.stats()["requests_by_endpoint"] == {"POST /api/graphql": 3}


@responses.activate
def test_a_refused_query_is_an_error_never_a_list_of_unknown_users() -> None:
    responses.add(responses.POST, "https://gitlab.example/api/graphql", json={
        "errors": [{"message": "Query has complexity of 300, which exceeds max complexity"}]})
    with pytest.raises(GitLabError, match="refused the users query: Query has complexity"):
        look_up_user_ids(Connection("https://gitlab.example", "t"), ["carol"])
    sent = json.loads(responses.calls[0].request.body)
    assert sent["variables"] == {"usernames": ["carol"], "first": 100}
