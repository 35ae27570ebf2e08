"""Tiers: scoped labels are exclusive on Premium and Ultimate, plain labels on Free; only
Premium issues have several assignees.

ee/app/services/ee/issuable/callbacks/labels.rb ``filter_mutually_exclusive_labels`` with
ee/app/models/scoped_label_set.rb; the scope is the title before the *last* ``::``
(ee/app/models/ee/label.rb). These run on the sandbox only: a live GitLab's tier is unknown.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import gitlab
import pytest
from click.testing import CliRunner

from mentorship_bot.cli import main
from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.issue_labels import scope

pytestmark = pytest.mark.integration


def client(running: Sandbox) -> gitlab.Gitlab:
    running.add_group("acme/mentoring")
    return gitlab.Gitlab(running.url, private_token=running.token, per_page=100)


def project_in(gl: gitlab.Gitlab) -> object:
    group = gl.groups.get("acme/mentoring")
    project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
    for name in ("bot::nudged", "bot::certified", "bot::x::a", "bot::x::b", "other"):
        project.labels.create({"name": name, "color": "#336699"})
    return project


@pytest.fixture
def premium() -> Iterator[gitlab.Gitlab]:
    with Sandbox() as running:
        yield client(running)


@pytest.fixture
def free() -> Iterator[gitlab.Gitlab]:
    with Sandbox(tier="free") as running:
        yield client(running)


def test_the_scope_is_everything_before_the_last_separator() -> None:
    assert (scope("bot::x::a"), scope("bot::nudged"), scope("plain")) == ("bot::x", "bot", None)


def test_adding_a_label_replaces_the_one_in_its_scope(premium: gitlab.Gitlab) -> None:
    project = project_in(premium)
    issue = project.issues.create({"title": "t", "labels": ["bot::nudged", "other"]})
    issue.add_labels = ["bot::certified"]
    issue.save()
    assert sorted(project.issues.get(issue.iid).labels) == ["bot::certified", "other"]
    events = project.issues.get(issue.iid).resourcelabelevents.list(get_all=True)
    assert [(e.action, e.label["name"]) for e in events][-2:] == [
        ("add", "bot::certified"), ("remove", "bot::nudged")]


def test_two_labels_of_one_scope_at_once_keep_the_last_chosen(premium: gitlab.Gitlab) -> None:
    project = project_in(premium)
    issue = project.issues.create({"title": "t", "labels": ["bot::nudged", "bot::certified"]})
    assert issue.labels == ["bot::certified"]
    nested = project.issues.create({"title": "n", "labels": "bot::x::a,bot::nudged,bot::x::b"})
    assert sorted(nested.labels) == ["bot::nudged", "bot::x::b"]  # bot::x is its own scope


def test_quick_action_labels_are_exclusive_too(premium: gitlab.Gitlab) -> None:
    project = project_in(premium)
    issue = project.issues.create({"title": "t", "labels": ["bot::nudged"]})
    issue.notes.create({"body": "Well done\n/label ~bot::certified"})
    assert project.issues.get(issue.iid).labels == ["bot::certified"]


def test_on_free_scoped_labels_are_plain_labels(free: gitlab.Gitlab) -> None:
    project = project_in(free)
    issue = project.issues.create({"title": "t", "labels": ["bot::nudged", "bot::certified"]})
    assert sorted(issue.labels) == ["bot::certified", "bot::nudged"]


def test_an_unknown_tier_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown tier 'gold'"):
        Sandbox(tier="gold")
    result = CliRunner().invoke(main, ["sandbox", "--tier", "gold"])
    assert result.exit_code == 2 and "'gold' is not one of" in result.output


def test_the_command_serves_the_free_tier() -> None:
    command = [sys.executable, "-m", "mentorship_bot", "sandbox", "--tier", "free", "--token",
               "free-token", "--program", "config/program.yml"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        try:
            assert server.stdout is not None
            first = server.stdout.readline()
            assert first.rstrip().endswith("(bot user mentorship-bot, free tier)")
            gl = gitlab.Gitlab(first.split()[3], private_token="free-token")
            group = gl.groups.get("acme/people/mentoring")
            project = gl.projects.create({"name": "p", "path": "p", "namespace_id": group.id})
            issue = project.issues.create({"title": "t", "labels": ["a::1", "a::2"]})
            assert sorted(issue.labels) == ["a::1", "a::2"]
        finally:
            server.terminate()


@pytest.mark.parametrize(("tier", "kept"), [("free", 1), ("premium", 2)])
def test_only_premium_issues_have_several_assignees(tier: str, kept: int) -> None:
    with Sandbox(tier=tier) as running:
        running.add_user("rosa")
        running.add_user("stranger")
        gl = client(running)
        project = project_in(gl)
        ids = [gl.users.list(username=name)[0].id for name in ("mentorship-bot", "rosa",
                                                                "stranger")]
        project.members.create({"user_id": ids[1], "access_level": 10})
        issue = project.issues.create({"title": "t", "assignee_ids": ids})
        # the stranger cannot read the private project's issue, so is never assigned
        assert [a["id"] for a in issue.assignees] == ids[:kept]
