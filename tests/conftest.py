"""Shared fixtures: a fresh sandbox GitLab per test, and python-gitlab clients for it.

Integration scenarios that also make sense against a real GitLab take the ``target`` fixture: it
is the sandbox, and a live GitLab when MENTORSHIP_BOT_LIVE_URL, MENTORSHIP_BOT_LIVE_TOKEN and
MENTORSHIP_BOT_LIVE_GROUP (a group the token owns, where tests may create things) are set.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gitlab
import pytest
from click.testing import CliRunner, Result
from program_samples import SMALL, small_program

from mentorship_bot.cli import main
from mentorship_bot.sandbox import Sandbox

LIVE_VARIABLES = ("MENTORSHIP_BOT_LIVE_URL", "MENTORSHIP_BOT_LIVE_TOKEN",
                  "MENTORSHIP_BOT_LIVE_GROUP")


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as running:
        running.add_group("acme/mentoring")
        yield running


@pytest.fixture
def gl(sandbox: Sandbox) -> gitlab.Gitlab:
    return gitlab.Gitlab(sandbox.url, private_token=sandbox.token, per_page=100)


def members_with_views(sandbox: Sandbox, gl: gitlab.Gitlab, project: Any,
                       levels: dict[str, int]) -> dict[str, Any]:
    """Make each person a user and a member of ``project`` at their level; their own view of it
    (a client with their token), so a test acts as each of them."""
    views = {}
    for name, level in levels.items():
        client = gitlab.Gitlab(sandbox.url, private_token=sandbox.add_user(name))
        project.members.create({"user_id": gl.users.list(username=name)[0].id,
                                "access_level": level})
        views[name] = client.projects.get(project.id)
    return views


@dataclass
class BotOnSandbox:
    """The small program in a file, a sandbox that knows its people, and the command line."""

    sandbox: Sandbox
    path: Path

    def run(self, *args: str) -> Result:
        """``mentorship-bot ARGS`` with GITLAB_URL and GITLAB_TOKEN pointing at the sandbox."""
        env = {"GITLAB_URL": self.sandbox.url, "GITLAB_TOKEN": self.sandbox.token}
        return CliRunner().invoke(main, list(args), env=env)


@pytest.fixture
def small_bot(tmp_path: Path) -> Iterator[BotOnSandbox]:
    path = tmp_path / "program.yml"
    path.write_text(SMALL, encoding="utf-8")
    with Sandbox() as running:
        running.seed_program(small_program())
        yield BotOnSandbox(running, path)


@dataclass
class Target:
    """Where an integration scenario runs: a client, and a fresh group of its own to work in."""

    name: str
    gl: gitlab.Gitlab
    group_path: str


@pytest.fixture(params=["sandbox", "live"])
def target(request: pytest.FixtureRequest) -> Iterator[Target]:
    if request.param == "sandbox":
        with Sandbox() as running:
            running.add_group("acme/mentoring")
            client = gitlab.Gitlab(running.url, private_token=running.token, per_page=100)
            yield Target("sandbox", client, "acme/mentoring")
        return
    if not all(os.environ.get(v) for v in LIVE_VARIABLES):
        pytest.skip(f"live GitLab not configured: set {', '.join(LIVE_VARIABLES)}")
    client = gitlab.Gitlab(os.environ["MENTORSHIP_BOT_LIVE_URL"],
                           private_token=os.environ["MENTORSHIP_BOT_LIVE_TOKEN"], per_page=100)
    parent = client.groups.get(os.environ["MENTORSHIP_BOT_LIVE_GROUP"])
    suffix = secrets.token_hex(4)
    group = client.groups.create({"name": f"test-{suffix}", "path": f"test-{suffix}",
                                  "parent_id": parent.id, "visibility": "private"})
    yield Target("live", client, group.full_path)
