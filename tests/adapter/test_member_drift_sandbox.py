"""Members are verified on every run: a person removed by hand, or whose role was lowered, is
put back by the next apply, and the check costs one GraphQL query per 100 projects."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from program_samples import small_program
from test_apply_sandbox import plan_and_apply

from mentorship_bot.sandbox import Sandbox
from mentorship_bot.sandbox.store import GUEST

pytestmark = pytest.mark.integration
PROJECT = "acme/mentoring/spring-2026/carol-alice"


@pytest.fixture
def applied() -> Iterator[Sandbox]:
    with Sandbox() as sandbox:
        sandbox.seed_program(small_program())
        plan_and_apply(sandbox)
        yield sandbox


def test_a_removed_mentee_and_a_lowered_mentor_are_restored(applied: Sandbox) -> None:
    store = applied.store
    project = store.by_path(PROJECT)
    carol, alice = store.user_named("carol"), store.user_named("alice")
    assert project is not None and carol is not None and alice is not None
    with store.lock:
        level = project.members.pop(carol.id)  # removed by hand
        project.members[alice.id] = GUEST  # lowered by hand
    applied.reset_stats()

    plan, _ = plan_and_apply(applied)

    assert sorted((a.kind, a.target) for a in plan.writes()) == [
        ("add_member", f"{PROJECT}:alice"), ("add_member", f"{PROJECT}:carol")]
    assert project.members[carol.id] == level and project.members[alice.id] == level
    # Both in one request: a list of people updates a lowered direct member too.
    assert applied.stats()["requests_by_endpoint"]["POST /api/v4/projects/:id/members"] == 1
    applied.reset_stats()
    again, _ = plan_and_apply(applied)
    assert again.writes() == () and applied.stats()["writes"] == 0


def test_one_lowered_member_alone_is_raised_back(applied: Sandbox) -> None:
    store = applied.store
    project = store.by_path(PROJECT)
    alice = store.user_named("alice")
    assert project is not None and alice is not None
    level = project.members[alice.id]
    with store.lock:
        project.members[alice.id] = GUEST
    plan, _ = plan_and_apply(applied)
    assert [(a.kind, a.target) for a in plan.writes()] == [("add_member", f"{PROJECT}:alice")]
    assert project.members[alice.id] == level


def test_a_no_op_run_verifies_members_in_one_query(applied: Sandbox) -> None:
    applied.reset_stats()
    plan, _ = plan_and_apply(applied)
    by_endpoint = applied.stats()["requests_by_endpoint"]
    assert plan.writes() == ()
    assert by_endpoint["POST /api/graphql"] == 1
    assert not any("members" in endpoint for endpoint in by_endpoint)
