"""Paced below GitLab's limits (scaled down to seconds), a cold apply gets no 429 at all."""

from __future__ import annotations

import pytest

from mentorship_bot.adapter.connection import Connection, Limits
from mentorship_bot.runs.sweeping import run_sweep
from mentorship_bot.sandbox import Sandbox
from stress.fault_runs import program

pytestmark = pytest.mark.integration
# GitLab.com's limits with a one-second "minute" and the API limit cut so that the client,
# unpaced, would certainly exceed it.
SANDBOX_LIMITS = "api=40,issues=200,notes=60,minute=2"
PACED = Limits(issues_per_minute_per_project=190, notes_per_minute=57, minute_seconds=2,
               requests_per_minute=38)


def cold_apply(limits: Limits | None) -> dict:
    prog = program(4)
    with Sandbox(rate_limit=SANDBOX_LIMITS) as sandbox:
        sandbox.seed_program(prog)
        result = run_sweep(prog, prog.rounds[0].starts, Connection(sandbox.url, sandbox.token,
                                                                   limits=limits))
        assert result.failed() == ()  # 429s are obeyed either way (Retry-After)
        return sandbox.stats()


def test_paced_requests_meet_no_429() -> None:
    assert cold_apply(PACED)["rate_limited"] == {}


def test_unpaced_requests_do_meet_429s_and_still_finish() -> None:
    stats = cold_apply(Limits(minute_seconds=2))
    assert sum(stats["rate_limited"].values()) > 0


def test_the_limit_comes_from_the_environment() -> None:
    from mentorship_bot.commands.gitlab_env import limits_from

    assert limits_from({"MENTORSHIP_BOT_REQUESTS_PER_MINUTE": "1800"}).requests_per_minute == 1800
    assert limits_from({}).requests_per_minute is None
