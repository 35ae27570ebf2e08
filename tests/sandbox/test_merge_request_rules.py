"""Proposing a change by merge request: a branch, commits on it, the merge request.

Each person acts with their own token: Developers push to unprotected branches, the default
branch is protected (Maintainers push), Reporters read, Guests of a private project do not.
"""

from __future__ import annotations

from typing import Any

import gitlab
import pytest
from conftest import members_with_views

from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def program_repo(sandbox: Sandbox, gl: gitlab.Gitlab, **levels: int) -> tuple[Any, dict[str, Any]]:
    """A private project whose main holds pairs.yml, and each person's own view of it."""
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "program", "path": "program",
                                  "namespace_id": group.id})
    project.commits.create({"branch": "main", "commit_message": "Start", "actions": [
        {"action": "create", "file_path": "pairs.yml", "content": "pairs: []\n"}]})
    return project, members_with_views(sandbox, gl, project, levels)


def test_a_developer_proposes_pairs_by_merge_request(sandbox: Sandbox,
                                                     gl: gitlab.Gitlab) -> None:
    _, views = program_repo(sandbox, gl, dev=30, reporter=20)
    dev = views["dev"]
    branch = dev.branches.create({"branch": "propose-pairs", "ref": "main"})
    assert (branch.name, branch.protected, branch.default) == ("propose-pairs", False, False)
    dev.commits.create({"branch": "propose-pairs", "commit_message": "Pair ada with bob",
                        "actions": [{"action": "update", "file_path": "pairs.yml",
                                     "content": "pairs: [[ada, bob]]\n"}]})
    # A new branch straight from main in one commit (start_branch), as the web editor does.
    dev.commits.create({"branch": "second", "start_branch": "main", "commit_message": "x",
                        "actions": [{"action": "create", "file_path": "notes.md",
                                     "content": "n"}]})
    read = views["reporter"].files.get
    assert read("pairs.yml", ref="propose-pairs").decode() == b"pairs: [[ada, bob]]\n"
    assert read("pairs.yml", ref="main").decode() == b"pairs: []\n"  # main is untouched
    assert read("notes.md", ref="second").decode() == b"n"
    mr = dev.mergerequests.create({"source_branch": "propose-pairs", "target_branch": "main",
                                   "title": "Pairs for spring", "description": "Please check"})
    assert (mr.iid, mr.state, mr.author["username"]) == (1, "opened", "dev")
    seen = views["reporter"].mergerequests.get(mr.iid)
    assert (seen.source_branch, seen.target_branch, seen.title) == (
        "propose-pairs", "main", "Pairs for spring")
    assert [m.iid for m in views["reporter"].mergerequests.list(get_all=True)] == [1]


def test_the_default_branch_is_protected_and_guests_see_no_code(sandbox: Sandbox,
                                                               gl: gitlab.Gitlab) -> None:
    _, views = program_repo(sandbox, gl, dev=30, guest=10, lead=40)
    change = {"branch": "main", "commit_message": "direct", "actions": [
        {"action": "update", "file_path": "pairs.yml", "content": "pairs: [[a, b]]\n"}]}
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
        views["dev"].commits.create(change)
    assert (caught.value.response_code, caught.value.error_message) == (
        403, "403 Forbidden - You are not allowed to push into this branch")
    views["lead"].commits.create(change)  # Maintainers push to the protected branch
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as branched:
        views["guest"].branches.create({"branch": "mine", "ref": "main"})
    assert branched.value.response_code == 403
    with pytest.raises(gitlab.exceptions.GitlabListError) as listed:
        views["guest"].mergerequests.list()
    assert listed.value.response_code == 403


def test_branch_and_merge_request_mistakes_answer_as_gitlab(sandbox: Sandbox,
                                                            gl: gitlab.Gitlab) -> None:
    _, views = program_repo(sandbox, gl, dev=30)
    dev = views["dev"]
    dev.branches.create({"branch": "topic", "ref": "main"})
    cases: list[tuple[dict[str, str], str]] = [
        ({"branch": "topic", "ref": "main"}, "Branch already exists"),
        ({"branch": "other", "ref": "nowhere"}, "Invalid reference name: nowhere")]
    for data, message in cases:
        with pytest.raises(gitlab.exceptions.GitlabCreateError) as caught:
            dev.branches.create(data)
        assert (caught.value.response_code, caught.value.error_message) == (400, message)
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as no_branch:
        dev.commits.create({"branch": "fresh", "commit_message": "x", "actions": [
            {"action": "create", "file_path": "a.md", "content": "a"}]})
    assert no_branch.value.error_message == (
        "You can only create or edit files when you are on a branch")
    for source, target, message in (
            ("main", "main", "You can't use same project/branch for source and target"),
            ("gone", "main", 'Source branch "gone" does not exist')):
        with pytest.raises(gitlab.exceptions.GitlabCreateError) as conflict:
            dev.mergerequests.create({"source_branch": source, "target_branch": target,
                                      "title": "t"})
        assert (conflict.value.response_code, conflict.value.error_message) == (409, [message])
    dev.mergerequests.create({"source_branch": "topic", "target_branch": "main", "title": "t"})
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as twice:
        dev.mergerequests.create({"source_branch": "topic", "target_branch": "main",
                                  "title": "again"})
    assert twice.value.error_message == [
        "Another open merge request already exists for this source branch: !1"]
    with pytest.raises(gitlab.exceptions.GitlabCreateError) as refused:
        dev.mergerequests.create({"source_branch": "topic", "target_branch": "main",
                                  "title": "t", "squash": True})
    assert refused.value.response_code == 400  # not implemented: said so, never ignored
    assert "squash is not implemented" in str(refused.value.error_message)
