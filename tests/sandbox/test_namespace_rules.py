"""Group and project rules as GitLab's models enforce them: paths, names, descriptions, access.

Scenarios taking ``target`` also run against a live GitLab when one is configured (conftest.py).
"""

from __future__ import annotations

from typing import Any

import gitlab
import pytest
from conftest import Target

from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.validation import NAMESPACE_FORMAT_MESSAGE, OCI_PATH_MESSAGE

pytestmark = pytest.mark.integration


def message(error: gitlab.exceptions.GitlabError) -> Any:
    """The JSON ``message`` (python-gitlab types it str; validation errors are a dict)."""
    return error.error_message


def create_error(create: Any, data: dict[str, Any]) -> gitlab.exceptions.GitlabCreateError:
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        create(data)
    return caught.value


def subgroup(target: Target, path: str, name: str | None = None, **extra: Any) -> Any:
    parent = target.gl.groups.get(target.group_path)
    return target.gl.groups.create({"name": name or path, "path": path, "parent_id": parent.id,
                                    **extra})


def test_a_group_path_with_doubled_separators_is_refused_with_gitlabs_body(
        target: Target) -> None:
    parent = target.gl.groups.get(target.group_path)
    error = create_error(target.gl.groups.create,
                         {"name": "Jane and Bob", "path": "jane--bob", "parent_id": parent.id})
    assert error.response_code == 400
    assert message(error) == f'Failed to save group {{:path=>["{OCI_PATH_MESSAGE}"]}}'


@pytest.mark.parametrize("path", ["-pair", "pair-", "pair_", ".pair", "jane..bob"])
def test_group_paths_must_start_and_end_with_a_letter_or_digit(target: Target,
                                                               path: str) -> None:
    error = create_error(lambda d: subgroup(target, **d), {"path": path, "name": "Pair"})
    assert error.response_code == 400
    assert OCI_PATH_MESSAGE in message(error)


def test_a_git_suffix_fails_the_namespace_format(target: Target) -> None:
    error = create_error(lambda d: subgroup(target, **d), {"path": "pair.git", "name": "P"})
    assert message(error) == f'Failed to save group {{:path=>["{NAMESPACE_FORMAT_MESSAGE}"]}}'


def test_reserved_words_are_refused_as_subgroup_paths(target: Target) -> None:
    error = create_error(lambda d: subgroup(target, **d), {"path": "Blob", "name": "Blob"})
    assert message(error) == 'Failed to save group {:path=>["Blob is a reserved name"]}'


def test_a_taken_group_path_and_a_sibling_name(target: Target) -> None:
    subgroup(target, "spring", "Spring")
    error = create_error(lambda d: subgroup(target, **d), {"path": "spring", "name": "Autumn"})
    assert (error.response_code, message(error)) == (
        400, 'Failed to save group {:path=>["has already been taken"]}')
    error = create_error(lambda d: subgroup(target, **d), {"path": "autumn", "name": "Spring"})
    assert message(error) == 'Failed to save group {:name=>["has already been taken"]}'


def test_group_descriptions_hold_at_most_500_characters(target: Target) -> None:
    subgroup(target, "long-ok", description="x" * 500)
    error = create_error(lambda d: subgroup(target, **d),
                         {"path": "too-long", "description": "x" * 501})
    assert message(error) == ('Failed to save group {:description=>["is too long '
                                   '(maximum is 500 characters)"]}')


def test_project_paths_names_and_descriptions(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    create = target.gl.projects.create
    error = create_error(create, {"name": "Jane Bob", "path": "jane--bob",
                                  "namespace_id": group.id})
    assert (error.response_code, message(error)) == (400, {"path": [OCI_PATH_MESSAGE]})
    create({"name": "Jane Bob", "path": "jane-bob", "namespace_id": group.id})
    error = create_error(create, {"name": "Jane Bob", "path": "jane-bob-2",
                                  "namespace_id": group.id})
    assert message(error) == {"name": ["has already been taken"]}
    error = create_error(create, {"name": "Other", "path": "jane-bob", "namespace_id": group.id})
    assert message(error) == {"path": ["has already been taken"]}
    error = create_error(create, {"name": "Long", "path": "long", "namespace_id": group.id,
                                  "description": "x" * 2001})
    assert message(error) == {"description": ["is too long (maximum is 2000 characters)"]}


def test_full_names_join_the_whole_parent_chain(target: Target) -> None:
    spring = subgroup(target, "spring", "Spring 2026")
    parent_name = target.gl.groups.get(target.group_path).full_name
    assert spring.full_name == f"{parent_name} / Spring 2026"
    project = target.gl.projects.create({"name": "Jane and Bob", "path": "jane-bob",
                                         "namespace_id": spring.id})
    assert project.name_with_namespace == f"{parent_name} / Spring 2026 / Jane and Bob"


def test_the_creator_of_a_project_in_a_group_is_not_a_direct_member(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    project = target.gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    assert project.members.list(get_all=True) == []
    target.gl.auth()
    assert target.gl.user is not None
    inherited = {m.username for m in project.members_all.list(get_all=True)}
    assert target.gl.user.username in inherited


def test_a_namespace_you_may_not_create_in_is_not_valid(sandbox: Sandbox,
                                                        gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    token = sandbox.add_user("dev")
    group.members.create({"user_id": gl.users.list(username="dev")[0].id, "access_level": 30})
    as_dev = gitlab.Gitlab(sandbox.url, private_token=token)
    for namespace_id in (group.id, 999_999):
        error = create_error(as_dev.projects.create, {"name": "p", "path": "p",
                                                      "namespace_id": namespace_id})
        assert (error.response_code, message(error)) == (400, {"namespace": ["is not valid"]})


def test_archiving_and_visibility_need_an_owner(sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    token = sandbox.add_user("keeper")
    project.members.create({"user_id": gl.users.list(username="keeper")[0].id,
                            "access_level": 40})
    as_maintainer = gitlab.Gitlab(sandbox.url, private_token=token).projects.get(project.id)
    with pytest.raises(gitlab.exceptions.GitlabError) as caught:
        as_maintainer.archive()
    assert caught.value.response_code == 403
    as_maintainer.visibility = "public"
    with pytest.raises(gitlab.exceptions.GitlabUpdateError) as updating:
        as_maintainer.save()
    assert updating.value.response_code == 400
    as_maintainer.visibility = "private"
    as_maintainer.description = "still allowed"
    as_maintainer.save()
    project.archive()  # the bot owns the group
    assert gl.projects.get(project.id).archived is True


def test_nothing_is_more_visible_than_its_group(target: Target) -> None:
    parent = target.gl.groups.get(target.group_path)
    assert parent.visibility == "private"
    error = create_error(lambda d: subgroup(target, **d), {"path": "open", "visibility": "public"})
    assert message(error) == ('Failed to save group {:visibility_level=>["public is not '
                                   'allowed since the parent group has a private visibility."]}')
    error = create_error(target.gl.projects.create, {"name": "open", "path": "open",
                                                     "namespace_id": parent.id,
                                                     "visibility": "internal"})
    assert message(error) == {"visibility_level": ["internal is not allowed in a private "
                                                        "group."]}
