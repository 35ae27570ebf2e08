"""HTTP rules: refused parameters, HEAD, GitLab's 404 spellings, metadata, users, namespaces.

Scenarios taking ``target`` also run against a live GitLab when one is configured (conftest.py).
"""

from __future__ import annotations

import gitlab
import pytest
import requests
from conftest import Target

from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.http import Response
from mentorship_bot.sandbox.params import ROUTES
from mentorship_bot.sandbox.server import build_router
from mentorship_bot.sandbox.store import Store
from mentorship_bot.sandbox.validation import NAMESPACE_FORMAT_MESSAGE, OCI_PATH_MESSAGE

pytestmark = pytest.mark.integration


def call(sandbox: Sandbox, method: str, path: str, token: str | None = None,
         **kwargs: object) -> requests.Response:
    return requests.request(method, f"{sandbox.url}/api/v4{path}", timeout=10,
                            headers={"PRIVATE-TOKEN": token or sandbox.token}, **kwargs)


# -- parameters the sandbox does not implement are refused, never ignored

def test_an_unimplemented_query_parameter_is_a_400_that_says_so(gl: gitlab.Gitlab) -> None:
    with pytest.raises(gitlab.exceptions.GitlabListError) as caught:
        gl.users.list(search="mentor")
    assert caught.value.response_code == 400
    assert caught.value.error_message == (
        "search is not implemented by the sandbox on GET /users "
        "(implemented: page, pagination, per_page, username)")


def test_an_unimplemented_value_is_refused_too(sandbox: Sandbox) -> None:
    sandbox.add_project("acme/mentoring/pair")
    answer = call(sandbox, "GET", "/projects/acme%2Fmentoring%2Fpair/issues",
                  params={"order_by": "priority"})
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("order_by=priority is not implemented")
    keyset = call(sandbox, "GET", "/groups/acme%2Fmentoring/projects",
                  params={"pagination": "keyset"})
    assert keyset.status_code == 400


def test_member_lists_refuse_user_ids_and_writes_refuse_unknown_attributes(
        sandbox: Sandbox) -> None:
    sandbox.add_project("acme/mentoring/pair")
    listed = call(sandbox, "GET", "/projects/acme%2Fmentoring%2Fpair/members",
                  params={"user_ids": "1"})
    assert listed.status_code == 400 and "user_ids is not implemented" in listed.json()["error"]
    sandbox.add_user("alice")
    alice = sandbox.store.user_named("alice")
    assert alice is not None
    added = call(sandbox, "POST", "/projects/acme%2Fmentoring%2Fpair/members",
                 json={"user_id": alice.id, "access_level": 30, "expires_at": "2030-01-01"})
    assert added.status_code == 400 and "expires_at" in added.json()["error"]
    assert alice.id not in sandbox.store.by_path("acme/mentoring/pair").members


def test_array_parameters_count_once_by_name(sandbox: Sandbox) -> None:
    sandbox.add_project("acme/mentoring/pair")
    answer = call(sandbox, "GET", "/projects/acme%2Fmentoring%2Fpair/issues?iids[]=1&iids[]=2")
    assert answer.status_code == 200


def test_every_route_has_a_parameter_declaration() -> None:
    router = build_router(Store())
    declared = {f"{method} {pattern}" for method, _, pattern, _ in router._routes}
    assert declared <= set(ROUTES), sorted(declared - set(ROUTES))


def test_a_route_registered_twice_is_refused() -> None:
    router = build_router(Store())
    with pytest.raises(ValueError, match="GET /version is registered twice"):
        router.add("GET", "/version", lambda request: Response(200, {}))


# -- HEAD and GitLab's 404 spellings

def test_head_is_answered_as_get_without_a_body(sandbox: Sandbox) -> None:
    got = call(sandbox, "GET", "/groups/acme%2Fmentoring/subgroups")
    head = call(sandbox, "HEAD", "/groups/acme%2Fmentoring/subgroups")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["X-Total"] == got.headers["X-Total"]
    assert head.headers["Content-Length"] == got.headers["Content-Length"]
    assert call(sandbox, "HEAD", "/projects/nobody%2Fnothing").status_code == 404
    assert sandbox.stats()["writes"] == 0  # a HEAD is a read


