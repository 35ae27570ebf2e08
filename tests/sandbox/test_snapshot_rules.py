"""What the issue snapshot (issue 18) relies on, with GitLab's rules: a file read raw from a branch,
the first branch of an empty repository becoming its default, a comment touching its issue at
most once a minute, and the server's time in every answer's ``Date``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import gitlab
import pytest
import requests
from conftest import Target

from mentorship_bot.sandbox import Sandbox

pytestmark = pytest.mark.integration


def make_project(target: Target, path: str) -> Any:
    group = target.gl.groups.get(target.group_path)
    return target.gl.projects.create({"name": path, "path": path, "namespace_id": group.id,
                                      "visibility": "private"})


def test_a_file_is_read_raw_from_a_branch_and_a_missing_one_is_404(target: Target) -> None:
    project = make_project(target, "raw-files")
    project.commits.create({"branch": "main", "commit_message": "Start", "actions": [
        {"action": "create", "file_path": "README.md", "content": "hello\n"}]})
    project.commits.create({"branch": "kept", "start_branch": "main", "commit_message": "Keep",
                            "actions": [{"action": "create", "file_path": "a/b.jsonl",
                                         "content": '{"é": 1}\n'}]})
    assert project.files.raw(file_path="a/b.jsonl", ref="kept") == '{"é": 1}\n'.encode()
    assert project.files.raw(file_path="README.md") == b"hello\n"  # ref: the default branch
    for path, ref in (("a/b.jsonl", "main"), ("a/b.jsonl", "gone"), ("nope", "kept")):
        with pytest.raises(gitlab.exceptions.GitlabGetError) as missing:
            project.files.raw(file_path=path, ref=ref)
        assert missing.value.response_code == 404


def test_the_first_branch_of_an_empty_repository_becomes_its_default(target: Target) -> None:
    project = make_project(target, "empty-repo")
    fresh = target.gl.projects.get(project.id)
    assert fresh.empty_repo is True
    project.commits.create({"branch": "elsewhere", "commit_message": "First", "actions": [
        {"action": "create", "file_path": "x.txt", "content": "x"}]})
    again = target.gl.projects.get(project.id)
    assert (again.empty_repo, again.default_branch) == (False, "elsewhere")


def test_a_comment_right_after_an_update_does_not_touch_the_issue_again(target: Target) -> None:
    project = make_project(target, "touch")
    issue = project.issues.create({"title": "T"})
    issue.notes.create({"body": "first"})  # within the minute: updated_at stays
    again = project.issues.get(issue.iid)
    assert again.user_notes_count == 1
    assert again.updated_at == issue.updated_at


def test_a_comment_a_minute_later_touches_the_issue(sandbox: Sandbox,
                                                   gl: gitlab.Gitlab) -> None:
    """Sandbox only: the clock moves (app/models/concerns/throttled_touch.rb, 1 minute)."""
    start = datetime(2026, 3, 1, 10, tzinfo=timezone.utc)
    sandbox.set_clock(start)
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "touch", "path": "touch", "namespace_id": group.id})
    issue = project.issues.create({"title": "T"})
    sandbox.set_clock(start + timedelta(seconds=60))
    issue.notes.create({"body": "at a minute: not yet"})
    assert project.issues.get(issue.iid).updated_at.startswith("2026-03-01T10:00:00")
    sandbox.set_clock(start + timedelta(seconds=61))
    issue.notes.create({"body": "past it"})
    assert project.issues.get(issue.iid).updated_at.startswith("2026-03-01T10:01:01")
    sandbox.set_clock(start + timedelta(seconds=62))
    issue.notes.create({"body": "/label ~x"})  # commands update the issue: no throttle
    assert project.issues.get(issue.iid).updated_at.startswith("2026-03-01T10:01:02")


def test_every_answer_carries_the_sandbox_clock_in_date(sandbox: Sandbox) -> None:
    sandbox.set_clock(datetime(2026, 3, 1, 22, 50, 7, tzinfo=timezone.utc))
    answer = requests.get(f"{sandbox.url}/api/v4/user", timeout=10,
                          headers={"PRIVATE-TOKEN": sandbox.token})
    assert parsedate_to_datetime(answer.headers["Date"]) == datetime(
        2026, 3, 1, 22, 50, 7, tzinfo=timezone.utc)
