"""The sandbox's GraphQL endpoint holds GitLab's rules: limits on a query's complexity and depth
(app/graphql/gitlab_schema.rb), pages of at most 100, policies on what a person may read, and a
loud 400 for what it does not serve."""

from __future__ import annotations

from typing import Any

import gitlab
import pytest
import requests
from graphql import parse

from mentorship_bot.adapter.graphql_members import PROJECTS_WITH_MEMBERS
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.graphql_schema import MAX_DEPTH, QueryShape
from mentorship_bot.sandbox.store import DEVELOPER, GUEST, OWNER

MEMBERS = """query($after: String) { group(fullPath: "acme/mentoring") {
  projects(includeSubgroups: true, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { fullPath projectMembers(first: 100) {
      nodes { accessLevel { integerValue } user { username } } } } } } }"""


def query(sandbox: Sandbox, text: str, token: str | None = None,
          variables: dict[str, Any] | None = None) -> requests.Response:
    return requests.post(f"{sandbox.url}/api/graphql",
                         json={"query": text, "variables": variables or {}},
                         headers={"PRIVATE-TOKEN": token or sandbox.token}, timeout=10)


@pytest.fixture
def sandbox() -> Any:
    with Sandbox() as running:
        running.add_group("acme/mentoring")
        running.add_group("acme/mentoring/spring")
        yield running


def test_members_are_direct_and_inherited_at_their_highest_level(sandbox: Sandbox) -> None:
    project = sandbox.add_project("acme/mentoring/spring/carol-alice")
    sandbox.add_user("carol")
    sandbox.add_user("rosa")
    store = sandbox.store
    carol, rosa = store.user_named("carol"), store.user_named("rosa")
    assert carol is not None and rosa is not None
    project.members[carol.id] = DEVELOPER
    project.members[rosa.id] = GUEST
    store.by_path("acme/mentoring").members[rosa.id] = OWNER  # type: ignore[union-attr]
    answer = query(sandbox, MEMBERS).json()
    [node] = answer["data"]["group"]["projects"]["nodes"]
    levels = {m["user"]["username"]: m["accessLevel"]["integerValue"]
              for m in node["projectMembers"]["nodes"]}
    assert levels == {"mentorship-bot": OWNER, "carol": DEVELOPER, "rosa": OWNER}


def test_projects_come_a_page_of_100_at_a_time(sandbox: Sandbox) -> None:
    for n in range(150):
        sandbox.add_project(f"acme/mentoring/spring/p{n}")
    first = query(sandbox, MEMBERS).json()["data"]["group"]["projects"]
    assert len(first["nodes"]) == 100 and first["pageInfo"]["hasNextPage"]
    second = query(sandbox, MEMBERS, variables={"after": first["pageInfo"]["endCursor"]})
    page = second.json()["data"]["group"]["projects"]
    assert len(page["nodes"]) == 50 and not page["pageInfo"]["hasNextPage"]
    paths = {n["fullPath"] for n in first["nodes"]} | {n["fullPath"] for n in page["nodes"]}
    assert len(paths) == 150
    # ``first`` above the page size gets the page size, as graphql-ruby's max_page_size.
    big = query(sandbox, MEMBERS.replace("first: 100, after", "first: 500, after")).json()
    assert len(big["data"]["group"]["projects"]["nodes"]) == 100