def test_not_found_is_spelled_as_gitlab_spells_it(target: Target) -> None:
    gl = target.gl
    session, base = gl.session, f"{gl.url}/api/v4"
    headers = {"PRIVATE-TOKEN": gl.private_token or ""}

    def message(path: str) -> object:
        answer = session.get(f"{base}{path}", headers=headers, timeout=10)
        assert answer.status_code == 404, path
        return answer.json()

    # lib/api/helpers.rb not_found!(resource); the catch-all route in lib/api/api.rb.
    assert message("/projects/no-such%2Fproject-x") == {"message": "404 Project Not Found"}
    assert message("/groups/no-such-group-x") == {"message": "404 Group Not Found"}
    assert message("/users/999999999") == {"message": "404 User Not Found"}
    assert message("/namespaces/no-such-namespace-x") == {"message": "404 Namespace Not Found"}
    if target.name == "live":
        assert message("/no_such_route") == {"error": "404 Not Found"}


def test_a_missing_issue_or_milestone_is_record_not_found(target: Target,
                                                         request: pytest.FixtureRequest) -> None:
    group = target.gl.groups.get(target.group_path)
    project = target.gl.projects.create({"name": "nf", "path": "nf", "namespace_id": group.id})
    for lookup in (lambda: project.issues.get(999), lambda: group.milestones.get(999999999)):
        with pytest.raises(gitlab.exceptions.GitlabGetError) as caught:
            lookup()
        assert (caught.value.response_code, caught.value.error_message) == (404, "404 Not found")


def test_a_route_the_sandbox_lacks_is_a_400_that_says_so(sandbox: Sandbox) -> None:
    answer = call(sandbox, "DELETE", "/projects/acme%2Fmentoring%2Fpair/members/7")
    assert answer.status_code == 400
    assert answer.json()["error"].startswith(
        "DELETE /projects/acme%2Fmentoring%2Fpair/members/7 is not implemented by the sandbox")


# -- what clients ask first

def test_version_and_metadata_match_the_metadata_api(target: Target) -> None:
    answer = target.gl.http_get("/version")
    assert isinstance(answer, dict)
    assert {"version", "revision", "kas", "enterprise"} <= set(answer)
    assert isinstance(answer["enterprise"], bool)
    assert {"enabled", "externalUrl", "version"} <= set(answer["kas"])
    assert target.gl.http_get("/metadata") == answer
    version, revision = target.gl.version()
    assert (version, revision) == (answer["version"], answer["revision"])


def test_a_user_by_id(target: Target) -> None:
    target.gl.auth()
    me = target.gl.user
    assert me is not None
    user = target.gl.users.get(me.id)
    assert (user.id, user.username) == (me.id, me.username)
    with pytest.raises(gitlab.exceptions.GitlabGetError) as caught:
        target.gl.users.get("not-a-number")  # users' ids are numeric: no such route
    assert (caught.value.response_code, caught.value.error_message) == (404, "404 Not Found")


def test_a_namespace_by_id_or_encoded_path(target: Target) -> None:
    by_path = target.gl.namespaces.get(target.group_path)
    by_id = target.gl.namespaces.get(by_path.id)
    assert by_path.kind == "group" and by_path.full_path == target.group_path
    assert by_id.attributes == by_path.attributes
    assert {"id", "name", "path", "kind", "full_path", "parent_id", "avatar_url",
            "web_url"} <= set(by_path.attributes)


def test_namespace_access_follows_read_namespace(sandbox: Sandbox) -> None:
    owned = call(sandbox, "GET", "/namespaces/acme%2Fmentoring").json()
    assert owned["members_count_with_descendants"] == 1  # shown to an Owner only
    guest_token = sandbox.add_user("gina")
    group = sandbox.store.by_path("acme/mentoring")
    gina = sandbox.store.user_named("gina")
    assert group is not None and gina is not None
    group.members[gina.id] = 10
    as_guest = call(sandbox, "GET", "/namespaces/acme%2Fmentoring", guest_token)
    assert as_guest.status_code == 200
    assert "members_count_with_descendants" not in as_guest.json()
    group.visibility = "public"
    stranger = sandbox.add_user("sam")
    # A public group answers /groups/:id to anyone, but read_namespace needs access.
    assert call(sandbox, "GET", "/groups/acme%2Fmentoring", stranger).status_code == 200
    assert call(sandbox, "GET", "/namespaces/acme%2Fmentoring", stranger).status_code == 404
    mine = call(sandbox, "GET", f"/namespaces/{sandbox.bot.username}")
    assert mine.status_code == 400 and "not implemented" in mine.json()["error"]


# -- PUT /groups/:id

