"""The sandbox answers python-gitlab as GitLab does: fields, errors, paging, visibility.

Scenarios taking ``target`` run against a live GitLab too when one is configured (conftest.py).
"""

from __future__ import annotations

import json
import urllib.request
from datetime import datetime, timezone

import gitlab
import pytest
from conftest import Target

from mentorship_bot.adapter.connection import Connection
from mentorship_bot.adapter.graphql_users import look_up_user_ids
from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def make_project(target: Target, path: str = "pair") -> tuple[object, object]:
    group = target.gl.groups.get(target.group_path)
    project = target.gl.projects.create({"name": path, "path": path, "namespace_id": group.id,
                                         "visibility": "private"})
    return group, project


def test_issue_fields_have_gitlabs_types(target: Target) -> None:
    _, project = make_project(target)
    issue = project.issues.create({"title": "Kickoff", "description": "- [x] a\n- [ ] b",
                                   "labels": ["kind::milestone"], "due_date": "2026-03-01"})
    data = project.issues.get(issue.iid).attributes
    types = {"id": int, "iid": int, "project_id": int, "title": str, "description": str,
             "state": str, "created_at": str, "updated_at": str, "labels": list,
             "user_notes_count": int, "web_url": str, "references": dict,
             "task_completion_status": dict, "author": dict, "assignees": list,
             "confidential": bool, "due_date": str}
    for name, kind in types.items():
        assert isinstance(data[name], kind), name
    assert data["closed_at"] is None and data["milestone"] is None
    assert data["state"] == "opened"
    assert data["task_completion_status"] == {"count": 2, "completed_count": 1}
    assert data["references"]["short"] == f"#{issue.iid}"


def test_paging_returns_every_issue_once(target: Target) -> None:
    # Two projects of 125: GitLab.com allows 200 issue creations a minute per project and user.
    group, first = make_project(target, "pair-a")
    _, second = make_project(target, "pair-b")
    for n in range(250):
        (first if n % 2 else second).issues.create({"title": f"issue {n}"})
    listed = [i.title for i in group.issues.list(get_all=True)]
    assert sorted(listed) == sorted(f"issue {n}" for n in range(250))
    lazily = [i.title for i in first.issues.list(iterator=True)]
    assert len(lazily) == len(set(lazily)) == 125


def test_labels_as_a_list_or_a_comma_string_and_add_remove(target: Target) -> None:
    _, project = make_project(target)
    as_list = project.issues.create({"title": "a", "labels": ["x", "y"]})
    as_text = project.issues.create({"title": "b", "labels": "x,y"})
    assert sorted(as_list.labels) == sorted(as_text.labels) == ["x", "y"]
    as_list.add_labels = ["status::on-track"]
    as_list.remove_labels = "x"
    as_list.save()
    assert sorted(project.issues.get(as_list.iid).labels) == ["status::on-track", "y"]


def test_closing_and_reopening_records_closed_at(target: Target) -> None:
    _, project = make_project(target)
    issue = project.issues.create({"title": "Meeting 1"})
    issue.state_event = "close"
    issue.save()
    closed = project.issues.get(issue.iid)
    assert closed.state == "closed" and closed.closed_at is not None
    closed.state_event = "reopen"
    closed.save()
    assert project.issues.get(issue.iid).closed_at is None


def test_duplicate_member_and_label_answer_409(target: Target) -> None:
    group, project = make_project(target)
    target.gl.auth()
    user = target.gl.users.list(username=target.gl.user.username)[0]  # type: ignore[union-attr]
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        # A direct member of the group; the project's creator is not a direct member of it.
        group.members.create({"user_id": user.id, "access_level": 50})
    assert caught.value.response_code == 409
    group.labels.create({"name": "kind::progress", "color": "#5843ad"})
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        project.labels.create({"name": "kind::progress", "color": "#5843ad"})
    assert (caught.value.response_code, caught.value.error_message) == (409,
                                                                        "Label already exists")


def test_a_taken_project_path_is_a_400_validation_error(target: Target) -> None:
    group, _ = make_project(target, "taken")
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        target.gl.projects.create({"name": "taken", "path": "taken", "namespace_id": group.id})
    assert caught.value.response_code == 400
    assert "has already been taken" in caught.value.error_message["path"]


