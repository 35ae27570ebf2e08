"""Adding members as GitLab does (lib/api/members.rb, Members::CreateService, Member model).

These need people besides the token's owner, so they run on the sandbox only.
"""

from __future__ import annotations

from typing import Any

import gitlab
import pytest

from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def message(error: gitlab.exceptions.GitlabError) -> Any:
    """The JSON ``message`` (python-gitlab types it str; validation errors are a dict)."""
    return error.error_message


def people(sandbox: Sandbox, gl: gitlab.Gitlab, *names: str) -> dict[str, int]:
    for name in names:
        sandbox.add_user(name)
    return {name: gl.users.list(username=name)[0].id for name in names}


def pair_project(gl: gitlab.Gitlab) -> tuple[Any, Any]:
    group = gl.groups.get("acme/mentoring")
    spring = gl.groups.create({"name": "Spring", "path": "spring", "parent_id": group.id})
    return spring, gl.projects.create({"name": "pair", "path": "pair", "namespace_id": spring.id})


def test_a_level_below_an_inherited_one_is_refused(sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    ids = people(sandbox, gl, "coordinator")
    spring, project = pair_project(gl)
    spring.members.create({"user_id": ids["coordinator"], "access_level": 40})
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        project.members.create({"user_id": ids["coordinator"], "access_level": 30})
    assert caught.value.response_code == 400
    assert message(caught.value) == {"access_level": [
        "should be greater than or equal to Maintainer inherited membership from group Spring"]}
    member = project.members.create({"user_id": ids["coordinator"], "access_level": 40})
    assert member.access_level == 40  # equal (or higher) is fine


def test_a_subgroup_member_below_the_parent_level_is_refused(sandbox: Sandbox,
                                                             gl: gitlab.Gitlab) -> None:
    ids = people(sandbox, gl, "lead")
    group = gl.groups.get("acme/mentoring")
    group.members.create({"user_id": ids["lead"], "access_level": 30})
    spring = gl.groups.create({"name": "Spring", "path": "spring", "parent_id": group.id})
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        spring.members.create({"user_id": ids["lead"], "access_level": 20})
    assert "Developer inherited membership from group Mentoring" in (
        message(caught.value)["access_level"][0])


def test_a_direct_member_twice_is_409_and_an_unknown_user_404(sandbox: Sandbox,
                                                              gl: gitlab.Gitlab) -> None:
    ids = people(sandbox, gl, "jane")
    _, project = pair_project(gl)
    project.members.create({"user_id": ids["jane"], "access_level": 30})
    for data, code, text in (({"user_id": ids["jane"]}, 409, "Member already exists"),
                                ({"user_id": 999_999}, 404, "404 User Not Found"),
                                ({"username": "nobody"}, 404, "404 User Not Found")):
        with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
            project.members.create({**data, "access_level": 30})
        assert (caught.value.response_code, message(caught.value)) == (code, text)


def test_several_user_ids_answer_a_status_object(sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    ids = people(sandbox, gl, "jane", "bob")
    _, project = pair_project(gl)
    answer = gl.http_post(f"/projects/{project.id}/members",
                          post_data={"user_id": f"{ids['jane']},{ids['bob']}",
                                     "access_level": 30})
    assert answer == {"status": "success"}
    levels = {m.username: m.access_level
              for m in project.members.list(get_all=True)}
    assert levels == {"jane": 30, "bob": 30}


def test_several_usernames_report_each_refusal(sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    ids = people(sandbox, gl, "jane", "coordinator")
    spring, project = pair_project(gl)
    spring.members.create({"user_id": ids["coordinator"], "access_level": 40})
    answer = gl.http_post(f"/projects/{project.id}/members",
                          post_data={"username": "jane,coordinator", "access_level": 30})
    assert answer == {"status": "error", "message": (
        "coordinator: Access level should be greater than or equal to Maintainer inherited "
        "membership from group Spring")}
    names = [m.username for m in project.members.list(get_all=True)]
    assert names == ["jane"]  # the others are still added


def test_only_an_owner_adds_an_owner_and_levels_are_gitlabs(sandbox: Sandbox,
                                                           gl: gitlab.Gitlab) -> None:
    token = sandbox.add_user("keeper")
    _, project = pair_project(gl)
    project.members.create({"user_id": gl.users.list(username="keeper")[0].id,
                            "access_level": 40})
    ids = people(sandbox, gl, "jane")
    keeper = gitlab.Gitlab(sandbox.url, private_token=token)
    as_keeper = keeper.projects.get(project.id)
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        as_keeper.members.create({"user_id": ids["jane"], "access_level": 50})
    assert caught.value.response_code == 403
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        as_keeper.members.create({"user_id": ids["jane"], "access_level": 35})
    assert caught.value.response_code == 400


def test_an_archived_project_still_takes_members(sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    # app/models/concerns/readonly_abilities.rb does not list member management.
    ids = people(sandbox, gl, "jane")
    _, project = pair_project(gl)
    project.archive()
    assert project.members.create({"user_id": ids["jane"], "access_level": 30}).id == ids["jane"]