def test_an_owner_renames_a_group(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    group.name = "Renamed Group"
    group.description = "for tests"
    group.save()
    again = target.gl.groups.get(target.group_path)
    assert (again.name, again.description) == ("Renamed Group", "for tests")


def test_a_path_change_moves_subgroups_and_projects(sandbox: Sandbox,
                                                    gl: gitlab.Gitlab) -> None:
    sandbox.add_project("acme/mentoring/cohort/pair")
    group = gl.groups.get("acme/mentoring")
    group.path = "mentoring-2026"
    group.save()
    assert gl.projects.get("acme/mentoring-2026/cohort/pair").path == "pair"
    assert gl.groups.get("acme/mentoring-2026/cohort").full_path == "acme/mentoring-2026/cohort"
    with pytest.raises(gitlab.exceptions.GitlabGetError):
        gl.projects.get("acme/mentoring/cohort/pair")


def test_group_update_needs_owner(sandbox: Sandbox) -> None:
    token = sandbox.add_user("mia")
    group = sandbox.store.by_path("acme/mentoring")
    mia = sandbox.store.user_named("mia")
    assert group is not None and mia is not None
    group.members[mia.id] = 40
    answer = call(sandbox, "PUT", "/groups/acme%2Fmentoring", token, json={"name": "X"})
    assert (answer.status_code, answer.json()) == (403, {"message": "403 Forbidden"})
    stranger = sandbox.add_user("sam")
    hidden = call(sandbox, "PUT", "/groups/acme%2Fmentoring", stranger, json={"name": "X"})
    assert (hidden.status_code, hidden.json()) == (404, {"message": "404 Group Not Found"})


@pytest.mark.parametrize(("change", "errors"), [
    # namespace.rb: the OCI format when the path changes, namespace_path on every save.
    ({"path": "-bad"}, {"path": [OCI_PATH_MESSAGE, NAMESPACE_FORMAT_MESSAGE]}),
    ({"path": "x"}, {"path": ["is too short (minimum is 2 characters)"]}),
    ({"path": "taken"}, {"path": ["has already been taken"]}),
    ({"path": "blob"}, {"path": ["blob is a reserved name"]}),
    ({"name": "Taken"}, {"name": ["has already been taken"]}),
    ({"name": "-dash"}, {"name": ["can contain only letters, digits, emoji, '_', '.', dash, "
                                  "space, parenthesis. It must start with letter, digit, emoji "
                                  "or '_'."]}),
    ({"description": "d" * 501}, {"description": ["is too long (maximum is 500 characters)"]}),
    ({"visibility": "public"}, {"visibility_level": [
        "public is not allowed since the parent group has a private visibility."]}),
])
def test_group_update_validates_like_gitlab(sandbox: Sandbox, change: dict,
                                            errors: dict) -> None:
    sandbox.add_group("acme/taken").name = "Taken"
    answer = call(sandbox, "PUT", "/groups/acme%2Fmentoring", json=change)
    assert (answer.status_code, answer.json()) == (400, {"message": errors})


def test_a_group_cannot_close_below_its_projects(sandbox: Sandbox) -> None:
    project = sandbox.add_project("acme/mentoring/pair")
    for path in ("acme", "acme/mentoring"):
        found = sandbox.store.by_path(path)
        assert found is not None
        found.visibility = "public"
    project.visibility = "public"
    answer = call(sandbox, "PUT", "/groups/acme%2Fmentoring", json={"visibility": "private"})
    assert answer.json() == {"message": {"visibility_level": [
        "private is not allowed since this group contains projects with higher visibility."]}}
    bad = call(sandbox, "PUT", "/groups/acme%2Fmentoring", json={"visibility": "secret"})
    assert bad.json() == {"error": "visibility does not have a valid value"}


# -- paging

def test_above_ten_thousand_records_gitlab_stops_counting(sandbox: Sandbox) -> None:
    for number in range(10_001):
        sandbox.store.add_user(f"user{number}", f"User {number}", f"token-{number}")
    answer = call(sandbox, "GET", "/users", params={"per_page": 100})
    assert answer.status_code == 200 and len(answer.json()) == 100
    assert "X-Total" not in answer.headers and "X-Total-Pages" not in answer.headers
    assert answer.headers["X-Next-Page"] == "2"
    assert 'rel="next"' in answer.headers["Link"] and 'rel="last"' not in answer.headers["Link"]
    bad = call(sandbox, "GET", "/users", params={"per_page": "many"})
    assert (bad.status_code, bad.json()) == (400, {"error": "per_page is invalid"})