def test_private_projects_are_invisible_to_others(sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    stranger = gitlab.Gitlab(sandbox.url, private_token=sandbox.add_user("stranger"))
    with pytest.raises(gitlab.exceptions.GitlabGetError) as caught:
        stranger.projects.get(project.id)
    assert (caught.value.response_code, caught.value.error_message) == (404,
                                                                        "404 Project Not Found")
    with pytest.raises(gitlab.exceptions.GitlabAuthenticationError):
        gitlab.Gitlab(sandbox.url, private_token="wrong").projects.get(project.id)


def test_a_member_too_low_gets_403(sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    token = sandbox.add_user("guest")
    guest_id = gl.users.list(username="guest")[0].id
    project.members.create({"user_id": guest_id, "access_level": 10})
    as_guest = gitlab.Gitlab(sandbox.url, private_token=token).projects.get(project.id)
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        as_guest.labels.create({"name": "mine", "color": "#ffffff"})
    assert caught.value.response_code == 403


def test_milestone_titles_follow_gitlabs_uniqueness_rule(gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    spring = gl.groups.create({"name": "s", "path": "spring", "parent_id": group.id})
    autumn = gl.groups.create({"name": "a", "path": "autumn", "parent_id": group.id})
    spring.milestones.create({"title": "Kickoff", "due_date": "2026-01-12"})
    autumn.milestones.create({"title": "Kickoff"})  # sibling groups do not clash
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        spring.milestones.create({"title": "Kickoff"})
    assert caught.value.response_code == 400
    assert "already being used" in caught.value.error_message


def test_group_issue_lists_filter_like_gitlab(gl: gitlab.Gitlab, sandbox: Sandbox) -> None:
    group = gl.groups.get("acme/mentoring")
    sub = gl.groups.create({"name": "s", "path": "spring", "parent_id": group.id})
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": sub.id})
    milestone = sub.milestones.create({"title": "Meeting 1"})
    sandbox.set_clock(datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc))
    project.issues.create({"title": "first", "labels": "a,b",
                                   "milestone_id": milestone.id})
    sandbox.advance(days=1)
    second = project.issues.create({"title": "second", "labels": "a"})
    second.state_event = "close"
    second.save()
    titles = lambda **kw: sorted(i.title for i in group.issues.list(get_all=True, **kw))  # noqa: E731
    assert titles() == ["first", "second"]  # state defaults to all, subgroups included
    assert titles(state="opened") == ["first"]
    assert titles(labels="a,b") == ["first"]
    assert titles(milestone="Meeting 1") == ["first"]
    assert titles(iids=[second.iid]) == ["second"]
    assert titles(updated_after="2026-03-01T12:00:00Z") == ["second"]
    assert titles(search="sec") == ["second"]
    # not[labels]: without any of the labels (Issuable.without_particular_labels).
    assert titles(**{"not": {"labels": "b"}}) == ["second"]
    assert titles(**{"not": {"labels": "b,a"}}) == []


def test_files_and_commits(gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    first = project.commits.create({"branch": "main", "commit_message": "Set up", "actions": [
        {"action": "create", "file_path": "README.md", "content": "# Hi"},
        {"action": "create", "file_path": ".gitlab/issue_templates/Meeting.md", "content": "x"},
    ]})
    assert project.files.get(file_path=".gitlab/issue_templates/Meeting.md", ref="main"
                             ).decode() == b"x"
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        project.commits.create({"branch": "main", "commit_message": "again", "actions": [
            {"action": "create", "file_path": "README.md", "content": "# Hi"}]})
    assert caught.value.response_code == 400
    with pytest.raises(gitlab.exceptions.GitlabGetError):
        project.files.get(file_path="missing.md", ref="main")
    # lib/api/files.rb: a ref that is no branch (the sandbox has no tags) is not found; a commit
    # SHA is refused, as files are kept per branch only.
    with pytest.raises(gitlab.exceptions.GitlabGetError) as unknown:
        project.files.get(file_path="README.md", ref="develop")
    assert (unknown.value.response_code, unknown.value.error_message) == (
        404, "404 Commit Not Found")
    with pytest.raises(gitlab.exceptions.GitlabGetError) as refused:
        project.files.get(file_path="README.md", ref=first.id)
    assert refused.value.response_code == 400
    # lib/api/files.rb: ``requires :ref, allow_blank: false``.
    for query, error in (({}, "ref is missing"), ({"ref": ""}, "ref is empty")):
        with pytest.raises(gitlab.exceptions.GitlabHttpError) as caught:
            gl.http_get(f"/projects/{project.id}/repository/files/README.md", query_data=query)
        assert (caught.value.response_code, caught.value.error_message) == (400, error)


def test_stats_count_requests_and_the_clock_moves(sandbox: Sandbox, gl: gitlab.Gitlab) -> None:
    sandbox.reset_stats()
    group = gl.groups.get("acme/mentoring")
    gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    stats = json.load(urllib.request.urlopen(f"{sandbox.url}/-/sandbox/stats"))
    assert stats["requests_by_method"] == {"GET": 1, "POST": 1}
    assert stats["requests_by_endpoint"]["POST /api/v4/projects"] == 1
    assert stats["writes"] == 1
    request = urllib.request.Request(f"{sandbox.url}/-/sandbox/clock", method="POST",
                                     data=b'{"now": "2026-03-01T00:00:00Z"}')
    urllib.request.urlopen(request)
    issue = gl.projects.get("acme/mentoring/p").issues.create({"title": "dated"})
    assert issue.created_at.startswith("2026-03-01T00:00:00")


def test_merge_request_notes_are_created_listed_and_updated(sandbox: Sandbox,
                                                             gl: gitlab.Gitlab) -> None:
    group = gl.groups.get("acme/mentoring")
    gl.projects.create({"name": "program", "path": "program", "namespace_id": group.id})
    iid = sandbox.add_merge_request("acme/mentoring/program")
    mr = gl.projects.get("acme/mentoring/program").mergerequests.get(iid, lazy=True)
    note = mr.notes.create({"body": "plan v1"})
    note.body = "plan v2"
    note.save()
    assert [n.body for n in mr.notes.list(get_all=True)] == ["plan v2"]


def test_users_are_looked_up_a_list_at_a_time_over_graphql(target: Target) -> None:
    """GitLab's ``users(usernames:)`` (users_resolver.rb): any case, the unknown left out; the
    sandbox must answer the bot's query as GitLab does."""
    target.gl.auth()
    me = target.gl.user
    assert me is not None
    conn = Connection(target.gl.url, target.gl.private_token or "")
    found = look_up_user_ids(conn, [me.username.upper(), "no-such-user-f3a9c1"])
    assert found == {me.username.upper(): me.id, "no-such-user-f3a9c1": None}
    both = target.gl.http_post(f"{target.gl.url}/api/graphql", post_data={
        "query": '{ users(usernames: ["x"], ids: ["gid://gitlab/User/1"]) { nodes { id } } }'})
    assert isinstance(both, dict)
    assert both["errors"][0]["message"] == "Provide either a list of usernames or ids"
