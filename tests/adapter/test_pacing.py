"""Pacing under GitLab.com's per-endpoint limits: which requests count, and a paced read meets no
429 where an unpaced one does (the sandbox enforces the same limits, with a one-second minute)."""

from __future__ import annotations

import pytest

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.adapter.observe import observe
from mentorship_bot.adapter.pacing import ENDPOINT_LIMITS, RequestPacer
from mentorship_bot.provision.desired_state import desired_state
from mentorship_bot.render.templates import TemplateSet
from mentorship_bot.sandbox import Sandbox
from stress.fault_runs import program


def test_each_limited_endpoint_is_counted_and_nothing_else() -> None:
    now = [0.0]
    waits: list[float] = []
    pacer = RequestPacer(None, 60, endpoints={"project": 1, "group": 1, "members": 1,
                                              "group_projects": 1},
                         clock=lambda: now[0], sleep=lambda s: (waits.append(s),
                                                                now.__setitem__(0, now[0] + s)))
    for method, path in [("GET", "/api/v4/projects/acme%2Fm%2Fp"), ("GET", "/api/v4/groups/7"),
                         ("GET", "/api/v4/groups/7/projects"),
                         ("GET", "/api/v4/projects/5/members/all")]:
        assert pacer.wait(method, path) == 0.0  # the first of each kind goes at once
        assert pacer.wait(method, path) == 60.0  # the second waits for the window
    for method, path in [("GET", "/api/v4/projects/5/issues"), ("POST", "/api/v4/projects/5"),
                         ("GET", "/api/v4/groups/7/issues"), ("PUT", "/api/v4/groups/7"),
                         ("GET", "/api/v4/projects/5/members")]:
        assert pacer.wait(method, path) == 0.0, path
    assert waits == [60.0] * 4


def test_the_defaults_sit_under_gitlab_com_s_limits() -> None:
    # doc/user/gitlab_com/rate_limits.md: per user per minute
    gitlab_com = {"project": 400, "group": 400, "group_projects": 600, "members": 200}
    assert set(ENDPOINT_LIMITS) == set(gitlab_com)
    assert all(ENDPOINT_LIMITS[k] <= 0.9 * v for k, v in gitlab_com.items())
    assert Limits().endpoint_limits == dict(ENDPOINT_LIMITS)


def _read_unfinished_pairs(limits: Limits) -> dict:
    """observe() reads members and files of every pair whose Progress issue is missing: here 12
    projects made by hand, under a members/all limit of 4 per one-second minute."""
    prog = program(12)
    desired = desired_state(prog, prog.rounds[0].starts, TemplateSet())
    with Sandbox(rate_limit="members=4,project=4,group=4,group_projects=4,minute=1") as sandbox:
        sandbox.seed_program(prog)
        for project in desired.projects:
            sandbox.add_project(project.full_path)
        observed = observe(Connection(sandbox.url, sandbox.token, limits=limits), desired)
        assert all(p.members is not None for p in observed.projects.values())
        return dict(sandbox.stats()["rate_limited"])


@pytest.mark.integration
def test_paced_member_reads_meet_no_429() -> None:
    paced = Limits(None, None, minute_seconds=1,
                   endpoint_limits={"members": 3.6, "project": 3.6, "group": 3.6,
                                    "group_projects": 3.6})
    assert _read_unfinished_pairs(paced) == {}


@pytest.mark.integration
def test_unpaced_member_reads_meet_429s_and_still_finish() -> None:
    unpaced = Limits(None, None, minute_seconds=1, endpoint_limits=None)
    assert sum(_read_unfinished_pairs(unpaced).values()) > 0

