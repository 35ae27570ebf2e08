"""Every endpoint's documented fields are present with GitLab's types (doc/api/*.md examples)."""

from __future__ import annotations

from typing import Any

import gitlab
import pytest
from conftest import Target

pytestmark = pytest.mark.integration

OPTIONAL_STR = (str, type(None))
OPTIONAL_INT = (int, type(None))


def check(data: dict[str, Any], types: dict[str, Any]) -> None:
    for name, kind in types.items():
        assert name in data, f"missing {name}"
        assert isinstance(data[name], kind), f"{name} is {type(data[name]).__name__}"


def test_user_and_version_fields(target: Target) -> None:
    target.gl.auth()
    me = target.gl.user
    assert me is not None
    check(me.attributes, {"id": int, "username": str, "name": str, "state": str,
                          "web_url": str, "avatar_url": OPTIONAL_STR})
    found = target.gl.users.list(username=me.username.upper())  # case-insensitive
    assert [u.id for u in found] == [me.id]
    assert target.gl.users.list(username="no-such-user-x9") == []
    version = target.gl.http_get("/version")
    check(version, {"version": str, "revision": str})


def test_group_fields(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    sub = target.gl.groups.create({"name": "Spring", "path": "spring-x", "parent_id": group.id,
                                   "visibility": "private"})
    check(sub.attributes, {"id": int, "name": str, "path": str, "full_path": str,
                           "parent_id": int, "visibility": str, "web_url": str,
                           "description": str})
    assert sub.full_path == f"{target.group_path}/spring-x"
    assert [g.full_path for g in group.descendant_groups.list(get_all=True)] == [sub.full_path]
    assert [g.id for g in group.subgroups.list(get_all=True)] == [sub.id]
    by_path = target.gl.groups.get(sub.full_path)
    assert by_path.id == sub.id


def test_a_group_comes_with_its_projects_unless_asked_not_to(target: Target) -> None:
    # lib/api/groups.rb: with_projects defaults to true; GroupProjectsFinder sorts newest first.
    group = target.gl.groups.get(target.group_path)
    for path in ("first", "second"):
        target.gl.projects.create({"name": path, "path": path, "namespace_id": group.id})
    again = target.gl.groups.get(target.group_path)
    # python-gitlab's ``projects`` is the manager; the answer's list is in ``attributes``.
    assert [p["path"] for p in again.attributes["projects"]] == ["second", "first"]
    assert again.attributes["shared_projects"] == []
    bare = target.gl.groups.get(target.group_path, with_projects=False)
    assert "projects" not in bare.attributes and "shared_projects" not in bare.attributes


def test_project_and_member_fields(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    project = target.gl.projects.create({"name": "pair", "path": "pair-x",
                                         "namespace_id": group.id, "visibility": "private"})
    check(project.attributes, {"id": int, "name": str, "path": str, "path_with_namespace": str,
                               "visibility": str, "archived": bool, "web_url": str,
                               "namespace": dict, "created_at": str,
                               "last_activity_at": str, "default_branch": OPTIONAL_STR})
    check(project.namespace, {"id": int, "full_path": str, "kind": str})
    assert target.gl.projects.get(project.path_with_namespace).id == project.id
    listed = group.projects.list(get_all=True, include_subgroups="true")
    assert project.id in [p.id for p in listed]
    project.visibility = "private"  # a project may not be more visible than its group
    project.save()
    archived = target.gl.http_post(f"/projects/{project.id}/archive")
    assert archived["archived"] is True
    members = project.members_all.list(get_all=True)
    check(members[0].attributes, {"id": int, "username": str, "access_level": int})


def test_label_milestone_and_note_fields(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    label = group.labels.create({"name": "status::x-on-track", "color": "#108548",
                                 "description": "On track"})
    check(label.attributes, {"id": int, "name": str, "color": str,
                             "description": OPTIONAL_STR})
    milestone = group.milestones.create({"title": "Kickoff x", "due_date": "2026-01-12"})
    check(milestone.attributes, {"id": int, "iid": int, "title": str, "state": str,
                                 "due_date": OPTIONAL_STR, "start_date": OPTIONAL_STR,
                                 "created_at": str, "web_url": str})
    milestone.due_date = "2026-01-19"
    milestone.save()
    assert group.milestones.get(milestone.id).due_date == "2026-01-19"
    project = target.gl.projects.create({"name": "notes", "path": "notes-x",
                                         "namespace_id": group.id})
    issue = project.issues.create({"title": "Meeting", "milestone_id": milestone.id})
    assert issue.milestone["title"] == "Kickoff x"
    note = issue.notes.create({"body": "Agreed: ship it"})
    check(note.attributes, {"id": int, "body": str, "author": dict, "created_at": str,
                            "system": bool, "noteable_type": str})
    assert project.issues.get(issue.iid).user_notes_count == 1


def test_grape_style_missing_parameter(target: Target) -> None:
    group = target.gl.groups.get(target.group_path)
    project = target.gl.projects.create({"name": "e", "path": "e-x", "namespace_id": group.id})
    with pytest.raises(gitlab.exceptions.GitlabHttpError) as caught:
        target.gl.http_post(f"/projects/{project.id}/issues", post_data={"description": "x"})
    assert caught.value.response_code == 400