def test_a_groups_projects_by_id_are_those_of_the_group_alone(sandbox: Sandbox) -> None:
    """NamespaceProjectsResolver's ``ids`` (global ids of Project): only those projects, and
    only inside the group; an id of another type is an argument error."""
    mine = [sandbox.add_project(f"acme/mentoring/spring/p{n}") for n in range(3)]
    sandbox.add_group("other")
    outside = sandbox.add_project("other/elsewhere")
    text = """query($ids: [ID!]) { group(fullPath: "acme/mentoring") {
      projects(includeSubgroups: true, ids: $ids) { nodes { fullPath } } } }"""
    ids = [f"gid://gitlab/Project/{p.id}" for p in (mine[0], mine[2], outside)]
    nodes = query(sandbox, text, variables={"ids": ids}).json()["data"]["group"]["projects"]
    assert sorted(n["fullPath"] for n in nodes["nodes"]) == [
        "acme/mentoring/spring/p0", "acme/mentoring/spring/p2"]
    wrong = query(sandbox, text, variables={"ids": [f"gid://gitlab/User/{mine[0].id}"]}).json()
    assert wrong["data"] == {"group": None}  # projects is non-null: the error nulls the group
    assert f"gid://gitlab/User/{mine[0].id} is not a valid ID for Project." in (
        wrong["errors"][0]["message"])


def test_a_query_over_gitlabs_complexity_limit_is_refused_whole(sandbox: Sandbox) -> None:
    heavy = ("projects(includeSubgroups: true, first: 100) { nodes { projectMembers(first: 100)"
             " { nodes { user { id username name state } accessLevel { integerValue "
             "stringValue humanAccess } } } } }")
    def aliased(times: int) -> str:
        fields = " ".join(f"a{n}: {heavy}" for n in range(times))
        return '{ group(fullPath: "acme/mentoring") { ' + fields + " } }"

    ok, over = aliased(3), aliased(4)
    assert "data" in query(sandbox, ok).json()
    refused = query(sandbox, over)
    assert refused.status_code == 200
    assert refused.json() == {"errors": [{"message": "Query has complexity of 273, which "
                                                     "exceeds max complexity of 250"}]}


def test_complexity_is_counted_as_gitlab_counts_it() -> None:
    # base_resolver.rb: 100 items double a connection's cost; a plain field costs 1; a group's
    # projects cost 10 more (namespace_projects_resolver.rb).
    [operation] = parse(MEMBERS).definitions
    assert QueryShape({}, {}).operation(operation) == 57  # type: ignore[arg-type]
    smaller = parse(MEMBERS.replace("first: 100, after", "first: 10, after"))
    assert QueryShape({}, {}).operation(smaller.definitions[0]) == 31  # type: ignore[arg-type]


def test_a_query_deeper_than_gitlab_allows_is_measured() -> None:
    deep = "{ " + "a { " * (MAX_DEPTH + 1) + "b" + " }" * (MAX_DEPTH + 1) + " }"
    shape = QueryShape({}, {})
    shape.operation(parse(deep).definitions[0])  # type: ignore[arg-type]
    assert shape.depth == MAX_DEPTH + 2


def test_an_unknown_field_is_a_validation_error_not_an_empty_answer(sandbox: Sandbox) -> None:
    answer = query(sandbox, "{ group(fullPath: \"acme/mentoring\") { epics { nodes { id } } } }")
    assert answer.status_code == 200
    assert "data" not in answer.json()
    assert "Cannot query field 'epics' on type 'Group'" in answer.json()["errors"][0]["message"]


def test_people_see_only_what_they_may_read(sandbox: Sandbox) -> None:
    mine = sandbox.add_project("acme/mentoring/spring/carol-alice")
    sandbox.add_project("acme/mentoring/spring/dave-bob")
    token = sandbox.add_user("carol")
    carol = sandbox.store.user_named("carol")
    assert carol is not None
    mine.members[carol.id] = GUEST
    def text(path: str) -> str:
        return '{ project(fullPath: "' + path + '") { fullPath projectMembers { nodes { id } } } }'

    own = query(sandbox, text("acme/mentoring/spring/carol-alice"), token).json()
    other = query(sandbox, text("acme/mentoring/spring/dave-bob"), token).json()
    assert own["data"]["project"]["fullPath"] == "acme/mentoring/spring/carol-alice"
    assert other == {"data": {"project": None}}
    stranger = sandbox.add_user("eve")
    assert query(sandbox, MEMBERS, stranger).json() == {"data": {"group": None}}


def test_what_the_sandbox_does_not_serve_is_a_loud_400(sandbox: Sandbox) -> None:
    backwards = "{ group(fullPath: \"acme/mentoring\") { projects(last: 5) { nodes { id } } } }"
    refused = query(sandbox, backwards)
    assert refused.status_code == 400 and "forward only" in refused.json()["error"]
    anonymous = requests.post(f"{sandbox.url}/api/graphql", json={"query": MEMBERS}, timeout=10)
    assert anonymous.status_code == 400 and "anonymous" in anonymous.json()["error"]
    by_get = requests.get(f"{sandbox.url}/api/graphql", params={"query": MEMBERS},
                          headers={"PRIVATE-TOKEN": sandbox.token}, timeout=10)
    assert by_get.status_code == 400
    batch = requests.post(f"{sandbox.url}/api/graphql", json=[{"query": MEMBERS}],
                          headers={"PRIVATE-TOKEN": sandbox.token}, timeout=10)
    assert batch.status_code == 400


def test_a_wrong_token_is_refused_as_gitlab_refuses_it(sandbox: Sandbox) -> None:
    answer = query(sandbox, MEMBERS, "not-a-token")
    assert answer.status_code == 401 and answer.json() == {"errors": [{"message":
                                                                       "Invalid token"}]}


def test_python_gitlab_reaches_it_through_its_own_client(sandbox: Sandbox) -> None:
    sandbox.add_project("acme/mentoring/spring/carol-alice")
    gl = gitlab.Gitlab(sandbox.url, private_token=sandbox.token)
    answer = gl.http_post(f"{sandbox.url}/api/graphql", post_data={"query": MEMBERS})
    assert isinstance(answer, dict)
    assert answer["data"]["group"]["projects"]["nodes"][0]["fullPath"].endswith("carol-alice")
    assert sandbox.stats()["writes"] == 0


USERS = """query($names: [String!]) { users(usernames: $names, first: 100) {
  pageInfo { hasNextPage } nodes { id username } } }"""


def test_users_are_found_by_username_in_any_case_newest_first(sandbox: Sandbox) -> None:
    for name in ("carol", "Alice", "bob"):
        sandbox.add_user(name)
    answer = query(sandbox, USERS, variables={"names": ["CAROL", "alice", "nobody"]}).json()
    nodes = answer["data"]["users"]["nodes"]
    assert [n["username"] for n in nodes] == ["Alice", "carol"]  # users_resolver: created_desc
    alice = sandbox.store.user_named("Alice")
    assert alice is not None and nodes[0]["id"] == f"gid://gitlab/User/{alice.id}"


def test_users_by_usernames_and_ids_at_once_is_gitlabs_argument_error(sandbox: Sandbox) -> None:
    both = query(sandbox, '{ users(usernames: ["a"], ids: ["gid://gitlab/User/1"]) '
                          '{ nodes { id } } }').json()
    assert both["data"] == {"users": None}
    assert both["errors"][0]["message"] == "Provide either a list of usernames or ids"
    searched = query(sandbox, '{ users(search: "car") { nodes { id } } }')
    assert searched.status_code == 400 and "search" in searched.json()["error"]


def test_the_users_query_costs_what_gitlab_counts() -> None:
    # users_resolver.rb: the default sort (created_desc) counts like a given one.
    [operation] = parse(USERS).definitions
    assert QueryShape({}, {}).operation(operation) == 14  # type: ignore[arg-type]


def test_the_bots_members_query_is_well_under_gitlabs_limit() -> None:
    """adapter/graphql_members.py says 59: counted as GitLab counts it, with the +10 of a
    group's projects."""
    [operation] = parse(PROJECTS_WITH_MEMBERS).definitions
    shape = QueryShape({}, {"group": "acme/mentoring", "ids": ["gid://gitlab/Project/1"]})
    assert shape.operation(operation) == 59  # type: ignore[arg-type]
